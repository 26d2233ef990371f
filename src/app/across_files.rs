//! Files of one folder or archive that say the same thing say it once on
//! the terminal: an hourly export of 2,000 files read the same way is one
//! reading in `linecard check`, and a problem every file has is one message
//! naming the first file and how many more
//! (`export.zip/187520/1.json.gz and 7 more files of export.zip/187520/:
//! ...`). The JSON and the Issues sheet keep every message.

use crate::frame::Reading;
use crate::model::format::{count, plural};
use std::collections::{BTreeSet, HashMap, HashSet};

/// This many files read the same way, or more, print as one reading.
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
    format!(
        "{first} and {} more file{} of {folder}",
        count(more),
        plural(more)
    )
}

/// Groups items by a key (`None`: never grouped), keeping the order of
/// each group's first item: a group `together` words as one (`Some`)
/// prints once, where its first item was; any other item prints as `one`.
fn grouped<T, K: Eq + std::hash::Hash>(
    items: &[T],
    key: impl Fn(&T) -> Option<K>,
    together: impl Fn(&[&T]) -> Option<String>,
    one: impl Fn(&T) -> String,
) -> Vec<String> {
    let keys: Vec<Option<K>> = items.iter().map(&key).collect();
    let mut groups: HashMap<&K, Vec<&T>> = HashMap::new();
    for (item, k) in items.iter().zip(&keys) {
        if let Some(k) = k {
            groups.entry(k).or_default().push(item);
        }
    }
    let mut printed: HashSet<&K> = HashSet::new();
    let mut out = Vec::new();
    for (item, k) in items.iter().zip(&keys) {
        match k.as_ref().and_then(|k| Some((k, together(&groups[k])?))) {
            Some((k, said)) => {
                if printed.insert(k) {
                    out.push(said);
                }
            }
            None => out.push(one(item)),
        }
    }
    out
}

/// Messages starting `path: ` that are the same after it for two or more
/// files of one folder or archive, as one naming how many files.
pub fn messages(messages: &[String]) -> Vec<String> {
    let key = |m: &String| -> Option<(String, String)> {
        let (path, rest) = m.split_once(": ")?;
        (!path.contains(' ')).then_some(())?;
        Some((folder(path)?.to_string(), rest.to_string()))
    };
    let together = |group: &[&String]| {
        let paths: BTreeSet<&str> = group
            .iter()
            .filter_map(|m| Some(m.split_once(": ")?.0))
            .collect();
        let (path, rest) = group[0].split_once(": ")?;
        let more = paths.len().checked_sub(1).filter(|n| *n > 0)?;
        Some(format!(
            "{}: {rest}",
            first_and_more(path, more, folder(path)?)
        ))
    };
    grouped(messages, key, together, String::clone)
}

/// The readings as `linecard check` prints them: three or more files of
/// one folder or archive read the same way (layout and why, sources and
/// what was skipped) print as the first, saying how many more.
pub fn readings(readings: &[Reading]) -> Vec<String> {
    let key = |r: &Reading| {
        let dir = folder(&r.place)?;
        Some((
            dir.to_string(),
            r.layout.as_str(),
            r.why.clone(),
            r.from.clone(),
            r.skipped.clone(),
        ))
    };
    let together = |group: &[&Reading]| {
        (group.len() >= READINGS_FROM).then(|| {
            let mut first = group[0].clone();
            let dir = folder(&first.place).expect("grouped by it");
            let named = first_and_more(&first.place, group.len() - 1, dir);
            first.place = format!("{named} (read the same way)");
            first.to_string()
        })
    };
    grouped(readings, key, together, Reading::to_string)
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
