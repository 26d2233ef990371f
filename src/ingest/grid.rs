//! A sheet's cells as read, with enough provenance to name any cell.
//!
//! Worksheets are kept as rows of owned cells; delimited text as one text
//! buffer per column, so that large exports stay cheap to hold and read.

/// One cell, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date or date-time cell, already converted from the workbook's
    /// 1900 or 1904 date system.
    Date(chrono::NaiveDateTime),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person would read it, for error messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => n.to_string(),
            Cell::Text(t) => t.clone(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One cell, borrowed from a [`Grid`]: what the frame stage reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(chrono::NaiveDateTime),
    Error(&'a str),
}

impl<'a> CellRef<'a> {
    pub fn is_empty(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(t) => t.trim().is_empty(),
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

impl<'a> From<&'a Cell> for CellRef<'a> {
    fn from(cell: &'a Cell) -> Self {
        match cell {
            Cell::Empty => CellRef::Empty,
            Cell::Number(n) => CellRef::Number(*n),
            Cell::Text(t) => CellRef::Text(t),
            Cell::Bool(b) => CellRef::Bool(*b),
            Cell::Date(d) => CellRef::Date(*d),
            Cell::Error(e) => CellRef::Error(e),
        }
    }
}

/// One column of a delimited text file: every field's text in one buffer,
/// so a million-row file costs a few allocations, not millions.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    text: String,
    /// End offset in `text` of each field; an empty field is a blank cell.
    ends: Vec<usize>,
}

impl TextColumn {
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        TextColumn {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Appends the next field (`None` or blank for an empty cell).
    pub fn push(&mut self, field: Option<&str>) {
        if let Some(f) = field.filter(|f| !f.trim().is_empty()) {
            self.text.push_str(f);
        }
        self.ends.push(self.text.len());
    }

    fn get(&self, row: usize) -> CellRef<'_> {
        let Some(&end) = self.ends.get(row) else {
            return CellRef::Empty;
        };
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        if start == end {
            CellRef::Empty
        } else {
            CellRef::Text(&self.text[start..end])
        }
    }
}

#[derive(Debug, Clone)]
enum Body {
    /// A worksheet: rows of cells, each row ending at its last filled cell.
    Rows(Vec<Vec<Cell>>),
    /// A text file: columns of text, all `height` long.
    Text {
        height: usize,
        columns: Vec<TextColumn>,
    },
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
    body: Body,
}

impl Grid {
    /// A worksheet's rows.
    pub fn from_rows(
        file: String,
        sheet: Option<String>,
        first_row: usize,
        first_column: usize,
        rows: Vec<Vec<Cell>>,
    ) -> Self {
        Grid {
            file,
            sheet,
            first_row,
            first_column,
            body: Body::Rows(rows),
        }
    }

    /// A text file's columns, each `height` fields long, starting at row 1.
    pub fn from_text_columns(file: String, height: usize, columns: Vec<TextColumn>) -> Self {
        Grid {
            file,
            sheet: None,
            first_row: 1,
            first_column: 0,
            body: Body::Text { height, columns },
        }
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        match &self.body {
            Body::Rows(rows) => rows.len(),
            Body::Text { height, .. } => *height,
        }
    }

    /// The number of cells in row `r` (cells past it are empty).
    pub fn width(&self, r: usize) -> usize {
        match &self.body {
            Body::Rows(rows) => rows.get(r).map_or(0, Vec::len),
            Body::Text { columns, .. } => columns.len(),
        }
    }

    /// The cell at row `r`, column `c` (0-based within the grid); empty
    /// outside it.
    pub fn cell(&self, r: usize, c: usize) -> CellRef<'_> {
        match &self.body {
            Body::Rows(rows) => rows
                .get(r)
                .and_then(|row| row.get(c))
                .map_or(CellRef::Empty, CellRef::from),
            Body::Text { columns, .. } => columns.get(c).map_or(CellRef::Empty, |col| col.get(r)),
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
        let row = self.first_row + row_index;
        let column = self.first_column + column_index;
        match &self.sheet {
            Some(sheet) => format!("{}!{}!{}{}", self.file, sheet, column_letters(column), row),
            None => format!("{}, row {}, column {}", self.file, row, column + 1),
        }
    }
}

/// Spreadsheet column letters for a 0-based index: 0 -> A, 26 -> AA.
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(16383), "XFD");
    }
}
