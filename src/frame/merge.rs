//! Merging every grid's observations into one sorted list: sorted by line,
//! period and metric (inputs' order within each), identical duplicates
//! dropped, and two different values or lifecycle stages for the same place
//! reported with both places.

use super::{FrameError, LineId, Lines, Observation, Source};
use crate::ingest::Grid;
use crate::model::{MetricId, Period, Stage};

/// Sorts by line, period and metric (keeping the order of the inputs within
/// each), then removes identical duplicates (the same value for the same
/// line, period and metric in two places); different values are an error
/// naming both places. Also gives the metrics that occur, sorted by name.
pub fn merge(
    observations: Vec<Observation>,
    lines: &Lines,
    grids: &[Grid],
    errors: &mut Vec<FrameError>,
) -> (Vec<Observation>, Vec<MetricId>) {
    let (mut observations, metrics) = sorted(observations, lines);
    // `first` is the first kept observation of the group `o` may belong to.
    observations.dedup_by(|o, first| {
        let same = first.line == o.line && first.period == o.period && first.metric == o.metric;
        if same && (first.value - o.value).abs() > 1e-9 * first.value.abs().max(1.0) {
            errors.push(FrameError::Conflict {
                line: lines.name(o.line).to_string(),
                period: o.period.to_string(),
                metric: o.metric.clone(),
                places: Box::new([
                    (first.source.text(grids), first.value),
                    (o.source.text(grids), o.value),
                ]),
            });
        }
        same
    });
    (observations, metrics)
}

/// Observations in (line, period, metric) order, inputs' order within each,
/// and the metrics that occur, sorted. Names are ranked once, so the sort
/// compares small keys, not strings; an observation's metric is looked up
/// by the address its copies share, not by hashing its text.
fn sorted(mut observations: Vec<Observation>, lines: &Lines) -> (Vec<Observation>, Vec<MetricId>) {
    let line_ranks = lines.ranks();
    let mut by_address: foldhash::HashMap<usize, (&MetricId, u32)> = foldhash::HashMap::default();
    for o in &observations {
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
    let mut keys: Vec<((u32, Period), u32, u32)> = observations
        .iter()
        .zip(0..)
        .map(|(o, i)| {
            let line = line_ranks[o.line.index()];
            ((line, o.period), by_address[&o.metric.address()].1, i)
        })
        .collect();
    // Tables usually list a line's periods together: a stable sort by line
    // and period is then one pass, leaving short runs to sort by metric.
    keys.sort_by_key(|(line_period, _, _)| *line_period);
    for run in keys.chunk_by_mut(|a, b| a.0 == b.0) {
        run.sort_unstable_by_key(|(_, metric, i)| (*metric, *i));
    }
    let order: Vec<u32> = keys.into_iter().map(|(_, _, i)| i).collect();
    permute(&mut observations, order);
    (observations, metrics)
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
