//! What each column header means: the product line, the period, the
//! lifecycle stage, a metric, or the sample size behind a metric.
//!
//! Headers match case-, space- and punctuation-insensitively (both sides go
//! through [`MetricId::normalise`]), through the built-in synonyms below and
//! the aliases the rules declare.

use super::reference_words;
use crate::model::{Currency, MetricId, ReferenceKind};
use std::collections::{BTreeMap, BTreeSet};

/// The role of one column in a wide KPI table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRole {
    Line,
    Period,
    Stage,
    Metric(MetricId),
    /// The number of responses behind a survey metric ("NPS Responses").
    SampleSize(MetricId),
    /// Long tables: the column naming the metric of each row ("Metric", "KPI").
    MetricName,
    /// Long tables: the column holding each row's value ("Value").
    Value,
    /// Long tables: the sample size behind each row's value ("n", "Responses").
    Sample,
    /// Long tables: the query that computed each row's value ("Query", as
    /// `linecard sql` names it), shown in the value's source.
    Query,
    /// The line's product manager ("PM", "Product Manager").
    Pm,
    /// The line's product marketing manager ("PMM", "Product Marketing Manager").
    Pmm,
    /// Raw survey responses: a 0-10 "how likely are you to recommend" score.
    Recommend,
    /// Raw survey responses: a 1-5 satisfaction score.
    Satisfaction,
    /// A target, threshold or benchmark of a metric ("NPS Target",
    /// "Retention goal", "CAC budget", "NPS Industry median"); see
    /// [`HeaderMap::reference`].
    Reference(MetricId, ReferenceKind),
    /// A target, threshold or benchmark naming no metric ("Target",
    /// "Industry median"): in a long table, of each row's metric.
    ReferenceValue(ReferenceKind),
}

const LINE: &[&str] = &[
    "line",
    "product_line",
    "product",
    "product_name",
    "line_name",
    "productline",
];
const PERIOD: &[&str] = &[
    "period",
    "quarter",
    "month",
    "date",
    "year",
    "fiscal_quarter",
    "fiscal_period",
    "reporting_period",
    "reporting_month",
    "fiscal_year",
];
/// Period headers that are the time of a response, not a reporting period.
pub const RESPONSE_TIME: &[&str] = &[
    "timestamp",
    "submitted_at",
    "submitted",
    "submission_date",
    "response_date",
    "created_at",
    "completed_at",
    "survey_date",
];
const STAGE: &[&str] = &[
    "stage",
    "lifecycle_stage",
    "lifecycle",
    "life_cycle_stage",
    "product_stage",
    "plc_stage",
];

const METRIC_NAME: &[&str] = &[
    "metric",
    "kpi",
    "measure",
    "indicator",
    "metric_name",
    "kpi_name",
];
const VALUE: &[&str] = &[
    "value",
    "actual",
    "amount",
    "result",
    "metric_value",
    "kpi_value",
];
const SAMPLE: &[&str] = &[
    "n",
    "sample_size",
    "sample",
    "responses",
    "respondents",
    "response_count",
];
const QUERY: &[&str] = &["query", "linecard_query", "computed_by"];
const PM: &[&str] = &[
    "pm",
    "product_manager",
    "pm_owner",
    "pm_name",
    "product_owner",
];
const PMM: &[&str] = &[
    "pmm",
    "product_marketing_manager",
    "pmm_owner",
    "pmm_name",
    "product_marketing",
];
/// Per-respondent score columns; any header containing "recommend" is one too.
const RECOMMEND: &[&str] = &["nps_rating", "nps_response", "likelihood", "recommendation"];
/// Per-respondent satisfaction columns; any header starting with
/// "satisfaction" or "how_satisfied" is one too.
const SATISFACTION: &[&str] = &["csat_rating", "csat_response", "rating", "satisfied"];

/// Survey exports: the product asked as a question ("Which product do you
/// use most?") is the line column, by this start.
const SURVEY_LINE_PREFIX: &str = "which_product";
/// Survey exports: when a response was started or finished (SurveyMonkey,
/// Typeform, Zendesk). The survey shape prefers the finish
/// (`layout::survey_shape`).
const SURVEY_TIME: &[&str] = &[
    "start_date",
    "end_date",
    "start_date_utc",
    "submit_date_utc",
    "submit_date",
    "date_submitted",
    "start_time",
    "end_time",
];

