//! The words that mark a header, sub-header or row label as a target, an
//! amber threshold or a benchmark rather than a KPI's actual value:
//! `NPS Target`, `Target NPS`, `Retention goal`, `CAC budget`, `NPS floor`,
//! `NPS Industry median`, `Competitor: Acme`, `Acme (competitor)`; and
//! `NPS Actual`, which is the KPI itself.
//!
//! Texts are split into words the way [`MetricId::normalise`] joins them
//! (a run of letters, digits and `%` is one word), so the part naming the
//! metric can be handed back normalised, and a benchmark keeps its label as
//! the file writes it.

use crate::model::{MetricId, ReferenceKind};

/// Words that make the rest of the text a target.
const TARGET: &[&[&str]] = &[&["target"], &["goal"], &["plan"], &["budget"], &["tgt"]];
/// Words that make the rest of the text an amber threshold.
const THRESHOLD: &[&[&str]] = &[
    &["amber", "threshold"],
    &["threshold"],
    &["floor"],
    &["minimum"],
    &["min"],
];
/// The first word of a two-word benchmark ("Industry median").
const BENCHMARK_WHO: &[&str] = &["industry", "peer", "peers", "market", "sector"];
/// The second word of a two-word benchmark.
const BENCHMARK_WHAT: &[&str] = &[
    "median",
    "avg",
    "average",
    "mean",
    "benchmark",
    "p50",
    "norm",
];
/// A word that makes the text (or the part from it on) a benchmark.
const BENCHMARK: &[&str] = &["benchmark", "benchmarks"];
const COMPETITOR: &[&str] = &["competitor", "competitors", "competition"];
/// Words that mark a KPI's actual value ("NPS Actual", "Actual NPS").
const ACTUAL: &[&str] = &["actual", "actuals"];

/// What a label says: the kind of reference, and the normalised text of
/// the metric it names, if it names one (`nps` for `NPS Target`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceLabel {
    pub kind: ReferenceKind,
    pub metric: Option<String>,
}

/// The words of `text` as byte ranges, one per word of its normalised form.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || c == '%';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// The tokens of the normalised text.
fn tokens(text: &str) -> Vec<String> {
    MetricId::normalise(text)
        .map(|k| k.as_str().split('_').map(str::to_string).collect())
        .unwrap_or_default()
}

fn joined(tokens: &[String]) -> Option<String> {
    (!tokens.is_empty()).then(|| tokens.join("_"))
}

/// Whether `phrase` starts `tokens` at `at`.
fn starts(tokens: &[String], at: usize, phrase: &[&str]) -> bool {
    tokens.len() >= at + phrase.len() && phrase.iter().zip(&tokens[at..]).all(|(p, t)| p == t)
}

/// Reads `text` as a target, threshold or benchmark label; `None` when it
/// is none of these.
pub fn classify(text: &str) -> Option<ReferenceLabel> {
    let tokens = tokens(text);
    let spans = words(text);
    if tokens.is_empty() || spans.len() != tokens.len() {
        return None;
    }
    if let Some(found) = benchmark(text, &tokens, &spans) {
        return Some(found);
    }
    for (kind, phrases) in [
        (ReferenceKind::Target, TARGET),
        (ReferenceKind::Threshold, THRESHOLD),
    ] {
        for phrase in phrases {
            let n = tokens.len();
            if n >= phrase.len() && starts(&tokens, n - phrase.len(), phrase) {
                return Some(ReferenceLabel {
                    kind,
                    metric: joined(&tokens[..n - phrase.len()]),
                });
            }
            if starts(&tokens, 0, phrase) {
                return Some(ReferenceLabel {
                    kind,
                    metric: joined(&tokens[phrase.len()..]),
                });
            }
        }
    }
    None
}

