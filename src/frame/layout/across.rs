//! Periods across the columns: KPIs down the rows, one column per month or
//! quarter (`| Product line | KPI | Q1 2025 | Q2 2025 |`), as people keep
//! KPI workbooks by hand.
//!
//! Detected only when no row of the grid makes a tidy header (a product
//! line and a period *column*): a row among the first
//! [`HEADER_SCAN_ROWS`] with two or more period *headers*. The columns are
//! classified in `across_columns.rs` (periods, `Actual | Target` under
//! them, summary and notes columns); the rows are read here: a KPI row
//! gives one value per period, through the same value reading and unit
//! checks as a wide column ([`units::value_cell`], [`units::check_groups`],
//! one group per KPI); a target, threshold or benchmark row (`NPS target`,
//! `Target` under a KPI row, `Industry median`) and such sub-columns give
//! [`Reference`]s; a `Stage` row gives the stage per period; `Total`,
//! `Average`, `Portfolio` rows and sections are skipped with a warning.
//!
//! The product line comes from, in order: a line column beside the KPI
//! column, a section row (a line's name alone in the first column above
//! its KPIs), a key–value block above the table, the sheet's name, the
//! file's name ([`LineFrom`]).

use super::across_columns::{self as columns, AcrossColumns, PeriodColumn};
use super::headers::{self, Flat};
use super::{HEADER_SCAN_ROWS, Header, Shape, is_upper_header, place_of};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::context;
use crate::frame::source::Whence;
use crate::frame::{
    FrameError, FrameOptions, GridOutput, LayoutOverride, LineId, Mention, Outside, Role, values,
};
use crate::ingest::Grid;
use crate::model::{DataIssue, Location};

/// Where an across table's product line may come from, in the order they
/// are tried by default. A rule's `layout(…, #{ line: "sheet" })` (helper
/// D2's declaration) narrows this to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFrom {
    Column,
    Section,
    Block,
    Sheet,
    File,
}

/// The default order: the table's own column or section rows first.
pub const LINE_FROM: [LineFrom; 5] = [
    LineFrom::Column,
    LineFrom::Section,
    LineFrom::Block,
    LineFrom::Sheet,
    LineFrom::File,
];

/// The first row among the top rows with two or more period headers.
pub fn detect(grid: &Grid) -> Option<Header> {
    for r in 0..grid.height().min(HEADER_SCAN_ROWS) {
        if is_upper_header(grid, r) {
            continue;
        }
        let flat = headers::flatten(grid, r);
        let found = columns::classify(grid, r, &flat);
        if found.periods.len() >= 2 {
            return Some(Header {
                row: r,
                end: grid.height(),
                shape: Shape::Across,
                line: 0,
                period: found.periods[0].column,
                period_granularity: None,
                stage: None,
                pm: None,
                pmm: None,
                columns: Vec::new(),
                outside: super::outside::Outside::default(),
                skip: Vec::new(),
                survey: None,
                dates: Default::default(),
            });
        }
    }
    None
}

/// Where the line may come from: the one place a rule's `layout(…,
/// #{ line: "sheet" })` names, else every place in the default order.
pub fn line_from(forced: Option<&LayoutOverride>) -> Vec<LineFrom> {
    match forced.and_then(|f| f.line) {
        Some(Outside::Column) => vec![LineFrom::Column],
        Some(Outside::Section) => vec![LineFrom::Section],
        Some(Outside::Block) => vec![LineFrom::Block],
        Some(Outside::Sheet) => vec![LineFrom::Sheet],
        Some(Outside::File) => vec![LineFrom::File],
        Some(Outside::Title) | None => LINE_FROM.to_vec(),
    }
}

/// The across header a rule's `layout(…, #{ periods: "across" })` asks for
/// (at its `header_row` when it names one); an error naming the
/// declaration when the sheet has none.
pub fn forced(grid: &Grid, forced: &LayoutOverride) -> Result<Option<Header>, FrameError> {
    let found = detect(grid).filter(|h| {
        forced
            .header_row
            .is_none_or(|row| grid.row_number(h.row) == row)
    });
    match found {
        Some(header) => Ok(Some(header)),
        None => Err(FrameError::LayoutOverride {
            place: place_of(grid),
            declared_at: forced.declared_at.clone(),
            message: match forced.header_row {
                Some(row) => format!(
                    "periods are across the columns of row {row}, but row {row} has no two periods as column headers"
                ),
                None => format!(
                    "periods are across the columns, but none of the first {HEADER_SCAN_ROWS} rows has two periods as column headers"
                ),
            },
        }),
    }
}

