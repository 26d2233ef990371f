//! The currency and precision of each money metric, as the inputs say them:
//! a header that names its currency (`CAC ($)`, `ARPU (EUR)`), a cell's
//! text (`$4,045`, `€82.50`) or an xlsx cell's currency number format
//! (`"$"#,##0`), or the currency field of a record export.
//! One metric in two currencies is an error naming a place of each (a
//! metric's `currency:` key in the rules counts as one of the places).

use super::source::Source;
use super::{FrameError, FrameOptions, Observation};
use crate::ingest::{CellRef, Grid};
use crate::model::{Currency, MetricId, Money, Precision, Unit};
use std::collections::BTreeMap;

/// A place that says a metric's money is in a currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub metric: MetricId,
    pub currency: Currency,
    /// `kpis.csv, row 1, column 4 (header "CAC ($)")`.
    pub place: String,
}

/// (derived KPI, the money KPI it is derived from), as `records::derive`
/// derives them.
const DERIVED: [(&str, &str); 1] = [("cac", "marketing_spend")];

/// The currency a record export's amounts are in (`code`, as its currency
/// field or the rules' `currency` say), for each KPI computed from it.
pub fn from_records(observations: &[Observation], code: &str, source: &str, out: &mut Vec<Said>) {
    let Some(currency) = Currency::known(code) else {
        return;
    };
    let mut metrics: Vec<&MetricId> = observations.iter().map(|o| &o.metric).collect();
    metrics.sort();
    metrics.dedup();
    out.extend(metrics.into_iter().map(|metric| Said {
        metric: metric.clone(),
        currency,
        place: format!("{source} (amounts in {code})"),
    }));
}

/// The headers of a table's money columns that name their currency.
pub fn from_headers(
    grid: &Grid,
    row: usize,
    columns: &[(usize, String, super::ColumnRole)],
    options: &FrameOptions,
    out: &mut Vec<Said>,
) {
    for (c, text, role) in columns {
        let super::ColumnRole::Metric(metric) = role else {
            continue;
        };
        if !matches!(options.unit(metric), Unit::Money(_)) {
            continue;
        }
        if let Some((_, currency)) = Currency::in_header(text) {
            out.push(Said {
                metric: metric.clone(),
                currency,
                place: format!("{} (header \"{text}\")", grid.cell_ref(row, *c)),
            });
        }
    }
}

/// A long table's KPI cell that names its money's currency (`CAC ($)`),
/// kept once per metric and currency.
pub fn from_name(
    grid: &Grid,
    (r, c): (usize, usize),
    name: &str,
    metric: &MetricId,
    options: &FrameOptions,
    out: &mut Vec<Said>,
) {
    let Some((_, currency)) = Currency::in_header(name) else {
        return;
    };
    if !matches!(options.unit(metric), Unit::Money(_))
        || out
            .iter()
            .any(|s| s.metric == *metric && s.currency == currency)
    {
        return;
    }
    out.push(Said {
        metric: metric.clone(),
        currency,
        place: format!("{} (\"{}\")", grid.cell_ref(r, c), name.trim()),
    });
}

/// Each money metric's format: the currency the inputs (or the metric's
/// `currency:` key) name, and one precision for all its values.
pub fn resolve(
    observations: &[Observation],
    mut said: Vec<Said>,
    grids: &[Grid],
    options: &FrameOptions,
    errors: &mut Vec<FrameError>,
) -> BTreeMap<MetricId, Money> {
    // The catalogue's money metrics: a few, compared by name.
    let money: Vec<&MetricId> = options
        .units
        .iter()
        .filter(|(_, u)| matches!(u, Unit::Money(_)))
        .map(|(m, _)| m)
        .collect();
    let mut precision: BTreeMap<&MetricId, Precision> = BTreeMap::new();
    // Each (metric, currency) a cell says is kept once, at its first cell.
    let mut seen: Vec<(&MetricId, Currency)> = Vec::new();
    for o in observations {
        let Some(metric) = money.iter().copied().find(|m| **m == o.metric) else {
            continue;
        };
        precision.entry(metric).or_default().see(o.value);
        let Source::Cell {
            grid, column, row, ..
        } = o.source
        else {
            continue;
        };
        let Some(g) = grids.get(grid as usize) else {
            continue;
        };
        let column = column as usize;
        let cell = g.cell(row, column);
        let found = match cell {
            CellRef::Text(text) => Currency::in_text(text),
            CellRef::Number(_) => g.currency_at(row, column),
            _ => None,
        };
        let Some(currency) = found.filter(|c| !seen.contains(&(metric, *c))) else {
            continue;
        };
        seen.push((metric, currency));
        let how = match cell {
            CellRef::Text(text) => format!("\"{}\"", text.trim()),
            _ => format!("formatted as {}", currency.prefix().trim()),
        };
        said.push(Said {
            metric: metric.clone(),
            currency,
            place: format!("{} ({how})", g.cell_ref(row, column)),
        });
    }
    // A KPI derived from money (`cac` = `marketing_spend` / customers won)
    // is in that money's currency unless something names its own.
    for (derived, base) in DERIVED {
        let named = |id: &str| said.iter().find(|s| s.metric.as_str() == id).cloned();
        if named(derived).is_none()
            && let Some(from) = named(base)
            && let Some(metric) = MetricId::normalise(derived)
        {
            said.push(Said {
                metric,
                place: format!("{} ({derived} is derived from {base})", from.place),
                ..from
            });
        }
    }
    // The rules' own `currency:` keys come first: an input that says
    // otherwise is named against the rule.
    let mut first: BTreeMap<MetricId, Said> = BTreeMap::new();
    for (metric, place) in &options.currency_keys {
        if let Some(Money {
            currency: Some(currency),
            ..
        }) = options.unit(metric).money()
        {
            first.insert(
                metric.clone(),
                Said {
                    metric: metric.clone(),
                    currency,
                    place: format!("{place} (the metric's currency key in the rules)"),
                },
            );
        }
    }
    let mut reported: Vec<MetricId> = Vec::new();
    for s in said
        .into_iter()
        .filter(|s| matches!(options.unit(&s.metric), Unit::Money(_)))
    {
        match first.get(&s.metric) {
            None => {
                first.insert(s.metric.clone(), s);
            }
            Some(f) if f.currency != s.currency && !reported.contains(&s.metric) => {
                reported.push(s.metric.clone());
                errors.push(FrameError::TwoCurrencies {
                    metric: s.metric.clone(),
                    places: Box::new([
                        (f.currency.code().to_string(), f.place.clone()),
                        (s.currency.code().to_string(), s.place),
                    ]),
                });
            }
            Some(_) => {}
        }
    }
    precision
        .into_iter()
        .map(|(metric, precision)| {
            let money = Money {
                currency: first.get(metric).map(|s| s.currency),
                cents: Some(precision.cents()),
            };
            (metric.clone(), money)
        })
        .collect()
}
