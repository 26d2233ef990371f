//! What a column's texts were read as, remembered per distinct text, so
//! that a text written on many records (a close date or a stage on
//! thousands of deals) is read once. The memo stops remembering when it is
//! full, and stops looking when the texts rarely repeat (ids, times to the
//! second), so a column of distinct texts costs little more than reading
//! each once.

use crate::ingest::CellRef;
use foldhash::HashMap;

/// The most texts a column's memo remembers.
const TEXTS: usize = 1 << 14;

/// The readings of the texts of one column seen so far.
pub struct Memo<'a, T> {
    read: HashMap<&'a str, T>,
    hits: usize,
    looking: bool,
}

impl<T> Default for Memo<'_, T> {
    fn default() -> Self {
        Memo {
            read: HashMap::default(),
            hits: 0,
            looking: true,
        }
    }
}

impl<'a, T: Clone> Memo<'a, T> {
    /// `cell` read by `read`, unless it is a text read before. A cell
    /// `read` refuses is read again each time it comes (its problem is
    /// counted each time).
    pub fn read<E>(
        &mut self,
        cell: CellRef<'a>,
        read: impl FnOnce(CellRef<'a>) -> Result<T, E>,
    ) -> Result<T, E> {
        let CellRef::Text(text) = cell else {
            return read(cell);
        };
        if !self.looking {
            return read(cell);
        }
        if let Some(known) = self.read.get(text) {
            self.hits += 1;
            return Ok(known.clone());
        }
        let value = read(cell)?;
        if self.read.len() < TEXTS {
            self.read.insert(text, value.clone());
        } else if self.hits < TEXTS {
            // Full after fewer repeats than texts: most texts are new.
            self.looking = false;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_text_is_read_once_and_a_refused_one_each_time() {
        let calls = Cell::new(0);
        let mut memo: Memo<usize> = Memo::default();
        let read = |cell: CellRef| {
            calls.set(calls.get() + 1);
            match cell {
                CellRef::Text("bad") => Err(()),
                CellRef::Text(t) => Ok(t.len()),
                _ => Ok(0),
            }
        };
        for text in ["2025-01-01", "bad", "2025-01-01", "bad", "x"] {
            let _ = memo.read(CellRef::Text(text), read);
        }
        assert_eq!(memo.read(CellRef::Text("2025-01-01"), read), Ok(10));
        // "2025-01-01" once, "bad" twice, "x" once.
        assert_eq!(calls.get(), 4);
    }

    #[test]
    fn distinct_texts_stop_the_looking_once_it_is_full() {
        let mut memo: Memo<usize> = Memo::default();
        let texts: Vec<String> = (0..TEXTS + 1).map(|i| i.to_string()).collect();
        for t in &texts {
            let _ = memo.read(CellRef::Text(t), |_| Ok::<_, ()>(1));
        }
        assert!(!memo.looking);
        assert_eq!(memo.read.len(), TEXTS);
    }
}
