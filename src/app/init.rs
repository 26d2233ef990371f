//! `linecard init [DIR]`: scaffold a workspace with example inputs, editable
//! copies of the default rules, a reports folder and a short README. Never
//! writes over a file: if any target exists, it writes nothing at all.

use super::exit::{Exit, UsageError};
use super::workspace::{HISTORY, MARKER, REPORT};
use crate::cli::InitArgs;
use crate::ingest::bundled_sample;
use crate::rules::BUILTIN_SCRIPTS;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

const MARKER_TEXT: &str = "\
# This file marks this folder as a linecard workspace.
#
# Run linecard here (or in any folder below) with no INPUT and it reads the
# spreadsheets in inbox/, the rules in scripts/, writes
# reports/linecard-report.xlsx and appends the run to history.jsonl.
# It has no settings yet; linecard only looks for this file.
";

fn readme() -> String {
    format!(
        "# linecard workspace

- `inbox/`: drop your KPI spreadsheets here (xlsx, xls, ods, csv). The two
  example files show the layout linecard reads; delete them when yours are in.
- `scripts/`: the rules, as editable Rhai scripts: who owns each KPI (PM, PMM
  or shared), which way is good, the targets per lifecycle stage, the weights.
- `reports/{REPORT}`: the scorecard workbook each run writes.
- `{HISTORY}`: one line per run with every scorecard, so `linecard diff` can
  say what changed. Keep it; linecard only ever appends to it.
- `{MARKER}`: marks this folder as a workspace.

Day to day, from this folder:

    linecard report            # build reports/{REPORT}, say what changed
    linecard watch             # rebuild whenever a file in inbox/ or scripts/ changes
    linecard explain \"LINE\"    # why each KPI of a line has its status
    linecard diff              # what changed between the last two runs
    linecard check             # check the inbox and the rules, write nothing
"
    )
}

/// Every file `init` writes, relative to DIR.
fn plan() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![
        (PathBuf::from(MARKER), MARKER_TEXT.as_bytes().to_vec()),
        (PathBuf::from("README.md"), readme().into_bytes()),
    ];
    for input in bundled_sample() {
        let name = Path::new(&input.display)
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(&input.display));
        files.push((Path::new("inbox").join(name), input.bytes.to_vec()));
    }
    for (name, text) in BUILTIN_SCRIPTS {
        files.push((Path::new("scripts").join(name), text.as_bytes().to_vec()));
    }
    files
}

pub fn run(args: &InitArgs, quiet: bool) -> Result<Exit> {
    let dir = &args.dir;
    // A workspace inside another would shadow it for every folder below.
    let absolute: PathBuf = std::env::current_dir()?.join(dir).components().collect();
    if let Some(outer) = absolute
        .ancestors()
        .skip(1)
        .find(|a| a.join(MARKER).is_file())
    {
        return Err(UsageError(format!(
            "init: {} is inside the workspace {} (it holds {MARKER}); use that workspace, or make the new one outside it, so nothing was written",
            dir.display(),
            outer.display()
        ))
        .into());
    }
    let files = plan();
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .chain([dir.join("reports").join(REPORT)])
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(UsageError(format!(
            "init: {} already exist{}; linecard init never overwrites files, so nothing was written",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ))
        .into());
    }
    for sub in ["inbox", "scripts", "reports"] {
        let path = dir.join(sub);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    }
    for (name, bytes) in &files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    if !quiet {
        let names = |folder: &str| {
            files
                .iter()
                .filter(|(p, _)| p.starts_with(folder))
                .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        use std::fmt::Write as _;
        let mut text = String::new();
        let _ = writeln!(text, "created a linecard workspace in {}:", dir.display());
        let _ = writeln!(text, "  {MARKER:<13} marks the folder as a workspace");
        let _ = writeln!(text, "  {:<13} what goes where", "README.md");
        let _ = writeln!(
            text,
            "  {:<13} example inputs: {}",
            "inbox/",
            names("inbox")
        );
        let _ = writeln!(
            text,
            "  {:<13} the default rules, yours to edit: {}",
            "scripts/",
            names("scripts")
        );
        let _ = writeln!(
            text,
            "  {:<13} where reports/{REPORT} is written",
            "reports/"
        );
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", dir.display())
        };
        let _ = writeln!(text, "next: {cd}linecard report");
        super::stdout::write(text)?;
    }
    Ok(Exit::Success)
}
