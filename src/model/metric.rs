//! Metric names and the facts the rules state about each metric: who owns it,
//! which way is good, and what unit its values are in.

use std::fmt;
use std::str::FromStr;

use super::Money;

/// A metric's canonical name: lower-case ASCII letters, digits and `_`,
/// e.g. `nps`, `feature_adoption`, `support_resolution_hours`.
///
/// Shared, so that the millions of copies a large portfolio's scorecards hold
/// cost no allocation.
#[derive(Debug, Clone, Eq, PartialOrd, Ord)]
pub struct MetricId(std::sync::Arc<str>);

impl std::hash::Hash for MetricId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for MetricId {
    /// Copies of one id share their text: compare the pointer first.
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl MetricId {
    /// The same name in a new allocation, sharing no reference count with
    /// this one (see `MetricSpec::detached`).
    pub fn detached(&self) -> MetricId {
        MetricId(std::sync::Arc::from(&*self.0))
    }

    /// The name as a display name, sharing this id's allocation.
    pub fn shared_name(&self) -> std::sync::Arc<str> {
        self.0.clone()
    }

    /// Normalises any header or name: letters are lower-cased, every run of
    /// other characters becomes one `_`, and `%` becomes `pct`.
    /// `"Support Resolution (h)"` becomes `support_resolution_h`.
    pub fn normalise(text: &str) -> Option<MetricId> {
        let mut out = String::with_capacity(text.len());
        let mut gap = false;
        for c in text.trim().chars() {
            let piece: Option<String> = if c.is_alphanumeric() {
                Some(c.to_lowercase().collect())
            } else if c == '%' {
                Some("pct".to_string())
            } else {
                None
            };
            match piece {
                Some(p) => {
                    if gap && !out.is_empty() {
                        out.push('_');
                    }
                    gap = false;
                    out.push_str(&p);
                }
                None => gap = true,
            }
        }
        (!out.is_empty()).then(|| MetricId(out.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of the shared text: the same for every copy of one id,
    /// so a cheap key for grouping copies (two ids made apart from the same
    /// name have different addresses).
    pub fn address(&self) -> usize {
        std::sync::Arc::as_ptr(&self.0).cast::<u8>() as usize
    }
}

impl fmt::Display for MetricId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who owns a metric (DESIGN.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// Product management: inward, product-market fit.
    Pm,
    /// Product marketing: outward, pricing-channel fit.
    Pmm,
    /// Both: product-channel and market-pricing fit.
    Shared,
}

impl Owner {
    pub const ALL: [Owner; 3] = [Owner::Pm, Owner::Pmm, Owner::Shared];

    pub fn as_str(&self) -> &'static str {
        match self {
            Owner::Pm => "pm",
            Owner::Pmm => "pmm",
            Owner::Shared => "shared",
        }
    }

    /// The short name a person reads: "PM", "PMM" or "Shared".
    pub fn short(&self) -> &'static str {
        match self {
            Owner::Pm => "PM",
            Owner::Pmm => "PMM",
            Owner::Shared => "Shared",
        }
    }

    /// The heading a person reads: "Product management" and so on.
    pub fn title(&self) -> &'static str {
        match self {
            Owner::Pm => "Product management (PM)",
            Owner::Pmm => "Product marketing (PMM)",
            Owner::Shared => "Shared (PM + PMM)",
        }
    }
}

impl FromStr for Owner {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pm" | "product" | "product management" => Ok(Owner::Pm),
            "pmm" | "marketing" | "product marketing" => Ok(Owner::Pmm),
            "shared" | "both" => Ok(Owner::Shared),
            _ => Err(format!(
                "owner must be \"pm\", \"pmm\" or \"shared\", got \"{}\"",
                text.trim()
            )),
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way is good for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Higher,
    Lower,
    /// Good inside a band: the threshold's `target` is the band's bottom,
    /// its `upper` the top, and its `warn` how far outside still counts as
    /// amber.
    Band,
}

impl Direction {
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Band => "band",
        }
    }

    /// Whether `value` is at least as good as `bound`; for a band, whether
    /// it is at or above the band's bottom `bound`.
    pub fn meets(&self, value: f64, bound: f64) -> bool {
        match self {
            Direction::Higher | Direction::Band => value >= bound,
            Direction::Lower => value <= bound,
        }
    }
}

impl FromStr for Direction {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "higher" | "up" | "higher_is_better" => Ok(Direction::Higher),
            "lower" | "down" | "lower_is_better" => Ok(Direction::Lower),
            "band" | "between" | "range" => Ok(Direction::Band),
            _ => Err(format!(
                "direction must be \"higher\", \"lower\" or \"band\", got \"{}\"",
                text.trim()
            )),
        }
    }
}

/// The canonical unit of a metric's values (DESIGN.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A share between 0 and 1, shown as a percentage.
    Fraction,
    /// A score from -100 to 100 (NPS).
    Score,
    /// An amount in the input's currency, written as [`Money`] says.
    Money(Money),
    /// A duration in hours.
    Hours,
    /// A whole count.
    Count,
    /// A ratio such as LTV/CAC, shown as `3.2x`.
    Ratio,
    /// Any other number.
    Number,
}

impl Unit {
    /// Money in no named currency, its precision not yet decided.
    pub const MONEY: Unit = Unit::Money(Money {
        currency: None,
        cents: None,
    });

    /// The money format of a money unit.
    pub fn money(&self) -> Option<Money> {
        match self {
            Unit::Money(m) => Some(*m),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Unit::Fraction => "fraction",
            Unit::Score => "score",
            Unit::Money(_) => "money",
            Unit::Hours => "hours",
            Unit::Count => "count",
            Unit::Ratio => "ratio",
            Unit::Number => "number",
        }
    }

    /// The range a value in this unit must lie in, if any.
    pub fn valid_range(&self) -> Option<(f64, f64)> {
        match self {
            Unit::Fraction => Some((0.0, 1.0)),
            Unit::Score => Some((-100.0, 100.0)),
            Unit::Money(_) | Unit::Hours | Unit::Count | Unit::Ratio => Some((0.0, f64::INFINITY)),
            Unit::Number => None,
        }
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fraction" | "percent" | "%" => Ok(Unit::Fraction),
            "score" => Ok(Unit::Score),
            "money" | "currency" => Ok(Unit::MONEY),
            "hours" | "duration" => Ok(Unit::Hours),
            "count" => Ok(Unit::Count),
            "ratio" => Ok(Unit::Ratio),
            "number" => Ok(Unit::Number),
            _ => Err(format!(
                "unit must be one of \"fraction\", \"score\", \"money\", \"hours\", \"count\", \"ratio\" or \"number\", got \"{}\"",
                text.trim()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_headers_into_metric_names() {
        let n = |s| MetricId::normalise(s).unwrap().to_string();
        assert_eq!(n("Support Resolution (h)"), "support_resolution_h");
        assert_eq!(n("  Net Promoter Score "), "net_promoter_score");
        assert_eq!(n("CSAT %"), "csat_pct");
        assert_eq!(n("win_rate"), "win_rate");
        assert!(MetricId::normalise(" () ").is_none());
    }
}
