//! Files of one folder or archive that say the same thing say it once on
//! the terminal: an hourly export of 2,000 files read the same way is one
//! reading in `linecard check`, and a problem every file has is one message
//! naming the first file and how many more
//! (`export.zip/187520/1.json.gz and 7 more files of export.zip/187520/:
//! ...`). The JSON and the Issues sheet keep every message.

use crate::frame::Reading;
use crate::model::format::count;
use std::collections::{BTreeSet, HashMap};

/// More than this many files read the same way print as one reading.
const READINGS_FROM: usize = 3;

/// The folder or archive part of a file's path (`export.zip/187520/`);
/// `None` for a place that is not a whole file (a sheet, `kpis.xlsx,
/// sheet Q1`, or a script's `rules/30.rhai:4:1`).
fn folder(place: &str) -> Option<&str> {
    if place.contains(", sheet ") || place.contains('!') || place.contains(':') {
        return None;
    }
    place.rfind('/').map(|at| &place[..=at])
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
/// files of one folder or archive, as one naming how many files.
pub fn messages(messages: &[String]) -> Vec<String> {
    let split = |m: &String| -> Option<(String, String)> {
        let (path, rest) = m.split_once(": ")?;
        (!path.contains(' ')).then_some(())?;
        Some((folder(path)?.to_string(), rest.to_string()))
    };
    // The files that say each message.
    let mut files: HashMap<(String, String), BTreeSet<&str>> = HashMap::new();
    for m in messages {
        if let (Some(key), Some((path, _))) = (split(m), m.split_once(": ")) {
            files.entry(key).or_default().insert(path);
        }
    }
    let key = |m: &String| split(m).filter(|k| files[k].len() >= 2);
    grouped(messages, key, 1, String::clone, |m, _| {
        let (path, rest) = m.split_once(": ").expect("grouped by it");
        let dir = folder(path).expect("grouped by it");
        let more = files[&split(m).expect("grouped by it")].len() - 1;
        format!("{}: {rest}", first_and_more(path, more, dir))
    })
}

/// The readings as `linecard check` prints them: three or more files of
/// one folder or archive read the same way (layout and why, sources and
/// what was skipped) print as the first, saying how many more.
pub fn readings(readings: &[Reading]) -> Vec<String> {
    let key = |r: &Reading| {
        let dir = folder(&r.place)?;
        let (layout, why) = (r.layout.as_str(), r.why.clone());
        Some((
            dir.to_string(),
            layout,
            why,
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
            m("rules/a.rhai:1:1: bad"),
            m("rules/b.rhai:1:1: bad"),
            m("y/1.csv: twice"),
            m("y/1.csv: twice"),
        ];
        assert_eq!(
            messages(&all),
            vec![
                "x.zip/p/1.json.gz and 2 more files of x.zip/p/: no product line",
                "kpis.csv: bad",
                "x.zip/p/3.json.gz: another",
                "rules/a.rhai:1:1: bad",
                "rules/b.rhai:1:1: bad",
                "y/1.csv: twice",
                "y/1.csv: twice"
            ]
        );
    }
}
