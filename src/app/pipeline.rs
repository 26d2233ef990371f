//! Running the stages in order for `report` and `check`, collecting every
//! problem from the rules and the data before giving up.

use super::exit::Invalid;
use crate::cli::{DateOrderArg, PeriodBy, Sources};
use crate::frame::{self, KpiFrame, Reading};
use crate::ingest::{self, InputFile};
use crate::model::{ErrorList, Granularity};
use crate::rules::{RuleSet, RulesSource};
use crate::scorecard::{self, Portfolio};
use std::fmt::Display;
use std::path::Path;

/// Everything a successful run produced.
pub struct Run {
    pub files: Vec<InputFile>,
    pub rules: RuleSet,
    pub frame: KpiFrame,
    pub portfolio: Portfolio,
}

/// `--rules DIR`, else `./scripts` when it holds rule scripts, else the
/// built-in rules.
pub fn rules_source(arg: Option<&Path>) -> RulesSource {
    match arg {
        Some(dir) => RulesSource::Folder(dir.to_path_buf()),
        None => {
            let local = Path::new("scripts");
            let has_scripts = std::fs::read_dir(local)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .any(|e| e.path().extension().is_some_and(|x| x == "rhai"))
                })
                .unwrap_or(false);
            if has_scripts {
                RulesSource::Folder(local.to_path_buf())
            } else {
                RulesSource::Builtin
            }
        }
    }
}

fn granularity(by: PeriodBy) -> Granularity {
    match by {
        PeriodBy::Month => Granularity::Month,
        PeriodBy::Quarter => Granularity::Quarter,
        PeriodBy::Year => Granularity::Year,
    }
}

fn rendered<E: Display>(list: ErrorList<E>) -> Vec<String> {
    list.0.iter().map(ToString::to_string).collect()
}

/// Loads the rules on their own.
pub fn load_rules(sources: &Sources) -> Result<RuleSet, Invalid> {
    RuleSet::load(&rules_source(sources.rules.as_deref())).map_err(|e| Invalid {
        problems: rendered(e),
    })
}

/// Reads `files` into grids as `sources` say (sheets, encoding), adding
/// every file's errors to `problems`.
pub fn ingest_files(
    sources: &Sources,
    files: Vec<InputFile>,
    problems: &mut Vec<String>,
) -> Option<ingest::Ingested> {
    super::ui::trace_files(&files);
    let read = ingest::ReadOptions {
        sheets: sources.read.sheets.clone(),
        encoding: sources
            .read
            .encoding
            .as_deref()
            .and_then(ingest::encoding_for),
    };
    ingest::ingest_with(files, &read)
        .map_err(|e| problems.extend(rendered(e)))
        .ok()
}

/// The granularity `--period-by` names.
pub fn period_by(sources: &Sources) -> Option<Granularity> {
    sources.read.period_by.map(granularity)
}

/// Runs ingest, frame, rules and scorecard; with no inputs, on the bundled
/// sample data.
pub fn run(sources: &Sources) -> Result<Run, Invalid> {
    run_reading(sources, &mut Vec::new())
}