/// A benchmark label: the words from where the benchmark starts, as
/// written; the words before it (or after a leading one) name the metric.
fn benchmark(text: &str, tokens: &[String], spans: &[(usize, usize)]) -> Option<ReferenceLabel> {
    let n = tokens.len();
    // To the text's end, closing brackets and all, when the label ends it.
    let label = |from: usize, to: usize| match to == n {
        true => text[spans[from].0..].trim_end().to_string(),
        false => text[spans[from].0..spans[to - 1].1].to_string(),
    };
    for i in 0..n {
        let t = tokens[i].as_str();
        // "Industry median", "Benchmark": a phrase of one or two words.
        let phrase = if BENCHMARK_WHO.contains(&t)
            && tokens
                .get(i + 1)
                .is_some_and(|w| BENCHMARK_WHAT.contains(&w.as_str()))
        {
            2
        } else if BENCHMARK.contains(&t) {
            1
        } else if COMPETITOR.contains(&t) {
            // "Competitor: Acme" and "Acme (competitor)" name the
            // competitor, not the metric: the whole text is the label,
            // unless a metric comes first ("NPS Competitor: Acme").
            let (metric, from) = match i {
                0 => (None, 0),
                _ if i + 1 == n => (None, 0),
                _ => (joined(&tokens[..i]), i),
            };
            return Some(ReferenceLabel {
                kind: ReferenceKind::Benchmark(label(from, n)),
                metric,
            });
        } else {
            continue;
        };
        let (metric, from, to) = match i {
            0 => (joined(&tokens[phrase..]), 0, phrase),
            _ => (joined(&tokens[..i]), i, n),
        };
        return Some(ReferenceLabel {
            kind: ReferenceKind::Benchmark(label(from, to)),
            metric,
        });
    }
    None
}

/// The metric part of a normalised header that marks a KPI's actual value
/// (`nps_actual`, `actual_nps`); `None` otherwise, or for a bare `actual`.
pub fn actual_of(key: &str) -> Option<&str> {
    ACTUAL.iter().find_map(|word| {
        let base = key
            .strip_suffix(word)
            .and_then(|b| b.strip_suffix('_'))
            .or_else(|| key.strip_prefix(word).and_then(|b| b.strip_prefix('_')))?;
        (!base.is_empty()).then_some(base)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(kind: ReferenceKind, metric: Option<&str>) -> Option<ReferenceLabel> {
        Some(ReferenceLabel {
            kind,
            metric: metric.map(str::to_string),
        })
    }

    fn bench(text: &str) -> ReferenceKind {
        ReferenceKind::Benchmark(text.to_string())
    }

    #[test]
    fn targets_and_thresholds_before_or_after_the_metric() {
        use ReferenceKind::{Target, Threshold};
        for (text, want) in [
            ("NPS Target", label(Target, Some("nps"))),
            ("Target NPS", label(Target, Some("nps"))),
            ("Retention goal", label(Target, Some("retention"))),
            ("CAC budget", label(Target, Some("cac"))),
            ("Win rate plan", label(Target, Some("win_rate"))),
            ("Target", label(Target, None)),
            ("Goal", label(Target, None)),
            ("NPS floor", label(Threshold, Some("nps"))),
            ("NPS Min", label(Threshold, Some("nps"))),
            ("Threshold", label(Threshold, None)),
            ("Amber threshold", label(Threshold, None)),
            ("CSAT amber threshold", label(Threshold, Some("csat"))),
            ("NPS", None),
            ("Targeting spend", None),
            ("Product Line", None),
        ] {
            assert_eq!(classify(text), want, "{text}");
        }
    }

    #[test]
    fn benchmarks_keep_their_label_as_written() {
        for (text, want) in [
            ("Industry median", label(bench("Industry median"), None)),
            (
                "NPS Industry median",
                label(bench("Industry median"), Some("nps")),
            ),
            (
                "Industry avg NPS",
                label(bench("Industry avg"), Some("nps")),
            ),
            ("Benchmark", label(bench("Benchmark"), None)),
            ("NPS benchmark", label(bench("benchmark"), Some("nps"))),
            ("Competitor: Acme", label(bench("Competitor: Acme"), None)),
            ("Acme (competitor)", label(bench("Acme (competitor)"), None)),
            (
                "NPS – Competitor: Acme",
                label(bench("Competitor: Acme"), Some("nps")),
            ),
        ] {
            assert_eq!(classify(text), want, "{text}");
        }
    }

    #[test]
    fn actual_marks_the_metric_itself() {
        assert_eq!(actual_of("nps_actual"), Some("nps"));
        assert_eq!(actual_of("actual_retention"), Some("retention"));
        assert_eq!(actual_of("actual"), None);
        assert_eq!(actual_of("factual"), None);
    }
}
