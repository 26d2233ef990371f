//! The statistics of one A/B experiment from its arms' people and
//! conversions: each arm's conversion rate, each treatment's lift over the
//! control and its two-sided two-proportion z-test, the sample-ratio-
//! mismatch check (a chi-square test of the arms' sizes against the planned
//! split), and the verdict the scorecards count.
//!
//! The conventions are the ones experimentation tools document: the z-test
//! pools the two arms' rates for its standard error; with several
//! treatments each is compared with the control at α divided by their
//! number (Bonferroni), so that an experiment with many arms does not win
//! by chance; a sample ratio mismatch is flagged below p = 0.001; a result
//! with fewer than 30 people or 5 conversions in an arm is "insufficient".

use statrs::function::erf::erfc;
use statrs::function::gamma::checked_gamma_ur;

/// An arm below this many people makes the result insufficient.
pub const MIN_PEOPLE: u64 = 30;
/// An arm below this many conversions makes the result insufficient.
pub const MIN_CONVERSIONS: u64 = 5;
/// A sample-ratio-mismatch p-value below this flags the experiment.
pub const SRM_P: f64 = 0.001;
/// The significance level unless the rules say another.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// One arm as the export gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmCounts {
    pub name: String,
    pub people: u64,
    pub conversions: u64,
    /// Its planned share of the traffic, when the export says (any scale:
    /// 50/50, 0.5/0.5 and 1/1 are the same split).
    pub weight: Option<f64>,
}

/// One arm's result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Arm {
    pub name: String,
    pub control: bool,
    pub people: u64,
    pub conversions: u64,
    /// Conversions / people.
    pub rate: f64,
    /// (rate − control's rate) / control's rate; `None` for the control,
    /// and when the control converted no one.
    pub lift: Option<f64>,
    /// The z-test's two-sided p-value against the control; `None` for the
    /// control.
    pub p_value: Option<f64>,
}

/// What an experiment's result says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A treatment converts significantly better than the control.
    Win,
    /// No treatment is better, and one converts significantly worse.
    Loss,
    /// No significant difference.
    Flat,
    /// Too few people or conversions in an arm to tell.
    Insufficient,
    /// The arms' sizes are not the planned split: the assignment is
    /// broken, and no result can be trusted.
    SampleRatioMismatch,
}

impl Verdict {
    /// As the workbook shows it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Win => "win",
            Verdict::Loss => "loss",
            Verdict::Flat => "flat",
            Verdict::Insufficient => "insufficient",
            Verdict::SampleRatioMismatch => "sample ratio mismatch",
        }
    }

    /// Whether the experiment counts as concluded: a result that can be
    /// trusted, whichever way it went.
    pub fn concluded(self) -> bool {
        matches!(self, Verdict::Win | Verdict::Loss | Verdict::Flat)
    }
}

/// One experiment as the workbook's Experiments sheet and the JSON show
/// it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Experiment {
    pub line: String,
    /// The period it ended in (`2025-Q3`).
    pub period: String,
    pub experiment: String,
    /// The goal metric, when the export names it.
    pub goal: Option<String>,
    /// The day it ended, in `--timezone`.
    pub ended: String,
    /// The control variation's name.
    pub control: String,
    /// The control first, then the treatments.
    pub arms: Vec<Arm>,
    /// The sample-ratio-mismatch test's p-value.
    pub srm_p: f64,
    pub verdict: Verdict,
    /// The significance level the treatments were tested at (before the
    /// division among several treatments).
    pub alpha: f64,
    /// The file and rows it came from.
    pub source: String,
}

/// An experiment's statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The control first, then the treatments in the export's order.
    pub arms: Vec<Arm>,
    /// The sample-ratio-mismatch test's p-value.
    pub srm_p: f64,
    pub verdict: Verdict,
}

