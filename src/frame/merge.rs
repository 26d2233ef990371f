//! Merging every grid's observations into one sorted list: sorted by line,
//! period and metric (inputs' order within each), identical duplicates
//! dropped, and two different values or lifecycle stages for the same place
//! reported with both places.

use super::FrameOptions;
use super::{FrameError, LineId, Lines, Observation, Source};
use crate::ingest::Grid;
use crate::model::{MetricId, Period, Stage};

/// Sorts by line, period and metric (keeping the order of the inputs within
/// each), then removes identical duplicates (the same value for the same
/// line, period and metric in two places); different values are an error
/// naming both places, each value shown in its metric's unit. Also gives the metrics that occur, sorted by name.
pub fn merge(
    mut observations: Vec<Observation>,
    lines: &Lines,
    grids: &[Grid],
    options: &FrameOptions,
    errors: &mut Vec<FrameError>,
) -> (Vec<Observation>, Vec<MetricId>) {
    let (keys, metrics) = sorted_keys(&observations, lines);
    // Each place's first observation is kept; the others must agree with it.
    let mut order: Vec<u32> = Vec::with_capacity(keys.len());
    let mut dropped: Vec<u32> = Vec::new();
    for place in keys.chunk_by(|a, b| a.place == b.place) {
        let first = &observations[place[0].index as usize];
        order.push(place[0].index);
        for later in &place[1..] {
            let o = &observations[later.index as usize];
            if (first.value - o.value).abs() > 1e-9 * first.value.abs().max(1.0) {
                errors.push(FrameError::Conflict {
                    line: lines.name(o.line).to_string(),
                    period: o.period.to_string(),
                    metric: o.metric.clone(),
                    unit: options.unit(&o.metric),
                    places: Box::new([
                        (first.source.text(grids), first.value),
                        (o.source.text(grids), o.value),
                    ]),
                });
            }
            dropped.push(later.index);
        }
    }
    let kept = order.len();
    order.append(&mut dropped);
    permute(&mut observations, order);
    observations.truncate(kept);
    (observations, metrics)
}

/// Where an observation belongs in the sorted list: its line's and metric's
/// rank by name, its period, and its position among the inputs.
struct Key {
    place: (u32, Period, u32),
    index: u32,
}

/// Every observation's [`Key`], in (line, period, metric) order and the
/// inputs' order within each, and the metrics that occur, sorted. Names are
/// ranked once, so the sort compares small keys, not strings; an
/// observation's metric is looked up by the address its copies share, not
/// by hashing its text.
fn sorted_keys(observations: &[Observation], lines: &Lines) -> (Vec<Key>, Vec<MetricId>) {
    let line_ranks = lines.ranks();
    let mut by_address: foldhash::HashMap<usize, (&MetricId, u32)> = foldhash::HashMap::default();
    for o in observations {
        by_address
            .entry(o.metric.address())
            .or_insert((&o.metric, 0));
    }
    let mut metrics: Vec<&MetricId> = by_address.values().map(|(m, _)| *m).collect();
    metrics.sort_unstable();
    metrics.dedup_by(|a, b| a == b);
    for (metric, rank) in by_address.values_mut() {
        *rank = metrics.partition_point(|m| *m < *metric) as u32;
    }
    let metrics: Vec<MetricId> = metrics.into_iter().cloned().collect();
    let mut keys: Vec<Key> = observations
        .iter()
        .zip(0..)
        .map(|(o, index)| Key {
            place: (
                line_ranks[o.line.index()],
                o.period,
                by_address[&o.metric.address()].1,
            ),
            index,
        })
        .collect();
    // Tables usually list a line's periods together: a stable sort by line
    // and period is then one pass, leaving short runs to sort by metric.
    keys.sort_by_key(|k| (k.place.0, k.place.1));
    for run in keys.chunk_by_mut(|a, b| (a.place.0, a.place.1) == (b.place.0, b.place.1)) {
        run.sort_unstable_by_key(|k| (k.place.2, k.index));
    }
    (keys, metrics)
}

/// Reorders `items` in place so that position `k` holds the item that was at
/// `order[k]`; `order` is a permutation of the positions.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    const DONE: u32 = u32::MAX;
    for start in 0..items.len() {
        // Follow the cycle through `start`, moving each item into place.
        let mut k = start;
        while order[k] != DONE {
            let from = order[k] as usize;
            order[k] = DONE;
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// A line has one lifecycle stage per period, wherever it is stated.
pub fn check_stages(
    observations: &[Observation],
    lines: &Lines,
    grids: &[Grid],
    errors: &mut Vec<FrameError>,
) {
    let mut stages: foldhash::HashMap<(LineId, Period), (Stage, &Source)> =
        foldhash::HashMap::default();
    for o in observations {
        let Some(stage) = o.stage else { continue };
        match stages.get(&(o.line, o.period)) {
            Some((first, place)) if *first != stage => {
                let error = FrameError::StageConflict {
                    line: lines.name(o.line).to_string(),
                    period: o.period.to_string(),
                    places: Box::new([
                        (place.text(grids), first.to_string()),
                        (o.source.text(grids), stage.to_string()),
                    ]),
                };
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
            Some(_) => {}
            None => {
                stages.insert((o.line, o.period), (stage, &o.source));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_moves_each_item_to_its_place() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, vec![3, 0, 4, 1, 2, 5]);
        assert_eq!(items, ['d', 'a', 'e', 'b', 'c', 'f']);
    }
}
