//! The two mistakes in a delimited text file's shape that would put values
//! in the wrong place, found before the file's rows are handed on (part of
//! reading a CSV file, [`super::csv`]): a row below the table with more
//! fields than its header (an unquoted `4,100`), and a quote that is never
//! closed; and a row wider than linecard reads ([`MAX_TABLE_COLUMNS`]).
//! Each is an error naming the line and what to do.

use super::fields::Fields;
use super::limits::{self, MAX_TABLE_COLUMNS};
use super::{IngestError, InputFile};
use crate::model::format::plural;
use std::collections::BTreeMap;

/// How a text ends, read from the start of a record: outside quotes, or
/// inside a quoted value that is never closed.
#[derive(Debug, PartialEq)]
pub(super) enum QuoteEnd {
    Closed,
    /// The line the quote opens on (from the text's first line, 1) and the
    /// value from that quote to the end of its line.
    Open {
        line: usize,
        opening: String,
    },
}

/// How `text` ends, read as the csv crate reads quotes (a quote opens a
/// value only at a field's start, `""` inside one is a quote). Only the
/// quotes are looked at: outside a quoted value, a quote opens one when it
/// starts a field (after a delimiter or a line break); inside, a quote
/// not doubled closes it.
pub(super) fn quote_end(text: &[u8], delimiter: u8) -> QuoteEnd {
    let mut quotes = memchr::memchr_iter(b'"', text);
    while let Some(at) = quotes.next() {
        if !starts_field(text, at, delimiter, b"\n\r") {
            continue;
        }
        // Inside the value opened at `at`, to its closing quote.
        loop {
            let Some(quote) = quotes.next() else {
                return open_at(text, at);
            };
            match text.get(quote + 1) {
                Some(b'"') => {
                    quotes.next();
                }
                _ => break,
            }
        }
    }
    QuoteEnd::Closed
}

/// Whether the byte at `at` starts a field: the text's start, or just
/// after the delimiter or one of the line-break bytes `breaks`.
pub(super) fn starts_field(text: &[u8], at: usize, delimiter: u8, breaks: &[u8]) -> bool {
    at == 0 || text[at - 1] == delimiter || breaks.contains(&text[at - 1])
}

/// The quote opening at `at` that is never closed.
fn open_at(text: &[u8], at: usize) -> QuoteEnd {
    let line = 1 + memchr::memchr_iter(b'\n', &text[..at]).count();
    let rest = &text[at..];
    let rest = &rest[..memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len())];
    let rest = String::from_utf8_lossy(rest);
    const SHOWN: usize = 40;
    let opening = match rest.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}...", &rest[..cut]),
        None => rest.into_owned(),
    };
    QuoteEnd::Open { line, opening }
}

/// Refuses a row wider than the table above it. Titles and notes above the
/// header are narrower and fine; the table's first row is the first row
/// with a value as wide as most rows (of two fields or more), and the header's width is the
/// most filled fields of the rows up to it. A row below it with a value past
/// that width (a thousands separator or a decimal comma in an unquoted
/// value, most often) would shift its values into the wrong columns. Empty
/// fields past the width (a trailing delimiter) are fine.
pub(super) fn check_widths(
    file: &InputFile,
    fields: &Fields,
    delimiter: u8,
) -> Result<(), IngestError> {
    let height = fields.height();
    let filled = |r: usize| filled(fields, r);
    // The common case, at no cost: no row has more fields than the first,
    // whose fields end in a value, so none can have more than the header.
    if height == 0 || fields.no_row_wider_than_first() && filled(0) == fields.width(0) {
        return Ok(());
    }
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for r in 0..height {
        let width = fields.width(r);
        if width >= 2 {
            *counts.entry(width).or_default() += 1;
        }
    }
    // The most common width; on a tie the narrower, so that the wider rows
    // are the ones reported.
    let Some(common) = counts
        .iter()
        .max_by_key(|(width, n)| (**n, std::cmp::Reverse(**width)))
        .map(|(width, _)| *width)
    else {
        return Ok(());
    };
    let Some(first) = (0..height).position(|r| fields.width(r) == common && filled(r) > 0) else {
        return Ok(());
    };
    let header = (0..=first).map(filled).max().unwrap_or(common);
    let mut wider =
        (first + 1..height).filter(|r| fields.width(*r) > header && filled(*r) > header);
    let Some(row) = wider.next() else {
        return Ok(());
    };
    let more = wider.count();
    let width = filled(row);
    let values: Vec<&str> = (0..width)
        .map(|c| fields.get(row, c).unwrap_or(""))
        .collect();
    let mut advice = delimiter_advice(&values, width - header, delimiter);
    if more > 0 {
        advice.push_str(&format!(
            "; {more} more row{} below {} wider than the header row too",
            plural(more),
            if more == 1 { "is" } else { "are" }
        ));
    }
    Err(IngestError::WiderThanHeader {
        path: file.display.clone(),
        line: row + 1,
        fields: width,
        header,
        advice,
    })
}

