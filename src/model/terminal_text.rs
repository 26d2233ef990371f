//! Text from the user's files made safe for a terminal. A line name, a
//! value or a note can hold control characters (ESC, BEL, a carriage
//! return) that would retitle, recolour or clear the terminal if printed
//! raw, and a bad value can be a megabyte long. Everything linecard prints
//! for people — the summary table, `check`, `explain`, `diff` and every
//! message on standard error — goes through [`for_terminal`]; the exports
//! written to standard output (`--json -`, `--csv -`) keep the data exact.

use super::Unit;
use super::format::show;
use std::borrow::Cow;

/// A quoted value longer than this many characters is shortened. It is
/// well above the length of any phrase of linecard's own, so a message that
/// quotes a lone quote mark (`the quote opening "4,000 is never closed`)
/// is not cut between its quote marks.
pub const MAX_QUOTED_CHARS: usize = 200;

/// How many characters of a shortened value are kept.
const KEPT_CHARS: usize = 60;

/// Whether `c` would act on the terminal rather than print: the C0 and C1
/// control characters and DEL, other than a line feed or a tab.
fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Control characters written out visibly (`\x1b`, `\r`, `\u{9b}`), so the
/// text reads the same and does nothing to the terminal.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A message or table as it may be printed: control characters escaped
/// and, outside the source excerpts under a rule error (`2 | let n = …`),
/// every quoted value past [`MAX_QUOTED_CHARS`] characters shortened to its
/// start, an ellipsis and its length: `"aaaa…" (1,000,000 characters)`.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let escaped = escape_controls(text);
    if !escaped.contains('"') || escaped.len() <= MAX_QUOTED_CHARS {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len().min(4096));
    for (i, line) in escaped.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if is_excerpt(line) {
            out.push_str(line);
        } else {
            shorten_quoted(line, &mut out);
        }
    }
    if out == *escaped {
        escaped
    } else {
        Cow::Owned(out)
    }
}

/// A name as a table cell shows it: control characters escaped and, past
/// [`MAX_QUOTED_CHARS`] characters, its start, an ellipsis and its length.
pub fn short_name(name: &str) -> Cow<'_, str> {
    let escaped = escape_controls(name);
    let chars = escaped.chars().count();
    if chars <= MAX_QUOTED_CHARS {
        return escaped;
    }
    let start: String = escaped.chars().take(KEPT_CHARS).collect();
    Cow::Owned(format!(
        "{start}… ({} characters)",
        show(chars as f64, Unit::Count)
    ))
}

/// A line of the excerpt under a rule error: `12 | text` or `   | ^`.
fn is_excerpt(line: &str) -> bool {
    let rest = line
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    rest.starts_with(" |") || rest.starts_with('|')
}

/// Copies `line` to `out`, each `"…"` span longer than the limit cut.
fn shorten_quoted(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find('"') else {
            break;
        };
        let inner = &rest[..close];
        let chars = inner.chars().count();
        if chars > MAX_QUOTED_CHARS {
            out.extend(inner.chars().take(KEPT_CHARS));
            out.push_str("…\" (");
            out.push_str(&show(chars as f64, Unit::Count));
            out.push_str(" characters)");
        } else {
            out.push_str(inner);
            out.push('"');
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_out() {
        assert_eq!(
            escape_controls("Atlas\u{1b}]0;owned\u{7}\r\u{9b}2J"),
            "Atlas\\x1b]0;owned\\x07\\r\\u{9b}2J"
        );
        assert!(matches!(escape_controls("Atlas\tÉté\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_quoted_value_is_cut_with_its_length() {
        let value = "9".repeat(1_000_000);
        let message = format!("kpis.csv!B2: \"{value}\" is not a number");
        assert_eq!(
            for_terminal(&message),
            format!(
                "kpis.csv!B2: \"{}…\" (1,000,000 characters) is not a number",
                "9".repeat(60)
            )
        );
        let short = format!("kpis.csv!B2: \"{}\" is not a number", "9".repeat(200));
        assert_eq!(for_terminal(&short), short);
    }

    #[test]
    fn a_long_name_in_a_table_is_cut_with_its_length() {
        assert_eq!(short_name("Atlas\u{7}"), "Atlas\\x07");
        assert_eq!(
            short_name(&"A".repeat(5_000)),
            format!("{}… (5,000 characters)", "A".repeat(60))
        );
    }

    #[test]
    fn a_rule_excerpt_keeps_its_text_so_the_caret_still_points() {
        let long = "x".repeat(100);
        let message = format!("rules/a.rhai:1:5: bad\n  |\n1 | let s = \"{long}\";\n  |     ^");
        assert_eq!(for_terminal(&message), message);
    }
}
