//! How a grid was read, said in words for `linecard check`: the layout, the
//! header row and the columns the line, period, KPIs, stage and people came
//! from, and the columns left unread. Each layout pushes one [`Reading`]
//! per grid (per table), built here from its [`Header`] (and, for periods
//! across, what its rows gave), so that every layout names its columns the
//! same way (`column B "Quarter"`).

use super::across::{self, Labels, Read};
use super::across_columns::AcrossColumns;
use super::headers::Flat;
use super::{Header, place_of};
use crate::frame::columns::ColumnRole;
use crate::frame::{Layout, Reading};
use crate::ingest::Grid;
use crate::model::{MetricId, Period};

/// The reading of `grid` as `layout`, from its header.
pub fn reading(grid: &Grid, header: &Header, layout: Layout) -> Reading {
    let name = |c: usize| column(grid, header, c);
    let text = |c: usize| header.text_of(c).unwrap_or_default().to_string();
    let row = grid.header_words(header.row);
    let (line, period) = (text(header.line), text(header.period));
    // A line or period given outside the table is no column of it: its
    // place is said by `outside::note_reading`.
    let keys = match (
        header.outside.line.is_some(),
        header.outside.period.is_some(),
    ) {
        (false, false) => {
            format!("a product line column (\"{line}\"), a period column (\"{period}\")")
        }
        (false, true) => format!("a product line column (\"{line}\")"),
        (true, false) => format!("a period column (\"{period}\")"),
        (true, true) => "no product line or period column".to_string(),
    };
    let mut from: Vec<(&'static str, String)> = vec![
        ("product line", name(header.line)),
        (
            "period",
            match layout {
                Layout::Responses => format!("{} (the time of each response)", name(header.period)),
                _ => name(header.period),
            },
        ),
    ];
    let mut used = vec![header.line, header.period];
    let mut skipped = Vec::new();
    let why;
    match layout {
        Layout::Long => {
            let metric = header.find(&ColumnRole::MetricName).map(|(c, _)| c);
            let value = header.find(&ColumnRole::Value).map(|(c, _)| c);
            if let (Some(m), Some(v)) = (metric, value) {
                from.push((
                    "KPIs",
                    format!("the KPI names in {}, values in {}", name(m), name(v)),
                ));
                used.extend([m, v]);
                why = format!(
                    "{row} has {keys}, a KPI column (\"{}\") and a value column (\"{}\")",
                    text(m),
                    text(v)
                );
            } else {
                why = row.clone();
            }
            if let Some((c, _)) = header.find(&ColumnRole::Sample) {
                from.push(("sample size", name(c)));
                used.push(c);
            }
            if let Some((c, _)) = header.find(&ColumnRole::Query) {
                from.push((
                    "computed by",
                    format!("{}, named in each value's source", name(c)),
                ));
                used.push(c);
            }
        }
        Layout::Responses => {
            let mut scores = Vec::new();
            for (role, metric, scale) in [
                (ColumnRole::Recommend, "NPS", "0-10"),
                (ColumnRole::Satisfaction, "CSAT", "1-5"),
            ] {
                if let Some((c, _)) = header.find(&role) {
                    scores.push(format!("{metric} from {} ({scale} scores)", name(c)));
                    used.push(c);
                }
            }
            from.push(("KPIs", scores.join("; ")));
            why = format!(
                "{row} has a product line column (\"{line}\"), a time column (\"{period}\") and a score column for each response"
            );
        }
        // Record tables say how they were read in `records::reading`.
        Layout::Wide | Layout::PeriodsAcross | Layout::Records(_) => {
            let (mut kpis, mut samples) = (Vec::new(), Vec::new());
            for (c, text, role) in &header.columns {
                match role {
                    ColumnRole::Metric(m) => {
                        let renamed = MetricId::normalise(text).is_none_or(|n| n != *m);
                        kpis.push(match renamed {
                            true => format!("{} as {m}", name(*c)),
                            false => name(*c),
                        });
                        used.push(*c);
                    }
                    ColumnRole::SampleSize(m) => {
                        samples.push(("sample size", format!("{} for {m}", name(*c))));
                        used.push(*c);
                    }
                    _ => {}
                }
            }
            from.push(("KPIs", listed(&kpis)));
            from.extend(samples);
            why = format!("{row} has {keys} and a column per KPI");
        }
    }
    for (what, column) in [
        ("stage", header.stage),
        ("PM", header.pm),
        ("PMM", header.pmm),
    ] {
        if let Some(c) = column {
            from.push((what, name(c)));
            used.push(c);
        }
    }
    let used: std::collections::BTreeSet<usize> = used.into_iter().collect();
    let unused: Vec<String> = header
        .columns
        .iter()
        .filter(|(c, _, _)| !used.contains(c))
        .map(|(c, _, _)| name(*c))
        .collect();
    match unused.len() {
        n if n > LISTED => skipped.push(format!(
            "{} columns not used by this layout: {}",
            crate::model::format::count(n),
            listed(&unused)
        )),
        _ => skipped.extend(
            unused
                .into_iter()
                .map(|c| format!("{c}: not used by this layout")),
        ),
    }
    if header.row > 0 {
        skipped.push(format!(
            "row{} above the header",
            match header.row {
                1 => " 1".to_string(),
                n => format!("s {}-{}", grid.row_number(0), grid.row_number(n - 1)),
            }
        ));
    }
    Reading {
        place: place_of(grid),
        layout,
        why,
        from,
        skipped,
    }
}

