//! CRM deals, as the CRMs export them: Salesforce opportunity reports
//! (labels `Opportunity ID`, `Opportunity Name`, `Stage`, `Won`, `Closed`,
//! `Amount`, `Close Date`, `Created Date`, `Product Name`, `Opportunity
//! Currency`, or the API names `Id`, `Name`, `StageName`, `IsWon`,
//! `IsClosed`, `CloseDate`, `CreatedDate`, `CurrencyIsoCode`) and HubSpot
//! deal exports (`Record ID`, `Deal Name`, `Deal Stage`, `Is Closed Won`,
//! `Is closed`, `Amount`, `Close Date`, `Create Date`, `Pipeline`, or
//! `hs_object_id`, `dealname`, `dealstage`, `hs_is_closed_won`,
//! `hs_is_closed`, `closedate`, `createdate`, `pipeline`,
//! `deal_currency_code`).
//!
//! A deal is won or closed as its flags say; where the export has no flag
//! (or a flag cell is blank), its stage decides: `Closed Won` / `closedwon`
//! is won, `Closed Lost` / `closedlost` lost, any other stage open. The
//! export holds each deal's current state only: a deal reopened after it
//! was won is open. The KPIs, per line and period:
//! - `win_rate`: won / (won + lost), over deals closed in the period (by
//!   close date);
//! - `deals_won`: deals won in the period (by close date), counted among
//!   the deals closed in it, so a period of losses only is 0, not missing;
//! - `pipeline_created`: the amount of the deals created in the period (by
//!   create date);
//! - `pipeline`: the amount of the open deals, as of the export: in the
//!   export's latest period (the latest period a deal was created in or
//!   closed in; an open deal's close date is only expected, so it counts
//!   for nothing);
//! - `avg_deal_size`: the mean amount of the deals won in the period;
//! - `sales_cycle_days`: the median of the calendar days from create date
//!   to close date, over the deals won in the period.

use super::checks::Check;
use super::choices::RecordChoices;
use super::measure::{Agg, Cond, Counted, LATEST, Measure, Num};
use super::schema::{FieldSpec, Holds, RecordKind, Schema};

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Deals,
    fields: FIELDS,
    needs: &[
        &["id", "name"],
        &["stage", "won"],
        &["amount"],
        &["closed_at"],
    ],
    line_fields: &["product", "deal_pipeline"],
    mapped_line_fields: &[],
    money: Some(("currency", &["amount"])),
    checks: &[
        Check {
            bad: || won_and_lost().expr(),
            column: None,
            example: None,
            says: [
                "is marked both won and lost (won, but at a lost stage or not closed)",
                "are marked both won and lost (won, but at a lost stage or not closed)",
            ],
            fix: "a deal is won, lost or open: correct them in the CRM and export again",
        },
        Check {
            bad: || closed_before_created().expr(),
            column: None,
            example: None,
            says: [
                "has a close date before its create date",
                "have a close date before their create date",
            ],
            fix: "correct the dates in the CRM and export again",
        },
    ],
};

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        headers: &[
            "opportunity_id",
            "id",
            "record_id",
            "hs_object_id",
            "deal_id",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "name",
        headers: &["opportunity_name", "name", "deal_name", "dealname"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "stage",
        headers: &["stage", "stagename", "deal_stage", "dealstage"],
        holds: Holds::Word,
    },
    FieldSpec {
        name: "won",
        headers: &["won", "iswon", "is_closed_won", "hs_is_closed_won"],
        holds: Holds::Flag,
    },
    FieldSpec {
        name: "closed",
        headers: &["closed", "isclosed", "is_closed", "hs_is_closed"],
        holds: Holds::Flag,
    },
    FieldSpec {
        name: "amount",
        headers: &["amount"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "closed_at",
        headers: &["close_date", "closedate"],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "created_at",
        headers: &["created_date", "createddate", "create_date", "createdate"],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "product",
        headers: &["product_name", "product"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "deal_pipeline",
        headers: &["pipeline"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "currency",
        headers: &[
            "opportunity_currency",
            "currencyisocode",
            "deal_currency_code",
            "currency",
        ],
        holds: Holds::Word,
    },
];

/// Stages that say a deal was won, where no flag does (lower case).
const WON_STAGES: &[&str] = &["closed won", "closedwon", "won"];

/// Stages that say a deal was lost.
const LOST_STAGES: &[&str] = &["closed lost", "closedlost", "lost"];

/// The deal is won: its won flag, else its stage.
fn won() -> Cond {
    Cond::FlagElse("won", Box::new(Cond::Is("stage", WON_STAGES)))
}

/// The deal is closed (won or lost): its closed flag, else won or at a
/// lost stage.
fn closed() -> Cond {
    Cond::FlagElse(
        "closed",
        Box::new(Cond::Any(vec![won(), Cond::Is("stage", LOST_STAGES)])),
    )
}

/// Won, and yet at a lost stage or flagged not closed.
fn won_and_lost() -> Cond {
    Cond::All(vec![
        won(),
        Cond::Any(vec![
            Cond::Is("stage", LOST_STAGES),
            Cond::All(vec![
                Cond::Present("closed"),
                Cond::Not(Box::new(Cond::Flag("closed"))),
            ]),
        ]),
    ])
}

/// Closed on a date before the one it was created on.
fn closed_before_created() -> Cond {
    Cond::Above(Num::DatesBetween("closed_at", "created_at"), 0.0)
}

/// The sample of the KPIs of closed deals (won or lost).
const CLOSED: Counted = Counted::new("deal closed", "deals closed");

/// The sample of the KPIs of won deals.
const WON: Counted = Counted::new("deal won", "deals won");

/// The KPIs deals give.
pub fn measures(_: &RecordChoices) -> Vec<Measure> {
    let amount = || Num::Field("amount");
    let won_deal = |metric, agg, counted| Measure {
        metric,
        by: "closed_at",
        over: won(),
        agg,
        counted,
    };
    vec![
        Measure {
            metric: "win_rate",
            by: "closed_at",
            over: closed(),
            agg: Agg::Share(won()),
            counted: CLOSED,
        },
        // Counted among the deals closed, so a quarter of losses only is
        // 0 won, not missing.
        Measure {
            metric: "deals_won",
            by: "closed_at",
            over: closed(),
            agg: Agg::CountOf(won()),
            counted: CLOSED,
        },
        Measure {
            metric: "pipeline_created",
            by: "created_at",
            over: Cond::Always,
            agg: Agg::Sum(amount()),
            counted: Counted::new(
                "deal created with an amount",
                "deals created with an amount",
            ),
        },
        Measure {
            metric: "pipeline",
            by: LATEST,
            over: Cond::Not(Box::new(closed())),
            agg: Agg::Sum(amount()),
            counted: Counted::new(
                "open deal with an amount, as of the export,",
                "open deals with an amount, as of the export,",
            ),
        },
        won_deal(
            "avg_deal_size",
            Agg::Mean(amount()),
            Counted::new("deal won with an amount", "deals won with an amount"),
        ),
        won_deal(
            "sales_cycle_days",
            Agg::Median(Num::DatesBetween("created_at", "closed_at")),
            WON,
        ),
    ]
}