/// Built-in synonyms: normalised header -> canonical metric name.
const METRIC_SYNONYMS: &[(&str, &str)] = &[
    ("net_promoter_score", "nps"),
    ("nps_score", "nps"),
    ("customer_satisfaction", "csat"),
    ("customer_satisfaction_score", "csat"),
    ("csat_pct", "csat"),
    ("csat_score", "csat"),
    ("retention_rate", "retention"),
    ("customer_retention", "retention"),
    ("customer_retention_rate", "retention"),
    ("retention_pct", "retention"),
    ("feature_adoption_pct", "feature_adoption"),
    ("feature_adoption_rate", "feature_adoption"),
    ("adoption", "feature_adoption"),
    ("support_resolution_h", "support_resolution_hours"),
    ("support_resolution", "support_resolution_hours"),
    ("support_resolution_time", "support_resolution_hours"),
    ("resolution_time_h", "support_resolution_hours"),
    ("resolution_time_hours", "support_resolution_hours"),
    ("win_rate_pct", "win_rate"),
    ("cac_usd", "cac"),
    ("customer_acquisition_cost", "cac"),
    ("arpu_usd", "arpu"),
    ("average_revenue_per_user", "arpu"),
    ("average_revenue_per_account", "arpu"),
    ("arpa", "arpu"),
    ("pipeline_usd", "pipeline"),
    ("open_pipeline", "pipeline"),
    ("qualified_pipeline", "pipeline"),
];

/// Header endings that mark a sample-size column for the metric before them.
const SAMPLE_SUFFIXES: &[&str] = &["responses", "respondents", "sample_size", "sample", "n"];

/// Maps headers to roles, with the rules' aliases on top of the built-ins.
#[derive(Debug, Clone, Default)]
pub struct HeaderMap {
    /// Normalised alias -> metric, from the rules.
    aliases: BTreeMap<String, MetricId>,
    /// The catalogue's metric names: a header that is one of them is that
    /// metric, even if it ends like a target ("Marketing budget").
    known: BTreeSet<String>,
}

impl HeaderMap {
    /// `aliases` maps header texts (any spelling) to metric names.
    pub fn new(aliases: &BTreeMap<String, MetricId>) -> Self {
        let aliases = aliases
            .iter()
            .filter_map(|(alias, metric)| {
                MetricId::normalise(alias).map(|a| (a.as_str().to_string(), metric.clone()))
            })
            .collect();
        HeaderMap {
            aliases,
            known: BTreeSet::new(),
        }
    }

