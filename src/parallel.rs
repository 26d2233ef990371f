//! Work shared out over the machine's cores, used by the stages that read
//! large inputs: each part is done on a thread of its own (the first on the
//! calling thread) and the results come back in the parts' order.

/// How many threads can run at once (1 when the system does not say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work` on each of `parts`, in parallel, the results in order. A panic in
/// a thread goes on in the caller.
pub fn each<P: Sync, T: Send>(parts: &[P], work: impl Fn(&P) -> T + Sync) -> Vec<T> {
    match parts {
        [] => Vec::new(),
        [only] => vec![work(only)],
        [first, rest @ ..] => std::thread::scope(|scope| {
            let work = &work;
            let rest: Vec<_> = rest
                .iter()
                .map(|part| scope.spawn(move || work(part)))
                .collect();
            let first = work(first);
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
    #[test]
    fn results_come_back_in_the_parts_order() {
        let parts = [0..3, 3..5, 5..9];
        let done = super::each(&parts, |rows| {
            rows.clone().map(|r| r * 10).collect::<Vec<_>>()
        });
        assert_eq!(done, [vec![0, 10, 20], vec![30, 40], vec![50, 60, 70, 80]]);
        assert!(super::each(&[] as &[u8], |b| *b).is_empty());
    }
}