/// The most items a reading lists before it says how many more there are.
const LISTED: usize = 20;

/// `items` joined with commas, past [`LISTED`] the first ones and a count
/// of the rest, so a table of thousands of KPI columns is described in a
/// line.
fn listed(items: &[String]) -> String {
    if items.len() <= LISTED {
        return items.join(", ");
    }
    format!(
        "{} and {} more",
        items[..LISTED].join(", "),
        crate::model::format::count(items.len() - LISTED)
    )
}

/// The reading of a periods-across table (`across.rs`), from its header
/// row, its columns and what reading its rows found.
pub fn across(
    grid: &Grid,
    header: &Header,
    flat: &Flat,
    cols: &AcrossColumns,
    labels: &Labels,
    read: &Read,
) -> Reading {
    let kpi_column = column_named(grid, labels.kpi, flat.text(labels.kpi).as_deref());
    let rows = match flat.upper_row {
        Some(u) => format!(
            "rows {} and {}",
            grid.row_number(u),
            grid.row_number(header.row)
        ),
        None => format!("row {}", grid.row_number(header.row)),
    };
    let mut periods: Vec<Period> = cols.periods.iter().map(|p| p.period).collect();
    periods.sort();
    periods.dedup();
    let span = match (periods.first(), periods.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}, {} periods", periods.len()),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let mut from = vec![
        ("product line", read.line_from.clone()),
        ("period", format!("the column headers in {rows} ({span})")),
        (
            "KPIs",
            format!("the row labels in {kpi_column} ({})", listed(&read.kpis)),
        ),
    ];
    if !read.targets.is_empty() {
        from.push(("targets", read.targets.join("; ")));
    }
    if let Some(stage) = &read.stage {
        from.push(("stage", stage.clone()));
    }
    let mut skipped = read.skipped.clone();
    for (c, text) in cols.summaries.iter().chain(&cols.notes).chain(&cols.others) {
        let why = if cols.summaries.iter().any(|(s, _)| s == c) {
            "a summary column"
        } else if cols.notes.iter().any(|(s, _)| s == c) {
            "a notes column"
        } else {
            "not a period"
        };
        skipped.push(format!("{}: {why}", column_named(grid, *c, Some(text))));
    }
    Reading {
        place: place_of(grid),
        layout: Layout::PeriodsAcross,
        why: format!(
            "the header in {rows} has periods across the columns ({}) and KPI labels in {kpi_column}",
            across::listed(&cols.periods),
        ),
        from,
        skipped,
    }
}

/// `column B "Quarter"` in a sheet, `column 2 "Quarter"` in a text file.
pub fn column(grid: &Grid, header: &Header, c: usize) -> String {
    column_named(grid, c, header.text_of(c))
}

/// Column `c` of `grid` headed `text`: `column B "Quarter"`, `column 2
/// "Quarter"`, or `column B` with no header.
pub fn column_named(grid: &Grid, c: usize, text: Option<&str>) -> String {
    if grid.is_json() {
        return format!(
            "field \"{}\"",
            text.map_or_else(|| grid.cell(0, c).shown(), str::to_string)
        );
    }
    let id = super::survey_shape::column_label(grid, c);
    match text {
        Some(text) => format!("column {id} \"{text}\""),
        None => format!("column {id}"),
    }
}
