//! What a table's surroundings say about it: the period and the product
//! line given outside the table (in the file's name, the sheet's name, a
//! title line above the header, or a key–value block such as
//! `Product line | Atlas Analytics`).
//!
//! Every layout asks here, in one place, when its table has no period or no
//! line of its own, and says where the answer came from (`check` prints it,
//! and the sources of the values name it).

use super::columns::{ColumnRole, HeaderMap};
use super::source::Whence;
use super::{dates, values};
use crate::ingest::Grid;
use crate::model::Period;

/// A value found outside the table, and where: `the file name "Product KPIs
/// Q4 2025.xlsx"`, `the sheet name "2025-Q3"`, `the title in row 1
/// ("Scorecard – Q3 2025")`, `cell B2 beside "Product line"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub from: String,
}

/// The periods a free text names: none, one, or several different ones (a
/// title such as "Q3 2025 vs Q2 2025", which names no single period).
#[derive(Debug, Clone, PartialEq)]
pub enum InText {
    None,
    One(Period),
    Several(Vec<Period>),
}

/// The periods named in `text`: runs of one or two words (split at spaces,
/// dashes, underscores, dots and brackets) that read as a period (`Q4 2025`,
/// `2025-Q3`, `Jan 2025`, `2025-01`, `2025Q3`). A bare year counts only when
/// nothing finer is named.
pub fn periods_in(text: &str) -> InText {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "-_.,()[]–—/|:".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Vec<Period> = Vec::new();
    let mut years: Vec<Period> = Vec::new();
    let mut quarters: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(pair) = words.get(i..i + 2) {
            let joined = format!("{} {}", pair[0], pair[1]);
            if let Some(p) = finer(&joined) {
                push_new(&mut found, p);
                i += 2;
                continue;
            }
        }
        if let Some(p) = finer(words[i]) {
            push_new(&mut found, p);
        } else if let Some(year) = bare_year(words[i]) {
            push_new(&mut years, year);
        } else if let Some(q) = bare_quarter(words[i]) {
            quarters.push(q);
        }
        i += 1;
    }
    // A quarter with no year ("Q3 vs Q2 2025") is of the year named beside
    // it: another period, so the text names no single one.
    let year_of = |p: &Period| p.to_string().get(..4).and_then(|y| y.parse::<i32>().ok());
    if let Some(year) = found.first().or(years.first()).and_then(year_of) {
        for q in quarters {
            if let Some(p) = Period::quarter(year, q) {
                push_new(&mut found, p);
            }
        }
    }
    let found = if found.is_empty() { years } else { found };
    match found.as_slice() {
        [] => InText::None,
        [one] => InText::One(*one),
        _ => InText::Several(found),
    }
}

/// A quarter or a month (not a bare year) written as one label.
fn finer(text: &str) -> Option<Period> {
    dates::period_label(text).filter(|p| p.granularity() != crate::model::Granularity::Year)
}

/// `Q1` … `Q4` alone, with no year.
fn bare_quarter(word: &str) -> Option<u8> {
    let digit = word.strip_prefix(['Q', 'q'])?;
    let q: u8 = (digit.len() == 1).then(|| digit.parse().ok()).flatten()?;
    (1..=4).contains(&q).then_some(q)
}