/// The statistics of `arms`, the one at `control` being the control,
/// at significance level `alpha`. Every arm has at least one person.
pub fn analyse(arms: &[ArmCounts], control: usize, alpha: f64) -> Analysis {
    let c = &arms[control];
    let c_rate = rate(c);
    let treatments = (arms.len() - 1).max(1) as f64;
    let mut out = vec![Arm {
        name: c.name.clone(),
        control: true,
        people: c.people,
        conversions: c.conversions,
        rate: c_rate,
        lift: None,
        p_value: None,
    }];
    for (_, t) in arms.iter().enumerate().filter(|(i, _)| *i != control) {
        let t_rate = rate(t);
        out.push(Arm {
            name: t.name.clone(),
            control: false,
            people: t.people,
            conversions: t.conversions,
            rate: t_rate,
            lift: (c_rate > 0.0).then(|| (t_rate - c_rate) / c_rate),
            p_value: Some(z_test(c, t)),
        });
    }
    let srm_p = srm(arms);
    let small = arms
        .iter()
        .any(|a| a.people < MIN_PEOPLE || a.conversions < MIN_CONVERSIONS);
    let level = alpha / treatments;
    let significant = |a: &&Arm| a.p_value.is_some_and(|p| p < level);
    let verdict = if srm_p < SRM_P {
        Verdict::SampleRatioMismatch
    } else if small {
        Verdict::Insufficient
    } else if out.iter().filter(significant).any(|a| a.rate > c_rate) {
        Verdict::Win
    } else if out.iter().filter(significant).any(|a| a.rate < c_rate) {
        Verdict::Loss
    } else {
        Verdict::Flat
    };
    Analysis {
        arms: out,
        srm_p,
        verdict,
    }
}

fn rate(a: &ArmCounts) -> f64 {
    a.conversions as f64 / a.people as f64
}

