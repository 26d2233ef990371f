//! One product line in one period: values in, a [`Scorecard`] out, with the
//! rules' hooks called once each (derive, targets, status, labels).
//!
//! `linecard test` runs rule tests through this same function, so a test
//! sees exactly what a report would show.

use super::benchmark_targets;
use super::data_targets;
use super::evaluate;
use super::labels;
use super::score;
use super::{MetricResult, Scorecard};
use crate::model::{DataReference, MetricId, People, Period, Stage};
use crate::rules::{
    Hook, LineData, LineOverride, LineView, MetricNames, MetricSpec, Resolved, Rule, RuleSet,
    ScriptError,
};
use std::borrow::Cow;
use std::sync::Arc;

/// One input value, as the scorecard needs it.
#[derive(Debug, Clone)]
pub struct Value<'a> {
    pub value: f64,
    pub sample_size: Option<u32>,
    pub source: Cow<'a, str>,
}

/// One line's values for one period, sorted by metric name: looked up by
/// binary search, which beats hashing for the twenty-odd metrics of a line.
#[derive(Debug, Clone, Default)]
pub struct Values<'a>(Vec<(&'a str, Value<'a>)>);

impl<'a> Values<'a> {
    pub fn get(&self, metric: &str) -> Option<&Value<'a>> {
        let i = self.0.binary_search_by(|(m, _)| (*m).cmp(metric)).ok()?;
        Some(&self.0[i].1)
    }

    /// Adds or replaces `metric`'s value.
    pub fn insert(&mut self, metric: &'a str, value: Value<'a>) {
        match self.0.binary_search_by(|(m, _)| (*m).cmp(metric)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (metric, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &(&'a str, Value<'a>)> {
        self.0.iter()
    }
}

impl<'a> FromIterator<(&'a str, Value<'a>)> for Values<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, Value<'a>)>>(items: I) -> Self {
        let mut v: Vec<(&'a str, Value<'a>)> = items.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v.dedup_by(|later, earlier| later.0 == earlier.0);
        Values(v)
    }
}

/// What one line's scorecard for one period is built from.
pub struct LineInput<'a> {
    pub line: &'a str,
    pub period: Period,
    pub stage: Option<Stage>,
    pub people: People,
    /// This period's values by metric name.
    pub values: Values<'a>,
    /// The previous period's scorecard of the same line, if any.
    pub previous: Option<&'a Scorecard>,
    /// Metrics in the data the catalogue does not know, for this line.
    pub unowned: &'a [MetricId],
    /// The targets, thresholds and benchmarks the data gives for this line
    /// and period (see `data_targets.rs` for their precedence).
    pub references: &'a [&'a DataReference],
    /// Every metric name in the catalogue or the data (what hooks may ask for).
    pub known: &'a Arc<MetricNames>,
    /// The catalogue in report order (`Catalogue::in_order`).
    pub specs: &'a [&'a MetricSpec],
}

fn line_data(input: &LineInput) -> LineData {
    let mut data = LineData::new(
        input.line.to_string(),
        input.period.to_string(),
        input.stage.map(|s| s.as_str()),
        input.known.clone(),
    );
    for (name, v) in input.values.iter() {
        if let Some(i) = data.names.index(name) {
            data.values[i] = Some(v.value);
            data.samples[i] = v.sample_size.map(i64::from);
        }
    }
    for m in input.previous.into_iter().flat_map(|c| &c.metrics) {
        if let Some(i) = data.names.index(m.metric.as_str()) {
            data.previous[i] = m.value;
        }
    }
    data.references = input
        .references
        .iter()
        .filter_map(|r| {
            Some((
                data.names.index(r.metric.as_str())?,
                r.kind.clone(),
                r.value,
            ))
        })
        .collect();
    data
}

/// Takes the data back from a view once the hook has returned.
fn unwrap(view: LineView) -> LineData {
    Arc::try_unwrap(view.0).unwrap_or_else(|shared| (*shared).clone())
}

