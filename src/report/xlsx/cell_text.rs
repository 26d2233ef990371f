//! The one door every text goes through on its way into the workbook: cell
//! strings, merged ranges, hyperlink texts, notes and chart names. A name,
//! note or reason from the user's data or rules may hold characters XML 1.0
//! forbids (controls below U+0020 other than tab, line feed and carriage
//! return, and U+FFFE, U+FFFF); each becomes U+FFFD, the replacement
//! character, so the workbook stays valid and the reader sees where one was.
//! A text longer than Excel's 32,767 characters in a cell (counted, as Excel
//! counts, in UTF-16 code units) is cut to 32,766 and ends in "…". The
//! [`TextCells`] methods on a worksheet do both; `clippy.toml` forbids the
//! raw `rust_xlsxwriter` text writers elsewhere, so new code cannot forget.

#![allow(clippy::disallowed_methods)]

use rust_xlsxwriter::{ColNum, Format, Note, RowNum, Url, Worksheet, XlsxError};
use std::borrow::Cow;

/// Excel's most characters in one cell, in UTF-16 code units.
pub const MAX_CELL: usize = 32_767;

/// The most a note may hold: `rust_xlsxwriter` keeps 54 units of a cell's
/// room for the author's name.
pub const MAX_NOTE: usize = MAX_CELL - 54;

/// What a forbidden character becomes.
pub const REPLACEMENT: char = '\u{FFFD}';

/// What ends a text that was cut.
pub const CUT_MARK: char = '…';

pub use crate::model::xml_text::forbidden;

/// `text` with every forbidden character replaced by [`REPLACEMENT`].
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(forbidden) {
        text.chars()
            .map(|c| if forbidden(c) { REPLACEMENT } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `text` cleaned and, past `max` UTF-16 units, cut to `max - 1` of them
/// followed by [`CUT_MARK`].
pub fn fitted(text: &str, max: usize) -> Cow<'_, str> {
    let text = clean(text);
    // A UTF-16 unit takes at least one byte of UTF-8: a text of no more
    // bytes than `max` fits without counting.
    if text.len() <= max || text.encode_utf16().count() <= max {
        return text;
    }
    let mut units = 0;
    let mut cut: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < max
        })
        .collect();
    cut.push(CUT_MARK);
    cut.into()
}

/// `text` as a cell holds it: cleaned, and cut at Excel's cell limit.
pub fn cell(text: &str) -> Cow<'_, str> {
    fitted(text, MAX_CELL)
}

/// A note holding `text`, cleaned and cut to fit, without the author line.
pub fn note(text: &str) -> Note {
    Note::new(fitted(text, MAX_NOTE)).add_author_prefix(false)
}

/// A chart or series name: cleaned and cut like a cell. Given as a `String`
/// for `set_name`, which reads `Sheet!A1` as a reference.
pub fn chart_name(text: &str) -> String {
    cell(text).into_owned()
}

/// Text writers on a worksheet that clean and cut every text.
pub trait TextCells {
    /// `text` in a cell, with `format`.
    fn text(
        &mut self,
        row: RowNum,
        col: ColNum,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;

    /// `text` in a cell, in the column's or row's format.
    fn text_plain(
        &mut self,
        row: RowNum,
        col: ColNum,
        text: impl AsRef<str>,
    ) -> Result<&mut Worksheet, XlsxError>;

    /// `text` across a merged range.
    fn merged_text(
        &mut self,
        first_row: RowNum,
        first_col: ColNum,
        last_row: RowNum,
        last_col: ColNum,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;

    /// A hyperlink to `target` that shows `text`.
    fn link(
        &mut self,
        row: RowNum,
        col: ColNum,
        target: &str,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
}

impl TextCells for Worksheet {
    fn text(
        &mut self,
        row: RowNum,
        col: ColNum,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.write_string_with_format(row, col, cell(text.as_ref()), format)
    }

    fn text_plain(
        &mut self,
        row: RowNum,
        col: ColNum,
        text: impl AsRef<str>,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.write_string(row, col, cell(text.as_ref()))
    }

    fn merged_text(
        &mut self,
        first_row: RowNum,
        first_col: ColNum,
        last_row: RowNum,
        last_col: ColNum,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        let text = cell(text.as_ref());
        self.merge_range(first_row, first_col, last_row, last_col, &text, format)
    }

    fn link(
        &mut self,
        row: RowNum,
        col: ColNum,
        target: &str,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        let url = Url::new(clean(target)).set_text(cell(text.as_ref()));
        self.write_url_with_format(row, col, url, format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_the_replacement_character() {
        assert_eq!(clean("a\u{1}b\u{1b}c\u{fffe}d\u{ffff}"), "a�b�c�d�");
        assert_eq!(clean("tab\tnew\nline\r"), "tab\tnew\nline\r");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(
            clean("\u{0}\u{8}\u{b}\u{c}\u{e}\u{1f} \u{fffd}"),
            "������ �"
        );
    }

    #[test]
    fn long_texts_are_cut_at_excels_limit_with_an_ellipsis() {
        let at_limit = "x".repeat(MAX_CELL);
        assert_eq!(cell(&at_limit), at_limit);
        let cut = cell(&"x".repeat(40_000)).into_owned();
        assert_eq!(cut.chars().count(), MAX_CELL);
        assert!(cut.ends_with("x…"));
        // Excel counts UTF-16 units: a character outside the BMP takes two,
        // and is never split.
        let wide = cell(&"😀".repeat(20_000)).into_owned();
        assert_eq!(wide.encode_utf16().count(), MAX_CELL);
        assert!(wide.ends_with("😀…"));
        assert_eq!(fitted("a\u{1}bcdef", 4), "a�b…");
    }
}