/// The number of fields of row `r` up to the last one with a value.
fn filled(fields: &Fields, r: usize) -> usize {
    (0..fields.width(r))
        .rev()
        .find(|c| fields.get(r, *c).is_some_and(|f| !f.trim().is_empty()))
        .map_or(0, |c| c + 1)
}

/// Refuses a text whose widest row has more than [`MAX_TABLE_COLUMNS`]
/// fields up to its last value (empty fields after it are fine), naming the
/// first such line.
pub(super) fn check_columns(file: &InputFile, fields: &Fields) -> Result<(), IngestError> {
    if fields.no_row_wider_than_first() && fields.width(0) <= MAX_TABLE_COLUMNS {
        return Ok(());
    }
    for r in 0..fields.height() {
        if fields.width(r) <= MAX_TABLE_COLUMNS {
            continue;
        }
        let width = filled(fields, r);
        if width > MAX_TABLE_COLUMNS {
            let place = format!("line {}", r + 1);
            return Err(limits::too_many_columns(file, &place, width));
        }
    }
    Ok(())
}

/// What to do about a row with `extra` values too many: when one value
/// looks split at a thousands separator or a decimal comma, that value.
fn delimiter_advice(values: &[&str], extra: usize, delimiter: u8) -> String {
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    // "4" or "$4" or "-4" or "(4" before the separator.
    let before = |s: &str| {
        let s = s.trim();
        let s = s.trim_start_matches(['-', '(', '$', '€', '£', '¥']);
        digits(s, 1, 3)
    };
    // "100", "100.5", "100%" or "100)" after a thousands separator.
    let thousands = |s: &str| {
        let s = s.trim();
        let whole = s.split(['.', '%', ')']).next().unwrap_or(s);
        digits(whole, 3, 3)
    };
    let after_decimal = |s: &str| {
        let s = s.trim().trim_end_matches(['%', ')']);
        digits(s, 1, 9)
    };
    let d = char::from(delimiter);
    if extra == 1 && d == ',' {
        let pairs = || values.windows(2).map(|w| (w[0], w[1]));
        if let Some((a, b)) = pairs().find(|(a, b)| before(a) && thousands(b)) {
            return format!(
                "a value holding the delimiter ({a}{d}{b}) needs quotes (\"{a}{d}{b}\") or no thousands separator"
            );
        }
        if let Some((a, b)) = pairs().find(|(a, b)| before(a) && after_decimal(b)) {
            return format!(
                "a value holding the delimiter ({a}{d}{b}) needs quotes (\"{a}{d}{b}\") or a decimal point"
            );
        }
    }
    let name = match delimiter {
        b',' => "a comma",
        b';' => "a semicolon",
        b'\t' => "a tab",
        _ => "a pipe",
    };
    format!(
        "a value holding the delimiter ({name}) needs quotes, or the row has {} too many",
        if extra == 1 {
            "a value".to_string()
        } else {
            format!("{extra} values")
        }
    )
}
