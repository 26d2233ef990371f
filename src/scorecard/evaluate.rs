//! One metric's status, attainment and reason.

use super::line::Value;
use super::{MetricResult, Reason};
use crate::model::format::{plural, show};
use crate::model::{Direction, MetricId, Period, Stage, Status, Unit};
use crate::rules::{MetricSpec, Resolved, Threshold};

/// How far `value` is towards its target, 0-100: 100 at (or past) the
/// target, 50 at the amber threshold, 0 one band-width beyond it, linear in
/// between. Without an amber band it is 100 when the target is met, else 0.
/// The workbook writes the same formula into its score cells.
/// For a band it is 100 inside the band, 50 at `warn` outside it and 0 at
/// twice that.
pub fn attainment(value: f64, threshold: Threshold, direction: Direction) -> f64 {
    if let Some(outside) = band_distance(value, threshold, direction) {
        return match threshold.warn {
            _ if outside <= 0.0 => 100.0,
            Some(tolerance) if tolerance > 0.0 => {
                (100.0 - 50.0 * outside / tolerance).clamp(0.0, 100.0)
            }
            _ => 0.0,
        };
    }
    match threshold.warn {
        Some(warn) if warn != threshold.target => {
            (50.0 + 50.0 * (value - warn) / (threshold.target - warn)).clamp(0.0, 100.0)
        }
        _ if direction.meets(value, threshold.target) => 100.0,
        _ => 0.0,
    }
}

/// How far `value` lies outside a band (0 inside); `None` unless the
/// direction is a band with a top.
fn band_distance(value: f64, threshold: Threshold, direction: Direction) -> Option<f64> {
    let upper = threshold.upper.filter(|_| direction == Direction::Band)?;
    Some((threshold.target - value).max(value - upper).max(0.0))
}

fn status_of(value: f64, threshold: Threshold, direction: Direction) -> Status {
    if let Some(outside) = band_distance(value, threshold, direction) {
        return if outside <= 0.0 {
            Status::Green
        } else if threshold.warn.is_some_and(|w| outside <= w) {
            Status::Amber
        } else {
            Status::Red
        };
    }
    if direction.meets(value, threshold.target) {
        Status::Green
    } else if threshold.warn.is_some_and(|w| direction.meets(value, w)) {
        Status::Amber
    } else {
        Status::Red
    }
}

/// A value's source, with its sample size unless the source already
/// counts it (a value computed from records says `(1,204 tickets solved in
/// 2025-Q3)` itself, as does one a warehouse query computed: `(query:
/// tickets.csv by solved_at) (3 records)`).
fn source_of(current: Option<&Value>) -> Option<String> {
    let v = current?;
    Some(match v.sample_size {
        Some(n) if !counts_itself(&v.source, n) => {
            format!("{} ({n} response{})", v.source, plural(n as usize))
        }
        _ => v.source.to_string(),
    })
}

fn counts_itself(source: &str, n: u32) -> bool {
    source.ends_with(')')
        && source.contains(&format!(
            "({} ",
            crate::model::format::show(f64::from(n), crate::model::Unit::Count)
        ))
}

/// A metric the catalogue knows.
pub fn known(
    spec: &MetricSpec,
    resolved: &Resolved,
    stage: Option<Stage>,
    period: Period,
    current: Option<&Value>,
    previous: Option<f64>,
) -> MetricResult {
    let threshold = resolved
        .rule
        .map(|r| (r.threshold, resolved.stage_specific));
    let (status, attainment, why) = match (current, threshold) {
        // Switched off: shown, never judged (the workbook judges it again
        // if its weight is edited there).
        _ if resolved.weight == 0.0 => (Status::Off, None, Reason::Off),
        (None, _) => (
            Status::NoData,
            None,
            Reason::NoValue {
                period,
                scored: true,
            },
        ),
        (Some(v), _)
            if spec
                .min_sample
                .is_some_and(|min| v.sample_size.is_some_and(|n| n < min)) =>
        {
            (
                Status::InsufficientSample,
                None,
                Reason::Text(format!(
                    "{} rests on {} response{}, fewer than the {} needed to judge it",
                    show(v.value, spec.unit),
                    v.sample_size.unwrap_or(0),
                    plural(v.sample_size.unwrap_or(0) as usize),
                    spec.min_sample.unwrap_or(0)
                )),
            )
        }
        (Some(_), None) => (Status::Info, None, Reason::NoTarget),
        (Some(v), Some((t, stage_specific))) => (
            status_of(v.value, t, spec.direction),
            Some(attainment(v.value, t, spec.direction)),
            Reason::Judged {
                stage: stage.filter(|_| stage_specific),
            },
        ),
    };
    MetricResult {
        metric: spec.id.clone(),
        name: spec.name.clone(),
        owner: Some(resolved.owner),
        direction: Some(spec.direction),
        unit: spec.unit,
        value: current.map(|v| v.value),
        previous,
        threshold: threshold.map(|(t, _)| t),
        status,
        attainment,
        weight: resolved.weight,
        weight_from: resolved.weight_from.cloned(),
        sample_size: current.and_then(|v| v.sample_size),
        why,
        source: source_of(current),
        target_from: resolved.rule.map(|r| r.from.clone()),
        oversight: spec.oversight,
        benchmarks: Vec::new(),
    }
}

