//! Line labels: the four fits of DESIGN.md section 2 and the focus a line
//! needs (technical product support or marketing support).

use super::Status;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// One of the four fits a product line needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fit {
    /// Product-market fit: PM's ground (retention, adoption, CSAT).
    ProductMarket,
    /// Product-channel fit: shared ground.
    ProductChannel,
    /// Pricing-channel fit: PMM's ground (win rate, CAC, pipeline).
    PricingChannel,
    /// Market-pricing fit: shared ground (ARPU vs CAC, LTV/CAC).
    MarketPricing,
}

impl Fit {
    pub const ALL: [Fit; 4] = [
        Fit::ProductMarket,
        Fit::ProductChannel,
        Fit::PricingChannel,
        Fit::MarketPricing,
    ];

    /// The key used in rule scripts and JSON: `product_market` and so on.
    pub fn as_str(&self) -> &'static str {
        match self {
            Fit::ProductMarket => "product_market",
            Fit::ProductChannel => "product_channel",
            Fit::PricingChannel => "pricing_channel",
            Fit::MarketPricing => "market_pricing",
        }
    }

    /// The words a person reads: "Product–market fit".
    pub fn title(&self) -> &'static str {
        match self {
            Fit::ProductMarket => "Product–market fit",
            Fit::ProductChannel => "Product–channel fit",
            Fit::PricingChannel => "Pricing–channel fit",
            Fit::MarketPricing => "Market–pricing fit",
        }
    }
}

impl FromStr for Fit {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let key = text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' ', '–'], "_");
        let key = key.strip_suffix("_fit").unwrap_or(&key);
        Fit::ALL
            .into_iter()
            .find(|f| f.as_str() == key)
            .ok_or_else(|| {
                format!(
                    "fit must be \"product_market\", \"product_channel\", \"pricing_channel\" or \"market_pricing\", got \"{}\"",
                    text.trim()
                )
            })
    }
}

impl fmt::Display for Fit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of support a line looks like it needs (DESIGN.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Focus {
    /// Needs strong technical product support.
    HighMaintenance,
    /// Needs strong marketing support.
    HighGrowth,
    /// Neither stands out.
    Balanced,
}

impl Focus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Focus::HighMaintenance => "high-maintenance",
            Focus::HighGrowth => "high-growth",
            Focus::Balanced => "balanced",
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Focus::HighMaintenance => "High maintenance",
            Focus::HighGrowth => "High growth potential",
            Focus::Balanced => "Balanced",
        }
    }
}

impl FromStr for Focus {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['_', ' '], "-")
            .as_str()
        {
            "high-maintenance" | "maintenance" => Ok(Focus::HighMaintenance),
            "high-growth" | "growth" | "high-growth-potential" => Ok(Focus::HighGrowth),
            "balanced" | "none" => Ok(Focus::Balanced),
            _ => Err(format!(
                "focus must be \"high-maintenance\", \"high-growth\" or \"balanced\", got \"{}\"",
                text.trim()
            )),
        }
    }
}

impl fmt::Display for Focus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The people the data names for a line: its product manager and its
/// product marketing manager (from columns such as "PM" or "PMM Owner").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct People {
    pub pm: Option<String>,
    pub pmm: Option<String>,
}

/// One of the four fits, judged for one line and period.
#[derive(Debug, Clone, PartialEq)]
pub struct FitResult {
    pub fit: Fit,
    pub status: Status,
    pub reason: String,
}

/// The labels the rules put on a line for one period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    /// The four fits, in `Fit::ALL` order; empty when the rules judge none.
    pub fits: Vec<FitResult>,
    /// High-maintenance, high-growth or balanced, with the reason.
    pub focus: Option<(Focus, String)>,
    /// Any other labels a rule script sets, by name.
    pub custom: BTreeMap<String, String>,
}

impl Labels {
    pub fn fit(&self, fit: Fit) -> Option<&FitResult> {
        self.fits.iter().find(|f| f.fit == fit)
    }

    /// The flat name → text map of the JSON `labels` field: `focus`, each
    /// fit as `product_market_fit` → its status, and the custom labels.
    pub fn as_map(&self) -> BTreeMap<String, String> {
        let mut map = self.custom.clone();
        if let Some((focus, _)) = &self.focus {
            map.insert("focus".to_string(), focus.as_str().to_string());
        }
        for f in &self.fits {
            map.insert(
                format!("{}_fit", f.fit.as_str()),
                f.status.as_str().to_string(),
            );
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_and_focus_parse_from_the_words_people_write() {
        assert_eq!("Product-market fit".parse(), Ok(Fit::ProductMarket));
        assert_eq!("pricing_channel".parse(), Ok(Fit::PricingChannel));
        assert_eq!("High growth".parse(), Ok(Focus::HighGrowth));
        assert!("sideways".parse::<Focus>().is_err());
    }
}