/// The periods as a message lists them: `Q1 2025, Q2 2025`, then `…`.
pub(super) fn listed(periods: &[PeriodColumn]) -> String {
    let mut shown: Vec<String> = Vec::new();
    for p in periods {
        if !shown.contains(&p.header) && shown.len() < 3 {
            shown.push(p.header.clone());
        }
    }
    if periods.len() > 3 {
        shown.push("…".to_string());
    }
    shown.join(", ")
}

/// Reads the across table whose header is `header`, grid number `index`,
/// its line taken from the first of `line_from` that gives one.
pub fn read(
    grid: &Grid,
    index: usize,
    header: &Header,
    options: &FrameOptions,
    headers: &HeaderMap,
    line_from: &[LineFrom],
    out: &mut GridOutput,
) {
    let flat = headers::flatten(grid, header.row);
    let cols = columns::classify(grid, header.row, &flat);
    if let Some(error) = duplicate_period(grid, header.row, &cols) {
        out.errors.push(error);
        return;
    }
    let Some(labels) = label_columns(grid, header, &flat, &cols, headers) else {
        out.errors.push(FrameError::AcrossNoKpiColumn {
            place: place_of(grid),
            periods: listed(&cols.periods),
        });
        return;
    };
    let top = flat.top(header.row);
    let outside = line_outside(grid, top, headers, line_from);
    let labels = Labels {
        line: labels
            .line
            .filter(|_| line_from.contains(&LineFrom::Column)),
        sections: line_from.contains(&LineFrom::Section),
        ..labels
    };
    let start = out.observations.len();
    let mut rows =
        super::across_rows::Rows::new(grid, index, header, &flat, &cols, options, headers);
    rows.read(&labels, outside.as_ref(), out);
    let Some(read) = rows.finish(out) else {
        return;
    };
    let mut reading = super::describe::across(grid, header, &flat, &cols, &labels, &read);
    reading
        .from
        .extend(block_people(grid, top, headers, &cols, start, out));
    out.readings.push(reading);
    warn_skipped_columns(grid, header.row, &cols, out);
}

