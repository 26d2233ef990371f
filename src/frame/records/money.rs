//! Amounts in one currency. Records that carry their currency (a deal's
//! `CurrencyIsoCode`, an ad account's `CurrencyCode`) and use more than one
//! are converted to the rules' `currency` with their `rates`; without rates
//! for every currency found, the table is one error naming a record of each
//! currency, never summed across currencies.

use super::choices::RecordChoices;
use super::columns::ROW;
use super::{RecordError, RecordKind};
use polars::prelude::*;

/// `frame` with the amounts `amounts` in one currency (the currency field
/// `currency` lower case, as read), and that currency when the table says
/// it; `place` names the table for errors. A table in one currency is
/// converted too when the rules report in another.
pub fn one_currency(
    frame: DataFrame,
    currency: &str,
    amounts: &[&str],
    choices: &RecordChoices,
    kind: RecordKind,
    place: &str,
) -> Result<(DataFrame, Option<String>), RecordError> {
    let polars = RecordError::polars;
    // Each currency with the first row it appears on.
    let seen = frame
        .clone()
        .lazy()
        .filter(col(currency).is_not_null())
        .group_by([col(currency)])
        .agg([col(ROW).min()])
        .sort([ROW], SortMultipleOptions::default())
        .collect()
        .map_err(polars)?;
    let codes = seen
        .column(currency)
        .map_err(polars)?
        .str()
        .map_err(polars)?;
    let rows = seen.column(ROW).map_err(polars)?.u64().map_err(polars)?;
    let found: Vec<(String, u64)> = codes
        .iter()
        .zip(rows.iter())
        .filter_map(|(c, r)| Some((c?.to_uppercase(), r?)))
        .collect();
    let target = choices.currency.as_deref();
    if let [(code, row)] = found.as_slice() {
        match target {
            Some(t) if t != code && !choices.rates.contains_key(code) => {
                return Err(RecordError::NoRate {
                    place: place.to_string(),
                    code: code.clone(),
                    row: *row,
                    target: t.to_string(),
                    declared_at: choices.declared_at.clone().unwrap_or_default(),
                });
            }
            Some(t) if t != code => {}
            _ => return Ok((frame, Some(code.clone()))),
        }
    }
    if found.is_empty() {
        return Ok((frame, target.map(str::to_string)));
    }
    let missing: Vec<&(String, u64)> = found
        .iter()
        .filter(|(code, _)| Some(code.as_str()) != target && !choices.rates.contains_key(code))
        .collect();
    if target.is_none() || !missing.is_empty() {
        let list: Vec<String> = found
            .iter()
            .map(|(code, row)| format!("{code} at row {row}"))
            .collect();
        return Err(RecordError::Currencies {
            place: place.to_string(),
            count: found.len(),
            list: list.join(", "),
            example: example(found.iter().map(|(c, _)| c.as_str()), target, kind),
        });
    }
    let rate = found.iter().fold(lit(f64::NAN), |otherwise, (code, _)| {
        let r = choices.rates.get(code).copied().unwrap_or(1.0);
        when(col(currency).eq(lit(code.to_lowercase())))
            .then(lit(r))
            .otherwise(otherwise)
    });
    let rate = when(col(currency).is_null()).then(lit(1.0)).otherwise(rate);
    let converted: Vec<Expr> = amounts
        .iter()
        .map(|a| (col(*a) * rate.clone()).alias(*a))
        .collect();
    let frame = frame
        .lazy()
        .with_columns(converted)
        .collect()
        .map_err(polars)?;
    Ok((frame, target.map(str::to_string)))
}

/// The declaration that would convert `found`: `records("deals", #{
/// currency: "USD", rates: #{ EUR: 1.08 } })` with the codes found.
pub fn example<'a>(
    codes: impl IntoIterator<Item = &'a str>,
    target: Option<&str>,
    kind: RecordKind,
) -> String {
    let codes: Vec<&str> = codes.into_iter().collect();
    let target = target.unwrap_or(codes[0]);
    let rates: Vec<String> = codes
        .iter()
        .filter(|code| **code != target)
        .map(|code| format!("{code}: …"))
        .collect();
    format!(
        "records(\"{}\", #{{ currency: \"{target}\", rates: #{{ {} }} }})",
        kind.word(),
        rates.join(", ")
    )
}
