//! Places in the rule scripts: where a call or key was written, and how to
//! point at it with `file:line:column`, the source line and a caret.

use super::ScriptError;
use std::collections::BTreeMap;

/// Where something was written: enough to point at it with a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Place {
    /// `scripts/10-catalogue.rhai:31`, for the "which rule set it" notes.
    pub fn short(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The text of every loaded script, by path.
pub struct Places<'a> {
    pub texts: &'a BTreeMap<String, String>,
}

impl Places<'_> {
    /// An error at `place`, with its source line.
    pub fn error(&self, place: &Place, message: String) -> ScriptError {
        let text = self.texts.get(&place.file).map_or("", |s| s.as_str());
        ScriptError::at(&place.file, text, place.line, place.column, message)
    }

    /// The place of the first `key` written as a map key at or after
    /// `after`, or `after` itself when it cannot be found.
    pub fn locate(&self, after: &Place, key: &str) -> Place {
        let text = self.texts.get(&after.file).map_or("", |s| s.as_str());
        match find_key(text, after.line, after.column, key) {
            Some((line, column)) => Place {
                file: after.file.clone(),
                line,
                column,
            },
            None => after.clone(),
        }
    }

    /// The first line at or after `after`, within the function it is in,
    /// that names `key` as a word (`t.feature_adoption = ...` or
    /// `feature_adoption: ...`); `after` itself when none does.
    pub fn mention(&self, after: &Place, key: &str) -> Place {
        let text = self.texts.get(&after.file).map_or("", |s| s.as_str());
        let is_ident = |c: char| c.is_alphanumeric() || c == '_';
        let lines = text.lines().enumerate().skip(after.line.saturating_sub(1));
        for (i, l) in lines {
            if i + 1 > after.line && l.trim_start().starts_with("fn ") {
                break;
            }
            let code = l.split("//").next().unwrap_or("");
            let found = code.match_indices(key).find(|(at, _)| {
                let before = code[..*at].chars().next_back();
                let next = code[at + key.len()..].chars().next();
                before.is_none_or(|c| !is_ident(c)) && next.is_none_or(|c| !is_ident(c))
            });
            if let Some((at, _)) = found {
                return Place {
                    file: after.file.clone(),
                    line: i + 1,
                    column: l[..at].chars().count() + 1,
                };
            }
        }
        after.clone()
    }

    /// The place of `fn name(` in `file`, for errors about what a hook
    /// returned.
    pub fn function(&self, file: &str, name: &str) -> Place {
        let text = self.texts.get(file).map_or("", |s| s.as_str());
        let needle = format!("fn {name}(");
        text.lines()
            .enumerate()
            .find_map(|(i, l)| {
                l.find(&needle).map(|c| Place {
                    file: file.to_string(),
                    line: i + 1,
                    column: l[..c].chars().count() + 1,
                })
            })
            .unwrap_or(Place {
                file: file.to_string(),
                line: 0,
                column: 0,
            })
    }
}

/// The 1-based line and column of the first `key` (as a map key, followed by
/// `:`) at or after `line:column` in `source`.
fn find_key(source: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column.saturating_sub(1);
    let rest = source.get(start..)?;
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = rest[from..].find(key) {
        let at = from + found;
        let before_ok = rest[..at].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = rest[at + key.len()..].trim_start_matches(['"', ' ', '\t']);
        if before_ok && after.starts_with(':') {
            let absolute = start + at;
            let line_start = source[..absolute].rfind('\n').map_or(0, |i| i + 1);
            let line_no = source[..absolute].matches('\n').count() + 1;
            let mut column = source[line_start..absolute].chars().count() + 1;
            if source[..absolute].ends_with('"') {
                column -= 1;
            }
            return Some((line_no, column));
        }
        from = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_key;

    #[test]
    fn finds_the_key_after_the_call() {
        let source = "metric(\"a\", #{ target: 1 });\nmetric(\"nps\", #{\n  owner: \"pm\",\n  \"tagret\": 30,\n});";
        assert_eq!(find_key(source, 2, 1, "owner"), Some((3, 3)));
        assert_eq!(find_key(source, 2, 1, "tagret"), Some((4, 3)));
        assert_eq!(find_key(source, 1, 1, "target"), Some((1, 16)));
    }
}
