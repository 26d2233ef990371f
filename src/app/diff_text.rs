//! The words for what changed between two runs: the few lines `report`
//! prints after its table, and the full `linecard diff`.

use crate::history::{Change, LineDiff, MetricDiff, RunDiff, RunRecord, SinceLast};
use crate::model::format::{plural, show, show_score};
use std::fmt::Write;

fn run_name(run: &RunRecord) -> String {
    format!("run {} ({})", run.run, run.timestamp)
}

fn line_metric(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(line, metric)| format!("{line} {metric}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The few lines `report` prints about what changed since the last run.
pub fn summary(since: &SinceLast) -> String {
    let mut out = String::new();
    match since {
        SinceLast::First => {}
        SinceLast::Unchanged(last) => {
            let _ = writeln!(
                out,
                "Same inputs and rules as {}: no change.",
                run_name(last)
            );
        }
        SinceLast::Changed(last, changes) if changes.is_empty() => {
            let _ = writeln!(out, "No change in the scorecards since {}.", run_name(last));
        }
        SinceLast::Changed(last, changes) => {
            let _ = writeln!(out, "Since {}:", run_name(last));
            if let Some(lines) = new_and_gone(changes) {
                let _ = writeln!(out, "  {lines}");
            }
            let newly_red = changes.newly_red();
            if !newly_red.is_empty() {
                let _ = writeln!(out, "  newly red: {}", line_metric(&newly_red));
            }
            let recovered = changes.recovered();
            if !recovered.is_empty() {
                let _ = writeln!(out, "  recovered: {}", line_metric(&recovered));
            }
            let count = |f: &dyn Fn(&MetricDiff) -> bool| {
                let lines = changes
                    .lines
                    .iter()
                    .filter(|l| l.metrics.iter().any(f))
                    .count();
                let metrics = changes
                    .lines
                    .iter()
                    .flat_map(|l| &l.metrics)
                    .filter(|m| f(m))
                    .count();
                (metrics, lines)
            };
            let (values, value_lines) = count(&|m| m.data);
            let (rules, rule_lines) = count(&|m| !m.rules.is_empty());
            let (followed, followed_lines) = count(&|m| !m.with_data.is_empty());
            if values > 0 {
                let _ = writeln!(
                    out,
                    "  data: {values} value{} changed on {value_lines} line{}",
                    plural(values),
                    plural(value_lines)
                );
            }
            if rules > 0 {
                let _ = writeln!(
                    out,
                    "  rules: {rules} target, owner or weight change{} on {rule_lines} line{}",
                    plural(rules),
                    plural(rule_lines)
                );
            }
            if followed > 0 {
                let _ = writeln!(
                    out,
                    "  with the data: {followed} target, owner or weight change{} on {followed_lines} line{} (no rule script changed)",
                    plural(followed),
                    plural(followed_lines)
                );
            }
            let _ = writeln!(out, "  `linecard diff` shows the details");
        }
    }
    out
}

/// `3 lines new, 8 lines no longer in the data`, or `None` when the two
/// runs have the same lines.
fn new_and_gone(changes: &RunDiff) -> Option<String> {
    let (new, gone) = (changes.new_lines.len(), changes.gone_lines.len());
    let parts: Vec<String> = [
        (new > 0).then(|| format!("{new} line{} new", plural(new))),
        (gone > 0).then(|| format!("{gone} line{} no longer in the data", plural(gone))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn field_changes(changes: &[crate::history::RuleChange]) -> String {
    changes
        .iter()
        .map(|r| {
            let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
            format!("{} {} → {}", r.field, side(&r.before), side(&r.after))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn shown(value: Option<f64>, m: &MetricDiff) -> String {
    value.map_or_else(|| "–".to_string(), |v| show(v, m.unit))
}

fn period_note(line: &LineDiff) -> String {
    let period = match &line.periods {
        (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
        (_, Some(p)) | (Some(p), None) => p.clone(),
        (None, None) => return String::new(),
    };
    let stage = match (&line.periods, &line.stages) {
        ((Some(_), Some(_)), (a, b)) if a != b => {
            let name = |s: &Option<String>| s.clone().unwrap_or_else(|| "no stage".to_string());
            format!("; stage {} → {}", name(a), name(b))
        }
        _ => String::new(),
    };
    format!(" ({period}{stage})")
}

/// `linecard diff`: everything that changed, data first, then rules.
pub fn full(changes: &RunDiff, a: &RunRecord, b: &RunRecord) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", run_name(a), run_name(b));
    let said = |changed: bool| if changed { "changed" } else { "unchanged" };
    let _ = writeln!(
        out,
        "inputs {}, rules {}",
        said(changes.inputs_changed),
        said(changes.rules_changed)
    );
    if changes.is_empty() {
        let _ = writeln!(out, "\nNo change in the scorecards.");
        return out;
    }
    if new_and_gone(changes).is_some() {
        let _ = writeln!(out, "\nLines new or gone (not rule changes):");
    }
    for (title, list) in [
        ("new", &changes.new_lines),
        ("no longer in the data", &changes.gone_lines),
    ] {
        if !list.is_empty() {
            let _ = writeln!(
                out,
                "  {} line{} {title}: {}",
                list.len(),
                plural(list.len()),
                list.join(", ")
            );
        }
    }
    for (title, list) in [
        ("Newly red", changes.newly_red()),
        ("Recovered", changes.recovered()),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{title}:");
            for (line, metric) in list {
                let _ = writeln!(out, "  {line} · {metric}");
            }
        }
    }
    let mut data = String::new();
    let mut rule_groups: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for line in &changes.lines {
        let head = format!("  {}{}", line.line, period_note(line));
        let data_rows: Vec<String> = line
            .metrics
            .iter()
            .filter(|m| {
                m.data || !m.with_data.is_empty() || (m.change.is_some() && m.rules.is_empty())
            })
            .map(|m| {
                let followed = if m.with_data.is_empty() {
                    String::new()
                } else {
                    let with = if line.stages.0 != line.stages.1 {
                        "with the new stage"
                    } else {
                        "with the data"
                    };
                    format!(" ({}, {with})", field_changes(&m.with_data))
                };
                format!(
                    "    {}: {} → {}{}{followed}",
                    m.metric,
                    shown(m.value.0, m),
                    shown(m.value.1, m),
                    status_note(m)
                )
            })
            .collect();
        if !data_rows.is_empty() {
            let _ = writeln!(
                data,
                "{head}: overall {} → {}",
                show_score(line.overall.0),
                show_score(line.overall.1)
            );
            for row in data_rows {
                let _ = writeln!(data, "{row}");
            }
        }
        for m in line.metrics.iter().filter(|m| !m.rules.is_empty()) {
            let key = format!("{}: {}", m.metric, field_changes(&m.rules));
            let moved = m
                .moved_by_rules()
                .then(|| format!("{}{}", line.line, status_note(m)));
            match rule_groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, lines, moves)) => {
                    lines.push(line.line.clone());
                    moves.extend(moved);
                }
                None => {
                    rule_groups.push((key, vec![line.line.clone()], moved.into_iter().collect()))
                }
            }
        }
    }
    let mut rules = String::new();
    for (key, lines, moves) in &rule_groups {
        let _ = writeln!(
            rules,
            "  {key}, on {} line{}: {}",
            lines.len(),
            plural(lines.len()),
            lines.join(", ")
        );
        for moved in moves {
            let _ = writeln!(rules, "    status moved: {}", moved.replacen("; ", ": ", 1));
        }
    }
    if !data.is_empty() {
        let _ = write!(
            out,
            "\nData changes (values, and the statuses they moved):\n{data}"
        );
    }
    if !rules.is_empty() {
        let _ = write!(
            out,
            "\nRule changes (targets, amber thresholds, owners, weights):\n{rules}"
        );
        let restaged: Vec<_> = changes
            .lines
            .iter()
            .filter(|l| l.periods.0.is_some() && l.periods.1.is_some())
            .filter(|l| l.stages.0 != l.stages.1 && l.metrics.iter().any(|m| !m.rules.is_empty()))
            .collect();
        let why = "which brings that stage's targets without any script changing";
        match restaged.as_slice() {
            [] => {}
            [line] => {
                let stage = |s: &Option<String>| s.clone().unwrap_or_else(|| "no stage".into());
                let _ = writeln!(
                    out,
                    "  ({} changed lifecycle stage, {} → {}, {why})",
                    line.line,
                    stage(&line.stages.0),
                    stage(&line.stages.1)
                );
            }
            lines => {
                let _ = writeln!(
                    out,
                    "  ({} of these lines changed lifecycle stage, {why})",
                    lines.len()
                );
            }
        }
    }
    out
}

fn status_note(m: &MetricDiff) -> String {
    match m.change {
        Some(change) => {
            let tag = match change {
                Change::NewlyRed => " (newly red)",
                Change::Recovered => " (recovered)",
                Change::Other => "",
            };
            format!("; {} → {}{tag}", m.status.0, m.status.1)
        }
        None => String::new(),
    }
}