/// Records the PM and PMM a key–value block above the table names
/// (`Product manager | Dana Lee`) for the table's line, as a wide table's
/// PM and PMM columns are, as of its latest period; the observations from
/// `start` on are the table's. Above a table of several lines they name no
/// one line: a warning says so, and they are not recorded. Returns what
/// the grid's reading says of them.
fn block_people(
    grid: &Grid,
    top: usize,
    headers: &HeaderMap,
    cols: &AcrossColumns,
    start: usize,
    out: &mut GridOutput,
) -> Vec<(&'static str, String)> {
    let block = context::key_values(grid, top, headers);
    let named: Vec<(Role, &'static str, context::Found<String>)> =
        [(Role::Pm, "PM", block.pm), (Role::Pmm, "PMM", block.pmm)]
            .into_iter()
            .filter_map(|(role, title, found)| found.map(|f| (role, title, f)))
            .collect();
    let mut lines: Vec<LineId> = out.observations[start..].iter().map(|o| o.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let [line] = lines.as_slice() else {
        if lines.len() > 1 {
            for (_, title, found) in &named {
                out.issues.push(DataIssue::warning(
                    format!(
                        "{place}: the {title} \"{}\" ({}) is named above a table of {} product lines, so it names no one line: not recorded",
                        found.value,
                        found.from,
                        lines.len(),
                        place = place_of(grid),
                    ),
                    Location::default(),
                ));
            }
        }
        return Vec::new();
    };
    let period = cols.periods.iter().map(|p| p.period).max();
    let name = out.lines.name(*line).to_string();
    let mut said = Vec::new();
    for (role, title, found) in named {
        said.push((title, format!("\"{}\" from {}", found.value, found.from)));
        out.people.push(Mention {
            line: name.clone(),
            period,
            role,
            name: found.value,
            place: found.from,
        });
    }
    said
}

/// The label columns left of the periods.
pub struct Labels {
    /// The KPI column.
    pub kpi: usize,
    /// The product line column, if any.
    pub line: Option<usize>,
    /// Whether section rows may name the line.
    pub sections: bool,
}

/// The KPI and line columns: the columns headed `KPI`/`Metric` and
/// `Product line`, else the last column left of the periods holding text
/// below the header (and a blank-headed one before it for the line).
fn label_columns(
    grid: &Grid,
    header: &Header,
    flat: &Flat,
    cols: &AcrossColumns,
    headers: &HeaderMap,
) -> Option<Labels> {
    let first = cols.first()?;
    let mut line = None;
    let mut kpi = None;
    let mut candidates = Vec::new();
    for c in 0..first {
        match flat.text(c).and_then(|t| headers.role(&t)) {
            Some(ColumnRole::Line) => line = line.or(Some(c)),
            Some(ColumnRole::MetricName) => kpi = kpi.or(Some(c)),
            Some(ColumnRole::Stage | ColumnRole::Pm | ColumnRole::Pmm | ColumnRole::Period) => {}
            _ => candidates.push(c),
        }
    }
    let holds_text = |c: usize| {
        header.body().take(200).any(|r| {
            let cell = grid.cell(r, c);
            !cell.is_empty() && matches!(values::reading(cell), values::Reading::Invalid(_))
        })
    };
    // A column under a header of its own ("Region") holds KPI names only
    // when one of them is a KPI linecard knows; one with no header may hold
    // any (a hand-kept sheet's first column often has none).
    let names_a_kpi = |c: usize| {
        flat.text(c).is_none()
            || header
                .body()
                .take(200)
                .any(|r| values::text_cow(grid.cell(r, c)).is_some_and(|t| headers.knows(&t)))
    };
    let kpi = kpi.or_else(|| {
        candidates
            .iter()
            .rev()
            .copied()
            .find(|c| Some(*c) != line && holds_text(*c) && names_a_kpi(*c))
    })?;
    if line.is_none() {
        line = candidates
            .iter()
            .copied()
            .find(|c| *c < kpi && flat.text(*c).is_none() && holds_text(*c));
    }
    Some(Labels {
        kpi,
        line,
        sections: true,
    })
}

/// The first period column whose period (and what it holds) another column
/// already has, as an error.
fn duplicate_period(grid: &Grid, row: usize, cols: &AcrossColumns) -> Option<FrameError> {
    for (i, p) in cols.periods.iter().enumerate() {
        if let Some(earlier) = cols.periods[..i]
            .iter()
            .find(|e| e.period == p.period && e.holds == p.holds)
        {
            return Some(FrameError::DuplicatePeriod {
                cell: grid.cell_ref(row, p.column),
                period: p.period.to_string(),
                header: p.header.clone(),
                first: grid.cell_ref(row, earlier.column),
            });
        }
    }
    None
}

/// The line given outside the table, by the first of `line_from` (past
/// the table's own column and sections) that names one.
fn line_outside(
    grid: &Grid,
    top: usize,
    headers: &HeaderMap,
    line_from: &[LineFrom],
) -> Option<context::Found<String>> {
    line_from.iter().find_map(|from| {
        let place = match from {
            LineFrom::Column | LineFrom::Section => return None,
            LineFrom::Block => Whence::Block,
            LineFrom::Sheet => Whence::SheetName,
            LineFrom::File => Whence::FileName,
        };
        context::line_at(grid, top, headers, place)
    })
}

/// What reading the rows found, for the grid's [`Reading`].
pub struct Read {
    /// Where the lines came from, in words.
    pub line_from: String,
    /// The distinct KPIs read, in order.
    pub kpis: Vec<String>,
    pub targets: Vec<String>,
    pub stage: Option<String>,
    pub skipped: Vec<String>,
}

/// One warning for the summary columns and one for the columns that are
/// neither a period nor notes; notes columns are only noted in the reading.
fn warn_skipped_columns(grid: &Grid, row: usize, cols: &AcrossColumns, out: &mut GridOutput) {
    for (list, one, several) in [
        (
            &cols.summaries,
            "a summary column, skipped",
            "summary columns, skipped",
        ),
        (
            &cols.others,
            "not a period, so not read",
            "not periods, so not read",
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let named: Vec<String> = list
            .iter()
            .map(|(c, text)| format!("{} \"{text}\"", grid.cell_ref(row, *c)))
            .collect();
        let what = if named.len() == 1 { one } else { several };
        out.issues.push(DataIssue::warning(
            format!("{}: {what}", named.join(", ")),
            Location::default(),
        ));
    }
}

/// A warning naming up to three places, then how many more.
pub fn warn_places(places: &[String], one: &str, several: &str, out: &mut GridOutput) {
    if places.is_empty() {
        return;
    }
    let mut named = places[..places.len().min(3)].join(", ");
    if places.len() > 3 {
        named.push_str(&format!(" and {} more", places.len() - 3));
    }
    let what = if places.len() == 1 { one } else { several };
    out.issues.push(DataIssue::warning(
        format!("{named}: {what}"),
        Location::default(),
    ));
}

#[cfg(test)]
mod tests {
    use crate::frame::{FrameOptions, build};
    use crate::ingest::Grid;
    use crate::model::{MetricId, ReferenceKind, Unit};

    fn grid(file: &str, rows: &[&[&str]]) -> Grid {
        Grid::from_text_rows(file, rows)
    }

    fn options() -> FrameOptions {
        FrameOptions {
            units: [("nps", Unit::Score), ("retention", Unit::Fraction)]
                .into_iter()
                .map(|(m, u)| (MetricId::normalise(m).unwrap(), u))
                .collect(),
            ..FrameOptions::default()
        }
    }

    /// (line, period, metric, kind, value, source) of every reference.
    fn references(grid: Grid) -> Vec<(String, String, String, String, f64, String)> {
        let frame = build(&[grid], &options()).expect("reads");
        frame
            .references()
            .iter()
            .map(|r| {
                (
                    r.line.clone(),
                    r.period.to_string(),
                    r.metric.to_string(),
                    r.kind.to_string(),
                    r.value,
                    r.source.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn target_rows_and_benchmark_rows_are_references_of_the_kpi() {
        let g = grid(
            "kpis.csv",
            &[
                &["KPI", "Q1 2025", "Q2 2025"],
                &["Atlas"],
                &["NPS", "31", "34"],
                &["NPS responses", "120", ""],
                &["Target", "35", "36"],
                &["Competitor: Acme", "40", ""],
                &["Retention", "91", "92"],
                &["Retention target", "93", "94"],
            ],
        );
        let frame = build(std::slice::from_ref(&g), &options()).expect("reads");
        let samples: Vec<(String, String, Option<u32>)> = frame
            .rows()
            .filter(|o| o.metric == "nps")
            .map(|o| (o.period.to_string(), o.metric.to_string(), o.sample_size))
            .collect();
        assert_eq!(
            samples,
            [
                ("2025-Q1".into(), "nps".into(), Some(120)),
                ("2025-Q2".into(), "nps".into(), None)
            ]
        );
        // Merged references come sorted by line, period and KPI.
        let refs = references(g);
        let s = |t: &str| t.to_string();
        assert_eq!(
            refs,
            vec![
                (
                    s("Atlas"),
                    s("2025-Q1"),
                    s("nps"),
                    s("target"),
                    35.0,
                    s("kpis.csv, row 5, column 2 (Target row under NPS)")
                ),
                (
                    s("Atlas"),
                    s("2025-Q1"),
                    s("nps"),
                    s("Competitor: Acme"),
                    40.0,
                    s("kpis.csv, row 6, column 2 (Competitor: Acme row under NPS)")
                ),
                (
                    s("Atlas"),
                    s("2025-Q1"),
                    s("retention"),
                    s("target"),
                    0.93,
                    s("kpis.csv, row 8, column 2 (Retention target row)")
                ),
                (
                    s("Atlas"),
                    s("2025-Q2"),
                    s("nps"),
                    s("target"),
                    36.0,
                    s("kpis.csv, row 5, column 3 (Target row under NPS)")
                ),
                (
                    s("Atlas"),
                    s("2025-Q2"),
                    s("retention"),
                    s("target"),
                    0.94,
                    s("kpis.csv, row 8, column 3 (Retention target row)")
                ),
            ]
        );
    }

    #[test]
    fn actual_and_target_under_each_quarter() {
        let g = grid(
            "kpis.csv",
            &[
                &["", "", "Q1 2025", "", "Q2 2025", ""],
                &["Product Line", "KPI", "Actual", "Target", "Actual", "Floor"],
                &["Atlas", "NPS", "31", "35", "34", "20"],
            ],
        );
        let frame = build(std::slice::from_ref(&g), &options()).expect("reads");
        let values: Vec<(String, f64)> = frame
            .rows()
            .map(|o| (o.period.to_string(), o.value))
            .collect();
        assert_eq!(values, [("2025-Q1".into(), 31.0), ("2025-Q2".into(), 34.0)]);
        let refs = references(g);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].3, "target");
        assert_eq!(refs[0].4, 35.0);
        assert_eq!(
            refs[0].5,
            "kpis.csv, row 3, column 4 (Target under Q1 2025)"
        );
        assert_eq!(refs[1].3, ReferenceKind::Threshold.to_string());
        assert_eq!((refs[1].1.as_str(), refs[1].4), ("2025-Q2", 20.0));
        let reading = &frame.readings()[0];
        assert_eq!(
            reading.to_string(),
            concat!(
                "kpis.csv: read as periods across (KPIs down the rows, periods across the columns): the header in rows 1 and 2 has periods across the columns (Q1 2025 Actual, Q1 2025 Target, Q2 2025 Actual, …) and KPI labels in column 2 \"KPI\"\n",
                "  product line: column 1 \"Product Line\"\n",
                "  period: the column headers in rows 1 and 2 (2025-Q1 to 2025-Q2, 2 periods)\n",
                "  KPIs: the row labels in column 2 \"KPI\" (NPS)\n",
                "  targets: Target under Q1 2025; Floor under Q2 2025",
            )
        );
    }
}