/// [`run`], keeping in `readings` how each grid was read, also when the
/// run fails (for `check`).
pub fn run_reading(sources: &Sources, readings: &mut Vec<Reading>) -> Result<Run, Invalid> {
    let mut problems = Vec::new();
    let mut progress = super::ui::Progress::new(4);
    progress.step("loading the rules");
    let rules = RuleSet::load(&rules_source(sources.rules.as_deref()))
        .map_err(|e| problems.extend(rendered(e)))
        .ok();
    super::ui::trace_rules(rules.as_ref());
    progress.step("reading the inputs");
    let (files, skipped) = if sources.inputs.is_empty() {
        if !super::ui::get().quiet {
            eprintln!(
                "note: no input named and no workspace here, so linecard reads its bundled sample data \
                 (eight fictional product lines); name your files or folders (`linecard report data/`) \
                 or make a workspace (`linecard init`)"
            );
        }
        (ingest::bundled_sample(), Vec::new())
    } else {
        let found = ingest::discover_all(&sources.inputs);
        problems.extend(found.errors.iter().map(ToString::to_string));
        (found.files, found.skipped)
    };
    let ingested = ingest_files(sources, files, &mut problems);
    let mut options = rules
        .as_ref()
        .map(RuleSet::frame_options)
        .unwrap_or_default();
    options.date_order = sources.read.date_order.map(|order| match order {
        DateOrderArg::Dmy => frame::DateOrder::Dmy,
        DateOrderArg::Mdy => frame::DateOrder::Mdy,
    });
    options.fiscal_year_start = sources.read.fiscal_year_start;
    options.timezone = sources.read.timezone.unwrap_or_default();
    options.max_scorecards = sources.read.max_scorecards;
    progress.step("building the KPI frame");
    let frame = ingested.as_ref().and_then(|i| {
        let period_by = sources.read.period_by.map(granularity);
        let (built, read) = frame::build_reading(&i.grids, &options, period_by);
        *readings = read;
        built
            .map_err(|e| problems.extend(super::problems::frame_errors(&e.0)))
            .ok()
    });
    // Said only when nothing else is wrong: a file that could not be read
    // has no values either, and its own error says why.
    if let (Some(ingested), Some(frame)) = (&ingested, &frame)
        && frame.df().height() == 0
        && problems.is_empty()
    {
        let names: Vec<&str> = ingested.files.iter().map(|f| f.display.as_str()).collect();
        problems.push(format!(
            "no KPI values in {}: a table needs a row per product line and period below its header row",
            names.join(", ")
        ));
    }
    match (rules, ingested, frame) {
        (Some(mut rules), Some(ingested), Some(frame)) if problems.is_empty() => {
            progress.step("scoring");
            rules.settle_money(frame.money());
            let mut portfolio = scorecard::build(&frame, &rules).map_err(|e| Invalid {
                problems: vec![e.to_string()],
            })?;
            // What a folder held that is not input data comes first, then
            // the sheets skipped.
            let notes = ingested.notes.iter().cloned();
            portfolio
                .issues
                .splice(0..0, skipped.into_iter().chain(notes));
            portfolio.issues.extend(mixed_currencies(&rules, &frame));
            portfolio.issues.extend(names_cut(&frame));
            progress.finish();
            Ok(Run {
                files: ingested.files,
                rules,
                frame,
                portfolio,
            })
        }
        _ => Err(Invalid { problems }),
    }
}

/// A warning when the data's money is in more than one currency: rules
/// that combine amounts (a CAC target from ARPU, LTV/CAC) would mix them.
fn mixed_currencies(rules: &RuleSet, frame: &KpiFrame) -> Option<crate::model::DataIssue> {
    let mut by: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for id in frame.money().keys() {
        let currency = rules
            .catalogue
            .get(id)
            .and_then(|spec| spec.unit.money())
            .and_then(|m| m.currency);
        if let Some(c) = currency {
            by.entry(c.code().to_string())
                .or_default()
                .push(id.as_str());
        }
    }
    (by.len() > 1).then(|| {
        let list: Vec<String> = by
            .iter()
            .map(|(code, ids)| format!("{} in {code}", ids.join(", ")))
            .collect();
        crate::model::DataIssue::warning(
            format!(
                "the amounts are in {} currencies ({}): rules that combine them (a CAC target from ARPU, LTV/CAC) mix currencies; give the inputs one currency, or convert them",
                by.len(),
                list.join("; ")
            ),
            crate::model::Location::default(),
        )
    })
}

/// A warning per kind of name (line, KPI) longer than an Excel cell holds:
/// the workbook shows such a name cut, ending in "…" (`check` says so too,
/// so it and `report` agree). Lengths are counted as Excel counts them, in
/// UTF-16 units.
fn names_cut(frame: &KpiFrame) -> Vec<crate::model::DataIssue> {
    use crate::model::format::count;
    use crate::model::terminal_text::short_name;
    use crate::report::xlsx::MAX_CELL_TEXT;
    let too_long =
        |name: &&str| name.len() > MAX_CELL_TEXT && name.encode_utf16().count() > MAX_CELL_TEXT;
    let metrics = frame.metrics();
    let kinds: [(&str, Vec<&str>); 2] = [
        (
            "line",
            frame
                .lines()
                .iter()
                .map(String::as_str)
                .filter(too_long)
                .collect(),
        ),
        (
            "KPI",
            metrics
                .iter()
                .map(|m| m.as_str())
                .filter(too_long)
                .collect(),
        ),
    ];
    kinds
        .into_iter()
        .filter(|(_, long)| !long.is_empty())
        .map(|(kind, long)| {
            let (cell, first) = (count(MAX_CELL_TEXT), short_name(long[0]));
            let message = match long.len() {
                1 => format!(
                    "the {kind} name \"{first}\" is longer than an Excel cell holds ({cell} characters): the workbook shows its first {} and \"…\"; shorten it in the data",
                    count(MAX_CELL_TEXT - 1)
                ),
                n => format!(
                    "{} {kind} names are longer than an Excel cell holds ({cell} characters), the first \"{first}\": the workbook shows the first {} characters of each and \"…\"; shorten them in the data",
                    count(n),
                    count(MAX_CELL_TEXT - 1)
                ),
            };
            crate::model::DataIssue::warning(message, crate::model::Location::default())
        })
        .collect()
}
