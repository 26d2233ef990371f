//! Product line names, each stored once. Observations hold a small
//! [`LineId`]; the names are hashed once per row rather than copied per
//! value, and sorted once rather than compared per value.

/// A product line, as an index into [`Lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineId(u32);

/// Every line name read so far, in the order first read.
#[derive(Debug, Default)]
pub struct Lines {
    names: Vec<String>,
    ids: foldhash::HashMap<String, LineId>,
}

impl Lines {
    /// The id of `name`, added if new.
    pub fn intern(&mut self, name: &str) -> LineId {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = LineId::from_index(self.names.len());
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    /// The id of `name`, if it has been read.
    pub fn get(&self, name: &str) -> Option<LineId> {
        self.ids.get(name).copied()
    }

    /// Every name, in id order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// How many names there are (every id is below it).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn name(&self, id: LineId) -> &str {
        &self.names[id.0 as usize]
    }

    /// Names that differ only in capitals ("Atlas Analytics", "Atlas
    /// analytics") or in characters that cannot be seen (a zero-width
    /// space, a no-break space for a space, a stray byte-order mark), each
    /// group in name order: likely one line written two ways.
    pub fn look_alikes(&self) -> Vec<LookAlike<'_>> {
        let mut by_key: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
        for name in &self.names {
            by_key.entry(seen_as(name)).or_default().push(name);
        }
        by_key
            .into_values()
            .filter(|names| names.len() > 1)
            .map(|mut names| {
                names.sort_unstable();
                let mut hidden: Vec<char> = names
                    .iter()
                    .flat_map(|n| n.chars())
                    .filter(|c| unseen(*c).is_some())
                    .collect();
                hidden.sort_unstable();
                hidden.dedup();
                LookAlike { names, hidden }
            })
            .collect()
    }

    /// Each line's rank in name order, indexed by id.
    pub fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|a, b| self.names[*a as usize].cmp(&self.names[*b as usize]));
        let mut ranks = vec![0; order.len()];
        for (rank, id) in (0..).zip(order) {
            ranks[id as usize] = rank;
        }
        ranks
    }
}

/// Names that look the same, and the unseen characters that tell them
/// apart (none when they differ only in capitals).
#[derive(Debug, PartialEq)]
pub struct LookAlike<'a> {
    pub names: Vec<&'a str>,
    pub hidden: Vec<char>,
}

/// A name as a reader sees it: in small letters, with unseen spaces as
/// spaces and zero-width characters left out.
fn seen_as(name: &str) -> String {
    name.chars()
        .filter_map(|c| match unseen(c) {
            Some((_, true)) => Some(' '),
            Some((_, false)) => None,
            None => Some(c),
        })
        .collect::<String>()
        .to_lowercase()
}

/// What an unseen character is called, and whether it shows as a space
/// (else it shows as nothing); `None` for a character that can be seen.
pub fn unseen(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        '\u{a0}' => ("a no-break space", true),
        '\u{2007}' => ("a figure space", true),
        '\u{202f}' => ("a narrow no-break space", true),
        '\u{ad}' => ("a soft hyphen", false),
        '\u{200b}' => ("a zero-width space", false),
        '\u{200c}' => ("a zero-width non-joiner", false),
        '\u{200d}' => ("a zero-width joiner", false),
        '\u{2060}' => ("a word joiner", false),
        '\u{feff}' => ("a byte-order mark", false),
        _ => return None,
    })
}

/// The name with each unseen character shown as its code (`Atlas<U+200B>`).
pub fn shown(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match unseen(c) {
            Some(_) => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            None => out.push(c),
        }
    }
    out
}

impl LineId {
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id at `index`, as [`LineId::index`] gave it.
    pub fn from_index(index: usize) -> Self {
        LineId(u32::try_from(index).expect("fewer than 2^32 lines"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stored_once_and_ranked_by_name() {
        let mut lines = Lines::default();
        let beacon = lines.intern("Beacon");
        let atlas = lines.intern("Atlas");
        assert_eq!(lines.intern("Beacon"), beacon);
        assert_eq!(lines.name(atlas), "Atlas");
        assert_eq!(lines.ranks(), [1, 0]);
    }

    #[test]
    fn names_differing_only_in_capitals_are_found() {
        let mut lines = Lines::default();
        for name in [
            "Atlas analytics",
            "Beacon",
            "Atlas Analytics",
            "ATLAS ANALYTICS",
        ] {
            lines.intern(name);
        }
        assert_eq!(
            lines.look_alikes(),
            [LookAlike {
                names: vec!["ATLAS ANALYTICS", "Atlas Analytics", "Atlas analytics"],
                hidden: vec![]
            }]
        );
    }

    #[test]
    fn names_differing_only_in_unseen_characters_are_found() {
        let mut lines = Lines::default();
        for name in [
            "Atlas Analytics",
            "Atlas\u{a0}Analytics",
            "Atlas Analytics\u{200b}",
            "\u{feff}Beacon",
            "Beacon",
            "Compass",
        ] {
            lines.intern(name);
        }
        assert_eq!(
            lines.look_alikes(),
            [
                LookAlike {
                    names: vec![
                        "Atlas Analytics",
                        "Atlas Analytics\u{200b}",
                        "Atlas\u{a0}Analytics"
                    ],
                    hidden: vec!['\u{a0}', '\u{200b}']
                },
                LookAlike {
                    names: vec!["Beacon", "\u{feff}Beacon"],
                    hidden: vec!['\u{feff}']
                }
            ]
        );
        assert_eq!(shown("Atlas Analytics\u{200b}"), "Atlas Analytics<U+200B>");
    }
}
