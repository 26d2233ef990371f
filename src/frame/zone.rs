//! The time zone of `--timezone`: the zone periods are decided in. A time
//! that carries a zone (or a Unix time) is an instant, shown in this zone
//! before its date is taken; a time written without one is taken as a local
//! time in this zone. [`super::instants`] reads the times; this module only
//! names the zone and converts between UTC and its local time.
//!
//! A local time that does not exist (the hour skipped when clocks go
//! forward in spring) is read as the same time after the skip (02:30 on
//! Europe/Berlin's spring day is 03:30 summer time); a local time that
//! occurs twice (the hour repeated in autumn) is the first of the two, in
//! summer time. Either way its date, and so its period, is the one written.

use super::dates;
use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone};
use chrono_tz::{TZ_VARIANTS, Tz};
use std::fmt;

/// A zone: UTC (the default), a fixed offset, or an IANA zone with its
/// summer-time rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Seconds east of UTC; UTC is 0.
    Fixed(i32),
    Named(Tz),
}

impl Default for Zone {
    fn default() -> Self {
        Zone(Kind::Fixed(0))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::Fixed(0) => f.write_str("UTC"),
            Kind::Fixed(seconds) => {
                let sign = if seconds < 0 { '-' } else { '+' };
                let minutes = seconds.unsigned_abs() / 60;
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
            Kind::Named(tz) => f.write_str(tz.name()),
        }
    }
}

/// A zone as SQL names it (`linecard sql`): no conversion for UTC, an
/// offset in seconds east of UTC, or an IANA name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneName {
    Utc,
    Offset(i32),
    Iana(&'static str),
}

impl Zone {
    /// The zone as SQL names it.
    pub fn name(&self) -> ZoneName {
        match self.0 {
            Kind::Fixed(0) => ZoneName::Utc,
            Kind::Fixed(seconds) => ZoneName::Offset(seconds),
            Kind::Named(tz) => ZoneName::Iana(tz.name()),
        }
    }

    /// A zone as `--timezone` names it: `UTC` (or `GMT`, `Z`), an IANA name
    /// in any case (`Europe/Berlin`), or an offset (`+02:00`, `-0500`,
    /// `UTC+2`). The error names the text, says what is expected and
    /// suggests the nearest IANA name.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let name = text.trim();
        if !name.is_empty()
            && let Some(seconds) = dates::offset_seconds(name)
        {
            return Ok(Zone(Kind::Fixed(seconds)));
        }
        if let Ok(tz) = name.parse::<Tz>() {
            return Ok(Zone(Kind::Named(tz)));
        }
        if let Some(tz) = TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
        {
            return Ok(Zone(Kind::Named(*tz)));
        }
        let hint = nearest(name)
            .map(|n| format!("; did you mean \"{n}\"?"))
            .unwrap_or_default();
        Err(format!(
            "unknown time zone \"{text}\": write an IANA name such as Europe/Berlin or America/New_York, UTC, or an offset such as +02:00{hint}"
        ))
    }

    /// The local time in this zone of the instant `utc_ms` (milliseconds
    /// since 1970-01-01T00:00:00Z, as [`super::instants`] reads them: a
    /// year from 0 to 9999).
    pub fn local(&self, utc_ms: i64) -> NaiveDateTime {
        let utc = DateTime::from_timestamp_millis(utc_ms)
            .expect("a time read from a date with a four-digit year")
            .naive_utc();
        match self.0 {
            Kind::Fixed(seconds) => utc + TimeDelta::seconds(seconds.into()),
            Kind::Named(tz) => tz.from_utc_datetime(&utc).naive_local(),
        }
    }

    /// The instant (milliseconds since 1970 in UTC) of a local time in this
    /// zone: a skipped time as the time after the skip, a repeated one as
    /// the first (see the module's note).
    pub fn utc_ms(&self, local: NaiveDateTime) -> i64 {
        let seconds = match self.0 {
            Kind::Fixed(seconds) => seconds,
            Kind::Named(tz) => match tz.from_local_datetime(&local) {
                chrono::LocalResult::Single(at) | chrono::LocalResult::Ambiguous(at, _) => {
                    return at.timestamp_millis();
                }
                // In a skipped hour: the offset in force before the skip
                // carries the clock past it.
                chrono::LocalResult::None => tz
                    .offset_from_utc_datetime(&(local - TimeDelta::days(1)))
                    .fix()
                    .local_minus_utc(),
            },
        };
        (local - TimeDelta::seconds(seconds.into()))
            .and_utc()
            .timestamp_millis()
    }
}

