//! `linecard explain LINE [METRIC] [--period P]`: for each metric of one
//! line, the value and where it came from, the target and which rule set it,
//! the status and why, and what it adds to the scores.

use super::exit::{Exit, UsageError};
use super::pipeline;
use super::report::select_period;
use super::workspace::Workspace;
use crate::cli::{ExplainArgs, Sources};
use crate::model::format::{plural, show, show_change, show_score, show_share};
use crate::model::{Direction, MetricId, ScoreKind};
use crate::scorecard::{MetricResult, ScoreStatus, Scorecard};
use anyhow::Result;
use std::fmt::Write;

pub fn run(args: ExplainArgs) -> Result<Exit> {
    let mut sources = Sources {
        inputs: args.inputs,
        rules: args.rules,
        read: args.read,
    };
    Workspace::fill(&mut sources);
    let run = pipeline::run(&sources)?;
    let portfolio = &run.portfolio;
    let period = select_period(args.period.as_deref(), &portfolio.periods)?;
    let Some(wanted) = args.line.as_deref() else {
        super::stdout::text(list_lines(portfolio, period))?;
        return Ok(Exit::Success);
    };
    let line = find_line(wanted, &portfolio.lines)?;
    let Some(card) = portfolio.card(line, period) else {
        return Err(UsageError(format!("{line} has no scorecard for {period}")).into());
    };
    let metrics: Vec<&MetricResult> = match &args.metric {
        Some(wanted) => vec![find_metric(wanted, card)?],
        None => card.metrics.iter().collect(),
    };
    super::stdout::text(explain(card, &metrics))?;
    if metrics.iter().any(|m| {
        m.target_from
            .as_deref()
            .is_some_and(|f| f.contains(BUILT_IN))
    }) {
        super::stdout::line(format!("\n{BUILT_IN_NOTE}"))?;
    }
    Ok(Exit::Success)
}

/// How the rules compiled into linecard are cited (`built-in 10-catalogue.rhai:38`).
const BUILT_IN: &str = "built-in ";

/// Said once under an explanation that cites the built-in rules.
const BUILT_IN_NOTE: &str = "built-in: linecard's own rules, used where there is no scripts/ folder; `linecard init` gives an editable copy of them.";

/// `linecard explain` without a LINE: each line of `period` with its stage,
/// overall score and the KPIs it has a value for, so one can be picked.
fn list_lines(portfolio: &crate::scorecard::Portfolio, period: crate::model::Period) -> String {
    let cards: Vec<&Scorecard> = portfolio.in_line_order(period);
    let mut out = format!(
        "{} product line{} in {period}; name one to see why each KPI has its status, e.g. `linecard explain \"{}\"` (or `linecard explain \"{}\" KPI` for one KPI):\n",
        cards.len(),
        plural(cards.len()),
        cards.first().map_or("LINE", |c| c.line.as_str()),
        cards.first().map_or("LINE", |c| c.line.as_str()),
    );
    for card in cards {
        let stage = card.stage.map_or("no stage".to_string(), |s| s.to_string());
        let measured: Vec<&str> = card
            .metrics
            .iter()
            .filter(|m| m.value.is_some())
            .map(|m| m.metric.as_str())
            .collect();
        let kpis = match measured.len() {
            0 => "no KPI with a value".to_string(),
            n => format!("{n} KPI{}: {}", plural(n), measured.join(", ")),
        };
        let _ = writeln!(
            out,
            "\n  {} · {stage} · overall {}\n    {kpis}",
            card.line,
            show_score(card.scores.overall)
        );
    }
    out
}