/// A four-digit year from 1990 to 2100, alone.
fn bare_year(word: &str) -> Option<Period> {
    let year: i32 = (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()?;
    (1990..=2100).contains(&year).then(|| Period::year(year))
}

fn push_new(list: &mut Vec<Period>, period: Period) {
    if !list.contains(&period) {
        list.push(period);
    }
}

/// The file's name without its folders and extension.
pub fn file_stem(grid: &Grid) -> &str {
    let name = file_name(grid);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// The period a table with no period column or row takes from outside it:
/// the file name, then the sheet name, then a title line above the header
/// (rows `0..header_row`), in that order. `Err` names the first of those
/// that names several periods, when none names exactly one.
// For layouts that need not know which place gave the period (helper A's
// periods-across layout may); wide and long tables use `period_whence`.
#[allow(dead_code)]
pub fn period_outside(grid: &Grid, header_row: usize) -> Result<Option<Found<Period>>, String> {
    period_whence(grid, header_row).map(|found| found.map(|(found, _)| found))
}

/// [`period_outside`], with which of the three places gave the period.
pub fn period_whence(
    grid: &Grid,
    header_row: usize,
) -> Result<Option<(Found<Period>, Whence)>, String> {
    first_period(period_candidates(grid, header_row))
}

/// The period one place outside the table names, as a rule's `layout(…,
/// #{ period: "sheet" })` asks: the file name, the sheet name, a title line
/// or a `Quarter | Q3 2025` row above the header (rows `0..header_row`).
/// `Err` says that the place names several periods.
pub fn period_at(
    grid: &Grid,
    header_row: usize,
    headers: &HeaderMap,
    place: Whence,
) -> Result<Option<Found<Period>>, String> {
    if place == Whence::Block {
        return Ok(key_values(grid, header_row, headers).period);
    }
    let candidates = period_candidates(grid, header_row)
        .into_iter()
        .filter(|(_, _, whence)| *whence == place)
        .collect();
    first_period(candidates).map(|found| found.map(|(found, _)| found))
}

/// The texts outside a table that may name its period, in the order they
/// are tried: (text, where it is in words, which place).
fn period_candidates(grid: &Grid, header_row: usize) -> Vec<(String, String, Whence)> {
    let mut candidates: Vec<(String, String, Whence)> = vec![(
        file_stem(grid).to_string(),
        format!("the file name \"{}\"", file_name(grid)),
        Whence::FileName,
    )];
    if let Some(sheet) = &grid.sheet {
        candidates.push((
            sheet.clone(),
            format!("the sheet name \"{sheet}\""),
            Whence::SheetName,
        ));
    }
    for r in 0..header_row.min(grid.height()) {
        let texts: Vec<String> = grid.row(r).filter_map(values::text).collect();
        // A title is a row holding one text; a key–value row is not one.
        if let [title] = texts.as_slice() {
            candidates.push((
                title.clone(),
                format!("the title in row {} (\"{title}\")", grid.row_number(r)),
                Whence::Title,
            ));
        }
    }
    candidates
}

/// The first candidate naming exactly one period; else `Err` naming the
/// first that names several, if any.
fn first_period(
    candidates: Vec<(String, String, Whence)>,
) -> Result<Option<(Found<Period>, Whence)>, String> {
    let mut ambiguous: Option<String> = None;
    for (text, from, whence) in candidates {
        match periods_in(&text) {
            InText::One(value) => return Ok(Some((Found { value, from }, whence))),
            InText::Several(periods) if ambiguous.is_none() => {
                let named: Vec<String> = periods.iter().map(Period::to_string).collect();
                ambiguous = Some(format!("{from} names {}", named.join(" and ")));
            }
            _ => {}
        }
    }
    match ambiguous {
        Some(message) => Err(message),
        None => Ok(None),
    }
}

/// The file's name without its folders.
pub fn file_name(grid: &Grid) -> &str {
    grid.file.rsplit(['/', '\\']).next().unwrap_or(&grid.file)
}

/// What a key–value block above a table says: rows whose first filled cell
/// is a label (`Product line`, `Stage`, `Product manager`, `Period`) and
/// whose next filled cell is its value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyValues {
    pub line: Option<Found<String>>,
    pub period: Option<Found<Period>>,
    /// The stage as written; the layout reads it like a stage cell.
    pub stage: Option<Found<String>>,
    pub pm: Option<Found<String>>,
    pub pmm: Option<Found<String>>,
}

/// The key–value block in rows `0..header_row` of `grid`.
pub fn key_values(grid: &Grid, header_row: usize, headers: &HeaderMap) -> KeyValues {
    let mut kv = KeyValues::default();
    for r in 0..header_row.min(grid.height()) {
        let mut filled = grid
            .row(r)
            .enumerate()
            .filter_map(|(c, cell)| values::text(cell).map(|t| (c, t)));
        let (Some((_, key)), Some((c, value))) = (filled.next(), filled.next()) else {
            continue;
        };
        if filled.next().is_some() {
            continue;
        }
        let key = key.trim_end_matches(':').trim().to_string();
        let found = |value: String| Found {
            value,
            from: format!("{} beside \"{key}\"", grid.cell_ref(r, c)),
        };
        match headers.role(&key) {
            Some(ColumnRole::Line) => kv.line = Some(found(value)),
            Some(ColumnRole::Stage) => kv.stage = Some(found(value)),
            Some(ColumnRole::Pm) => kv.pm = Some(found(value)),
            Some(ColumnRole::Pmm) => kv.pmm = Some(found(value)),
            Some(ColumnRole::Period) => {
                if let Some(period) = dates::period_label(&value) {
                    let from = found(value).from;
                    kv.period = Some(Found {
                        value: period,
                        from,
                    });
                }
            }
            _ => {}
        }
    }
    kv
}

/// The product line a table with no line column takes from outside it: a
/// `Product line | Atlas` row above the header, then the sheet's name, then
/// the file's name (each only when it names a line, see [`line_in_name`]).
pub fn line_whence(
    grid: &Grid,
    header_row: usize,
    headers: &HeaderMap,
) -> Option<(Found<String>, Whence)> {
    [Whence::Block, Whence::SheetName, Whence::FileName]
        .into_iter()
        .find_map(|place| line_at(grid, header_row, headers, place).map(|found| (found, place)))
}

/// The product line one place outside the table names: a `Product line |
/// Atlas` row above the header (rows `0..header_row`), the sheet's name or
/// the file's name (a name only when it names a line, see
/// [`line_in_name`]). A title names no line.
pub fn line_at(
    grid: &Grid,
    header_row: usize,
    headers: &HeaderMap,
    place: Whence,
) -> Option<Found<String>> {
    match place {
        Whence::Block => key_values(grid, header_row, headers).line,
        Whence::SheetName => {
            let sheet = grid.sheet.as_ref()?;
            let value = line_in_name(sheet)?;
            let from = format!("the sheet name \"{sheet}\"");
            Some(Found { value, from })
        }
        Whence::FileName => {
            let value = line_in_name(file_stem(grid))?;
            let from = format!("the file name \"{}\"", file_name(grid));
            Some(Found { value, from })
        }
        Whence::Title => None,
    }
}

/// Words that name a kind of document, not a product line: a sheet or file
/// called "KPIs", "Q3 scorecard" or "Sheet1" does not name its line.
const GENERIC: &[&str] = &[
    "sheet",
    "kpi",
    "kpis",
    "metric",
    "metrics",
    "data",
    "export",
    "report",
    "reports",
    "summary",
    "scorecard",
    "scorecards",
    "dashboard",
    "tracker",
    "overview",
    "product",
    "products",
    "portfolio",
    "all",
    "quarterly",
    "monthly",
    "annual",
    "results",
    "table",
    "copy",
    "final",
    "draft",
    "v",
];

/// The product line a name (a sheet's or a file's) stands for: the name
/// without the periods it names, when what is left is not only generic
/// words ("KPIs", "Sheet1", "Scorecard") or numbers. `Atlas Analytics` and
/// `Atlas Analytics Q3 2025` name `Atlas Analytics`; `KPIs Q4 2025` names
/// none.
pub fn line_in_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || "_()[]–—|".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(pair) = words.get(i..i + 2)
            && dates::period_label(&format!("{} {}", pair[0], pair[1])).is_some()
        {
            i += 2;
            continue;
        }
        if dates::period_label(words[i]).is_none() && bare_year(words[i]).is_none() {
            kept.push(words[i]);
        }
        i += 1;
    }
    let meaningful = kept.iter().any(|w| {
        let lower = w.to_ascii_lowercase();
        let letters = lower.trim_end_matches(|c: char| c.is_ascii_digit());
        !letters.is_empty() && !GENERIC.contains(&letters) && w.chars().any(char::is_alphabetic)
    });
    let line = kept.join(" ");
    let line = line.trim_matches(|c: char| c == '-' || c == '.' || c.is_whitespace());
    (meaningful && !line.is_empty()).then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<String> {
        match periods_in(text) {
            InText::One(p) => Some(p.to_string()),
            _ => None,
        }
    }

    #[test]
    fn finds_the_period_a_name_or_title_gives() {
        for (text, want) in [
            ("Product KPIs Q4 2025", "2025-Q4"),
            ("2025-Q3", "2025-Q3"),
            ("Scorecard – Q3 2025", "2025-Q3"),
            ("kpis_2025Q2_final", "2025-Q2"),
            ("Atlas Jan 2026", "2026-01"),
            ("KPIs 2025", "2025"),
            ("Q4 2025 KPIs (2025)", "2025-Q4"),
        ] {
            assert_eq!(one(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(periods_in("kpis"), InText::None);
        assert_eq!(periods_in("Sheet1"), InText::None);
        assert!(matches!(
            periods_in("Q3 2025 vs Q2 2025"),
            InText::Several(p) if p.len() == 2
        ));
        assert!(matches!(
            periods_in("KPIs Q3 vs Q2 2025"),
            InText::Several(p) if p.len() == 2
        ));
    }

    #[test]
    fn a_sheet_or_file_name_names_a_line_unless_it_is_generic() {
        assert_eq!(
            line_in_name("Atlas Analytics").as_deref(),
            Some("Atlas Analytics")
        );
        assert_eq!(
            line_in_name("Atlas Analytics Q3 2025").as_deref(),
            Some("Atlas Analytics")
        );
        for generic in [
            "KPIs Q4 2025",
            "Sheet1",
            "Scorecard",
            "Data",
            "2025-Q3",
            "KPIs",
        ] {
            assert_eq!(line_in_name(generic), None, "{generic}");
        }
    }
}
