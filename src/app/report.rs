//! `linecard report`: the main job.

use super::exit::{Exit, Invalid, UsageError};
use super::fail_on;
use super::pipeline::{self, Run};
use crate::cli::ReportArgs;
use crate::model::terminal_text::for_terminal;
use crate::model::{DataIssue, Location, Period, format};
use crate::report::{
    Csv, DEFAULT_LINE_SHEETS, Exporter, Json, Markdown, ReportDoc, Staged, Terminal, Xlsx, stage,
};
use anyhow::Result;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub fn run(args: &ReportArgs) -> Result<Exit> {
    let out = check_outputs(args)?;
    let Run {
        files,
        rules,
        frame,
        mut portfolio,
        ..
    } = pipeline::run(&args.sources)?;
    let period = select_period(args.period.as_deref(), &portfolio.periods)?;
    // Past the default, a warning says what was left out; a number the
    // user chose is said on the Summary only.
    let line_sheets = args.line_sheets.unwrap_or(DEFAULT_LINE_SHEETS);
    if args.line_sheets.is_none() {
        let left_out = line_sheets_left_out(&portfolio, period, line_sheets);
        portfolio.issues.extend(left_out);
    }
    if args.csv.is_none() {
        portfolio
            .issues
            .extend(values_left_out(frame.df().height()));
    }

    // What changed since the last recorded run (in a workspace), worked out
    // before anything is written; the run is recorded once the report is.
    // A look back at an earlier period is not recorded: the history follows
    // the latest period, and the next run would compare it with the past.
    let latest = portfolio.periods.last() == Some(&period);
    if args.history.is_some() && !latest && !args.quiet {
        eprintln!(
            "note: {period} is not the latest period in the data, so this run is not recorded in the history"
        );
    }
    let pending = args.history.as_deref().filter(|_| latest).and_then(|path| {
        super::diff::prepare(path, &files, &rules.files, &portfolio, period)
            .map_err(|e| eprintln!("warning: the run history could not be read: {e:#}"))
            .ok()
    });
    let doc = ReportDoc::new(&files, &rules, &portfolio, period)
        .with_line_sheets(line_sheets)
        .with_frame(&frame)
        .with_run(run_options(args, &out))
        .with_since(pending.as_ref().and_then(|p| super::diff::marks(&p.since)));
    // Render everything before writing anything, so a failure leaves no output.
    let workbook = Xlsx.render(&doc)?;
    let exporters: [&dyn Exporter; 3] = [&Json, &Csv, &Markdown];
    let mut extras: Vec<(&Path, Vec<u8>)> = Vec::new();
    for ((_, target), exporter) in text_exports(args).into_iter().zip(exporters) {
        if let Some(target) = target {
            extras.push((target, exporter.render(&doc)?));
        }
    }
    // Each file is written whole to its temporary file first; only when all
    // are ready does any of them replace its old file.
    let mut staged = vec![stage(&out, &workbook)?];
    for (target, bytes) in extras.iter().filter(|(t, _)| !is_stdout(t)) {
        staged.push(stage(target, bytes)?);
    }
    staged.into_iter().try_for_each(Staged::commit)?;
    for (_, bytes) in extras.iter().filter(|(t, _)| is_stdout(t)) {
        super::stdout::write(bytes)?;
    }
    let any_to_stdout = extras.iter().any(|(t, _)| is_stdout(t));

    if let (Some(path), Some(pending)) = (args.history.as_deref(), &pending)
        && let Err(e) = pending.commit(path)
    {
        eprintln!("warning: the run was not recorded in the history: {e:#}");
    }

    if !args.quiet {
        let changes = pending
            .as_ref()
            .map(|p| super::diff::summary(&p.since))
            .unwrap_or_default();
        if !any_to_stdout {
            let stdout = std::io::stdout();
            let color =
                stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
            let mut table = Terminal { color, width }.render(&doc)?;
            table.extend_from_slice(for_terminal(&changes).as_bytes());
            super::stdout::write(table)?;
        } else {
            eprint!("{}", for_terminal(&changes));
        }
        let warnings = super::problems::warnings(&portfolio.issues);
        super::problems::print("warning", &warnings, false);
        eprintln!("wrote {}", out.display());
        for (target, _) in extras.iter().filter(|(t, _)| !is_stdout(t)) {
            eprintln!("wrote {}", target.display());
        }
    }

    // A threshold reached is said even with -q: it is why the exit code is 3.
    let hits = args
        .fail_on
        .map(|threshold| (threshold, fail_on::hits(&portfolio, period, threshold)));
    Ok(match hits {
        Some((threshold, hits)) if !hits.is_empty() => {
            eprintln!("linecard: {}", fail_on::message(&hits, period, threshold));
            Exit::Threshold
        }
        _ => Exit::Success,
    })
}

/// The options shown on the workbook's Run sheet.
fn run_options(args: &ReportArgs, out: &Path) -> Vec<(String, String)> {
    let shown = |p: &Option<std::path::PathBuf>| {
        p.as_ref()
            .map_or_else(|| "–".to_string(), |p| p.display().to_string())
    };
    vec![
        ("--rules".to_string(), shown(&args.sources.rules)),
        (
            "--period".to_string(),
            args.period.clone().unwrap_or_else(|| "latest".to_string()),
        ),
        ("--out".to_string(), out.display().to_string()),
        ("--json".to_string(), shown(&args.json)),
        ("--csv".to_string(), shown(&args.csv)),
        ("--markdown".to_string(), shown(&args.markdown)),
        (
            "--fail-on".to_string(),
            args.fail_on
                .map_or_else(|| "–".to_string(), |f| format!("{f:?}").to_lowercase()),
        ),
        (
            "--line-sheets".to_string(),
            args.line_sheets
                .map_or_else(|| "–".to_string(), |n| n.to_string()),
        ),
    ]
}

