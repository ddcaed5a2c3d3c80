//! Time: timestamps, Paris civil time, calendar days (input, display, storage) and the sandbox
//! clock's value. The clock is the only source of "now" for business rules: real time plus an offset
//! the trainer can advance (`simulation::horloge`), so delays (activation link 60 min,
//! acknowledgement after 7 days, …) can be practised. Real time is read by the caller and passed in:
//! the domain never reads a system clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use serde::{Deserialize, Serialize};

pub type Timestamp = DateTime<Utc>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxClock {
    /// Seconds added to real time.
    pub offset_seconds: i64,
}

/// The steps the trainer menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockStep {
    OneHour,
    OneDay,
    SevenDays,
}

impl ClockStep {
    pub fn seconds(self) -> i64 {
        match self {
            ClockStep::OneHour => 3_600,
            ClockStep::OneDay => 86_400,
            ClockStep::SevenDays => 7 * 86_400,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClockStep::OneHour => "+1 heure",
            ClockStep::OneDay => "+1 jour",
            ClockStep::SevenDays => "+7 jours",
        }
    }
}

/// Upper bound on the offset (about ten years): far enough for any exercise, and it keeps dates valid.
pub const MAX_OFFSET_SECONDS: i64 = 3_650 * 86_400;

/// Timestamps the sandbox reads (from an import file or from storage) lie in these years: every
/// instant the app itself writes does (real time plus at most [`MAX_OFFSET_SECONDS`]), and Paris-time
/// conversion and date arithmetic stay far from chrono's limits.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

/// Calendar days (invoice date, validity of a service) lie in these years: what a date input or
/// [`parse_day`] gives.
pub const MIN_DAY_YEAR: i32 = 1000;
pub const MAX_DAY_YEAR: i32 = 9999;

/// Whether `t` lies between [`MIN_YEAR`] and [`MAX_YEAR`] (inclusive, UTC).
pub fn is_in_range(t: Timestamp) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&t.year())
}

/// Whether `d` lies between [`MIN_DAY_YEAR`] and [`MAX_DAY_YEAR`] (inclusive).
pub fn is_day_in_range(d: NaiveDate) -> bool {
    (MIN_DAY_YEAR..=MAX_DAY_YEAR).contains(&d.year())
}

/// Whether an offset is one the sandbox writes (at most [`MAX_OFFSET_SECONDS`] either way).
pub fn is_offset_in_range(offset_seconds: i64) -> bool {
    offset_seconds
        .checked_abs()
        .is_some_and(|a| a <= MAX_OFFSET_SECONDS)
}

impl SandboxClock {
    /// Real time plus the offset. An offset beyond what chrono can add (never written by the app,
    /// refused on import and at load) leaves real time: never a panic.
    pub fn now(&self, real_now: Timestamp) -> Timestamp {
        Duration::try_seconds(self.offset_seconds)
            .and_then(|d| real_now.checked_add_signed(d))
            .unwrap_or(real_now)
    }

    pub fn advanced(&self, step: ClockStep) -> Result<SandboxClock, String> {
        let offset = self.offset_seconds.saturating_add(step.seconds());
        if offset > MAX_OFFSET_SECONDS {
            return Err(
                "L'horloge du bac à sable ne peut pas être avancée de plus de 10 ans.".to_string(),
            );
        }
        Ok(SandboxClock {
            offset_seconds: offset,
        })
    }

    pub fn is_shifted(&self) -> bool {
        self.offset_seconds != 0
    }

    /// « +2 j 3 h » style description of the offset.
    pub fn offset_label(&self) -> String {
        if self.offset_seconds == 0 {
            return "aucun décalage (heure réelle)".to_string();
        }
        let total = self.offset_seconds;
        let days = total / 86_400;
        let hours = (total % 86_400) / 3_600;
        let minutes = (total % 3_600) / 60;
        let mut parts = Vec::new();
        if days != 0 {
            parts.push(format!("{days} j"));
        }
        if hours != 0 {
            parts.push(format!("{hours} h"));
        }
        if minutes != 0 {
            parts.push(format!("{minutes} min"));
        }
        format!("+{}", parts.join(" "))
    }
}