/// The closest of `names` to `word` (ignoring case), if close enough to suggest.
fn closest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    names
        .into_iter()
        .map(|n| {
            let name = n.to_lowercase();
            // A typo or two (swapped letters included) beats a shared start.
            // (against the whole name, or its start: "Drfit" for "Drift Mobile").
            let start: String = name.chars().take(word.chars().count()).collect();
            let edits = strsim::damerau_levenshtein(&word, &name)
                .min(strsim::damerau_levenshtein(&word, &start) + usize::from(word.len() < 4));
            let close = edits <= 2 && edits < word.len().min(name.len());
            let score = if close {
                2.0 - edits as f64 * 0.1
            } else {
                strsim::jaro_winkler(&word, &name)
            };
            (score, n)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

fn did_you_mean(hint: Option<&str>) -> String {
    hint.map(|h| format!("; did you mean \"{h}\"?"))
        .unwrap_or_default()
}

fn find_line<'a>(wanted: &str, lines: &'a [String]) -> Result<&'a str> {
    let exact = lines.iter().find(|l| l.as_str() == wanted);
    let folded = || lines.iter().find(|l| l.eq_ignore_ascii_case(wanted.trim()));
    let prefix = || {
        let start = wanted.trim().to_lowercase();
        let mut found = lines
            .iter()
            .filter(|l| l.to_lowercase().starts_with(&start));
        match (found.next(), found.next()) {
            (Some(only), None) if !start.is_empty() => Some(only),
            _ => None,
        }
    };
    match exact.or_else(folded).or_else(prefix) {
        Some(line) => Ok(line),
        None => Err(UsageError(format!(
            "no product line \"{wanted}\" in the data{}",
            match closest(wanted, lines.iter().map(String::as_str)) {
                Some(hint) => did_you_mean(Some(hint)),
                None => format!("; the lines are: {}", lines.join(", ")),
            }
        ))
        .into()),
    }
}

fn find_metric<'a>(wanted: &str, card: &'a Scorecard) -> Result<&'a MetricResult> {
    let id = MetricId::normalise(wanted);
    let found = card
        .metrics
        .iter()
        .find(|m| Some(&m.metric) == id.as_ref() || MetricId::normalise(&m.name) == id);
    found.ok_or_else(|| {
        let names = card.metrics.iter().map(|m| m.metric.as_str());
        UsageError(format!(
            "no metric \"{wanted}\" on the {} scorecard{}",
            card.line,
            match closest(wanted, names) {
                Some(hint) => did_you_mean(Some(hint)),
                None => format!(
                    "; its metrics are: {}",
                    card.metrics
                        .iter()
                        .map(|m| m.metric.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        ))
        .into()
    })
}

/// The explanation of `metrics` on `card`.
pub fn explain(card: &Scorecard, metrics: &[&MetricResult]) -> String {
    let mut out = String::new();
    let stage = card
        .stage
        .map_or("no lifecycle stage".to_string(), |s| format!("{s} stage"));
    let _ = writeln!(out, "{} · {} · {stage}", card.line, card.period);
    let s = &card.scores;
    let _ = writeln!(
        out,
        "scores: PM {} · PMM {} · Shared {} · Overall {}",
        show_score(s.pm),
        show_score(s.pmm),
        show_score(s.shared),
        show_score(s.overall)
    );
    let _ = writeln!(
        out,
        "coverage (the KPIs each score counts that have a value):"
    );
    for kind in ScoreKind::ALL {
        let c = s.coverage(kind);
        let below = match s.status(kind) {
            ScoreStatus::InsufficientData => format!(
                ": below the minimum {}, so no {} score",
                show_share(c.minimum),
                kind.label()
            ),
            _ => String::new(),
        };
        let _ = writeln!(out, "  {:<8} {c}{below}", kind.label());
    }
    for m in metrics {
        let _ = writeln!(out);
        explain_metric(&mut out, card, m);
    }
    out
}

fn explain_metric(out: &mut String, card: &Scorecard, m: &MetricResult) {
    let owner = m.owner.map_or("no owner in the catalogue", |o| o.short());
    let title = if &*m.name != m.metric.as_str() {
        format!("{} ({})", m.metric, m.name)
    } else {
        m.metric.to_string()
    };
    let _ = writeln!(
        out,
        "{title} · {owner} · weight {}",
        show(m.weight, crate::model::Unit::Number)
    );
    let value = match m.value {
        Some(v) => {
            let from = match m.source.as_deref() {
                Some(derived) if derived.starts_with("derived") => derived.to_string(),
                Some(source) => format!("from {source}"),
                None => "from an unnamed source".to_string(),
            };
            let change = match (m.previous, m.change()) {
                (Some(p), Some(c)) => format!(
                    " (previous period {}, {})",
                    show(p, m.unit),
                    show_change(c, m.unit)
                ),
                _ => String::new(),
            };
            format!("{} {from}{change}", show(v, m.unit))
        }
        None => format!("none for {}", card.period),
    };
    let _ = writeln!(out, "  value:  {value}");
    let target = match m.threshold {
        Some(t) => {
            let good = match (m.direction, t.upper) {
                (Some(Direction::Band), Some(upper)) => {
                    format!("band {}–{}", show(t.target, m.unit), show(upper, m.unit))
                }
                (Some(Direction::Lower), _) => format!("at most {}", show(t.target, m.unit)),
                _ => format!("at least {}", show(t.target, m.unit)),
            };
            let amber = t.warn.map(|w| match m.direction {
                Some(Direction::Band) => format!(", amber up to {} outside", show(w, m.unit)),
                _ => format!(", amber from {}", show(w, m.unit)),
            });
            let from = m
                .target_from
                .as_deref()
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!(
                        "the catalogue entry metric(\"{}\", ...) in the rules",
                        m.metric
                    )
                });
            let amber = amber.unwrap_or_default();
            match m.scored_benchmark() {
                Some(b) => format!("{good}{amber}; scored against {} (from {from})", b.label),
                None => format!("{good}{amber}; set by {from}"),
            }
        }
        None => "none: the rules set no target, so the metric is shown and not scored".to_string(),
    };
    let _ = writeln!(out, "  target: {target}");
    for b in m.benchmarks.iter().filter(|b| !b.scored) {
        let value = m.value.map_or("no value".to_string(), |v| show(v, m.unit));
        let _ = writeln!(
            out,
            "  benchmark: {value} vs {} {} (from {}; not scored)",
            benchmark_label(&b.label),
            show(b.value, m.unit),
            b.source
        );
    }
    let _ = writeln!(out, "  status: {}: {}", m.status, m.reason());
    let _ = writeln!(out, "  score:  {}", contribution(card, m));
}

