//! The Excel formulas the workbook writes: a metric's attainment, its status
//! and the weighted scores with their coverage. They do the same arithmetic,
//! in the same order, as `scorecard::attainment`, `scorecard::weighted_score`
//! and `scorecard::coverage`, so the cached results we store equal what a
//! spreadsheet recomputes.

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

/// [`attainment`], or a dash while the weight cell holds 0 (switched off).
pub fn attainment_unless_off(direction: Direction, c: &AttainmentCells, weight: &str) -> String {
    format!(
        "IF(N({weight})=0,\"{NO_SCORE}\",{})",
        attainment(direction, c)
    )
}

/// The status a scored metric's attainment means: green at 100, amber from
/// 50, red below.
pub fn status(attainment: &str) -> String {
    format!("IF({attainment}>=100,\"Green\",IF({attainment}>=50,\"Amber\",\"Red\"))")
}

/// [`status`], or `Off` while the weight cell holds 0.
pub fn status_unless_off(attainment: &str, weight: &str) -> String {
    format!("IF(N({weight})=0,\"Off\",{})", status(attainment))
}

/// The ranges of one score's metric rows that its coverage formulas read.
pub struct ScoreRanges<'a> {
    pub weights: &'a str,
    pub attainments: &'a str,
    pub statuses: &'a str,
    pub targets: &'a str,
}

impl ScoreRanges<'_> {
    /// The weight of the judged KPIs: those with an attainment.
    fn covered(&self) -> String {
        format!("SUMIFS({},{},\">=0\")", self.weights, self.attainments)
    }

    /// Whether each row is a KPI the score could count: a weight (a
    /// number), not Info, and a target or an attainment.
    fn in_scope(&self) -> String {
        format!(
            "ISNUMBER({w})*({s}<>\"Info\")*((({t}<>\"\")+ISNUMBER({a}))>0)",
            w = self.weights,
            s = self.statuses,
            t = self.targets,
            a = self.attainments
        )
    }

    /// The weight of every KPI the score could count.
    fn scope(&self) -> String {
        format!("SUMPRODUCT({},{})", self.weights, self.in_scope())
    }
}

/// [`weighted_score`], or a dash when less than `minimum` of the weight the
/// score could count has a value (or none has).
pub fn covered_score(r: &ScoreRanges, minimum: f64) -> String {
    let (covered, scope) = (r.covered(), r.scope());
    format!(
        "IF({scope}=0,\"{NO_SCORE}\",IF(OR({covered}=0,{covered}/{scope}<{min}),\"{NO_SCORE}\",SUMPRODUCT({w},{a})/{covered}))",
        min = result(minimum),
        w = r.weights,
        a = r.attainments
    )
}

/// `3 of 5 KPIs, 64% of the weight` (as `scorecard::Coverage` writes it),
/// or `no scored KPIs`.
pub fn coverage_text(r: &ScoreRanges) -> String {
    let (covered, scope) = (r.covered(), r.scope());
    let kpis = format!("COUNTIFS({},\">=0\",{},\">0\")", r.attainments, r.weights);
    let of = format!("SUMPRODUCT(({}>0)*{})", r.weights, r.in_scope());
    format!(
        "IF({scope}=0,\"no scored KPIs\",{kpis}&\" of \"&{of}&IF({of}=1,\" KPI, \",\" KPIs, \")&ROUND({covered}/{scope}*100,0)&\"% of the weight\")"
    )
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
        let ranges = ScoreRanges {
            weights: "J9:J12",
            attainments: "E9:E12",
            statuses: "F9:F12",
            targets: "C9:C12",
        };
        let covered = "SUMIFS(J9:J12,E9:E12,\">=0\")";
        let scope = "SUMPRODUCT(J9:J12,ISNUMBER(J9:J12)*(F9:F12<>\"Info\")*(((C9:C12<>\"\")+ISNUMBER(E9:E12))>0))";
        assert_eq!(
            covered_score(&ranges, 0.5),
            format!(
                "IF({scope}=0,\"–\",IF(OR({covered}=0,{covered}/{scope}<0.5),\"–\",SUMPRODUCT(J9:J12,E9:E12)/{covered}))"
            )
        );
        assert_eq!(
            status_unless_off("E9", "J9"),
            "IF(N(J9)=0,\"Off\",IF(E9>=100,\"Green\",IF(E9>=50,\"Amber\",\"Red\")))"
        );
        assert_eq!(result(94.2), "94.2");
        assert_eq!(result(1e-7), "0.0000001");
        assert_eq!(score_result(None), "–");
    }
}