/// The IANA name nearest to `name`: one whose last part is `name` (`Berlin`,
/// `new york`), else one at most three edits away.
fn nearest(name: &str) -> Option<&'static str> {
    let key = name.to_ascii_lowercase().replace(' ', "_");
    let city = |tz: &&Tz| {
        let full = tz.name();
        full.rsplit('/')
            .next()
            .unwrap_or(full)
            .eq_ignore_ascii_case(&key)
    };
    if let Some(tz) = TZ_VARIANTS.iter().find(city) {
        return Some(tz.name());
    }
    TZ_VARIANTS
        .iter()
        .map(|tz| {
            (
                strsim::levenshtein(&key, &tz.name().to_ascii_lowercase()),
                tz.name(),
            )
        })
        .filter(|(d, _)| *d <= 3 && *d < key.len() / 2)
        .min()
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn ms(text: &str) -> i64 {
        at(text).and_utc().timestamp_millis()
    }

    #[test]
    fn names_zones_as_people_write_them() {
        let shown = |t: &str| Zone::parse(t).map(|z| z.to_string());
        assert_eq!(shown("UTC").as_deref(), Ok("UTC"));
        assert_eq!(shown("gmt").as_deref(), Ok("UTC"));
        assert_eq!(shown("+02:00").as_deref(), Ok("+02:00"));
        assert_eq!(shown("-0530").as_deref(), Ok("-05:30"));
        assert_eq!(shown("UTC+2").as_deref(), Ok("+02:00"));
        assert_eq!(shown("Europe/Berlin").as_deref(), Ok("Europe/Berlin"));
        assert_eq!(shown("america/new_york").as_deref(), Ok("America/New_York"));
        assert_eq!(Zone::default(), Zone::parse("utc").unwrap());
    }

    #[test]
    fn an_unknown_zone_says_what_is_expected_and_the_nearest_name() {
        let tail = "write an IANA name such as Europe/Berlin or America/New_York, UTC, or an offset such as +02:00";
        assert_eq!(
            Zone::parse("Europe/Berln"),
            Err(format!(
                "unknown time zone \"Europe/Berln\": {tail}; did you mean \"Europe/Berlin\"?"
            ))
        );
        assert_eq!(
            Zone::parse("New York"),
            Err(format!(
                "unknown time zone \"New York\": {tail}; did you mean \"America/New_York\"?"
            ))
        );
        assert_eq!(
            Zone::parse("+25:00"),
            Err(format!("unknown time zone \"+25:00\": {tail}"))
        );
        assert_eq!(
            Zone::parse(""),
            Err(format!("unknown time zone \"\": {tail}"))
        );
    }

    #[test]
    fn shows_instants_in_the_zone() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let plus_two = Zone::parse("+02:00").unwrap();
        let instant = ms("2025-03-31 23:30");
        assert_eq!(Zone::default().local(instant), at("2025-03-31 23:30"));
        // Summer time began on 30 March: Berlin is two hours ahead.
        assert_eq!(berlin.local(instant), at("2025-04-01 01:30"));
        assert_eq!(plus_two.local(instant), at("2025-04-01 01:30"));
        // In winter, one.
        assert_eq!(berlin.local(ms("2025-01-05 10:00")), at("2025-01-05 11:00"));
    }

    #[test]
    fn local_times_round_the_summer_time_edges_as_documented() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let new_york = Zone::parse("America/New_York").unwrap();
        // 30 March 2025, 02:30 does not exist in Berlin: it is read as
        // 03:30 summer time (01:30 UTC), on the day written.
        let skipped = berlin.utc_ms(at("2025-03-30 02:30"));
        assert_eq!(skipped, ms("2025-03-30 01:30"));
        assert_eq!(berlin.local(skipped), at("2025-03-30 03:30"));
        // 9 March 2025, 02:30 does not exist in New York (UTC-5 before).
        assert_eq!(
            new_york.utc_ms(at("2025-03-09 02:30")),
            ms("2025-03-09 07:30")
        );
        // 26 October 2025, 02:30 happens twice in Berlin: the first, in
        // summer time (UTC+2), is taken.
        assert_eq!(
            berlin.utc_ms(at("2025-10-26 02:30")),
            ms("2025-10-26 00:30")
        );
        // 2 November 2025, 01:30 happens twice in New York: the first is
        // in summer time (UTC-4).
        assert_eq!(
            new_york.utc_ms(at("2025-11-02 01:30")),
            ms("2025-11-02 05:30")
        );
        // An ordinary time goes there and back unchanged.
        let noon = at("2025-07-01 12:00");
        assert_eq!(berlin.local(berlin.utc_ms(noon)), noon);
        let plus_two = Zone::parse("+02:00").unwrap();
        assert_eq!(plus_two.utc_ms(noon), ms("2025-07-01 10:00"));
        assert_eq!(
            NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            Zone::default().local(Zone::default().utc_ms(noon)).date()
        );
    }
}
