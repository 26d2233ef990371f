//! Marketing spend, as ad platforms export it: Google Ads API and report
//! exports (`segments.date`, `campaign.name`, `campaign.id`,
//! `metrics.cost_micros` in millionths of the account currency,
//! `customer.currency_code`; the report labels `Day`, `Campaign`, `Cost`,
//! `Currency code`), Microsoft Advertising reports (`TimePeriod`,
//! `AccountName`, `CampaignName`, `CampaignId`, `CurrencyCode`, `Spend`)
//! and plain `Date | Campaign | Product | Spend` tables.
//!
//! The KPI, per line and period: `marketing_spend`, the sum of the spend
//! of the rows dated in the period, in one currency (`money.rs`). The line
//! comes from a product column, else from the campaign name through the
//! rules' `lines:` patterns: a campaign is not a product line, so without
//! either the table is an error saying to map campaigns to lines. A
//! negative spend is an error, never netted off. CAC is derived from the
//! spend afterwards (`derived.rs`).

use super::checks::not_negative;
use super::choices::RecordChoices;
use super::measure::{Agg, Cond, Counted, Measure, Num};
use super::schema::{FieldSpec, Holds, RecordKind, Schema};

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Spend,
    fields: FIELDS,
    needs: &[&["date"], &["spend"], &["campaign", "campaign_id"]],
    line_fields: &["product"],
    mapped_line_fields: &["campaign", "campaign_id"],
    money: Some(("currency", &["spend"])),
    checks: &[not_negative!(
        "spend",
        "has a negative spend",
        "have a negative spend",
        "spend is zero or more: correct it, or leave refunds and credits out of the export"
    )],
};

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "date",
        headers: &[
            "segments_date",
            "day",
            "timeperiod",
            "gregoriandate",
            "date",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "campaign",
        headers: &["campaign_name", "campaignname", "campaign"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "campaign_id",
        headers: &["campaign_id", "campaignid"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "account",
        headers: &[
            "customer_descriptive_name",
            "accountname",
            "account_name",
            "account",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "spend",
        headers: &[
            "metrics_cost_micros",
            "cost_micros",
            "spend",
            "cost",
            "metrics_cost",
            "amount_spent",
        ],
        holds: Holds::Money,
    },
    FieldSpec {
        name: "currency",
        headers: &[
            "customer_currency_code",
            "currency_code",
            "currencycode",
            "currency",
        ],
        holds: Holds::Word,
    },
    FieldSpec {
        name: "product",
        headers: &["product", "product_line", "product_name"],
        holds: Holds::Text,
    },
];

/// The KPIs spend rows give.
pub fn measures(_: &RecordChoices) -> Vec<Measure> {
    vec![Measure {
        metric: "marketing_spend",
        by: "date",
        over: Cond::Present("spend"),
        agg: Agg::Sum(Num::Field("spend")),
        counted: Counted::new("spend row", "spend rows"),
    }]
}
