//! Reading one block of survey response rows: each row's line, time and
//! scores, checked and counted per line and month. Blocks of one grid are
//! read on separate threads and combined in order by [`super::responses`].

use super::tally::{Counts, NO_SCORE, When};
use crate::frame::columns::ColumnRole;
use crate::frame::instants::{self, TimeFormat, Zone};
use crate::frame::layout::{self, Header};
use crate::frame::values::{self, Number};
use crate::frame::{FrameError, FrameOptions, GridOutput, LineId, dates};
use crate::ingest::{CellRef, Grid};
use crate::model::Granularity;
use chrono::{Datelike, NaiveDateTime};
use std::borrow::Cow;
use std::ops::Range;

/// How a response grid's time column is read beyond the usual forms: in the
/// format [`instants::infer`] found for it, once per grid, and shown in
/// `--timezone`, so that a time with a zone falls on its date there.
#[derive(Debug, Clone, Copy, Default)]
pub struct Times {
    format: Option<TimeFormat>,
    zone: Zone,
    /// The zone the header says times without one are in (`Submit Date
    /// (UTC)`), when it is not `zone`.
    written: Option<Zone>,
}

impl Times {
    /// The times of `header`'s period column. A column that is no
    /// timestamps (period labels) or whose dates are already an error of
    /// [`crate::frame::date_order`] is read the usual way only.
    pub fn of(grid: &Grid, header: &Header, options: &FrameOptions) -> Times {
        let format = instants::infer(grid, header.period, header.body(), header.dates.order).ok();
        let header_text = header.columns.iter().find(|(i, _, _)| *i == header.period);
        let written = header_text
            .and_then(|(_, text, _)| instants::header_zone(text))
            .filter(|z| *z != options.timezone);
        Times {
            format,
            zone: options.timezone,
            written,
        }
    }

    /// Whether a time written without a zone is a local time in the zone,
    /// so that its month is the one written.
    fn local_as_written(&self) -> bool {
        self.written.is_none()
    }

    /// The month a cell's time falls in, in the zone. An ISO time says
    /// its own zone, so it is read as one in any column (a column of mixed
    /// ways has no format, and its other cells are read the usual way).
    fn month(&self, cell: CellRef) -> Option<When> {
        let read = |format: TimeFormat| match &self.written {
            None => format.local(cell, &self.zone).ok().flatten(),
            Some(written) => format
                .read(cell, written)
                .ok()
                .flatten()
                .map(|ms| self.zone.local(ms)),
        };
        let local = read(TimeFormat::Iso)
            .or_else(|| self.format.filter(|f| *f != TimeFormat::Iso).and_then(read))?;
        Some(month_of(local))
    }
}

