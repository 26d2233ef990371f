//! Vocabulary shared by every stage of the pipeline.
//!
//! `ingest -> frame -> rules -> scorecard -> report` all speak about the same
//! things: product lines, reporting periods, lifecycle stages, metrics, their
//! owners and statuses, and the data issues found on the way. Those types live
//! here, below every stage, so that no stage has to import a later one and so
//! that names, owners and statuses are types inside the program and strings
//! only at its edges (input files, rule scripts, JSON and the workbook).

mod currency;
mod errors;
pub mod format;
mod issue;
mod label;
mod metric;
mod period;
mod reference;
mod score_kind;
mod stage;
mod status;
pub mod terminal_text;
pub mod xml_text;

pub use currency::{Currency, Money, Precision};
pub use errors::ErrorList;
pub use issue::{DataIssue, Location, Severity};
pub use label::{Fit, FitResult, Focus, Labels, People};
pub use metric::{Direction, MetricId, Owner, Unit};
pub use period::{Granularity, Period, PeriodParseError};
pub use reference::{DataReference, ReferenceKind, same_label};
pub use score_kind::ScoreKind;
pub use stage::Stage;
pub use status::Status;
