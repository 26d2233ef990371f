//! The Excel formulas the workbook writes: a metric's attainment, its status
//! and the weighted scores. They do the same arithmetic, in the same order,
//! as `scorecard::attainment` and `scorecard::weighted_score`, so the cached
//! results we store equal what a spreadsheet recomputes.

use crate::model::Direction;

/// The cells one attainment formula reads: A1 references on the same sheet
/// for the value, target and amber threshold; the band's top as a reference
/// (any sheet) or a literal.
pub struct AttainmentCells<'a> {
    pub value: &'a str,
    pub target: &'a str,
    pub warn: &'a str,
    pub upper: Option<&'a str>,
}

/// 0-100 attainment: 100 at the target, 50 at the amber threshold, clamped;
/// 100 or 0 without an amber threshold. For a band: 100 inside it, minus 50
/// per amber tolerance outside it.
pub fn attainment(direction: Direction, c: &AttainmentCells) -> String {
    let (v, t, w) = (c.value, c.target, c.warn);
    if let (Direction::Band, Some(u)) = (direction, c.upper) {
        let outside = format!("MAX({t}-{v},{v}-{u},0)");
        return format!("IF({outside}<=0,100,IF(N({w})>0,MAX(0,MIN(100,100-50*{outside}/{w})),0))");
    }
    let meets = match direction {
        Direction::Lower => "<=",
        Direction::Higher | Direction::Band => ">=",
    };
    format!(
        "IF(OR({w}=\"\",{w}={t}),IF({v}{meets}{t},100,0),MAX(0,MIN(100,50+50*({v}-{w})/({t}-{w}))))"
    )
}

/// The status a scored metric's attainment means: green at 100, amber from
/// 50, red below.
pub fn status(attainment: &str) -> String {
    format!("IF({attainment}>=100,\"Green\",IF({attainment}>=50,\"Amber\",\"Red\"))")
}

/// The weighted mean of the attainments in `attainments` (only cells holding
/// a number count), with the weights beside them in `weights`; a dash when
/// no weight counts.
pub fn weighted_score(weights: &str, attainments: &str) -> String {
    let denominator = format!("SUMIFS({weights},{attainments},\">=0\")");
    format!("IF({denominator}=0,\"{NO_SCORE}\",SUMPRODUCT({weights},{attainments})/{denominator})")
}

/// What a score cell shows when there is no score.
pub const NO_SCORE: &str = "–";

/// The cached result text of a number: Rust's shortest exact form, never in
/// scientific notation.
pub fn result(value: f64) -> String {
    crate::model::format::plain(value)
}

/// The cached result text of an optional score.
pub fn score_result(score: Option<f64>) -> String {
    score.map_or_else(|| NO_SCORE.to_string(), result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_read_the_cells_they_are_given() {
        let cells = AttainmentCells {
            value: "B9",
            target: "C9",
            warn: "D9",
            upper: None,
        };
        assert_eq!(
            attainment(Direction::Lower, &cells),
            "IF(OR(D9=\"\",D9=C9),IF(B9<=C9,100,0),MAX(0,MIN(100,50+50*(B9-D9)/(C9-D9))))"
        );
        let band = AttainmentCells {
            upper: Some("Weights!$G$20"),
            ..cells
        };
        assert_eq!(
            attainment(Direction::Band, &band),
            "IF(MAX(C9-B9,B9-Weights!$G$20,0)<=0,100,IF(N(D9)>0,MAX(0,MIN(100,100-50*MAX(C9-B9,B9-Weights!$G$20,0)/D9)),0))"
        );
        assert_eq!(
            weighted_score("J9:J12", "E9:E12"),
            "IF(SUMIFS(J9:J12,E9:E12,\">=0\")=0,\"–\",SUMPRODUCT(J9:J12,E9:E12)/SUMIFS(J9:J12,E9:E12,\">=0\"))"
        );
        assert_eq!(result(94.2), "94.2");
        assert_eq!(result(1e-7), "0.0000001");
        assert_eq!(score_result(None), "–");
    }
}
