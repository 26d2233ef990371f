//! Where each record's product line comes from: the rules' `line:`
//! column, the kind's own line field (a Product column), or — for a kind
//! whose records name something else that maps to a line (a spend row's
//! campaign, an event's name) — the rules' `lines:` patterns over that
//! column. A table with none of these is an error that says which to add.

use super::RecordError;
use super::choices::RecordChoices;
use super::columns::grid_place;
use super::schema::{Columns, RecordKind, Schema};
use crate::ingest::Grid;

/// The column the lines come from: the rules' `line:`, else the kind's
/// first line field present.
pub fn line_column<'a>(
    grid: &Grid,
    columns: &'a Columns,
    schema: &Schema,
    choices: &'a RecordChoices,
) -> Result<(usize, &'a str), RecordError> {
    if let Some(named) = &choices.line {
        return columns
            .named(named)
            .ok_or_else(|| RecordError::NoSuchLineColumn {
                place: grid_place(grid),
                column: named.clone(),
                declared_at: choices.declared_at.clone().unwrap_or_default(),
                headers: columns.header_list(),
            });
    }
    schema
        .line_fields
        .iter()
        .find_map(|f| columns.get(f))
        .ok_or_else(|| RecordError::NoLineColumn {
            place: grid_place(grid),
            kind: schema.kind.word(),
            noun: schema.kind.noun(),
        })
}

/// The column a table's lines come from through the rules' `lines:`
/// patterns, when it has no line column and the rules name none: the
/// kind's first mapped line field present (a spend row's campaign).
/// Without patterns that is an error: a campaign is not a product line.
fn line_by_mapping(
    found: &Columns,
    schema: &Schema,
    choices: &RecordChoices,
    place: &str,
) -> Result<Option<String>, RecordError> {
    if choices.line.is_some() || schema.line_fields.iter().any(|f| found.has(f)) {
        return Ok(None);
    }
    let Some((_, header)) = schema.mapped_line_fields.iter().find_map(|f| found.get(f)) else {
        return Ok(None);
    };
    match (choices.lines.is_empty(), schema.kind) {
        (true, RecordKind::Events) => Err(RecordError::EventsUnmapped {
            place: place.to_string(),
            column: header.to_string(),
            // A column that names a product (`event_properties.product`),
            // else the first the events' fields do not take.
            suggest: {
                let used: Vec<usize> = found.fields.values().map(|(c, _)| *c).collect();
                let free = || found.headers.iter().filter(|(c, _)| !used.contains(c));
                free()
                    .find(|(_, h)| h.to_ascii_lowercase().contains("product"))
                    .or_else(|| free().next())
                    .map_or("Product", |(_, h)| h.as_str())
                    .to_string()
            },
        }),
        (true, _) => Err(RecordError::CampaignsUnmapped {
            place: place.to_string(),
            column: header.to_string(),
        }),
        (false, _) => Ok(Some(header.to_string())),
    }
}

/// The choices a table is read under: the rules' `declared`, with the
/// column its lines come from through the patterns when it has no line
/// column (see [`line_by_mapping`]); beside them, the table's error when
/// it needs patterns and the rules give none.
pub fn lined(
    found: &Columns,
    schema: &Schema,
    declared: RecordChoices,
    place: &str,
) -> (RecordChoices, Result<(), RecordError>) {
    match line_by_mapping(found, schema, &declared, place) {
        Ok(Some(line)) => (
            RecordChoices {
                line: Some(line),
                ..declared
            },
            Ok(()),
        ),
        Ok(None) => (declared, Ok(())),
        Err(error) => (declared, Err(error)),
    }
}
