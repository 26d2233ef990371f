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

    /// Every name, in id order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    pub fn name(&self, id: LineId) -> &str {
        &self.names[id.0 as usize]
    }

    /// Names that differ only in capitals ("Atlas Analytics", "Atlas
    /// analytics"), each group in name order: likely one line written two
    /// ways.
    pub fn look_alikes(&self) -> Vec<Vec<&str>> {
        let mut by_key: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
        for name in &self.names {
            by_key.entry(name.to_lowercase()).or_default().push(name);
        }
        by_key
            .into_values()
            .filter(|names| names.len() > 1)
            .map(|mut names| {
                names.sort_unstable();
                names
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
            [vec![
                "ATLAS ANALYTICS",
                "Atlas Analytics",
                "Atlas analytics"
            ]]
        );
    }
}
