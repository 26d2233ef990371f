//! Files of one folder or archive that say the same thing say it once on
//! the terminal: an hourly export of 2,000 files read the same way is one
//! reading in `linecard check`, and a problem every file has is one message
//! naming the first file and how many more
//! (`export.zip/187520/1.json.gz and 7 more files of export.zip/187520/:
//! ...`). The JSON and the Issues sheet keep every message.

use crate::frame::Reading;
use crate::model::format::count;
use std::collections::HashMap;

/// More than this many files read the same way print as one reading.
const READINGS_FROM: usize = 3;

/// The folder or archive part of a place (`export.zip/187520/`), if any.
fn folder(place: &str) -> Option<&str> {
    let file = place.split('!').next().unwrap_or(place);
    file.rfind('/').map(|at| &file[..=at])
}

/// `first and 7 more files of export.zip/187520/`.
fn first_and_more(first: &str, more: usize, folder: &str) -> String {
    let files = match more {
        1 => "file".to_string(),
        _ => "files".to_string(),
    };
    format!("{first} and {} more {files} of {folder}", count(more))
}

/// Groups items by a key (None: never grouped), keeping the order of each
/// group's first item; a group smaller than `from` stays as its items.
fn grouped<T, K: Eq + std::hash::Hash>(
    items: &[T],
    key: impl Fn(&T) -> Option<K>,
    from: usize,
    mut one: impl FnMut(&T) -> String,
    mut many: impl FnMut(&T, usize) -> String,
) -> Vec<String> {
    let keys: Vec<Option<K>> = items.iter().map(&key).collect();
    let mut sizes: HashMap<&K, usize> = HashMap::new();
    for k in keys.iter().flatten() {
        *sizes.entry(k).or_default() += 1;
    }
    let mut printed: HashMap<&K, ()> = HashMap::new();
    let mut out = Vec::new();
    for (item, k) in items.iter().zip(&keys) {
        match k.as_ref().map(|k| (k, sizes[k])) {
            Some((k, n)) if n >= from => {
                if printed.insert(k, ()).is_none() {
                    out.push(many(item, n - 1));
                }
            }
            _ => out.push(one(item)),
        }
    }
    out
}

/// Messages starting `path: ` that are the same after it for two or more
/// files of one folder or archive, as one.
pub fn messages(messages: &[String]) -> Vec<String> {
    let split = |m: &String| -> Option<(String, String)> {
        let (path, rest) = m.split_once(": ")?;
        (!path.contains(' ')).then_some(())?;
        Some((folder(path)?.to_string(), rest.to_string()))
    };
    grouped(messages, split, 2, String::clone, |m, more| {
        let (path, rest) = m.split_once(": ").expect("grouped by it");
        let dir = folder(path).expect("grouped by it");
        format!("{}: {rest}", first_and_more(path, more, dir))
    })
}

/// The readings as `linecard check` prints them: three or more files of
/// one folder or archive read the same way (layout, sources and what was
/// skipped) print as the first, saying how many more.
pub fn readings(readings: &[Reading]) -> Vec<String> {
    let key = |r: &Reading| {
        let dir = folder(&r.place)?;
        Some((
            dir.to_string(),
            r.layout.as_str(),
            r.from.clone(),
            r.skipped.clone(),
        ))
    };
    grouped(
        readings,
        key,
        READINGS_FROM,
        Reading::to_string,
        |r, more| {
            let dir = folder(&r.place).expect("grouped by it");
            let mut first = r.clone();
            first.place = format!(
                "{} (read the same way)",
                first_and_more(&r.place, more, dir)
            );
            first.to_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_message_from_files_of_one_archive_prints_once() {
        let m = |s: &str| s.to_string();
        let all = [
            m("x.zip/p/1.json.gz: no product line"),
            m("kpis.csv: bad"),
            m("x.zip/p/2.json.gz: no product line"),
            m("x.zip/p/3.json.gz: no product line"),
            m("x.zip/p/3.json.gz: another"),
        ];
        assert_eq!(
            messages(&all),
            vec![
                "x.zip/p/1.json.gz and 2 more files of x.zip/p/: no product line",
                "kpis.csv: bad",
                "x.zip/p/3.json.gz: another"
            ]
        );
    }
}
