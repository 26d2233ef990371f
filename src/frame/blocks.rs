//! Reading a large grid's rows in blocks, one thread per core (see
//! [`crate::parallel`]), with the results handed back in row order so that
//! errors and values come out as one pass would give them.

use std::ops::Range;

/// `rows` split into consecutive blocks, at most one per core, each at
/// least `min_rows` long (one block for a small grid).
pub fn split(rows: Range<usize>, min_rows: usize) -> Vec<Range<usize>> {
    split_for(rows, min_rows, crate::parallel::cores())
}

fn split_for(rows: Range<usize>, min_rows: usize, cores: usize) -> Vec<Range<usize>> {
    let count = (rows.len() / min_rows.max(1)).clamp(1, cores.max(1));
    let size = rows.len().div_ceil(count);
    (0..count)
        .map(|i| {
            let start = rows.start + i * size;
            start..(start + size).min(rows.end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rows_into_a_block_per_core_when_there_are_enough() {
        let split = |rows, cores| split_for(rows, 100_000, cores);
        assert_eq!(split(1..50_000, 2), std::slice::from_ref(&(1..50_000)));
        assert_eq!(split(1..300_001, 2), [1..150_001, 150_001..300_001]);
        assert_eq!(
            split(1..300_002, 8),
            [1..100_002, 100_002..200_003, 200_003..300_002]
        );
        assert_eq!(split(1..1, 2), std::slice::from_ref(&(1..1)));
    }
}