/// The two-sided p-value of the pooled two-proportion z-test of `t`
/// against `c`.
fn z_test(c: &ArmCounts, t: &ArmCounts) -> f64 {
    let (nc, nt) = (c.people as f64, t.people as f64);
    let pooled = (c.conversions + t.conversions) as f64 / (nc + nt);
    let se = (pooled * (1.0 - pooled) * (1.0 / nc + 1.0 / nt)).sqrt();
    if se == 0.0 {
        // Both arms converted no one, or everyone: no difference.
        return 1.0;
    }
    let z = (rate(t) - rate(c)) / se;
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// The p-value of the chi-square test of the arms' sizes against their
/// planned split (equal shares where the export gives none).
fn srm(arms: &[ArmCounts]) -> f64 {
    let weights: Vec<f64> = match arms.iter().all(|a| a.weight.is_some_and(|w| w > 0.0)) {
        true => arms.iter().map(|a| a.weight.unwrap_or(1.0)).collect(),
        false => vec![1.0; arms.len()],
    };
    let total_weight: f64 = weights.iter().sum();
    let people: f64 = arms.iter().map(|a| a.people as f64).sum();
    let chi2: f64 = arms
        .iter()
        .zip(&weights)
        .map(|(a, w)| {
            let expected = people * w / total_weight;
            (a.people as f64 - expected).powi(2) / expected
        })
        .sum();
    let df = (arms.len() - 1) as f64;
    match df > 0.0 && chi2 > 0.0 {
        true => checked_gamma_ur(df / 2.0, chi2 / 2.0).unwrap_or(1.0),
        false => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(name: &str, people: u64, conversions: u64) -> ArmCounts {
        ArmCounts {
            name: name.into(),
            people,
            conversions,
            weight: None,
        }
    }

    fn close(a: f64, b: f64, tolerance: f64) {
        assert!((a - b).abs() < tolerance, "{a} is not {b}");
    }

    #[test]
    fn a_clear_win_by_the_pooled_z_test() {
        // 1,000 people each, 100 and 130 conversions: pooled rate 0.115,
        // se = sqrt(0.115 * 0.885 * 2 / 1000) = 0.014267; z = 0.03 / se =
        // 2.1028; two-sided p = 0.03548 (a normal table: 2 * 0.01774).
        let a = analyse(&[arm("control", 1000, 100), arm("new", 1000, 130)], 0, 0.05);
        assert_eq!(a.verdict, Verdict::Win);
        close(a.arms[1].lift.unwrap(), 0.3, 1e-12);
        close(a.arms[1].p_value.unwrap(), 0.03548, 5e-5);
        // Equal arms: no mismatch at all.
        assert_eq!(a.srm_p, 1.0);
    }

    #[test]
    fn the_control_can_be_any_arm_and_comes_first() {
        let a = analyse(&[arm("B", 1000, 130), arm("A", 1000, 100)], 1, 0.05);
        assert_eq!(a.arms[0].name, "A");
        assert!(a.arms[0].control && a.arms[0].lift.is_none());
        assert_eq!(a.verdict, Verdict::Win);
    }

    #[test]
    fn a_significant_drop_is_a_loss_and_no_difference_is_flat() {
        let loss = analyse(&[arm("c", 1000, 130), arm("t", 1000, 100)], 0, 0.05);
        assert_eq!(loss.verdict, Verdict::Loss);
        close(loss.arms[1].lift.unwrap(), -30.0 / 130.0, 1e-12);
        let flat = analyse(&[arm("c", 1000, 100), arm("t", 1000, 105)], 0, 0.05);
        assert_eq!(flat.verdict, Verdict::Flat);
        // The same win at α = 0.01 is not significant.
        let strict = analyse(&[arm("c", 1000, 100), arm("t", 1000, 130)], 0, 0.01);
        assert_eq!(strict.verdict, Verdict::Flat);
    }

    #[test]
    fn several_treatments_are_each_held_to_alpha_over_their_number() {
        // p = 0.0355 wins against one treatment, not as one of two
        // (0.05 / 2 = 0.025).
        let a = analyse(
            &[
                arm("c", 1000, 100),
                arm("t1", 1000, 130),
                arm("t2", 1000, 101),
            ],
            0,
            0.05,
        );
        assert_eq!(a.verdict, Verdict::Flat);
    }

    #[test]
    fn too_few_people_or_conversions_is_insufficient() {
        let few = analyse(&[arm("c", 29, 10), arm("t", 40, 20)], 0, 0.05);
        assert_eq!(few.verdict, Verdict::Insufficient);
        let rare = analyse(&[arm("c", 500, 4), arm("t", 500, 30)], 0, 0.05);
        assert_eq!(rare.verdict, Verdict::Insufficient);
    }

    #[test]
    fn a_split_far_from_the_plan_is_a_sample_ratio_mismatch() {
        // 5,000 against 5,300 on a 50/50 plan: chi2 = 2 * 150^2 / 5,150 =
        // 8.738; with one degree of freedom p = erfc(sqrt(8.738 / 2)) =
        // 0.00312: not flagged. 5,000 against 5,400: chi2 = 15.38, p =
        // 0.0000877: flagged, whatever the conversions say.
        let near = analyse(&[arm("c", 5000, 500), arm("t", 5300, 600)], 0, 0.05);
        close(near.srm_p, 0.00312, 2e-5);
        assert_ne!(near.verdict, Verdict::SampleRatioMismatch);
        let far = analyse(&[arm("c", 5000, 500), arm("t", 5400, 700)], 0, 0.05);
        close(far.srm_p, 0.0000877, 2e-6);
        assert_eq!(far.verdict, Verdict::SampleRatioMismatch);
        // Planned 2:1, and so it is: no mismatch.
        let planned = [
            ArmCounts {
                weight: Some(2.0),
                ..arm("c", 2000, 200)
            },
            ArmCounts {
                weight: Some(1.0),
                ..arm("t", 1000, 100)
            },
        ];
        assert_eq!(analyse(&planned, 0, 0.05).srm_p, 1.0);
    }

    #[test]
    fn three_arms_test_the_split_with_two_degrees_of_freedom() {
        // 1,000, 1,000 and 1,150 against 1,050 each: chi2 = (2,500 + 2,500
        // + 10,000) / 1,050 = 14.286; with two degrees of freedom p =
        // exp(-14.286 / 2) = 0.000791.
        let a = analyse(
            &[
                arm("c", 1000, 100),
                arm("t1", 1000, 100),
                arm("t2", 1150, 115),
            ],
            0,
            0.05,
        );
        close(a.srm_p, (-14.285714285714286f64 / 2.0).exp(), 1e-9);
        assert_eq!(a.verdict, Verdict::SampleRatioMismatch);
    }
}
