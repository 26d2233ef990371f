//! Worksheet names that Excel and LibreOffice accept for any product line
//! name: at most 31 characters, none of `[ ] : * ? / \`, no leading or
//! trailing apostrophe, not blank, and unique without regard to letter case.
//! Control characters and the noncharacters U+FFFE and U+FFFF, which XML
//! forbids, become `-` like the characters Excel forbids. Formulas and links
//! name a line's sheet only by the name handed out here.

use std::collections::HashSet;

pub const MAX_LEN: usize = 31;

/// Hands out valid, distinct sheet names.
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    /// Reserves fixed names such as "Summary" so no line takes them.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// A valid name for `wanted`, made distinct with " (2)", " (3)"... when
    /// its cleaned, shortened form is taken.
    pub fn assign(&mut self, wanted: &str) -> String {
        let cleaned: String = wanted
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')
                    || c.is_control()
                    || super::cell_text::forbidden(c)
                {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = cleaned.trim().trim_matches('\'').trim().to_string();
        let base = if cleaned.is_empty() {
            "Line".to_string()
        } else {
            cleaned
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = MAX_LEN - suffix.chars().count();
            let stem: String = base.chars().take(room).collect();
            let candidate = format!("{}{suffix}", stem.trim_end().trim_end_matches('\''));
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_shortens_and_separates_names() {
        let mut names = SheetNames::default();
        names.reserve("Summary");
        assert_eq!(names.assign("summary"), "summary (2)");
        assert_eq!(
            names.assign("EMEA/APAC: Payments [beta]?"),
            "EMEA-APAC- Payments -beta--"
        );
        let long = "A very long product line name that goes on";
        let first = names.assign(long);
        let second = names.assign(&format!("{long} and on"));
        assert_eq!(first, "A very long product line name t");
        assert_eq!(second, "A very long product line na (2)");
        assert!(first.chars().count() <= MAX_LEN && second.chars().count() <= MAX_LEN);
        assert_eq!(names.assign("'quoted'"), "quoted");
        assert_eq!(names.assign("  "), "Line");
        assert_eq!(
            names.assign("At\u{1}las\u{1b} X\u{fffe}\u{ffff}"),
            "At-las- X--"
        );
    }
}
