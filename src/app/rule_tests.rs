//! `linecard test`: runs the `test(...)` cases of the rule scripts through
//! the same scorecard code a report uses, and prints the results like a test
//! runner.

use super::exit::{Exit, Invalid};
use super::pipeline;
use super::stdout;
use crate::cli::TestArgs;
use crate::model::format::{plural, show_score};
use crate::model::{MetricId, Status};
use crate::rules::{Expect, MetricNames, RuleSet, RuleTest};
use crate::scorecard::{LineInput, Scorecard, Value, Values, evaluate_line};
use anyhow::Result;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

pub fn run(args: &TestArgs) -> Result<Exit> {
    let source = pipeline::rules_source(args.rules.as_deref());
    let rules = RuleSet::load(&source).map_err(|e| Invalid {
        problems: e.0.iter().map(ToString::to_string).collect(),
    })?;
    let n = rules.tests.len();
    stdout::line(format!("running {n} rule test{}", plural(n)))?;
    let mut failed = 0;
    for test in &rules.tests {
        let failures = check(test, &rules);
        let verdict = if failures.is_empty() { "ok" } else { "FAILED" };
        stdout::line(format!(
            "test {} {} ... {verdict}",
            test.place.short(),
            test.name
        ))?;
        for f in &failures {
            stdout::line(format!("    {f}"))?;
        }
        failed += usize::from(!failures.is_empty());
    }
    let summary = if failed == 0 { "ok" } else { "FAILED" };
    stdout::line(format!(
        "\ntest result: {summary}. {} passed; {failed} failed",
        n - failed
    ))?;
    if failed > 0 {
        eprintln!("linecard: {failed} of {n} rule tests failed");
        return Ok(Exit::Invalid);
    }
    Ok(Exit::Success)
}

/// Runs one test case; the failures, each as a line of text.
pub fn check(test: &RuleTest, rules: &RuleSet) -> Vec<String> {
    let card = match scorecard_for(test, rules) {
        Ok(card) => card,
        Err(e) => return vec![e],
    };
    test.expect
        .iter()
        .filter_map(|(expect, _)| failure(expect, &card))
        .collect()
}

fn scorecard_for(test: &RuleTest, rules: &RuleSet) -> Result<Scorecard, String> {
    let known = Arc::new(MetricNames::new(
        rules
            .catalogue
            .metrics
            .keys()
            .chain(test.values.iter().map(|(m, _)| m))
            .chain(test.previous.iter().map(|(m, _)| m))
            .map(|m| m.to_string()),
    ));
    // As a report on these values would: optional metrics only when given.
    let given = |m: &MetricId| {
        test.values
            .iter()
            .chain(&test.previous)
            .any(|(v, _)| v == m)
    };
    let specs = rules.catalogue.in_use(&given);
    let unowned: Vec<MetricId> = test
        .values
        .iter()
        .map(|(m, _)| m.clone())
        .filter(|m| rules.catalogue.get(m).is_none())
        .collect();
    let samples: HashMap<&MetricId, u32> = test.samples.iter().map(|(m, n)| (m, *n)).collect();
    fn values_of<'a>(
        values: &'a [(MetricId, f64)],
        samples: &HashMap<&MetricId, u32>,
    ) -> Values<'a> {
        values
            .iter()
            .map(|(m, v)| {
                let value = Value {
                    value: *v,
                    sample_size: samples.get(m).copied(),
                    source: Cow::Borrowed("the test case"),
                };
                (m.as_str(), value)
            })
            .collect()
    }
    let input = |values, previous| LineInput {
        line: &test.line,
        period: test.period,
        stage: test.stage,
        people: Default::default(),
        values,
        previous,
        unowned: &unowned,
        references: &[],
        known: &known,
        specs: &specs,
    };
    let before = match test.previous.is_empty() {
        true => None,
        false => Some(
            evaluate_line(input(values_of(&test.previous, &samples), None), rules)
                .map_err(|e| e.to_string())?,
        ),
    };
    evaluate_line(
        input(values_of(&test.values, &samples), before.as_ref()),
        rules,
    )
    .map_err(|e| e.to_string())
}

fn failure(expect: &Expect, card: &Scorecard) -> Option<String> {
    let status_text =
        |s: Option<Status>| s.map_or("nothing".to_string(), |s| s.as_str().to_string());
    match expect {
        Expect::Status(metric, want) => {
            let got = card.metrics.iter().find(|m| &m.metric == metric)?;
            (got.status != *want).then(|| {
                format!(
                    "{metric}: expected {want}, got {} ({})",
                    got.status,
                    got.reason()
                )
            })
        }
        Expect::Fit(fit, want) => {
            let got = card.labels.fit(*fit);
            (got.map(|f| f.status) != Some(*want)).then(|| {
                let why = got.map(|f| format!(" ({})", f.reason)).unwrap_or_default();
                format!(
                    "{fit}: expected {want}, got {}{why}",
                    status_text(got.map(|f| f.status))
                )
            })
        }
        Expect::Focus(want) => {
            let got = card.labels.focus.as_ref();
            (got.map(|f| f.0) != Some(*want)).then(|| match got {
                Some((focus, why)) => format!("focus: expected {want}, got {focus} ({why})"),
                None => format!("focus: expected {want}, but the rules set no focus"),
            })
        }
        Expect::Label(name, want) => {
            let got = card.labels.custom.get(name);
            (got != Some(want)).then(|| format!("label {name}: expected \"{want}\", got {got:?}"))
        }
        Expect::Score(which, want) => {
            let s = card.scores;
            let got = match *which {
                "pm_score" => s.pm,
                "pmm_score" => s.pmm,
                "shared_score" => s.shared,
                _ => s.overall,
            };
            let ok = got.is_some_and(|g| (g - want).abs() <= 0.05);
            (!ok).then(|| {
                format!(
                    "{which}: expected {}, got {}",
                    show_score(Some(*want)),
                    show_score(got)
                )
            })
        }
    }
}
