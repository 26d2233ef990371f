//! A sheet's cells as read, with enough provenance to name any cell.
//!
//! Worksheets are kept as rows of compact cells with the sheet's texts held
//! once; delimited text as the file's own text with its fields indexed (or,
//! when quoted, its unquoted fields, indexed the same way); Parquet tables as
//! the text columns polars read; so that large exports stay cheap to hold
//! and read.

use super::cell::{Cell, CellRef, text_cell};
use super::fields::Fields;
use polars::prelude::{PolarsDataType, StringChunked, StringType};

/// The arrays polars holds a text column in.
type TextArray = <StringType as PolarsDataType>::Array;

/// One column of a Parquet table: the text arrays
/// polars read, kept as they are (no copy), so a million-row file costs a
/// few allocations, not millions. A null or blank field is an empty cell.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    chunks: Vec<TextArray>,
    /// The row at which each chunk starts.
    starts: Vec<usize>,
    /// The chunk holding the first row of each block of `1 << BLOCK_BITS`
    /// rows, so that finding a row's chunk takes a step or two, not a search.
    blocks: Vec<u32>,
    len: usize,
}

/// log2 of the rows per entry of [`TextColumn::blocks`].
const BLOCK_BITS: u32 = 10;

impl TextColumn {
    /// The column's text, as polars read it.
    pub fn new(text: &StringChunked) -> Self {
        let mut column = TextColumn::default();
        for chunk in text.downcast_iter().filter(|c| c.len() > 0) {
            column.starts.push(column.len);
            column.len += chunk.len();
            column.chunks.push(chunk.clone());
        }
        let mut chunk = 0;
        for block_start in (0..column.len).step_by(1 << BLOCK_BITS) {
            while column
                .starts
                .get(chunk + 1)
                .is_some_and(|s| *s <= block_start)
            {
                chunk += 1;
            }
            column
                .blocks
                .push(u32::try_from(chunk).expect("fewer than 2^32 chunks"));
        }
        column
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    fn get(&self, row: usize) -> CellRef<'_> {
        if row >= self.len {
            return CellRef::Empty;
        }
        let mut chunk = self.blocks[row >> BLOCK_BITS] as usize;
        while self.starts.get(chunk + 1).is_some_and(|s| *s <= row) {
            chunk += 1;
        }
        match self.chunks[chunk].get(row - self.starts[chunk]) {
            Some(text) => text_cell(text),
            None => CellRef::Empty,
        }
    }
}

#[derive(Debug, Clone)]
enum Body {
    /// A worksheet: rows of cells, each row ending at its last filled cell,
    /// and the texts its cells name.
    Rows {
        rows: Vec<Vec<Cell>>,
        texts: Vec<Box<str>>,
    },
    /// A table as polars read it: columns of text, all `height` long.
    Text {
        height: usize,
        columns: Vec<TextColumn>,
    },
    /// A text file's fields, indexed: rows may differ in width, and row `r`
    /// is the record that starts on line `r + 1`.
    Fields(Fields),
}

/// A block of cells from one CSV file or one worksheet, with enough
/// provenance to name any cell.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as the user named it.
    pub file: String,
    /// The worksheet name; `None` for CSV files.
    pub sheet: Option<String>,
    /// 1-based row number (in the file or sheet) of the grid's first row.
    pub first_row: usize,
    /// 0-based column index (A = 0) of the first cell of each row.
    pub first_column: usize,
    /// The field delimiter of a delimited text file (`b';'`); `None` for
    /// worksheets and Parquet.
    pub delimiter: Option<u8>,
    /// The merged regions of a worksheet, in grid coordinates (xlsx and
    /// xls; ods and text files have none).
    merges: Vec<Merge>,
    /// The cells an xlsx currency number format shows as money.
    currencies: super::CellCurrencies,
    /// For JSON objects (`json.rs`): the line each row after the field
    /// names starts on, which is its row number; places then name the line
    /// and the field.
    lines: Option<std::sync::Arc<[u32]>>,
    body: Body,
}

/// A merged region of cells, in grid coordinates (0-based, both corners
/// inside the region); its value is the top-left cell's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: (usize, usize),
    pub last: (usize, usize),
}

impl Merge {
    pub fn covers(&self, r: usize, c: usize) -> bool {
        (self.first.0..=self.last.0).contains(&r) && (self.first.1..=self.last.1).contains(&c)
    }
}

