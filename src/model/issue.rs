//! Problems found in the inputs or rules that do not stop a run: they are
//! listed in the report's Issues sheet and the JSON `issues` array.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Where in the inputs something is: a file, and inside it optionally a sheet,
/// a 1-based row and a column header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub row: Option<usize>,
    pub column: Option<String>,
}

impl fmt::Display for Location {
    /// `inbox/kpis.xlsx, sheet KPIs, row 12, column "NPS"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet {sheet}"));
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            parts.push(format!("column \"{column}\""));
        }
        f.write_str(&parts.join(", "))
    }
}

/// One problem worth telling the user about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataIssue {
    pub severity: Severity,
    pub message: String,
    #[serde(flatten)]
    pub location: Location,
}

impl DataIssue {
    pub fn warning(message: impl Into<String>, location: Location) -> Self {
        DataIssue {
            severity: Severity::Warning,
            message: message.into(),
            location,
        }
    }
}

impl fmt::Display for DataIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.location.to_string();
        if location.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{location}: {}", self.message)
        }
    }
}
