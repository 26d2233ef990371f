//! linecard: a KPI tracker for product organisations.
//!
//! Spreadsheets in, Rhai rules, an xlsx scorecard workbook out. Data flows
//! one way through five stages, one module each:
//!
//! ```text
//! ingest -> frame -> rules -> scorecard -> report
//! ```
//!
//! [`history`] sits beside `report`: it records a workspace's runs and
//! diffs them. [`model`] holds the vocabulary all stages share, and
//! [`parallel`] shares work out over the cores; [`app`] runs a command
//! through the stages and [`cli`] describes the command line. No stage
//! imports a later one.

pub mod app;
pub mod cli;
pub mod frame;
pub mod history;
pub mod ingest;
pub mod model;
pub mod parallel;
pub mod report;
pub mod rules;
pub mod scorecard;
