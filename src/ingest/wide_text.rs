//! Text saved two or four bytes a character (UTF-16 or UTF-32) with no
//! byte-order mark to say so. Every ASCII character of such a file is
//! followed (or preceded) by zero bytes, which are valid UTF-8: read as
//! UTF-8 the file would be one strange column and "no header row". The
//! zero bytes are found here instead, and the error names the encoding and
//! what to do. UTF-32 is named even with its byte-order mark, which a UTF-16
//! reader would take for its own.

/// A wide encoding, told by where the zero bytes fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    /// What it is, as the error says it.
    pub fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le => "UTF-16 (little-endian) without a byte-order mark",
            Wide::Utf16Be => "UTF-16 (big-endian) without a byte-order mark",
            Wide::Utf32Le => "UTF-32 (little-endian)",
            Wide::Utf32Be => "UTF-32 (big-endian)",
        }
    }

    /// What to do about it.
    pub fn advice(self) -> &'static str {
        match self {
            Wide::Utf16Le => {
                "pass --encoding utf-16le, or save it from your spreadsheet as \"CSV UTF-8\""
            }
            Wide::Utf16Be => {
                "pass --encoding utf-16be, or save it from your spreadsheet as \"CSV UTF-8\""
            }
            Wide::Utf32Le | Wide::Utf32Be => {
                "linecard does not read UTF-32: save it from your spreadsheet as \"CSV UTF-8\""
            }
        }
    }
}

/// How many bytes of the start are looked at.
const SAMPLE: usize = 4096;

/// The wide encoding the start of `bytes` is in, if it is one: UTF-32 by
/// its byte-order mark or by three zero bytes in every four, UTF-16
/// without a byte-order mark by a zero in most of its odd (or even) bytes
/// and none in the others.
pub fn detect(bytes: &[u8]) -> Option<Wide> {
    if bytes.starts_with(b"\xFF\xFE\0\0") {
        return Some(Wide::Utf32Le);
    }
    if bytes.starts_with(b"\0\0\xFE\xFF") {
        return Some(Wide::Utf32Be);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    // Zero bytes at each position modulo 4.
    let mut zeros = [0usize; 4];
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            zeros[i % 4] += 1;
        }
    }
    let per_slot = sample.len() / 4;
    let most = |n: usize| n * 10 >= per_slot * 8;
    let none = |n: usize| n * 100 <= per_slot;
    match zeros {
        [a, b, c, d] if none(a) && most(b) && most(c) && most(d) => Some(Wide::Utf32Le),
        [a, b, c, d] if most(a) && most(b) && most(c) && none(d) => Some(Wide::Utf32Be),
        [a, b, c, d] if none(a) && none(c) && most(b) && most(d) => Some(Wide::Utf16Le),
        [a, b, c, d] if most(a) && most(c) && none(b) && none(d) => Some(Wide::Utf16Be),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    fn utf32(text: &str, big: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                let c = u32::from(c);
                if big {
                    c.to_be_bytes()
                } else {
                    c.to_le_bytes()
                }
            })
            .collect()
    }

    const TEXT: &str = "product_line,period,nps\nAtlas Analytics,2025-Q1,31\nBéla,2025-Q1,40\n";

    #[test]
    fn finds_wide_text_without_a_byte_order_mark() {
        assert_eq!(detect(&utf16(TEXT, false)), Some(Wide::Utf16Le));
        assert_eq!(detect(&utf16(TEXT, true)), Some(Wide::Utf16Be));
        assert_eq!(detect(&utf32(TEXT, false)), Some(Wide::Utf32Le));
        assert_eq!(detect(&utf32(TEXT, true)), Some(Wide::Utf32Be));
    }

    #[test]
    fn names_utf32_by_its_byte_order_mark_and_leaves_utf16_with_one_alone() {
        assert_eq!(detect(&utf32("\u{feff}a,b", false)), Some(Wide::Utf32Le));
        assert_eq!(detect(&utf32("\u{feff}a,b", true)), Some(Wide::Utf32Be));
        assert_eq!(detect(&utf16("\u{feff}a,b\n1,2\n", false)), None);
        assert_eq!(detect(&utf16("\u{feff}a,b\n1,2\n", true)), None);
    }

    #[test]
    fn leaves_utf8_and_a_stray_zero_byte_alone() {
        assert_eq!(detect(TEXT.as_bytes()), None);
        assert_eq!(detect(b"a,b\n1,\0\n2,3\n4,5\n"), None);
        assert_eq!(detect(b""), None);
    }
}
