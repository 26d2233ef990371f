//! Stage 3 of 5: rule scripts in, a typed rule set out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. Rule scripts are plain
//! Rhai files (`*.rhai`) in the rules folder, run in name order in a
//! sandboxed engine. They declare the metric catalogue (owner, direction,
//! target, amber threshold, weight, unit, minimum sample, stage-specific
//! targets) with `metric("nps", #{ ... })` and extra header names with
//! `alias("Logo Retention %", "retention")`. Everything a script says is
//! checked here and turned into types; a mistake is reported as
//! `file:line:column` with the source line and a caret.

mod builtin;
mod catalogue;
mod coverage;
mod diagnostic;
mod dynamic;
mod engine;
mod error;
mod features;
mod hooks;
mod labels;
mod layouts;
mod line_view;
mod load;
mod places;
mod records;
mod rule_test;
mod spec;

pub use builtin::BUILTIN_SCRIPTS;
pub use catalogue::{
    BenchmarkTarget, Catalogue, LineOverride, MetricSpec, Resolved, Rule, Threshold,
};
pub use coverage::{DEFAULT_MIN_COVERAGE, MinCoverage, Minimum};
pub use diagnostic::ScriptError;
pub use error::RulesError;
pub use hooks::{Hook, Hooks, StatusOverride};
pub use labels::{FocusRule, LabelRules};
pub use line_view::{LineData, LineView, MetricNames};
pub use load::{RuleFile, RuleSet, RulesSource};
pub use rule_test::{Expect, RuleTest};
