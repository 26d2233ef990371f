//! Support tickets, as help desks export them: Zendesk (`Id`, `Status`,
//! `Created at`, `Solved at`, `Full resolution time in minutes`, `First
//! reply time in minutes` and their `… within business hours` twins,
//! `Reopens`, `Satisfaction Score`, `Group`, `Product [list]`), Freshdesk
//! (`Ticket ID`, `Created time`, `Resolved time`, `First response time (in
//! hrs)`, `Resolution time (in hrs)`, `Product`), Jira Service Management
//! (`Issue key`, `Created`, `Resolved`, `Satisfaction rating`) and Intercom
//! (`conversation_created_at`, `first_admin_reply_at`, `last_close_at`,
//! `count_reopens`, `conversation_rating`).
//!
//! The KPIs, per line and period:
//! - `tickets_solved`: tickets solved in the period (by solve date);
//! - `support_resolution_hours` and `_p90`: median and 90th percentile of
//!   the hours from creation to solve, over tickets solved in the period;
//! - `first_reply_hours` and `_p90`: the same of the hours to the first
//!   agent reply, over tickets created in the period that had one;
//! - `reopen_rate`: solved tickets reopened at least once / tickets solved;
//! - `csat`: good / (good + bad) ratings (or 4-5 of 1-5) over
//!   tickets solved in the period; unrated tickets are left out.
//!
//! Hours are calendar hours, or business hours where the export gives them
//! and `records("tickets", #{ hours: "business" })` chooses them. Tickets
//! marked deleted, spam or merged (status, or a `closed_by_merge` / `spam`
//! tag) are left out of every KPI.

