//! Cells: [`Cell`] as a worksheet grid stores it (16 bytes, its text held
//! once per sheet in [`Texts`]), and [`CellRef`], a cell of any grid as the
//! frame stage reads it.

use chrono::NaiveDateTime;

/// One worksheet cell, as the file holds it. A text names an entry of its
/// sheet's texts and is never blank (a blank text is an empty cell).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(u32),
    Bool(bool),
    /// A date or date-time cell, already converted from the workbook's
    /// 1900 or 1904 date system.
    Date(NaiveDateTime),
    /// A spreadsheet error value such as `#DIV/0!`, as text.
    Error(u32),
}

impl Cell {
    /// The cell, its text looked up in the sheet's `texts`.
    #[inline]
    pub fn to_ref(self, texts: &[Box<str>]) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Number(n) => CellRef::Number(n),
            Cell::Text(t) => CellRef::Text(&texts[t as usize]),
            Cell::Bool(b) => CellRef::Bool(b),
            Cell::Date(d) => CellRef::Date(d),
            Cell::Error(e) => CellRef::Error(&texts[e as usize]),
        }
    }
}

/// A sheet's texts, each kept once. A workbook's shared strings (most texts
/// of an xlsx sheet: every repeated line name, period or label) are looked
/// up by where the workbook holds them, so a text repeated down a column is
/// copied once, not once per cell.
#[derive(Debug, Default)]
pub struct Texts {
    texts: Vec<Box<str>>,
    /// Shared strings already kept, by the address of the workbook's copy.
    shared: foldhash::HashMap<usize, u32>,
}

impl Texts {
    /// A text cell for `text`, one of the workbook's shared strings (which
    /// stay in place while its sheets are read); empty when blank.
    pub fn shared(&mut self, text: &str) -> Cell {
        if is_blank(text) {
            return Cell::Empty;
        }
        let next = self.next_index();
        let index = *self.shared.entry(text.as_ptr() as usize).or_insert(next);
        if index == next {
            self.texts.push(text.into());
        }
        Cell::Text(index)
    }

    /// A text cell for `text`; empty when blank.
    pub fn text(&mut self, text: &str) -> Cell {
        if is_blank(text) {
            return Cell::Empty;
        }
        Cell::Text(self.keep(text))
    }

    /// An error cell showing `text`.
    pub fn error(&mut self, text: &str) -> Cell {
        Cell::Error(self.keep(text))
    }

    fn keep(&mut self, text: &str) -> u32 {
        let index = self.next_index();
        self.texts.push(text.into());
        index
    }

    fn next_index(&self) -> u32 {
        u32::try_from(self.texts.len()).expect("fewer than 2^32 texts in a sheet")
    }

    pub fn into_texts(self) -> Vec<Box<str>> {
        self.texts
    }
}

/// One cell, borrowed from a [`super::Grid`]: what the frame stage reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(NaiveDateTime),
    Error(&'a str),
}

impl<'a> CellRef<'a> {
    pub fn is_empty(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(t) => is_blank(t),
            _ => false,
        }
    }

    /// The cell as a person would read it, for error messages.
    pub fn shown(&self) -> String {
        match self {
            CellRef::Empty => String::new(),
            CellRef::Number(n) => n.to_string(),
            CellRef::Text(t) | CellRef::Error(t) => t.to_string(),
            CellRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellRef::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A field's text as a cell: empty when blank.
#[inline]
pub fn text_cell(text: &str) -> CellRef<'_> {
    if is_blank(text) {
        CellRef::Empty
    } else {
        CellRef::Text(text)
    }
}

/// Whether a text is empty or only white space.
fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        // Most texts start with a visible ASCII character.
        Some(b) if b.is_ascii() && !char::from(*b).is_whitespace() => false,
        _ => text.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_kept_once_and_blank_texts_are_empty() {
        let workbook_strings = ["Atlas".to_string(), "Atlas".to_string(), "  ".to_string()];
        let mut texts = Texts::default();
        let first = texts.shared(&workbook_strings[0]);
        assert_eq!(texts.shared(&workbook_strings[0]), first);
        // The same words held twice by the workbook are two entries.
        assert_eq!(texts.shared(&workbook_strings[1]), Cell::Text(1));
        assert_eq!(texts.shared(&workbook_strings[2]), Cell::Empty);
        assert_eq!(texts.text("\t"), Cell::Empty);
        let error = texts.error("#DIV/0!");
        let texts = texts.into_texts();
        assert_eq!(first.to_ref(&texts), CellRef::Text("Atlas"));
        assert_eq!(error.to_ref(&texts), CellRef::Error("#DIV/0!"));
        assert_eq!(std::mem::size_of::<Cell>(), 16);
    }
}