/// A benchmark's label inside a sentence: a generic first word in small
/// letters ("industry median"), a name as written ("Acme (competitor)").
fn benchmark_label(label: &str) -> String {
    const GENERIC: [&str; 7] = [
        "industry",
        "benchmark",
        "peer",
        "peers",
        "market",
        "sector",
        "competitor",
    ];
    let first = label
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    match GENERIC.contains(&first.to_lowercase().as_str()) {
        true => {
            let mut chars = label.chars();
            let head = chars
                .next()
                .map(|c| c.to_lowercase().to_string())
                .unwrap_or_default();
            head + chars.as_str()
        }
        false => label.to_string(),
    }
}

/// What `m` adds to its owner's score and to the overall score, in points:
/// weight × attainment ÷ the total weight of the metrics that count.
fn contribution(card: &Scorecard, m: &MetricResult) -> String {
    let Some(attainment) = m.attainment.filter(|_| m.counts()) else {
        let why = if m.weight <= 0.0 {
            "switched off: weight 0".to_string()
        } else {
            format!("status {}", m.status)
        };
        return format!("not counted ({why})");
    };
    let total = |same_owner: bool| -> f64 {
        card.metrics
            .iter()
            .filter(|x| x.counts() && x.attainment.is_some())
            .filter(|x| !same_owner || x.owner == m.owner)
            .map(|x| x.weight)
            .sum()
    };
    let part = |weights: f64| m.weight * attainment / weights;
    let mut text = format!("attainment {attainment:.1} of 100");
    let kind = |o: crate::model::Owner| ScoreKind::ALL.into_iter().find(|k| k.owner() == Some(o));
    let left_out = |k: ScoreKind| card.scores.get(k).is_none();
    if let Some(owner) = m.owner
        && kind(owner).is_some_and(left_out)
    {
        let _ = write!(
            text,
            "; the {} score is left out (too little data)",
            owner.short()
        );
    } else if let Some(owner) = m.owner {
        let weights = total(true);
        let _ = write!(
            text,
            "; adds {:.1} points to the {} score (weight {} of {})",
            part(weights),
            owner.short(),
            show(m.weight, crate::model::Unit::Number),
            show(weights, crate::model::Unit::Number)
        );
    }
    if left_out(ScoreKind::Overall) {
        text.push_str("; the overall score is left out (too little data)");
        return text;
    }
    let weights = total(false);
    let _ = write!(
        text,
        "; adds {:.1} points to the overall score (weight {} of {})",
        part(weights),
        show(m.weight, crate::model::Unit::Number),
        show(weights, crate::model::Unit::Number)
    );
    text
}