use super::checks::Check;
use super::choices::RecordChoices;
use super::measure::{Agg, Cond, Counted, Measure, Num};
use super::schema::{FieldSpec, Holds, RecordKind, Schema};

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Tickets,
    fields: FIELDS,
    needs: &[
        &["id"],
        &["created_at", "solved_at"],
        &[
            "solved_at",
            "resolution_hours",
            "first_reply_hours",
            "first_reply_at",
            "reopens",
        ],
    ],
    line_fields: &["product", "group"],
    mapped_line_fields: &[],
    money: None,
    checks: &[
        Check {
            bad: || solved_before_created().expr(),
            column: None,
            example: None,
            says: [
                "was solved before it was created",
                "were solved before they were created",
            ],
            fix: "correct the times in the help desk and export again",
        },
        Check {
            bad: || negative_time().expr(),
            column: None,
            example: None,
            says: [
                "has a negative resolution or first reply time",
                "have a negative resolution or first reply time",
            ],
            fix: "a time taken is 0 or more: correct them in the help desk and export again",
        },
    ],
};

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        headers: &[
            "id",
            "ticket_id",
            "issue_key",
            "conversation_id",
            "ticket_number",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "status",
        headers: &["status", "ticket_status", "state"],
        holds: Holds::Word,
    },
    FieldSpec {
        name: "created_at",
        headers: &[
            "created_at",
            "created_time",
            "created",
            "conversation_created_at",
            "created_date",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "solved_at",
        headers: &[
            "solved_at",
            "resolved_time",
            "resolved",
            "resolved_at",
            "last_close_at",
            "solved_date",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "first_reply_at",
        headers: &[
            "first_admin_reply_at",
            "first_reply_at",
            "first_responded_at",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "resolution_hours",
        headers: &[
            "full_resolution_time_in_minutes",
            "resolution_time_in_hrs",
            "resolution_time_in_hours",
            "full_resolution_time_in_hours",
        ],
        holds: Holds::Hours,
    },
    FieldSpec {
        name: "resolution_business_hours",
        headers: &[
            "full_resolution_time_in_minutes_within_business_hours",
            "resolution_time_in_business_hours",
        ],
        holds: Holds::Hours,
    },
    FieldSpec {
        name: "first_reply_hours",
        headers: &[
            "first_reply_time_in_minutes",
            "first_response_time_in_hrs",
            "first_response_time_in_hours",
            "first_reply_time_in_hours",
        ],
        holds: Holds::Hours,
    },
    FieldSpec {
        name: "first_reply_business_hours",
        headers: &[
            "first_reply_time_in_minutes_within_business_hours",
            "first_response_time_in_business_hours",
        ],
        holds: Holds::Hours,
    },
    FieldSpec {
        name: "reopens",
        headers: &["reopens", "count_reopens", "reopen_count"],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "satisfied",
        headers: &[
            "satisfaction_score",
            "satisfaction_rating",
            "conversation_rating",
            "csat_rating",
            "satisfaction",
        ],
        holds: Holds::Rating,
    },
    FieldSpec {
        name: "product",
        headers: &[
            "product",
            "product_list",
            "product_name",
            "product_line",
            "custom_field_product",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "group",
        headers: &["group", "group_name", "team", "team_assigned"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "left_out",
        headers: &["tags", "ticket_tags"],
        holds: Holds::Marks(&["closed_by_merge", "merged", "spam"]),
    },
];

/// A solve time before the creation time.
fn solved_before_created() -> Cond {
    Cond::Above(Num::HoursBetween("solved_at", "created_at"), 0.0)
}

/// A duration column below zero.
fn negative_time() -> Cond {
    let below_zero = |f| {
        Cond::All(vec![
            Cond::Present(f),
            Cond::Not(Box::new(Cond::AtLeast(Num::Field(f), 0.0))),
        ])
    };
    Cond::Any(
        [
            "resolution_hours",
            "resolution_business_hours",
            "first_reply_hours",
            "first_reply_business_hours",
        ]
        .into_iter()
        .map(below_zero)
        .collect(),
    )
}

/// Statuses of tickets that count for nothing.
const LEFT_OUT_STATUSES: &[&str] = &["deleted", "spam", "merged"];

/// The KPIs tickets give.
pub fn measures(choices: &RecordChoices) -> Vec<Measure> {
    let counted = || {
        Cond::All(vec![
            Cond::Not(Box::new(Cond::Is("status", LEFT_OUT_STATUSES))),
            Cond::Not(Box::new(Cond::Flag("left_out"))),
        ])
    };
    let solved = || Cond::All(vec![counted(), Cond::Present("solved_at")]);
    let business = choices.word("hours") == "business";
    let between = |to: &'static str| Num::HoursBetween("created_at", to);
    // Business hours only where the export gives them; calendar hours
    // from the duration column, else from the two times.
    let (resolution, first_reply) = match business {
        true => (
            Num::Field("resolution_business_hours"),
            Num::Field("first_reply_business_hours"),
        ),
        false => (
            Num::Either(
                Box::new(Num::Field("resolution_hours")),
                Box::new(between("solved_at")),
            ),
            Num::Either(
                Box::new(Num::Field("first_reply_hours")),
                Box::new(between("first_reply_at")),
            ),
        ),
    };
    let mut out = vec![Measure {
        metric: "tickets_solved",
        by: "solved_at",
        over: solved(),
        agg: Agg::Count,
        counted: Counted::new("ticket solved", "tickets solved"),
    }];
    let central = |hours: Num| match choices.word("statistic") {
        "mean" => Agg::Mean(hours),
        _ => Agg::Median(hours),
    };
    for (metric, agg) in [
        ("support_resolution_hours", central(resolution.clone())),
        (
            "support_resolution_hours_p90",
            Agg::Quantile(resolution, 0.9),
        ),
    ] {
        out.push(Measure {
            metric,
            by: "solved_at",
            over: solved(),
            agg,
            counted: Counted::new("ticket solved", "tickets solved"),
        });
    }
    for (metric, agg) in [
        ("first_reply_hours", central(first_reply.clone())),
        ("first_reply_hours_p90", Agg::Quantile(first_reply, 0.9)),
    ] {
        out.push(Measure {
            metric,
            by: "created_at",
            over: counted(),
            agg,
            counted: Counted::new(
                "ticket created with a reply",
                "tickets created with a reply",
            ),
        });
    }
    out.push(Measure {
        metric: "reopen_rate",
        by: "solved_at",
        over: solved(),
        agg: Agg::Share(Cond::Above(Num::Field("reopens"), 0.0)),
        counted: Counted::new("ticket solved", "tickets solved"),
    });
    out.push(Measure {
        metric: "csat",
        by: "solved_at",
        over: Cond::All(vec![solved(), Cond::Present("satisfied")]),
        agg: Agg::Share(Cond::Flag("satisfied")),
        counted: Counted::new("rated ticket solved", "rated tickets solved"),
    });
    out
}