/// Reads rows `rows` of a response grid: the counts, with their lines named
/// in the returned output, which also holds the rows' errors and people.
pub fn read(
    grid: &Grid,
    header: &Header,
    times: &Times,
    rows: Range<usize>,
) -> (GridOutput, Counts) {
    let mut out = GridOutput::default();
    let recommend = header.find(&ColumnRole::Recommend);
    let satisfaction = header.find(&ColumnRole::Satisfaction);
    let names_people = header.pm.is_some() || header.pmm.is_some();
    let group = header.survey.as_ref().and_then(|s| s.group);
    // A survey repeats a few names: each line cell's text is looked up
    // as written, and cleaned and interned only the first time.
    let mut line_ids: foldhash::HashMap<&str, LineId> = foldhash::HashMap::default();
    let mut counts = Counts::default();
    for r in rows {
        let line_cell = grid.cell(r, header.line);
        if line_cell.is_empty() && grid.row_is_empty(r) {
            continue;
        }
        let known = match line_cell {
            CellRef::Text(t) => line_ids.get(t).copied(),
            _ => None,
        };
        // Every problem of a row is reported, not only its first.
        let line = match known {
            Some(id) => Some(Line::Known(id)),
            None => match values::text_cow(line_cell) {
                Some(name) => Some(Line::New(name)),
                None => {
                    out.errors.push(FrameError::MissingLine {
                        cell: header.place(grid, r, header.line),
                    });
                    None
                }
            },
        };
        let time = grid.cell(r, header.period);
        let when = match time {
            CellRef::Date(d) if times.local_as_written() => Some(month_of(d)),
            // `2025-03-14 10:22:05`, the usual export, has no zone: its
            // month is the one written, found at once.
            CellRef::Text(t) => (times.local_as_written())
                .then(|| dates::plain_datetime(t.as_bytes()))
                .flatten()
                .map(|(year, month)| When::Month { year, month })
                .or_else(|| times.month(time))
                .or_else(|| {
                    dates::iso_year_month(t).map(|(year, month)| When::Month { year, month })
                })
                .or_else(|| dates::period_label(t).map(When::In))
                .or_else(|| {
                    header.dates.date(t).map(|d| When::Month {
                        year: d.year(),
                        month: d.month() as u8,
                    })
                })
                .or_else(|| {
                    header
                        .dates
                        .period(time, Granularity::Quarter)
                        .map(When::In)
                }),
            _ => times
                .month(time)
                .or_else(|| values::period(time, Granularity::Quarter).map(When::In)),
        };
        if when.is_none() && !header.dates.covers(time) {
            out.errors.push(FrameError::bad_period(
                header.place(grid, r, header.period),
                time.shown(),
                |cell, raw| FrameError::BadTimestamp { cell, raw },
            ));
        }
        let mut score = |col: Option<(usize, &str)>, range: (u8, u8)| -> Option<u8> {
            let Some((c, column)) = col else {
                return Some(NO_SCORE);
            };
            let cell = grid.cell(r, c);
            if let Some(score) =
                small_whole_number(cell).filter(|s| (range.0..=range.1).contains(s))
            {
                return Some(score);
            }
            if let Some(rated) = zendesk_rating(cell) {
                return Some(rated);
            }
            match values::number(cell) {
                Number::Missing => Some(NO_SCORE),
                Number::Value(v)
                    if v.fract() == 0.0 && v >= range.0 as f64 && v <= range.1 as f64 =>
                {
                    Some(v as u8)
                }
                _ => {
                    out.errors.push(FrameError::BadScore {
                        cell: grid.cell_ref(r, c),
                        column: column.to_string(),
                        raw: cell.shown(),
                        low: range.0,
                        high: range.1,
                    });
                    None
                }
            }
        };
        let (rec, sat) = (score(recommend, (0, 10)), score(satisfaction, (1, 5)));
        let (Some(line), Some(when), Some(rec), Some(sat)) = (line, when, rec, sat) else {
            continue;
        };
        if let (Some(g), Some((c, _))) = (group, recommend)
            && rec != NO_SCORE
            && let Some(error) = group_mismatch(grid, r, g, c, rec)
        {
            out.errors.push(error);
            continue;
        }
        if rec == NO_SCORE && sat == NO_SCORE {
            continue;
        }
        let id = match line {
            Line::Known(id) => id,
            Line::New(name) => {
                let id = out.lines.intern(&name);
                if let CellRef::Text(t) = line_cell {
                    line_ids.insert(t, id);
                }
                id
            }
        };
        if names_people {
            let line = out.lines.name(id).to_string();
            layout::note_people(grid, header, r, &line, None, &mut out);
        }
        counts.tally(id, when).count(rec, sat);
    }
    (out, counts)
}

/// The month a moment falls in, to be bucketed later.
fn month_of(moment: NaiveDateTime) -> When {
    When::Month {
        year: moment.year(),
        month: moment.month() as u8,
    }
}

/// A one- or two-digit text, as scores are written: read without the
/// general number parse, which reads it the same way.
fn small_whole_number(cell: CellRef) -> Option<u8> {
    match cell {
        CellRef::Text(t) => match t.as_bytes() {
            [d] if d.is_ascii_digit() => Some(d - b'0'),
            [d0, d1] if d0.is_ascii_digit() && d1.is_ascii_digit() => {
                Some((d0 - b'0') * 10 + (d1 - b'0'))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Zendesk's satisfaction ratings: `good` counts as satisfied, `bad` as
/// not, and `offered` (asked, not answered) or `unoffered` (never asked)
/// as no rating, so CSAT is good / (good + bad).
fn zendesk_rating(cell: CellRef) -> Option<u8> {
    let CellRef::Text(t) = cell else {
        return None;
    };
    let t = t.trim();
    if t.eq_ignore_ascii_case("good") {
        Some(5)
    } else if t.eq_ignore_ascii_case("bad") {
        Some(1)
    } else if t.eq_ignore_ascii_case("offered") || t.eq_ignore_ascii_case("unoffered") {
        Some(NO_SCORE)
    } else {
        None
    }
}

/// The error for an `NPS Group` cell that does not name the group of the
/// row's 0-10 score; `None` when it does (or is blank).
fn group_mismatch(grid: &Grid, r: usize, g: usize, c: usize, score: u8) -> Option<FrameError> {
    let text = values::text(grid.cell(r, g))?;
    let want = match score {
        9..=10 => "promoter",
        7..=8 => "passive",
        _ => "detractor",
    };
    let key = text.trim().to_ascii_lowercase();
    let key = key.strip_suffix('s').unwrap_or(&key);
    (key != want).then(|| FrameError::NpsGroupMismatch {
        cell: grid.cell_ref(r, g),
        group: text,
        score,
        score_cell: grid.cell_ref(r, c),
    })
}

/// A row's product line: one seen before, or a name to intern.
enum Line<'a> {
    Known(LineId),
    New(Cow<'a, str>),
}
