//! A sheet's cells as read, with enough provenance to name any cell.

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

/// A rectangular block of cells from one CSV file or one worksheet.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as the user named it.
    pub file: String,
    /// The worksheet name; `None` for CSV files.
    pub sheet: Option<String>,
    /// 1-based row number (in the file or sheet) of `rows[0]`.
    pub first_row: usize,
    /// 0-based column index (A = 0) of the first cell of each row.
    pub first_column: usize,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
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