    /// The same map, knowing the catalogue's metric names.
    pub fn knowing<'a>(mut self, metrics: impl IntoIterator<Item = &'a MetricId>) -> Self {
        self.known = metrics
            .into_iter()
            .map(|m| m.as_str().to_string())
            .collect();
        self
    }

    /// The role of a header; `None` for a blank header. A header that
    /// names its currency (`CAC ($)`, `ARPU (EUR)`) has the role of the
    /// header without it (the currency is noted in `super::currencies`).
    pub fn role(&self, header: &str) -> Option<ColumnRole> {
        if let Some((rest, _)) = Currency::in_header(header)
            && let Some(role) = self.role(&rest)
        {
            return Some(role);
        }
        let key = MetricId::normalise(header)?;
        let key = key.as_str();
        if LINE.contains(&key) {
            return Some(ColumnRole::Line);
        }
        if PERIOD.contains(&key) || RESPONSE_TIME.contains(&key) {
            return Some(ColumnRole::Period);
        }
        if key.starts_with(SURVEY_LINE_PREFIX) {
            return Some(ColumnRole::Line);
        }
        if SURVEY_TIME.contains(&key) {
            return Some(ColumnRole::Period);
        }
        if STAGE.contains(&key) {
            return Some(ColumnRole::Stage);
        }
        if let Some(role) = Self::fixed_role(key) {
            return Some(role);
        }
        if self.aliases.contains_key(key) || METRIC_SYNONYMS.iter().any(|(from, _)| *from == key) {
            return Some(ColumnRole::Metric(self.metric(key)));
        }
        if self.known.contains(key) {
            return Some(ColumnRole::Metric(self.metric(key)));
        }
        if let Some((metric, kind)) = self.reference(header) {
            return Some(match metric {
                Some(m) => ColumnRole::Reference(m, kind),
                None => ColumnRole::ReferenceValue(kind),
            });
        }
        if let Some(base) = reference_words::actual_of(key) {
            return Some(ColumnRole::Metric(self.metric(base)));
        }
        for suffix in SAMPLE_SUFFIXES {
            if let Some(base) = key.strip_suffix(suffix).and_then(|b| b.strip_suffix('_'))
                && !base.is_empty()
            {
                return Some(ColumnRole::SampleSize(self.metric(base)));
            }
        }
        if key.contains("recommend") || RECOMMEND.contains(&key) {
            return Some(ColumnRole::Recommend);
        }
        if key.starts_with("satisfaction")
            || key.starts_with("how_satisfied")
            || SATISFACTION.contains(&key)
        {
            return Some(ColumnRole::Satisfaction);
        }
        Some(ColumnRole::Metric(self.metric(key)))
    }

    fn fixed_role(key: &str) -> Option<ColumnRole> {
        let lists: [(&[&str], ColumnRole); 6] = [
            (METRIC_NAME, ColumnRole::MetricName),
            (VALUE, ColumnRole::Value),
            (SAMPLE, ColumnRole::Sample),
            (QUERY, ColumnRole::Query),
            (PM, ColumnRole::Pm),
            (PMM, ColumnRole::Pmm),
        ];
        lists
            .into_iter()
            .find(|(names, _)| names.contains(&key))
            .map(|(_, role)| role)
    }

    /// Whether a header, sub-header or row label gives a target, an amber
    /// threshold or a benchmark, and of which metric if it names one:
    /// `NPS target` is `(Some(nps), Target)`, `Target` is `(None, Target)`,
    /// `Industry median` is `(None, Benchmark("Industry median"))`. The
    /// metric part goes through the synonyms and aliases like any header.
    /// `None` for anything else, and for a text that is itself an alias or
    /// a catalogue metric. `NPS Actual` is the metric `nps`: see [`Self::role`].
    pub fn reference(&self, text: &str) -> Option<(Option<MetricId>, ReferenceKind)> {
        let key = MetricId::normalise(text)?;
        let key = key.as_str();
        if self.aliases.contains_key(key)
            || self.known.contains(key)
            || METRIC_SYNONYMS.iter().any(|(from, _)| *from == key)
        {
            return None;
        }
        let found = reference_words::classify(text)?;
        Some((found.metric.map(|m| self.metric(&m)), found.kind))
    }

    /// Whether `name` names a metric linecard knows: one of the catalogue's,
    /// a built-in synonym or an alias from the rules.
    pub fn knows(&self, name: &str) -> bool {
        self.metric_named(name).is_some_and(|m| {
            self.known.contains(m.as_str()) || self.aliases.values().any(|a| *a == m)
        }) || MetricId::normalise(name).is_some_and(|key| {
            METRIC_SYNONYMS
                .iter()
                .any(|(from, _)| *from == key.as_str())
        })
    }

    /// The metric a name stands for (a header, or a cell of a long table's
    /// metric column); `None` for a blank name.
    pub fn metric_named(&self, name: &str) -> Option<MetricId> {
        if let Some((rest, _)) = Currency::in_header(name) {
            return self.metric_named(&rest);
        }
        MetricId::normalise(name).map(|key| self.metric(key.as_str()))
    }

    fn metric(&self, key: &str) -> MetricId {
        if let Some(metric) = self.aliases.get(key) {
            return metric.clone();
        }
        let canonical = METRIC_SYNONYMS
            .iter()
            .find(|(from, _)| *from == key)
            .map_or(key, |(_, to)| to);
        MetricId::normalise(canonical).expect("non-empty key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(header: &str) -> ColumnRole {
        HeaderMap::default().role(header).unwrap()
    }

    fn metric(name: &str) -> MetricId {
        MetricId::normalise(name).unwrap()
    }

    #[test]
    fn recognises_key_columns_in_any_spelling() {
        assert_eq!(role("Product Line"), ColumnRole::Line);
        assert_eq!(role(" product-line "), ColumnRole::Line);
        assert_eq!(role("Quarter"), ColumnRole::Period);
        assert_eq!(role("Lifecycle Stage"), ColumnRole::Stage);
    }

    #[test]
    fn maps_synonyms_and_sample_sizes() {
        assert_eq!(
            role("Net Promoter Score"),
            ColumnRole::Metric(metric("nps"))
        );
        assert_eq!(role("CSAT %"), ColumnRole::Metric(metric("csat")));
        assert_eq!(
            role("Support Resolution (h)"),
            ColumnRole::Metric(metric("support_resolution_hours"))
        );
        assert_eq!(role("CAC ($)"), ColumnRole::Metric(metric("cac")));
        assert_eq!(role("NPS Responses"), ColumnRole::SampleSize(metric("nps")));
        assert_eq!(role("CSAT n"), ColumnRole::SampleSize(metric("csat")));
        assert_eq!(
            role("Churned Logos"),
            ColumnRole::Metric(metric("churned_logos"))
        );
    }

    #[test]
    fn the_synonyms_the_issue_lists_and_the_shape_columns() {
        for (header, want) in [
            ("Product", ColumnRole::Line),
            ("Line", ColumnRole::Line),
            ("Period", ColumnRole::Period),
            ("Month", ColumnRole::Period),
            ("Date", ColumnRole::Period),
            ("Submitted At", ColumnRole::Period),
            ("Stage", ColumnRole::Stage),
            ("Customer Satisfaction", ColumnRole::Metric(metric("csat"))),
            ("Retention Rate", ColumnRole::Metric(metric("retention"))),
            (
                "Feature Adoption %",
                ColumnRole::Metric(metric("feature_adoption")),
            ),
            ("KPI", ColumnRole::MetricName),
            ("Value", ColumnRole::Value),
            ("n", ColumnRole::Sample),
            ("PM", ColumnRole::Pm),
            ("Product Manager", ColumnRole::Pm),
            ("PMM", ColumnRole::Pmm),
            ("Product Marketing Manager", ColumnRole::Pmm),
            (
                "How likely are you to recommend us? (0-10)",
                ColumnRole::Recommend,
            ),
            ("Satisfaction (1-5)", ColumnRole::Satisfaction),
            ("CSAT Rating", ColumnRole::Satisfaction),
        ] {
            assert_eq!(role(header), want, "{header}");
        }
    }

    #[test]
    fn rule_aliases_win_over_built_ins() {
        let aliases = BTreeMap::from([("Logo Retention %".to_string(), metric("retention"))]);
        let map = HeaderMap::new(&aliases);
        assert_eq!(
            map.role("logo retention %"),
            Some(ColumnRole::Metric(metric("retention")))
        );
    }

    #[test]
    fn targets_thresholds_and_benchmarks_are_roles_of_their_metric() {
        use ReferenceKind::{Target, Threshold};
        let bench = |l: &str| ReferenceKind::Benchmark(l.to_string());
        for (header, want) in [
            ("NPS Target", ColumnRole::Reference(metric("nps"), Target)),
            (
                "Retention goal",
                ColumnRole::Reference(metric("retention"), Target),
            ),
            ("CAC budget", ColumnRole::Reference(metric("cac"), Target)),
            (
                "Net Promoter Score target",
                ColumnRole::Reference(metric("nps"), Target),
            ),
            ("NPS Floor", ColumnRole::Reference(metric("nps"), Threshold)),
            (
                "NPS Industry median",
                ColumnRole::Reference(metric("nps"), bench("Industry median")),
            ),
            ("Target", ColumnRole::ReferenceValue(Target)),
            ("Threshold", ColumnRole::ReferenceValue(Threshold)),
            ("Benchmark", ColumnRole::ReferenceValue(bench("Benchmark"))),
            ("NPS Actual", ColumnRole::Metric(metric("nps"))),
            ("Actual", ColumnRole::Value),
        ] {
            assert_eq!(role(header), want, "{header}");
        }
    }

    #[test]
    fn a_catalogue_metric_or_alias_named_like_a_target_stays_a_metric() {
        let aliases = BTreeMap::from([("Sales Plan".to_string(), metric("pipeline"))]);
        let known = [metric("marketing_budget")];
        let map = HeaderMap::new(&aliases).knowing(&known);
        assert_eq!(
            map.role("Marketing Budget"),
            Some(ColumnRole::Metric(metric("marketing_budget")))
        );
        assert_eq!(
            map.role("Sales plan"),
            Some(ColumnRole::Metric(metric("pipeline")))
        );
        assert_eq!(map.reference("Sales plan"), None);
        assert_eq!(
            map.reference("NPS target"),
            Some((Some(metric("nps")), ReferenceKind::Target))
        );
    }
}
