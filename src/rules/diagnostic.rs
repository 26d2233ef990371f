//! Script errors as people read them: `file:line:column: message`, then the
//! source line with a caret under the place.

use std::fmt;

/// An error at a place in a rule script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub file: String,
    /// 1-based; 0 when the error has no position.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The text of `line` in the script, when known.
    pub source_line: Option<String>,
}

impl ScriptError {
    /// An error at `line:column` of `file`, whose text is `source`.
    pub fn at(
        file: &str,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = (line > 0)
            .then(|| source.lines().nth(line - 1).map(str::to_string))
            .flatten();
        ScriptError {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            source_line,
        }
    }
}

impl std::error::Error for ScriptError {}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: {}", self.file, self.message);
        }
        write!(
            f,
            "{}:{}:{}: {}",
            self.file,
            self.line,
            self.column.max(1),
            self.message
        )?;
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_at: String = text
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{number} | {text}\n{pad} | {caret_at}^")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_line_and_a_caret() {
        let source = "let a = 1;\n    metric(\"nps\", #{ tagret: 3 });\n";
        let e = ScriptError::at("scripts/k.rhai", source, 2, 23, "unknown key");
        assert_eq!(
            e.to_string(),
            "scripts/k.rhai:2:23: unknown key\n  |\n2 |     metric(\"nps\", #{ tagret: 3 });\n  |                       ^"
        );
    }
}
