//! The rules' `layout(...)` declarations, as the frame stage uses them: for
//! the files (and sheets) a pattern matches, which row is the header, which
//! layout to read, and where the product line and the period are. The
//! rules stage checks and builds them; the layouts honour them.

use super::layout::{Shape, declared};
use crate::ingest::Grid;

/// The layout a `layout(..., #{ shape: ... })` declaration asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForcedShape {
    Wide,
    Long,
    Responses,
    /// KPIs down the rows, periods across the columns (also `periods: "across"`).
    Across,
}

impl ForcedShape {
    /// The word a script writes: `wide`, `long`, `responses`, `across`.
    pub const WORDS: [&'static str; 4] = ["wide", "long", "responses", "across"];

    pub fn from_word(word: &str) -> Option<Self> {
        Some(match word {
            "wide" => ForcedShape::Wide,
            "long" => ForcedShape::Long,
            "responses" => ForcedShape::Responses,
            "across" => ForcedShape::Across,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::WORDS[self as usize]
    }
}

/// Where a declaration says the product line or the period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// A column of the table (the default for wide, long and responses).
    Column,
    /// The sheet's name (one tab per line, or per quarter).
    Sheet,
    /// The file's name.
    File,
    /// A title line above the table (period only).
    Title,
    /// A section row: a line name alone above its KPIs (line only).
    Section,
    /// A key-value block above the table (`Product line | Atlas`).
    Block,
}

impl Outside {
    /// The words `line:` takes.
    pub const LINE_WORDS: [&'static str; 5] = ["column", "sheet", "file", "section", "block"];
    /// The words `period:` takes.
    pub const PERIOD_WORDS: [&'static str; 5] = ["column", "sheet", "file", "title", "block"];

    /// The word a declaration writes for it.
    pub fn word(self) -> &'static str {
        match self {
            Outside::Column => "column",
            Outside::Sheet => "sheet",
            Outside::File => "file",
            Outside::Title => "title",
            Outside::Section => "section",
            Outside::Block => "block",
        }
    }

    pub fn from_word(word: &str) -> Option<Self> {
        Some(match word {
            "column" => Outside::Column,
            "sheet" => Outside::Sheet,
            "file" => Outside::File,
            "title" => Outside::Title,
            "section" => Outside::Section,
            "block" => Outside::Block,
            _ => return None,
        })
    }
}

/// One `layout("Product KPIs*.xlsx", #{ ... })` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutOverride {
    /// The file name pattern (`*` any text, `?` one character); matched
    /// against the file's name, or its whole path when it holds a `/`.
    pub file: String,
    /// `sheet: "Q*"`: only the sheets whose name matches.
    pub sheet: Option<String>,
    /// `header_row: 3`: the header is this row (1-based, as the sheet shows).
    pub header_row: Option<usize>,
    /// `shape: "wide"` and so on; `periods: "across"` is `Across`.
    pub shape: Option<ForcedShape>,
    /// `line: "sheet"`: where the product line is.
    pub line: Option<Outside>,
    /// `period: "file"`: where the period is.
    pub period: Option<Outside>,
    /// The declaration's place in its script, `scripts/layout.rhai:3:1`.
    pub declared_at: String,
}

impl LayoutOverride {
    /// Whether this declaration is about `grid`.
    pub fn matches(&self, grid: &Grid) -> bool {
        let name = match self.file.contains('/') {
            true => grid.file.as_str(),
            false => grid.file.rsplit(['/', '\\']).next().unwrap_or(&grid.file),
        };
        if !glob_match(&self.file, name) {
            return false;
        }
        match (&self.sheet, &grid.sheet) {
            (None, _) => true,
            (Some(pattern), Some(sheet)) => glob_match(pattern, sheet),
            (Some(_), None) => false,
        }
    }

    /// Whether it asks for KPIs down the rows and periods across the columns.
    pub fn across(&self) -> bool {
        self.shape == Some(ForcedShape::Across)
    }

    /// The keys of this declaration that the layout a grid was read in
    /// does not follow, said as a warning so that a declaration is never
    /// silently ignored: wide and long tables follow `line:` (but for
    /// `"section"`, a periods-across word) and `period:`; the
    /// periods-across layout follows `line:` (its periods are its column
    /// headers); survey responses follow neither.
    pub fn unused(&self, shape: Shape) -> Option<String> {
        let (line, period) = match shape {
            Shape::Wide | Shape::Long => (self.line.filter(|l| !declared::follows_line(*l)), None),
            Shape::Across => (None, self.period),
            Shape::Responses => (self.line, self.period),
        };
        let mut keys: Vec<String> = Vec::new();
        if let Some(line) = line {
            keys.push(format!("line: \"{}\"", line.word()));
        }
        if let Some(period) = period {
            keys.push(format!("period: \"{}\"", period.word()));
        }
        (!keys.is_empty()).then(|| {
            format!(
                "the layout(...) declared at {} sets {}, which this layout does not follow yet: the product line and period were found as `linecard check` shows",
                self.declared_at,
                keys.join(" and ")
            )
        })
    }
}

/// Whether `text` matches `pattern`: `*` stands for any text, `?` for one
/// character, anything else for itself, letters in either case.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // The classic two-pointer match with one backtrack point per `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn patterns_match_as_shells_do_without_case() {
        assert!(glob_match(
            "Product KPIs*.xlsx",
            "Product KPIs Q4 2025.xlsx"
        ));
        assert!(glob_match("product kpis*.XLSX", "Product KPIs.xlsx"));
        assert!(glob_match("Q?", "Q3"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("Q?", "Q10"));
        assert!(!glob_match("*.csv", "kpis.xlsx"));
        assert!(glob_match("a*b*c", "aXbYbZc"));
    }
}
