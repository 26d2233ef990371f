//! Reading a large grid's rows in blocks, one thread per core, with the
//! results handed back in row order so that errors and values come out as
//! one pass would give them.

use std::ops::Range;

/// `rows` split into consecutive blocks, at most one per core, each at
/// least `min_rows` long (one block for a small grid).
pub fn split(rows: Range<usize>, min_rows: usize) -> Vec<Range<usize>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    split_for(rows, min_rows, cores)
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

/// `read` of each block, the first on this thread and the others on
/// threads of their own, in block order. A panic in a thread goes on here.
pub fn read_each<T: Send>(
    blocks: &[Range<usize>],
    read: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    match blocks {
        [] => Vec::new(),
        [only] => vec![read(only.clone())],
        [first, rest @ ..] => std::thread::scope(|scope| {
            let read = &read;
            let rest: Vec<_> = rest
                .iter()
                .map(|rows| scope.spawn(move || read(rows.clone())))
                .collect();
            let first = read(first.clone());
            std::iter::once(first)
                .chain(rest.into_iter().map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                }))
                .collect()
        }),
    }
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

    #[test]
    fn results_come_back_in_block_order() {
        let blocks = [0..3, 3..5, 5..9];
        let read = read_each(&blocks, |rows| rows.map(|r| r * 10).collect::<Vec<_>>());
        assert_eq!(read, [vec![0, 10, 20], vec![30, 40], vec![50, 60, 70, 80]]);
    }
}
