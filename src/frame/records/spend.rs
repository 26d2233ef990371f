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

use super::RecordError;
use super::choices::RecordChoices;
use super::columns::{ROW, Tally};
use super::measure::{Agg, Cond, Measure, Num};
use super::schema::{Columns, FieldSpec, Holds, RecordKind, Schema};
use crate::model::Unit;
use crate::model::format::show;
use polars::prelude::*;

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Spend,
    fields: FIELDS,
    needs: &[&["date"], &["spend"], &["campaign", "campaign_id"]],
    line_fields: &["product"],
    money: Some(("currency", &["spend"])),
    checks: &[],
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
        counted: "spend rows",
    }]
}

/// The rules' word on a spend table, with the line taken from the
/// campaign column when the table has no product column and the rules
/// map campaigns to lines; `place` names the table.
pub fn line_from(
    found: &Columns,
    mut choices: RecordChoices,
    place: &str,
) -> Result<RecordChoices, RecordError> {
    if choices.line.is_some() || SCHEMA.line_fields.iter().any(|f| found.has(f)) {
        return Ok(choices);
    }
    let campaign = found
        .get("campaign")
        .or_else(|| found.get("campaign_id"))
        .map(|(_, header)| header.to_string())
        .expect("a spend table has a campaign column");
    match choices.lines.is_empty() {
        true => Err(RecordError::CampaignsUnmapped {
            place: place.to_string(),
            column: campaign,
        }),
        false => {
            choices.line = Some(campaign);
            Ok(choices)
        }
    }
}

/// `frame` when no spend is negative, else one error for the column
/// `place` names.
pub fn no_negative(frame: DataFrame, place: &str) -> Result<DataFrame, RecordError> {
    let polars = RecordError::polars;
    let negative = frame
        .clone()
        .lazy()
        .filter(col("spend").lt(lit(0.0)))
        .select([col(ROW), col("spend")])
        .collect()
        .map_err(polars)?;
    if negative.height() == 0 {
        return Ok(frame);
    }
    let rows = negative
        .column(ROW)
        .map_err(polars)?
        .u64()
        .map_err(polars)?;
    let spend = negative
        .column("spend")
        .map_err(polars)?
        .f64()
        .map_err(polars)?;
    let mut tally = Tally::default();
    for (row, amount) in rows.iter().zip(spend.iter()) {
        if let (Some(row), Some(amount)) = (row, amount) {
            tally.note(row as usize, || show(amount, Unit::Money));
        }
    }
    Err(RecordError::Cells {
        place: place.to_string(),
        count: tally.count,
        expected: "amounts of 0 or more (spend cannot be negative)".into(),
        rows: tally.first_rows(),
        example: tally.example.unwrap_or_default(),
    })
}
