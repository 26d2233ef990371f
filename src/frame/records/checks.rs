//! Records that cannot be right, found before any KPI is computed: each
//! kind lists the contradictions its records can hold (a deal both won and
//! lost, a close date before the create date) as conditions over the typed
//! fields, evaluated here with polars over the whole table. Each is one
//! error with the count and the first rows, never a value computed from
//! records that contradict themselves.

use super::columns::{ROW, Tally};
use super::schema::Columns;
use super::{RecordError, RecordKind};
use crate::frame::Zone;
use polars::prelude::*;

/// A value to show from a check's first bad record, and how it is written
/// in the message (`"\"{}\""`, `"one ending {}"`).
pub type Example = (fn() -> Expr, &'static str);

/// A contradiction records of a kind can hold.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// The records that hold it.
    pub bad: fn() -> Expr,
    /// The field whose column the message names, if it is one column's.
    pub column: Option<&'static str>,
    /// A value of the first bad record to show, and how: `"\"{}\""` or
    /// `"one ending {}"` (a time is shown as its date in `--timezone`).
    pub example: Option<Example>,
    /// What is wrong, after the count of records: for one and for many
    /// (`"has a close date before its create date"`, `"have … their …"`).
    pub says: [&'static str; 2],
    /// What to do about it.
    pub fix: &'static str,
}

/// Every check of `checks` that records of `frame` fail, each one error;
/// `place` names the table, `columns` its headers, `zone` shows times.
pub fn run(
    frame: &DataFrame,
    checks: &[Check],
    kind: RecordKind,
    columns: &Columns,
    place: &str,
    zone: Zone,
) -> Result<(), RecordError> {
    let polars = RecordError::polars;
    let mut problems = Vec::new();
    for check in checks {
        let example = check.example.map_or(lit(NULL), |(e, _)| e());
        let found = frame
            .clone()
            .lazy()
            .filter((check.bad)())
            .select([col(ROW), example.alias("example")])
            .collect()
            .map_err(polars)?;
        if found.height() == 0 {
            continue;
        }
        let rows = found.column(ROW).map_err(polars)?.u64().map_err(polars)?;
        let examples = found.column("example").map_err(polars)?;
        let mut tally = Tally::default();
        for (i, row) in rows.iter().enumerate() {
            tally.note(row.unwrap_or_default() as usize, || match examples.get(i) {
                Ok(AnyValue::Int64(ms)) => zone.local(ms).format("%Y-%m-%d").to_string(),
                Ok(AnyValue::Float64(x)) => x.to_string(),
                Ok(AnyValue::String(s)) => s.to_string(),
                Ok(AnyValue::StringOwned(s)) => s.to_string(),
                _ => String::new(),
            });
        }
        let header = check
            .column
            .and_then(|f| columns.get(f))
            .map(|(_, h)| format!(", column \"{h}\""))
            .unwrap_or_default();
        let example = match (&tally.example, check.example) {
            (Some(e), Some((_, how))) if !e.is_empty() => {
                format!(" (e.g. {})", how.replace("{}", e))
            }
            _ => String::new(),
        };
        problems.push(RecordError::Contradiction {
            place: format!("{place}{header}"),
            count: kind.count(tally.count),
            says: check.says[usize::from(tally.count != 1)],
            at: format!("{}{example}", tally.first_rows()),
            fix: check.fix,
        });
    }
    match problems.len() {
        0 => Ok(()),
        1 => Err(problems.remove(0)),
        _ => Err(RecordError::Several(problems)),
    }
}

/// The check that number field `$field` is not below zero: `$one` and
/// `$many` say so of one record and of several, `$fix` what to do.
macro_rules! not_negative {
    ($field:literal, $one:literal, $many:literal, $fix:expr) => {
        $crate::frame::records::checks::Check {
            bad: || {
                ::polars::prelude::col($field)
                    .lt(::polars::prelude::lit(0.0))
                    .fill_null(::polars::prelude::lit(false))
            },
            column: Some($field),
            example: Some((|| ::polars::prelude::col($field), "\"{}\"")),
            says: [$one, $many],
            fix: $fix,
        }
    };
}
pub(crate) use not_negative;

/// Records that share an id. Copies with the same contents (an export
/// downloaded twice, or two exports that overlap) are one record: all but
/// the first are dropped, and the returned message says how many. Copies
/// that differ are an error naming the first of them: linecard cannot know
/// which one is right.
pub fn one_per_id(
    frame: DataFrame,
    kind: RecordKind,
    place: &str,
) -> Result<(DataFrame, Option<String>), RecordError> {
    let polars = RecordError::polars;
    if frame
        .column("id")
        .map_or(true, |c| c.null_count() == c.len())
    {
        return Ok((frame, None));
    }
    // Only the records whose id is seen again are grouped: grouping a
    // million distinct ids costs hundreds of megabytes for nothing.
    let Some(repeated) = repeated_ids(&frame)? else {
        return Ok((frame, None));
    };
    let fields: Vec<Expr> = frame
        .get_column_names()
        .into_iter()
        .filter(|name| name.as_str() != ROW && name.as_str() != "id")
        .map(|name| col(name.clone()).n_unique().alias(name.clone()))
        .collect();
    let shared = frame
        .filter(&repeated)
        .map_err(polars)?
        .lazy()
        .group_by([col("id")])
        .agg(
            [len().alias("id#copies"), col(ROW).min().alias("id#first")]
                .into_iter()
                .chain(fields.iter().cloned())
                .collect::<Vec<Expr>>(),
        )
        .filter(col("id#copies").gt(lit(1)))
        .sort(["id#first"], SortMultipleOptions::default())
        .collect()
        .map_err(polars)?;
    if shared.height() == 0 {
        return Ok((frame, None));
    }
    // A field with more than one value among an id's copies.
    let differs = fields
        .iter()
        .filter_map(|f| match f {
            Expr::Alias(_, name) => Some(col(name.clone()).gt(lit(1))),
            _ => None,
        })
        .reduce(Expr::or)
        .unwrap_or(lit(false));
    let differing = shared
        .clone()
        .lazy()
        .filter(differs)
        .collect()
        .map_err(polars)?;
    let ids = |df: &DataFrame| -> Result<Vec<(String, u64)>, RecordError> {
        let id = df
            .column("id")
            .map_err(polars)?
            .cast(&DataType::String)
            .map_err(polars)?;
        let first = df
            .column("id#first")
            .map_err(polars)?
            .u64()
            .map_err(polars)?
            .clone();
        Ok(id
            .str()
            .map_err(polars)?
            .iter()
            .zip(first.iter())
            .filter_map(|(i, r)| Some((i?.to_string(), r?)))
            .collect())
    };
    if differing.height() > 0 {
        let found = ids(&differing)?;
        let (id, row) = &found[0];
        let one = found.len() == 1;
        return Err(RecordError::Invalid {
            place: place.to_string(),
            problem: format!(
                "{} {} an id with another row but {} from it, first the id \"{id}\" at row {row}; keep one row per id (export again, or remove the older copy)",
                kind.count(found.len()),
                if one { "shares" } else { "share" },
                if one { "differs" } else { "differ" },
            ),
        });
    }
    // Identical copies: keep each id's first row.
    let firsts: std::collections::HashSet<u64> =
        ids(&shared)?.into_iter().map(|(_, r)| r).collect();
    let copied: std::collections::HashSet<String> =
        ids(&shared)?.into_iter().map(|(i, _)| i).collect();
    let id = frame
        .column("id")
        .map_err(polars)?
        .cast(&DataType::String)
        .map_err(polars)?;
    let rows = frame
        .column(ROW)
        .map_err(polars)?
        .u64()
        .map_err(polars)?
        .clone();
    let keep: BooleanChunked = id
        .str()
        .map_err(polars)?
        .iter()
        .zip(rows.iter())
        .map(|(i, r)| match i {
            Some(i) if copied.contains(i) => r.is_some_and(|r| firsts.contains(&r)),
            _ => true,
        })
        .collect();
    let dropped = keep.iter().filter(|k| *k == Some(false)).count();
    let kept = frame.filter(&keep).map_err(polars)?;
    let first = ids(&shared)?.into_iter().next();
    let note = first.map(|(i, r)| {
        format!(
            "{} {} an earlier row exactly (the same id and contents, e.g. the id \"{i}\" first at row {r}): counted once",
            kind.count(dropped),
            if dropped == 1 { "repeats" } else { "repeat" }
        )
    });
    Ok((kept, note))
}

/// Which records share their id with another (`None` when none do), found
/// by sorting the ids rather than hashing them all.
fn repeated_ids(frame: &DataFrame) -> Result<Option<BooleanChunked>, RecordError> {
    let polars = RecordError::polars;
    let id = frame
        .column("id")
        .map_err(polars)?
        .cast(&DataType::String)
        .map_err(polars)?;
    let texts: Vec<Option<&str>> = id.str().map_err(polars)?.iter().collect();
    let mut order: Vec<u32> = (0..texts.len() as u32)
        .filter(|i| texts[*i as usize].is_some())
        .collect();
    order.sort_unstable_by_key(|i| texts[*i as usize]);
    let mut repeated = vec![false; texts.len()];
    let mut any = false;
    for pair in order.windows(2) {
        let (a, b) = (pair[0] as usize, pair[1] as usize);
        if texts[a] == texts[b] {
            repeated[a] = true;
            repeated[b] = true;
            any = true;
        }
    }
    Ok(any.then(|| BooleanChunked::from_slice("repeated".into(), &repeated)))
}