impl Grid {
    /// A worksheet's rows, whose cells name `texts`.
    pub fn from_rows(
        file: String,
        sheet: Option<String>,
        (first_row, first_column): (usize, usize),
        rows: Vec<Vec<Cell>>,
        texts: Vec<Box<str>>,
    ) -> Self {
        Grid {
            file,
            sheet,
            first_row,
            first_column,
            delimiter: None,
            merges: Vec::new(),
            currencies: super::CellCurrencies::default(),
            lines: None,
            body: Body::Rows { rows, texts },
        }
    }

    /// A text file's columns, each `height` fields long, starting at row 1.
    pub fn from_text_columns(file: String, height: usize, columns: Vec<TextColumn>) -> Self {
        Grid {
            file,
            sheet: None,
            first_row: 1,
            first_column: 0,
            delimiter: None,
            merges: Vec::new(),
            currencies: super::CellCurrencies::default(),
            lines: None,
            body: Body::Text { height, columns },
        }
    }

    /// A grid of JSON objects whose first row is the field names and whose
    /// row `r` is the object starting on line `lines[r - 1]`.
    pub fn with_lines(mut self, lines: Vec<u32>) -> Self {
        self.lines = Some(lines.into());
        self
    }

    /// Whether the grid holds JSON objects, its first row their fields.
    pub fn is_json(&self) -> bool {
        self.lines.is_some()
    }

    /// A header row in words: `header row 3`, or `the field list` for
    /// JSON.
    pub fn header_words(&self, row_index: usize) -> String {
        match self.lines {
            Some(_) => "the field list".to_string(),
            None => format!("header row {}", self.row_number(row_index)),
        }
    }

    /// A text file's grid from its columns of fields, for tests.
    #[cfg(test)]
    pub fn from_texts(file: &str, columns: &[Vec<String>]) -> Self {
        let height = columns.iter().map(Vec::len).max().unwrap_or(0);
        let columns = columns
            .iter()
            .map(|c| TextColumn::new(&polars::prelude::NamedFrom::new("c".into(), c)))
            .collect();
        Grid::from_text_columns(file.to_string(), height, columns)
    }

    /// A text file's grid from its rows of fields (rows may differ in
    /// width), for tests.
    #[cfg(test)]
    pub fn from_text_rows(file: &str, rows: &[&[&str]]) -> Self {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let columns: Vec<Vec<String>> = (0..width)
            .map(|c| {
                rows.iter()
                    .map(|r| r.get(c).copied().unwrap_or("").to_string())
                    .collect()
            })
            .collect();
        Grid::from_texts(file, &columns)
    }

    /// A text file's indexed fields, separated by `delimiter`, starting at
    /// row 1.
    pub(super) fn from_fields(file: String, fields: Fields, delimiter: u8) -> Self {
        Grid {
            file,
            sheet: None,
            first_row: 1,
            first_column: 0,
            delimiter: Some(delimiter),
            merges: Vec::new(),
            currencies: super::CellCurrencies::default(),
            lines: None,
            body: Body::Fields(fields),
        }
    }

    /// The grid with the currencies its cells' number formats show, in
    /// sheet coordinates.
    pub fn with_currencies(mut self, currencies: super::CellCurrencies) -> Self {
        self.currencies = currencies;
        self
    }

    /// The currency the number format of the cell at grid row `r`, column
    /// `c` shows (an xlsx cell formatted `"$"#,##0`), if any.
    pub fn currency_at(&self, r: usize, c: usize) -> Option<crate::model::Currency> {
        if self.currencies.is_empty() {
            return None;
        }
        let row = u32::try_from(r + self.first_row - 1).ok()?;
        let column = u32::try_from(c + self.first_column).ok()?;
        self.currencies.at(row, column)
    }

    /// The grid with the sheet's merged regions, given in sheet
    /// coordinates (0-based (row, column) of the two corners); regions
    /// wholly above or left of the grid's first cell are dropped.
    pub fn with_merges(
        mut self,
        regions: impl IntoIterator<Item = ((u32, u32), (u32, u32))>,
    ) -> Self {
        let (top, left) = (self.first_row - 1, self.first_column);
        self.merges = regions
            .into_iter()
            .filter(|(_, last)| last.0 as usize >= top && last.1 as usize >= left)
            .map(|(first, last)| Merge {
                first: (
                    (first.0 as usize).saturating_sub(top),
                    (first.1 as usize).saturating_sub(left),
                ),
                last: (last.0 as usize - top, last.1 as usize - left),
            })
            .collect();
        self
    }

