//! Subscriptions, as billing tools export them: Stripe's subscriptions
//! export (`id`, `Customer ID`, `Status`, `Plan`, `Product`, `Quantity`,
//! `Currency`, `Interval`, `Amount`, `Start (UTC)`, `Current Period End
//! (UTC)`, `Trial Start (UTC)`, `Trial End (UTC)`, `Canceled At (UTC)`,
//! `Cancel At (UTC)`, `Ended At (UTC)`), a Baremetrics-style import
//! (`customer_oid`, `plan_oid`, `plan_name`, `plan_amount` in cents,
//! `plan_interval`, `plan_interval_count`, `subscription_started_at`,
//! `subscription_canceled_at`) and a plain customer list (`Customer`,
//! `Product`, `Start date`, `End date`, `MRR`).
//!
//! This file says what one subscription is worth and when it pays: its
//! monthly recurring revenue (MRR), the time it starts paying (after any
//! trial) and the time it ends; and it checks the records that cannot be
//! right. The KPIs are states at each period's start and end, so they are
//! not one group-by per period: `subscription_state.rs` computes them.

use super::RecordError;
use super::checks::{Check, not_negative};
use super::measure::{Cond, Measure, month_column};
use super::schema::{Columns, FieldSpec, Holds, RecordKind, Schema};
use super::{Custom, RecordChoices, subscription_state};
use polars::prelude::*;

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Subscriptions,
    fields: FIELDS,
    needs: &[
        &["customer"],
        &["amount", "amount_cents", "mrr"],
        &["start"],
    ],
    line_fields: &["product", "plan"],
    mapped_line_fields: &[],
    money: Some(("currency", &["amount", "amount_cents", "mrr"])),
    checks: CHECKS,
};