/// The warning when the Data sheet cannot hold every value read (and no
/// CSV export, which holds them all, was asked for).
fn values_left_out(values: usize) -> Option<DataIssue> {
    let most = crate::report::xlsx::DATA_SHEET_VALUES;
    (values > most).then(|| {
        DataIssue::warning(
            format!(
                "{} values read: the workbook's Data sheet holds the first {} (an Excel sheet holds 1,048,576 rows); every score uses them all, and --csv FILE writes every value",
                format::count(values),
                format::count(most)
            ),
            Location::default(),
        )
    })
}

/// The warning when more lines have a scorecard for `period` than the
/// workbook gives sheets of their own (`--line-sheets`).
fn line_sheets_left_out(
    portfolio: &crate::scorecard::Portfolio,
    period: Period,
    most: usize,
) -> Option<DataIssue> {
    let lines = portfolio
        .cards
        .iter()
        .filter(|c| c.period == period)
        .count();
    let more = lines.checked_sub(most).filter(|n| *n > 0)?;
    Some(DataIssue::warning(
        format!(
            "{} product lines in {period}: the workbook gives the {} with the lowest scores (the Summary's first rows) a sheet of their own, the limit for one workbook; {} in the Summary, the Data sheet and the JSON. Use --line-sheets {lines} for a sheet per line",
            format::count(lines),
            format::count(most),
            format::the_others(more),
        ),
        Location::default(),
    ))
}

pub(super) fn select_period(wanted: Option<&str>, periods: &[Period]) -> Result<Period> {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Err(Invalid {
            problems: vec!["the inputs hold no KPI values: nothing to report".to_string()],
        }
        .into());
    };
    let Some(text) = wanted else { return Ok(*last) };
    let named = crate::frame::named_period(text).ok_or_else(|| {
        UsageError(format!(
            "--period: '{text}' is not a period: expected a label like 2025-Q1, Q1 2025, Mar 2025, 2025-03 or 2025, or a date like 2025-09-30"
        ))
    })?;
    // A month or a date in quarterly data names its quarter, and so on.
    let period = named
        .within(last.granularity())
        .filter(|p| !periods.contains(&named) && periods.contains(p))
        .unwrap_or(named);
    if periods.contains(&period) {
        Ok(period)
    } else {
        Err(UsageError(format!(
            "--period: {period} is not in the data, which runs from {first} to {last}"
        ))
        .into())
    }
}

/// The text exports: each flag with its target, if asked for (`-` for
/// standard output).
fn text_exports(args: &ReportArgs) -> [(&'static str, Option<&Path>); 3] {
    [
        ("--json", args.json.as_deref()),
        ("--csv", args.csv.as_deref()),
        ("--markdown", args.markdown.as_deref()),
    ]
}

fn is_stdout(target: &Path) -> bool {
    target.as_os_str() == "-"
}

/// A file's extension, in lower case ("" without one).
fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Checks where the outputs go, before anything is read: returns the
/// workbook's path. (`watch` checks once, before it starts.) The workbook's
/// name ends in `.xlsx` (Excel opens nothing else as one); no text export
/// takes a spreadsheet's name, where it would replace a workbook with text;
/// nothing lands on an input; at most one export goes to standard output.
pub(super) fn check_outputs(args: &ReportArgs) -> Result<PathBuf> {
    let out = args.out_path();
    if extension(&out) != "xlsx" {
        return Err(UsageError(format!(
            "--out {}: the report is an Excel workbook, so its name must end in .xlsx{}",
            out.display(),
            match extension(&out).as_str() {
                "csv" => " (for the CSV export, use --csv)",
                "json" => " (for the JSON export, use --json)",
                "md" => " (for the Markdown export, use --markdown)",
                _ => "",
            }
        ))
        .into());
    }
    refuse_to_overwrite_inputs(&out, &args.sources.inputs)?;
    let mut dashes = 0;
    for (flag, target) in text_exports(args) {
        let Some(target) = target else { continue };
        if is_stdout(target) {
            dashes += 1;
            continue;
        }
        if ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&extension(target).as_str()) {
            return Err(UsageError(format!(
                "{flag} {}: that is a spreadsheet's name, and {flag} writes text; choose a name ending in .{}",
                target.display(),
                &flag[2..].replace("markdown", "md")
            ))
            .into());
        }
        refuse_to_overwrite_inputs(target, &args.sources.inputs)
            .map_err(|_| UsageError(format!("{flag} {} would overwrite an input or land in an input folder; choose another path", target.display())))?;
    }
    if dashes > 1 {
        return Err(UsageError(
            "only one of --json, --csv and --markdown can write to standard output (-)".to_string(),
        )
        .into());
    }
    Ok(out)
}

/// linecard never writes over one of its inputs, nor into an input folder
/// (where the next run would read the report back as data).
fn refuse_to_overwrite_inputs(out: &Path, inputs: &[std::path::PathBuf]) -> Result<()> {
    let out_dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (Ok(dir), name) = (out_dir.canonicalize(), out.file_name()) else {
        return Ok(());
    };
    let target = name.map(|n| dir.join(n));
    for input in inputs.iter().filter_map(|i| i.canonicalize().ok()) {
        if target.as_ref() == Some(&input) || dir == input {
            return Err(UsageError(format!(
                "--out {} would overwrite an input or land in an input folder; choose another path for the report",
                out.display()
            ))
            .into());
        }
    }
    Ok(())
}