/// Paris civil time offset in seconds for a UTC instant (CET/CEST, EU rule: last Sunday of March
/// and of October at 01:00 UTC). The sandbox shows every date in Paris time, like the portal.
pub fn paris_offset_seconds(t: Timestamp) -> i32 {
    let year = t.year();
    match (
        last_sunday_0100_utc(year, 3),
        last_sunday_0100_utc(year, 10),
    ) {
        (Some(start), Some(end)) if t >= start && t < end => 7_200,
        _ => 3_600,
    }
}

/// The last Sunday of `month` (March or October) at 01:00 UTC; `None` only at chrono's limits.
fn last_sunday_0100_utc(year: i32, month: u32) -> Option<Timestamp> {
    let last_day = NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?;
    let back = last_day.weekday().num_days_from_sunday();
    let sunday = last_day.checked_sub_signed(Duration::try_days(back.into())?)?;
    debug_assert_eq!(sunday.weekday(), Weekday::Sun);
    Some(Utc.from_utc_datetime(&sunday.and_hms_opt(1, 0, 0)?))
}

/// Paris civil time of `t`; at chrono's very limits (never within [`MIN_YEAR`]–[`MAX_YEAR`]) the
/// UTC time itself rather than a panic.
fn paris(t: Timestamp) -> chrono::NaiveDateTime {
    let utc = t.naive_utc();
    Duration::try_seconds(paris_offset_seconds(t).into())
        .and_then(|d| utc.checked_add_signed(d))
        .unwrap_or(utc)
}

// Dates are written by hand rather than with chrono's `format`: its format-string machinery alone
// weighs more in the wasm bundle than all the dates of the app.

/// The calendar day in Paris at instant `t` (« today » for validity dates).
pub fn paris_date(t: Timestamp) -> NaiveDate {
    paris(t).date()
}

/// « 23/11/2026 »
pub fn date_fr(t: Timestamp) -> String {
    let d = paris(t);
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// « 23/11/2026 à 14:05 »
pub fn datetime_fr(t: Timestamp) -> String {
    let d = paris(t);
    format!("{} à {:02}:{:02}", date_fr(t), d.hour(), d.minute())
}

/// Timestamps are stored as milliseconds since the epoch: compact in storage, and parsed without
/// chrono's date-string parser.
pub mod millis {
    use super::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(t.timestamp_millis())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let ms = i64::deserialize(d)?;
        Timestamp::from_timestamp_millis(ms)
            .ok_or_else(|| serde::de::Error::custom("horodatage hors limites"))
    }
}

/// `millis` for optional timestamps.
pub mod millis_opt {
    use super::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_some(&t.timestamp_millis()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        match Option::<i64>::deserialize(d)? {
            Some(ms) => Timestamp::from_timestamp_millis(ms)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("horodatage hors limites")),
            None => Ok(None),
        }
    }
}

/// Calendar days, as date inputs give them and as the sandbox shows and stores them.
/// `AAAA-MM-JJ` (the value of a date input), as a date input shows it.
pub fn iso_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Reads `AAAA-MM-JJ` (a date input's value) or `jj/mm/aaaa` (typed where the browser shows a plain
/// text box). By hand: chrono's parser would weigh more in the bundle than this whole module.
pub fn parse_day(raw: &str, label: &str) -> Result<Option<NaiveDate>, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let numbers = |parts: Vec<&str>| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|p| {
                (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let ymd = if v.contains('/') {
        numbers(v.split('/').collect()).and_then(|n| match n[..] {
            [d, m, y] if y >= 1000 => Some((y, m, d)),
            _ => None,
        })
    } else {
        numbers(v.split('-').collect()).and_then(|n| match n[..] {
            [y, m, d] if y >= 1000 => Some((y, m, d)),
            _ => None,
        })
    };
    ymd.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d))
        .map(Some)
        .ok_or_else(|| {
            format!(
                "« {v} » n'est pas une date valide pour « {label} » (format attendu : jj/mm/aaaa)."
            )
        })
}