pub const CUSTOM: Custom = Custom {
    check,
    aggregate: subscription_state::aggregate,
    periods: subscription_state::periods,
    no_sql: "their KPIs follow each subscription from period to period",
};

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        headers: &["id", "subscription_id", "subscription_oid"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "customer",
        headers: &[
            "customer_id",
            "customer_oid",
            "customer",
            "customer_name",
            "customer_email",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "status",
        headers: &["status", "subscription_status"],
        holds: Holds::Word,
    },
    FieldSpec {
        name: "product",
        headers: &["product", "product_name", "product_line", "product_id"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "plan",
        headers: &["plan_name", "plan", "plan_nickname", "plan_oid", "plan_id"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "interval",
        headers: &["interval", "plan_interval", "billing_interval"],
        holds: Holds::Word,
    },
    FieldSpec {
        name: "interval_count",
        headers: &["interval_count", "plan_interval_count"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "amount",
        headers: &["amount", "unit_amount", "price"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "amount_cents",
        headers: &["plan_amount", "amount_in_cents", "unit_amount_cents"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "mrr",
        headers: &["mrr", "monthly_recurring_revenue"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "quantity",
        headers: &["quantity", "plan_quantity", "seats"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "currency",
        headers: &["currency", "plan_currency"],
        holds: Holds::Word,
    },
    FieldSpec {
        name: "start",
        headers: &[
            "start_utc",
            "start_date_utc",
            "subscription_started_at",
            "started_at",
            "start_date",
            "start",
            "created_utc",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "canceled_at",
        headers: &[
            "canceled_at_utc",
            "subscription_canceled_at",
            "canceled_at",
            "cancelled_at",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "ended_at",
        headers: &[
            "ended_at_utc",
            "ended_at",
            "subscription_ended_at",
            "end_date",
            "end",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "cancel_at",
        headers: &["cancel_at_utc", "cancel_at"],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "period_end",
        headers: &["current_period_end_utc", "current_period_end"],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "trial_start",
        headers: &["trial_start_utc", "trial_start"],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "trial_end",
        headers: &["trial_end_utc", "trial_end", "trial_ends_at"],
        holds: Holds::Time,
    },
];

/// Every status read: Stripe's, and `cancelled`, `ended`, `expired`.
const STATUSES: &[&str] = &[
    "active",
    "past_due",
    "unpaid",
    "trialing",
    "canceled",
    "cancelled",
    "ended",
    "expired",
    "incomplete",
    "incomplete_expired",
    "paused",
];
/// Statuses of a subscription still running (past due and unpaid ones
/// still count, as in ChartMogul and Baremetrics, until they end).
const RUNNING: &[&str] = &["active", "past_due", "unpaid", "trialing"];
/// Statuses of a subscription that never paid: it counts for nothing.
const NEVER_PAID: &[&str] = &["incomplete", "incomplete_expired", "paused", "trialing"];
/// Billing intervals and the months' worth of one: `year` is 12 months.
const INTERVALS: &[(&str, f64)] = &[
    ("day", 12.0 / 365.0),
    ("daily", 12.0 / 365.0),
    ("week", 12.0 / 52.0),
    ("weekly", 12.0 / 52.0),
    ("month", 1.0),
    ("monthly", 1.0),
    ("quarter", 3.0),
    ("quarterly", 3.0),
    ("year", 12.0),
    ("yearly", 12.0),
    ("annual", 12.0),
    ("annually", 12.0),
];
/// The time fields whose latest date is the export's date: things that
/// happened (a trial's end, a scheduled cancellation and the current
/// billing period's end may lie ahead).
pub const HAPPENED: &[&str] = &["start", "canceled_at", "ended_at", "trial_start"];

/// Subscriptions have no plain group-by KPIs: see `subscription_state.rs`.
pub fn measures(_: &RecordChoices) -> Vec<Measure> {
    Vec::new()
}

/// Whether the subscription never paid (incomplete, paused, trialing).
pub fn never_paid() -> Expr {
    Cond::Is("status", NEVER_PAID).expr()
}

/// The months a billing interval covers; empty for an unknown one.
fn interval_months() -> Expr {
    INTERVALS
        .iter()
        .rev()
        .fold(lit(NULL).cast(DataType::Float64), |otherwise, (w, m)| {
            when(col("interval").eq(lit(*w)))
                .then(lit(*m))
                .otherwise(otherwise)
        })
}

/// The subscription's amount per billing interval, all seats: `Amount` ×
/// `Quantity`, or `plan_amount` (cents) / 100 × quantity.
fn billed() -> Expr {
    let amount = when(col("amount").is_not_null())
        .then(col("amount"))
        .otherwise(col("amount_cents") / lit(100.0));
    amount * col("quantity").fill_null(lit(1.0))
}

/// The subscription's monthly recurring revenue: the MRR column, else the
/// amount billed over the months its interval covers (`Interval` ×
/// `Interval Count`): a year's plan is worth a twelfth a month, a week's
/// 52/12 times its amount.
pub fn monthly() -> Expr {
    let months = interval_months() * col("interval_count").fill_null(lit(1.0));
    when(col("mrr").is_not_null())
        .then(col("mrr"))
        .otherwise(billed() / months)
}

/// `field`'s column, or its month column when `month`.
fn at(field: &str, month: bool) -> Expr {
    match month {
        true => col(month_column(field)),
        false => col(field),
    }
}

/// When the subscription starts paying (its time in UTC ms, or its month
/// when `month`): at the end of its trial, else at its start.
pub fn paid_from(month: bool) -> Expr {
    when(col("trial_end").gt(col("start")).fill_null(lit(false)))
        .then(at("trial_end", month))
        .otherwise(at("start", month))
}

/// When the subscription ends (UTC ms, or its month when `month`); empty
/// while it runs. `Ended At` where given; a running subscription
/// cancelled at its period's end ends at `Cancel At`, else at the end of
/// its current period; an ended one (or a record without a status, as
/// Baremetrics and plain lists write them) at its cancellation.
pub fn ends(month: bool) -> Expr {
    let running = Cond::Is("status", RUNNING).expr();
    let scheduled = when(col("cancel_at").is_not_null())
        .then(at("cancel_at", month))
        .otherwise(
            when(col("canceled_at").is_not_null())
                .then(at("period_end", month))
                .otherwise(lit(NULL)),
        );
    let stopped = when(col("canceled_at").is_not_null())
        .then(at("canceled_at", month))
        .otherwise(at("cancel_at", month));
    when(col("ended_at").is_not_null())
        .then(at("ended_at", month))
        .otherwise(when(running).then(scheduled).otherwise(stopped))
}

/// Checks a table of subscriptions as a whole: amounts need a billing
/// interval (or an MRR column) to be worth something a month. Bad records
/// are the schema's [`CHECKS`].
pub fn check(columns: &Columns, place: &str) -> Result<(), RecordError> {
    let amount_field = ["mrr", "amount", "amount_cents"]
        .into_iter()
        .find(|f| columns.has(f));
    match columns.has("mrr") || columns.has("interval") {
        true => Ok(()),
        false => Err(RecordError::Invalid {
            place: place.to_string(),
            problem: format!(
                "the amounts (column \"{}\") have no billing interval; add an Interval column (day, week, month, quarter or year) or give each subscription's MRR",
                amount_field
                    .and_then(|f| columns.get(f))
                    .map_or("", |(_, h)| h)
            ),
        }),
    }
}

/// What a negative amount or quantity is told.
const NOT_NEGATIVE: &str = "a subscription's amount and quantity are zero or more: correct them, or leave refunds and credits out of the export";

/// Each class of bad subscriptions: one error with its count and first rows.
const CHECKS: &[Check] = &[
    Check {
        bad: || col("customer").is_null(),
        column: Some("customer"),
        example: None,
        says: ["has no customer", "have no customer"],
        fix: "fill in each subscription's customer, whom the KPIs count",
    },
    Check {
        bad: || col("start").is_null(),
        column: Some("start"),
        example: None,
        says: ["has no start date", "have no start date"],
        fix: "fill in when each subscription started",
    },
    Check {
        bad: || ends(false).lt(col("start")).fill_null(lit(false)),
        column: None,
        example: Some((|| ends(false), "one ending {}")),
        says: ["ends before it starts", "end before they start"],
        fix: "correct the start or end dates",
    },
    Check {
        bad: || {
            col("mrr")
                .is_null()
                .and(
                    col("amount")
                        .is_not_null()
                        .or(col("amount_cents").is_not_null()),
                )
                .and(interval_months().is_null())
        },
        column: Some("interval"),
        example: Some((|| col("interval"), "\"{}\"")),
        says: [
            "has a billing interval linecard does not know",
            "have a billing interval linecard does not know",
        ],
        fix: "write day, week, month, quarter or year",
    },
    Check {
        bad: || {
            col("status")
                .is_not_null()
                .and(Cond::Is("status", STATUSES).expr().not())
        },
        column: Some("status"),
        example: Some((|| col("status"), "\"{}\"")),
        says: [
            "has a status linecard does not know",
            "have a status linecard does not know",
        ],
        fix: STATUSES_READ,
    },
    not_negative!(
        "amount",
        "has a negative amount",
        "have a negative amount",
        NOT_NEGATIVE
    ),
    not_negative!(
        "amount_cents",
        "has a negative amount",
        "have a negative amount",
        NOT_NEGATIVE
    ),
    not_negative!(
        "mrr",
        "has a negative amount",
        "have a negative amount",
        NOT_NEGATIVE
    ),
    not_negative!(
        "quantity",
        "has a negative quantity",
        "have a negative quantity",
        NOT_NEGATIVE
    ),
];

/// [`STATUSES`] in words, for the message on a status not among them.
const STATUSES_READ: &str = "the statuses read are active, past_due, unpaid, trialing, canceled, cancelled, ended, expired, incomplete, incomplete_expired, paused";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_on_an_unknown_status_lists_every_status_read() {
        assert_eq!(
            STATUSES_READ,
            format!("the statuses read are {}", STATUSES.join(", "))
        );
    }
}
