//! Calendar dates for exception expiry. "Today" is the scan's own date (its
//! `metadata.timestamp`, which honours `SOURCE_DATE_EPOCH`), so a scan and its verdicts agree
//! and a test or a reproducible build can fix it.

use std::fmt;

/// A proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`, exactly.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let year = i32::try_from(number(0..4)?).ok()?;
        Date::new(year, u8::try_from(number(5..7)?).ok()?, u8::try_from(number(8..10)?).ok()?)
    }

    /// The date of an RFC 3339 timestamp (`2026-01-01T00:00:00Z`).
    pub fn of_timestamp(timestamp: &str) -> Option<Date> {
        Date::parse(timestamp.get(..10)?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        let cases = [
            ("2026-06-30", Some("2026-06-30")),
            ("2024-02-29", Some("2024-02-29")),
            ("2025-02-29", None),
            ("2026-13-01", None),
            ("2026-00-10", None),
            ("2026-6-30", None),
            ("2026-06-30T00:00:00Z", None),
            ("+026-06-30", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Date::parse(text).map(|d| d.to_string()).as_deref(), expected, "{text}");
        }
        assert_eq!(Date::of_timestamp("2026-01-01T00:00:00Z"), Date::new(2026, 1, 1));
    }

    #[test]
    fn counts_days() {
        let epoch = Date::new(1970, 1, 1).expect("valid");
        assert_eq!(epoch.days(), 0);
        // SOURCE_DATE_EPOCH 1767225600 of the integration tests.
        assert_eq!(Date::new(2026, 1, 1).expect("valid").days(), 1_767_225_600 / 86_400);
        let (a, b) = (Date::new(2024, 2, 28).expect("valid"), Date::new(2024, 3, 1).expect("valid"));
        assert_eq!(a.days_until(b), 2);
        assert_eq!(b.days_until(a), -2);
        assert!(a < b);
        for days in [-1, 0, 59, 60, 365, 10_957, 20_454, 1_000_000] {
            assert_eq!(Date::from_days(days).days(), days, "{days}");
        }
        assert_eq!(Date::from_days(20_454).to_string(), "2026-01-01");
    }
}