/// Calendar dates stored as the integer YYYYMMDD (compact, and no date-string parser in the bundle).
pub mod ymd {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn to_int(d: &NaiveDate) -> u32 {
        d.year() as u32 * 10_000 + d.month() * 100 + d.day()
    }

    pub fn from_int(n: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt((n / 10_000) as i32, (n / 100) % 100, n % 100)
    }

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(to_int(d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        from_int(u32::deserialize(d)?).ok_or_else(|| serde::de::Error::custom("date invalide"))
    }
}

/// `ymd` for optional dates.
pub mod ymd_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&super::ymd::to_int(d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<u32>::deserialize(d)? {
            Some(n) => super::ymd::from_int(n)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("date invalide")),
            None => Ok(None),
        }
    }
}

/// « 31/12/2050 »
pub fn day_fr(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn now_adds_the_offset() {
        let real = at("2026-11-23T10:00:00Z");
        let clock = SandboxClock::default()
            .advanced(ClockStep::OneDay)
            .unwrap()
            .advanced(ClockStep::OneHour)
            .unwrap();
        assert_eq!(clock.now(real), at("2026-11-24T11:00:00Z"));
        assert_eq!(clock.offset_label(), "+1 j 1 h");
        assert!(clock.is_shifted());
        assert_eq!(SandboxClock::default().now(real), real);
    }

    #[test]
    fn offset_is_bounded() {
        let clock = SandboxClock {
            offset_seconds: MAX_OFFSET_SECONDS - 3_600,
        };
        assert!(clock.advanced(ClockStep::OneHour).is_ok());
        assert_eq!(
            clock.advanced(ClockStep::OneDay).unwrap_err(),
            "L'horloge du bac à sable ne peut pas être avancée de plus de 10 ans."
        );
    }

    #[test]
    fn extreme_values_never_panic() {
        let real = at("2026-11-23T10:00:00Z");
        for offset in [
            i64::MAX,
            i64::MIN,
            1_000_000_000_000_000,
            -1_000_000_000_000_000,
        ] {
            let clock = SandboxClock {
                offset_seconds: offset,
            };
            assert_eq!(clock.now(real), real, "offset {offset}");
            assert!(!is_offset_in_range(offset));
            let _ = clock.offset_label();
            if offset > 0 {
                assert_eq!(
                    clock.advanced(ClockStep::SevenDays).unwrap_err(),
                    "L'horloge du bac à sable ne peut pas être avancée de plus de 10 ans."
                );
            }
        }
        assert!(is_offset_in_range(-MAX_OFFSET_SECONDS));
        assert!(!is_offset_in_range(MAX_OFFSET_SECONDS + 1));
        for t in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
            assert!(!date_fr(t).is_empty());
            assert!(!datetime_fr(t).is_empty());
            assert!(!is_in_range(t));
        }
        assert!(is_in_range(at("2000-01-01T00:00:00Z")));
        assert!(is_in_range(at("2100-12-31T23:59:59Z")));
        assert!(!is_in_range(at("2101-01-01T00:00:00Z")));
        assert!(!is_in_range(at("1999-12-31T23:59:59Z")));
    }

    #[test]
    fn paris_time_follows_summer_time() {
        // 2026: CEST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            datetime_fr(at("2026-11-23T13:05:00Z")),
            "23/11/2026 à 14:05"
        );
        assert_eq!(
            datetime_fr(at("2026-07-14T10:00:00Z")),
            "14/07/2026 à 12:00"
        );
        assert_eq!(paris_offset_seconds(at("2026-03-29T00:59:59Z")), 3_600);
        assert_eq!(paris_offset_seconds(at("2026-03-29T01:00:00Z")), 7_200);
        assert_eq!(paris_offset_seconds(at("2026-10-25T00:59:59Z")), 7_200);
        assert_eq!(paris_offset_seconds(at("2026-10-25T01:00:00Z")), 3_600);
        assert_eq!(date_fr(at("2026-12-31T23:30:00Z")), "01/01/2027");
    }
}