/// A metric found in the data that the catalogue does not know.
pub fn unowned(
    metric: &MetricId,
    period: Period,
    current: Option<&Value>,
    previous: Option<f64>,
) -> MetricResult {
    let (status, why) = match current {
        None => (
            Status::NoData,
            Reason::NoValue {
                period,
                scored: false,
            },
        ),
        Some(_) => (Status::Info, Reason::NotInCatalogue),
    };
    MetricResult {
        metric: metric.clone(),
        name: metric.shared_name(),
        owner: None,
        direction: None,
        unit: Unit::Number,
        value: current.map(|v| v.value),
        previous,
        threshold: None,
        status,
        attainment: None,
        weight: 0.0,
        weight_from: None,
        sample_size: current.and_then(|v| v.sample_size),
        why,
        source: source_of(current),
        target_from: None,
        oversight: false,
        benchmarks: Vec::new(),
    }
}

/// Applies a status a `status` hook set. Its attainment follows the
/// status (100 green, 50 amber, 0 red) so the scores agree with it.
pub fn set_status(m: &mut MetricResult, status: Status, reason: String) {
    m.attainment = match status {
        Status::Green => Some(100.0),
        Status::Amber => Some(50.0),
        Status::Red => Some(0.0),
        _ => None,
    };
    m.status = status;
    m.why = Reason::Text(reason);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, Unit};

    fn reason(
        value: f64,
        t: Threshold,
        direction: Direction,
        unit: Unit,
        status: Status,
        stage: Option<Stage>,
        stage_specific: bool,
    ) -> String {
        let mut text = String::new();
        super::super::reason::judged(
            &mut text,
            value,
            t,
            direction,
            unit,
            status,
            match stage.filter(|_| stage_specific) {
                Some(s) => super::super::reason::Whose::Stage(s),
                None => super::super::reason::Whose::Rules,
            },
        )
        .unwrap();
        text
    }

    fn t(target: f64, warn: f64) -> Threshold {
        Threshold {
            target,
            warn: Some(warn),
            upper: None,
        }
    }

    #[test]
    fn attainment_is_100_at_target_and_50_at_the_amber_threshold() {
        assert_eq!(attainment(30.0, t(30.0, 10.0), Direction::Higher), 100.0);
        assert_eq!(attainment(10.0, t(30.0, 10.0), Direction::Higher), 50.0);
        assert_eq!(attainment(20.0, t(30.0, 10.0), Direction::Higher), 75.0);
        assert_eq!(attainment(-10.0, t(30.0, 10.0), Direction::Higher), 0.0);
        assert_eq!(attainment(45.0, t(30.0, 10.0), Direction::Higher), 100.0);
        assert_eq!(
            attainment(5000.0, t(4000.0, 6000.0), Direction::Lower),
            75.0
        );
        let no_band = Threshold {
            target: 24.0,
            warn: None,
            upper: None,
        };
        assert_eq!(attainment(30.0, no_band, Direction::Lower), 0.0);
        assert_eq!(attainment(20.0, no_band, Direction::Lower), 100.0);
    }

    #[test]
    fn statuses_and_reasons_read_like_a_person_wrote_them() {
        let th = t(35.0, 20.0);
        let s = status_of(31.2, th, Direction::Higher);
        assert_eq!(s, Status::Amber);
        assert_eq!(
            reason(
                31.2,
                th,
                Direction::Higher,
                Unit::Score,
                s,
                Some(Stage::Growth),
                true
            ),
            "31.2 is below the Growth-stage target 35 (amber from 20)"
        );
        let th = t(24.0, 36.0);
        let s = status_of(40.0, th, Direction::Lower);
        assert_eq!(s, Status::Red);
        assert_eq!(
            reason(40.0, th, Direction::Lower, Unit::Hours, s, None, false),
            "40 h is above the target 24 h and past the amber threshold 36 h"
        );
    }

    #[test]
    fn a_band_is_green_inside_amber_near_and_red_far() {
        let band = Threshold {
            target: 0.2,
            warn: Some(0.05),
            upper: Some(0.4),
        };
        let d = Direction::Band;
        assert_eq!(status_of(0.3, band, d), Status::Green);
        assert_eq!(attainment(0.3, band, d), 100.0);
        assert_eq!(status_of(0.43, band, d), Status::Amber);
        assert!((attainment(0.425, band, d) - 75.0).abs() < 1e-9);
        assert_eq!(status_of(0.1, band, d), Status::Red);
        assert_eq!(attainment(0.1, band, d), 0.0);
        assert_eq!(
            reason(0.43, band, d, Unit::Fraction, Status::Amber, None, false),
            "43% is above the band 20%–40% (amber up to 5% outside)"
        );
    }
}
