//! Quotes simple enough to index in place: a delimited text whose every
//! quote opens a field (at the text's start, after the delimiter or a line
//! break) or closes the one it opened (just before the delimiter, a line
//! break or the text's end), with no quote, `\r` or `\n` inside. Spend and
//! CRM exports quote this way the names that hold a comma
//! (`"Brand | Atlas, US"`), and such a text is indexed where it lies
//! ([`super::fields::Fields::index`]) with the quotes dropped as a field is
//! read. Anything else (a doubled quote, a quoted line break, a quote
//! inside an unquoted value, a quote never closed) is left to the csv
//! crate, which reads it the same way and says where a quote is unclosed.

use super::csv_shape::starts_field;

/// The quoted fields of `text`, each as the places of its opening and
/// closing quote, in order; `None` when a quote is not simple (above).
pub(super) fn spans(text: &[u8], delimiter: u8) -> Option<Vec<(u32, u32)>> {
    let ends_field = |at: usize| {
        text.get(at)
            .is_none_or(|b| *b == delimiter || *b == b'\n' || *b == b'\r')
    };
    let mut spans = Vec::new();
    let mut quotes = memchr::memchr_iter(b'"', text);
    while let Some(open) = quotes.next() {
        let close = quotes.next()?;
        let inside = &text[open + 1..close];
        // Only `\n` breaks a line here: every `\r` comes before one.
        if !starts_field(text, open, delimiter, b"\n")
            || !ends_field(close + 1)
            || memchr::memchr2(b'\n', b'\r', inside).is_some()
        {
            return None;
        }
        spans.push((u32::try_from(open).ok()?, u32::try_from(close).ok()?));
    }
    Some(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_around_whole_fields_are_simple() {
        let text = b"Campaign,Spend\n\"Brand | Atlas, US\",12\nplain,\"4\"\r\n\"\",7\n\"last\"";
        let spans = spans(text, b',').unwrap();
        let quoted: Vec<&[u8]> = spans
            .iter()
            .map(|(open, close)| &text[*open as usize + 1..*close as usize])
            .collect();
        assert_eq!(quoted, [&b"Brand | Atlas, US"[..], b"4", b"", b"last"]);
        assert_eq!(super::spans(b"a,b\n", b','), Some(vec![]));
    }

    #[test]
    fn any_other_quote_is_left_to_the_csv_crate() {
        for text in [
            &b"a,\"say \"\"hi\"\"\"\n"[..], // a doubled quote
            b"a,\"two\nlines\"\n",          // a quoted line break
            b"a,\"cr\rinside\"\n",          // a carriage return inside
            b"a,5\" screen\n",              // a quote inside an unquoted value
            b"a,\"4,000\n",                 // never closed
            b"a,\"x\"y\n",                  // text after the closing quote
            b"a, \"x\"\n",                  // a space before the opening quote
        ] {
            assert_eq!(spans(text, b','), None, "{}", String::from_utf8_lossy(text));
        }
    }
}