/// Builds one scorecard.
pub fn evaluate_line<'a>(
    mut input: LineInput<'a>,
    rules: &'a RuleSet,
) -> Result<Scorecard, ScriptError> {
    let hooks = &rules.hooks;
    let catalogue = &rules.catalogue;
    let any_hook = Hook::ALL.iter().any(|h| hooks.defined_in(*h).is_some());
    let mut data = any_hook.then(|| line_data(&input));
    let mut values = std::mem::take(&mut input.values);

    // 1. Derived metrics join the values before anything is judged.
    if let Some(file) = hooks.defined_in(Hook::Derive)
        && let Some(d) = data.take()
    {
        let view = LineView(Arc::new(d));
        let derived = hooks.derive(&view, catalogue)?;
        let mut d = unwrap(view);
        let source = format!("derived by derive() in {file}");
        for (id, v) in derived {
            if let Some(i) = d.names.index(id.as_str()) {
                d.values[i] = Some(v);
            }
            let spec = catalogue
                .get(&id)
                .expect("derive() results are in the catalogue");
            let value = Value {
                value: v,
                sample_size: None,
                source: Cow::Owned(source.clone()),
            };
            values.insert(spec.id.as_str(), value);
        }
        data = Some(d);
    }

    // 2. Targets, weights and owners from the catalogue, then the hook.
    let overrides = match data.take() {
        Some(d) if hooks.defined_in(Hook::Targets).is_some() => {
            let view = LineView(Arc::new(d));
            let found = hooks.targets(&view, catalogue)?;
            data = Some(unwrap(view));
            found
        }
        other => {
            data = other;
            Vec::new()
        }
    };

    // Overrides by the catalogue position of their metric: the specs are
    // matched by a number, not by comparing names.
    let overrides: Vec<(usize, LineOverride)> = overrides
        .into_iter()
        .filter_map(|(id, over)| Some((catalogue.get(&id)?.order, over)))
        .collect();
    // The previous scorecard lists the same metrics in the same order (and
    // the same ids, which compare by pointer).
    let previous_of = |i: usize, id: &MetricId| {
        let metrics = &input.previous?.metrics;
        let same = metrics.get(i).filter(|m| m.metric == *id);
        same.or_else(|| metrics.iter().find(|m| m.metric == *id))?
            .value
    };
    // Where no hook set a target: the benchmark a rule names, else the
    // data's target unless a rule switched them off. `true` marks a
    // benchmark's.
    let data_rules: Vec<Option<(Rule, bool)>> = input
        .specs
        .iter()
        .map(|spec| {
            let hooked = overrides
                .iter()
                .any(|(order, over)| *order == spec.order && over.rule.is_some());
            if input.references.is_empty() || hooked {
                return None;
            }
            let catalogue = spec.resolve(input.line, input.stage).rule;
            if let Some(rule) = benchmark_targets::rule(spec, catalogue, input.references) {
                return Some((rule, true));
            }
            if !data_targets::used_for(spec, rules) {
                return None;
            }
            data_targets::rule(spec, catalogue, input.references).map(|r| (r, false))
        })
        .collect();
    let mut metrics: Vec<MetricResult> =
        Vec::with_capacity(input.specs.len() + input.unowned.len());
    metrics.extend(input.specs.iter().enumerate().map(|(i, spec)| {
        let mut resolved = spec.resolve(input.line, input.stage);
        if let Some((rule, _)) = &data_rules[i] {
            resolved.rule = Some(rule);
            resolved.stage_specific = false;
        }
        if let Some((_, over)) = overrides.iter().find(|(order, _)| *order == spec.order) {
            resolved = Resolved {
                owner: over.owner.unwrap_or(resolved.owner),
                weight: over.weight.unwrap_or(resolved.weight),
                weight_from: match over.weight {
                    Some(_) => over.weight_from.as_ref(),
                    None => resolved.weight_from,
                },
                stage_specific: resolved.stage_specific && over.rule.is_none(),
                rule: over.rule.as_ref().or(resolved.rule),
            };
        }
        let mut result = evaluate::known(
            spec,
            &resolved,
            input.stage,
            input.period,
            values.get(spec.id.as_str()),
            previous_of(i, &spec.id),
        );
        result.benchmarks = data_targets::benchmarks(&spec.id, input.references);
        if matches!(data_rules[i], Some((_, true))) {
            benchmark_targets::mark(spec, &mut result.benchmarks);
        }
        result
    }));
    let known_count = metrics.len();
    metrics.extend(input.unowned.iter().enumerate().map(|(i, m)| {
        let mut result = evaluate::unowned(
            m,
            input.period,
            values.get(m.as_str()),
            previous_of(known_count + i, m),
        );
        result.benchmarks = data_targets::benchmarks(m, input.references);
        result
    }));

    // 3. Statuses the catalogue cannot express.
    if let Some(mut d) = data.take_if(|_| hooks.defined_in(Hook::Status).is_some()) {
        set_statuses(&mut d, &metrics);
        let view = LineView(Arc::new(d));
        for (id, over) in hooks.status(&view, catalogue)? {
            if let Some(m) = metrics.iter_mut().find(|m| m.metric == id) {
                evaluate::set_status(m, over.status, over.reason);
            }
        }
        data = Some(unwrap(view));
    }

    let scores = score::scores(&metrics, &rules.min_coverage);

    // 4. Labels: the four fits, focus and the rest.
    let declared = labels::declared(&rules.labels, input.stage, &metrics);
    let labels = match data.take() {
        Some(mut d) if hooks.defined_in(Hook::Labels).is_some() => {
            set_statuses(&mut d, &metrics);
            d.scores = [scores.pm, scores.pmm, scores.shared, scores.overall];
            labels::merge(declared, hooks.labels(&LineView(Arc::new(d)))?)
        }
        _ => declared,
    };

    Ok(Scorecard {
        line: input.line.to_string(),
        period: input.period,
        stage: input.stage,
        people: input.people,
        scores,
        labels,
        metrics,
    })
}

fn set_statuses(data: &mut LineData, metrics: &[MetricResult]) {
    for m in metrics {
        if let Some(i) = data.names.index(m.metric.as_str()) {
            data.statuses[i] = Some(m.status.as_str());
        }
    }
}
