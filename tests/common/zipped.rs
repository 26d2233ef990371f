//! Workbooks taken apart and put back together, for tests that damage or
//! edit one part of a real file.

use std::io::{Read, Write};

/// Every part of a zip, inflated, in order.
pub fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            part.read_to_end(&mut content).unwrap();
            (part.name().unwrap().to_string(), content)
        })
        .collect()
}

/// A zip of `parts`, in order, with good checksums.
pub fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The zip `bytes` with the first `old` in the part `part` replaced by
/// `new` (the part must hold `old`), or the part left out when `new` is
/// `None`.
pub fn with_part_edited(bytes: &[u8], part: &str, old: &str, new: Option<&str>) -> Vec<u8> {
    let mut all = parts(bytes);
    let i = all
        .iter()
        .position(|(name, _)| name == part)
        .unwrap_or_else(|| panic!("no part {part}"));
    match new {
        None => {
            all.remove(i);
        }
        Some(new) => {
            let text = String::from_utf8(std::mem::take(&mut all[i].1)).unwrap();
            assert!(text.contains(old), "{part} lacks {old}");
            all[i].1 = text.replacen(old, new, 1).into_bytes();
        }
    }
    zipped(&all)
}