    /// The merged regions, in grid coordinates.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// The merged region covering row `r`, column `c`, if any.
    pub fn merge_at(&self, r: usize, c: usize) -> Option<Merge> {
        self.merges.iter().find(|m| m.covers(r, c)).copied()
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        match &self.body {
            Body::Rows { rows, .. } => rows.len(),
            Body::Text { height, .. } => *height,
            Body::Fields(fields) => fields.height(),
        }
    }

    /// The number of cells in row `r` (cells past it are empty).
    pub fn width(&self, r: usize) -> usize {
        match &self.body {
            Body::Rows { rows, .. } => rows.get(r).map_or(0, Vec::len),
            Body::Text { columns, .. } => columns.len(),
            Body::Fields(fields) => fields.width(r),
        }
    }

    /// The cell at row `r`, column `c` (0-based within the grid); empty
    /// outside it.
    #[inline]
    pub fn cell(&self, r: usize, c: usize) -> CellRef<'_> {
        match &self.body {
            Body::Rows { rows, texts } => match rows.get(r).and_then(|row| row.get(c)) {
                Some(cell) => cell.to_ref(texts),
                None => CellRef::Empty,
            },
            Body::Text { columns, .. } => columns.get(c).map_or(CellRef::Empty, |col| col.get(r)),
            Body::Fields(fields) => fields.get(r, c).map_or(CellRef::Empty, text_cell),
        }
    }

    /// The cells of row `r`, up to its last one.
    pub fn row(&self, r: usize) -> impl Iterator<Item = CellRef<'_>> + '_ {
        (0..self.width(r)).map(move |c| self.cell(r, c))
    }

    pub fn row_is_empty(&self, r: usize) -> bool {
        self.row(r).all(|c| c.is_empty())
    }

    /// A cell's place as people write it: `file.xlsx!Sheet!E7`, or
    /// `file.csv, row 7, column 5` for CSV files.
    pub fn cell_ref(&self, row_index: usize, column_index: usize) -> String {
        let mut place = String::new();
        self.write_cell_ref(row_index, column_index, &mut place);
        place
    }

    /// [`Grid::cell_ref`], appended to `out`.
    pub fn write_cell_ref(&self, row_index: usize, column_index: usize, out: &mut String) {
        let mut number = itoa::Buffer::new();
        if self.lines.is_some() {
            out.push_str(&self.file);
            out.push_str(", line ");
            out.push_str(number.format(self.row_number(row_index)));
            out.push_str(", field \"");
            out.push_str(&self.cell(0, column_index).shown());
            out.push('"');
            return;
        }
        match self.column_place(column_index) {
            Some(start) => {
                out.push_str(&start);
                out.push_str(number.format(self.row_number(row_index)));
            }
            None => {
                out.push_str(&self.file);
                out.push_str(", row ");
                out.push_str(number.format(self.row_number(row_index)));
                out.push_str(", column ");
                out.push_str(number.format(self.first_column + column_index + 1));
            }
        }
    }

    /// Where the places of a worksheet's column start (`file.xlsx!Sheet!E`,
    /// followed by the row number); `None` for a text file, whose places
    /// name the row first.
    pub fn column_place(&self, column_index: usize) -> Option<String> {
        let sheet = self.sheet.as_ref()?;
        let mut start = format!("{}!{sheet}!", self.file);
        push_column_letters(self.first_column + column_index, &mut start);
        Some(start)
    }

    /// The row number people see (1-based, in the file or sheet) of row
    /// `row_index` of the grid.
    pub fn row_number(&self, row_index: usize) -> usize {
        match &self.lines {
            Some(lines) => match row_index.checked_sub(1) {
                Some(r) => lines.get(r).map_or(0, |l| *l as usize),
                None => 0,
            },
            None => self.first_row + row_index,
        }
    }
}

/// Appends the spreadsheet column letters for a 0-based index: 0 -> A,
/// 26 -> AA.
pub(super) fn push_column_letters(mut index: usize, out: &mut String) {
    // 14 letters cover every usize.
    let mut letters = [0u8; 14];
    let mut start = letters.len();
    loop {
        start -= 1;
        letters[start] = b'A' + (index % 26) as u8;
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.extend(letters[start..].iter().map(|b| char::from(*b)));
}

#[cfg(test)]
mod tests {
    use super::push_column_letters;

    fn column_letters(index: usize) -> String {
        let mut letters = String::new();
        push_column_letters(index, &mut letters);
        letters
    }

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(16383), "XFD");
    }
}
