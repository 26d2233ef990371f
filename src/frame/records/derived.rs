//! KPIs derived from other KPIs once every value is read: `cac`, the
//! marketing spend of a line and period over the customers it won in the
//! same line and period. Both may come from record exports or from KPI
//! tables alike; a CAC is derived only where both are given, and its
//! source shows the derivation with the two values and their places
//! (`cac = marketing_spend 12,400 (google-ads.csv (12 spend rows in
//! 2025-Q1)) / new_customers 31 (kpis.csv, row 2, column 3)`). A derived
//! CAC is an observation like any other, so a CAC also given in a KPI
//! table for the same line and period is a conflict naming both places.

use super::{RecordKind, RecordRules};
use crate::frame::{LineId, Lines, Observation, Source};
use crate::ingest::Grid;
use crate::model::format::show;
use crate::model::{DataIssue, Location, MetricId, Period, Unit};
use foldhash::HashMap;
use std::collections::BTreeMap;

/// The choice that says what CAC divides by.
const CHOICE: &str = "new_customers";

/// The metric CAC divides spend by, as the rules choose: the first
/// `records("spend", ...)` that makes the choice, else the default.
fn customers_metric(rules: &RecordRules) -> &'static str {
    let choices = rules
        .declared
        .iter()
        .find(|(k, c)| *k == RecordKind::Spend && c.chosen.contains_key(CHOICE))
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    match choices.word(CHOICE) {
        "deals" => "deals_won",
        _ => "new_customers",
    }
}

/// The CAC of every line and period that has both a marketing spend and
/// new customers among `observations`; a spend over no new customers is
/// a warning in `issues`, not a value.
pub fn derive(
    observations: &[Observation],
    rules: &RecordRules,
    grids: &[Grid],
    lines: &Lines,
    issues: &mut Vec<DataIssue>,
) -> Vec<Observation> {
    let spend_id = MetricId::normalise("marketing_spend").expect("a metric name");
    let customers = customers_metric(rules);
    let customers_id = MetricId::normalise(customers).expect("a metric name");
    // The first value of each line and period; a different second value
    // is a conflict the merge reports.
    let mut won: HashMap<(LineId, Period), &Observation> = HashMap::default();
    // In line and period order, each line and period once.
    let mut spent: BTreeMap<(LineId, Period), &Observation> = BTreeMap::new();
    for o in observations {
        if o.metric == customers_id {
            won.entry((o.line, o.period)).or_insert(o);
        } else if o.metric == spend_id {
            spent.entry((o.line, o.period)).or_insert(o);
        }
    }
    let cac = MetricId::normalise("cac").expect("a metric name");
    let mut out = Vec::new();
    for spend in spent.into_values() {
        let Some(n) = won.get(&(spend.line, spend.period)) else {
            continue;
        };
        let spend_text = format!(
            "marketing_spend {} ({})",
            show(spend.value, Unit::MONEY),
            spend.source.text(grids)
        );
        let n_text = format!(
            "{customers} {} ({})",
            show(n.value, Unit::Count),
            n.source.text(grids)
        );
        if n.value <= 0.0 {
            issues.push(DataIssue::warning(
                format!(
                    "{} in {}: no cac, since {n_text} is not above 0 (spend: {spend_text})",
                    lines.name(spend.line),
                    spend.period
                ),
                Location::default(),
            ));
            continue;
        }
        out.push(Observation {
            line: spend.line,
            period: spend.period,
            stage: None,
            metric: cac.clone(),
            value: spend.value / n.value,
            sample_size: None,
            source: Source::Text(format!("cac = {spend_text} / {n_text}").into()),
        });
    }
    out
}
