//! The date of a cookie's `Expires` attribute, written and read as the
//! `cookie` crate (0.18.2, src/parse.rs and src/lib.rs `fmt_parameters`)
//! does with the `time` crate: written as `Wed, 21 Oct 2015 07:28:00 GMT`;
//! read in that form, the RFC 850 form (`Wednesday, 21-Oct-15 07:28:00 GMT`),
//! the asctime form (`Wed Oct 21 07:28:00 2015`) and a dashed form
//! (`Wed, 21-Oct-2015 07:28:00 GMT`), with two-digit years 0-69 read as
//! 2000-2069 and 70-99 as 1900-1999.
//!
//! Here rather than through the crates so that the download carries no date
//! library (`time` was about 33 KB of the WebAssembly the lessons and the
//! sandbox load). tests/cookie_lines.rs checks both directions against the
//! crate itself.

/// Short weekday names, Monday first (as `time` numbers them from Monday).
const SHORT_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Full weekday names, Monday first.
const LONG_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// Short month names.
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/// The years `time` represents (without its large-dates feature).
const YEARS: std::ops::RangeInclusive<i64> = -9999..=9999;

/// A date and time of day, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Moment {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` days after 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days in `month` of `year`.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The weekday of a day since 1970-01-01, Monday as 0 (1970-01-01 was a Thursday).
fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// Whether the crate can write a date for a Unix time in seconds (one in
/// the years it represents).
pub fn writable(unix_secs: i64) -> bool {
    YEARS.contains(&civil_from_days(unix_secs.div_euclid(86_400)).0)
}

/// `Wed, 21 Oct 2015 07:28:00 GMT` for a Unix time in seconds, or `None`
/// outside the years the crate can write (it then writes no date).
pub fn write(unix_secs: i64) -> Option<String> {
    let (days, secs) = (unix_secs.div_euclid(86_400), unix_secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    YEARS.contains(&year).then(|| {
        format!(
            "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
            SHORT_DAYS[weekday(days)],
            MONTHS[month as usize - 1],
            secs / 3_600,
            secs % 3_600 / 60,
            secs % 60
        )
    })
}

/// The Unix time in seconds an `Expires` value names, or `None` if it is not
/// one of the four forms the crate reads (it then ignores the attribute).
pub fn read(text: &str) -> Option<i64> {
    let moment = dated(text, &SHORT_DAYS, " ")
        .or_else(|| rfc850(text))
        .or_else(|| asctime(text))
        .or_else(|| dated(text, &SHORT_DAYS, "-"))?;
    let year = match moment.year {
        y @ 0..=69 => y + 2000,
        y @ 70..=99 => y + 1900,
        y => y,
    };
    let days = days_from_civil(year, moment.month, moment.day);
    Some(days * 86_400 + i64::from(moment.hour * 3_600 + moment.minute * 60 + moment.second))
}

/// `[Wed, ]21 Oct 2015 07:28:00 GMT`: an optional weekday from `weekdays`
/// and a comma, then the day, month and year separated by `sep` (a space, or
/// a dash as in `21-Oct-2015`), the time of day and GMT.
fn dated(text: &str, weekdays: &[&str], sep: &str) -> Option<Moment> {
    let mut p = Reader { rest: text };
    p.optional(|p| p.name(weekdays).and_then(|_| p.literal(", ")));
    let day = p.digits(2)?;
    p.literal(sep)?;
    let month = p.name(&MONTHS)? + 1;
    p.literal(sep)?;
    let year = p.year()?;
    let moment = p.time_of_day(year, month as u32, day)?;
    p.literal(" GMT")?;
    p.end(moment)
}

/// `[Wednesday, ]21-Oct-15 07:28:00 GMT`: the dashed form with the full
/// weekday, and a two-digit year only.
fn rfc850(text: &str) -> Option<Moment> {
    let bytes = text.as_bytes();
    let year_end = text.len().checked_sub("00:00:00 GMT".len())?;
    let year_start = year_end.checked_sub(4)?;
    match bytes.get(year_start..year_end)? {
        [b'-', a, b, b' '] if a.is_ascii_digit() && b.is_ascii_digit() => {}
        _ => return None,
    }
    if bytes.get(year_start.checked_sub(1)?) == Some(&b'-') {
        return None;
    }
    dated(text, &LONG_DAYS, "-")
}

/// `[Wed ]Oct 21 07:28:00 2015`, the day padded with a space (`Oct  1`).
fn asctime(text: &str) -> Option<Moment> {
    let mut p = Reader { rest: text };
    p.optional(|p| p.name(&SHORT_DAYS).and_then(|_| p.literal(" ")));
    let month = p.name(&MONTHS)? + 1;
    p.literal(" ")?;
    let day = p.space_padded_day()?;
    p.literal(" ")?;
    let (hour, minute, second) = p.clock()?;
    p.literal(" ")?;
    let year = p.year()?;
    let moment = Moment { year, month: month as u32, day, hour, minute, second };
    p.end(moment).filter(valid)
}

/// Whether the day exists in its month and the time of day on a clock.
fn valid(m: &Moment) -> bool {
    YEARS.contains(&m.year)
        && (1..=days_in_month(m.year, m.month)).contains(&m.day)
        && m.hour < 24
        && m.minute < 60
        && m.second < 60
}

/// A cursor over the text being read.
struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    /// Skips `s` if the text goes on with it.
    fn literal(&mut self, s: &str) -> Option<()> {
        self.rest = self.rest.strip_prefix(s)?;
        Some(())
    }

    /// Reads what `f` reads, or nothing (and stays put) if it fails.
    fn optional(&mut self, f: impl FnOnce(&mut Self) -> Option<()>) {
        let start = self.rest;
        if f(self).is_none() {
            self.rest = start;
        }
    }

    /// Which of `names` the text goes on with (exact case), by index.
    fn name(&mut self, names: &[&str]) -> Option<usize> {
        let i = names.iter().position(|n| self.rest.starts_with(n))?;
        self.rest = &self.rest[names[i].len()..];
        Some(i)
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let d = self.rest.get(..n).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        self.rest = &self.rest[n..];
        d.parse().ok()
    }

    /// A day of the month padded with a space or a zero to two places.
    fn space_padded_day(&mut self) -> Option<u32> {
        match self.rest.as_bytes() {
            [b' ', d, ..] if d.is_ascii_digit() => {
                self.rest = &self.rest[2..];
                Some(u32::from(d - b'0'))
            }
            _ => self.digits(2),
        }
    }

    /// A year of one to four digits, signed or not.
    fn year(&mut self) -> Option<i64> {
        let negative = match self.rest.as_bytes().first() {
            Some(b'-') => true,
            Some(b'+') => false,
            _ => return self.unsigned_year(),
        };
        self.rest = &self.rest[1..];
        self.unsigned_year().map(|y| if negative { -y } else { y })
    }

    /// One to four ASCII digits.
    fn unsigned_year(&mut self) -> Option<i64> {
        let n = self.rest.bytes().take(4).take_while(u8::is_ascii_digit).count();
        let year = self.rest.get(..n).filter(|_| n > 0)?.parse().ok()?;
        self.rest = &self.rest[n..];
        Some(year)
    }

    /// `07:28:00`.
    fn clock(&mut self) -> Option<(u32, u32, u32)> {
        let hour = self.digits(2)?;
        self.literal(":")?;
        let minute = self.digits(2)?;
        self.literal(":")?;
        Some((hour, minute, self.digits(2)?))
    }

    /// ` 07:28:00` after a date, and the whole moment if it is a real one.
    fn time_of_day(&mut self, year: i64, month: u32, day: u32) -> Option<Moment> {
        self.literal(" ")?;
        let (hour, minute, second) = self.clock()?;
        Some(Moment { year, month, day, hour, minute, second }).filter(valid)
    }

    /// The moment, if nothing of the text is left over.
    fn end(&self, moment: Moment) -> Option<Moment> {
        self.rest.is_empty().then_some(moment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_agrees_with_known_dates() {
        assert_eq!(write(0).as_deref(), Some("Thu, 01 Jan 1970 00:00:00 GMT"));
        assert_eq!(write(1_445_412_480).as_deref(), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(write(951_782_400).as_deref(), Some("Tue, 29 Feb 2000 00:00:00 GMT"));
        assert_eq!(write(-1).as_deref(), Some("Wed, 31 Dec 1969 23:59:59 GMT"));
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn each_form_the_crate_reads_is_read() {
        let t = Some(1_445_412_480);
        assert_eq!(read("Wed, 21 Oct 2015 07:28:00 GMT"), t);
        assert_eq!(read("21 Oct 2015 07:28:00 GMT"), t);
        assert_eq!(read("Wednesday, 21-Oct-15 07:28:00 GMT"), t);
        assert_eq!(read("Wed Oct 21 07:28:00 2015"), t);
        assert_eq!(read("Wed, 21-Oct-2015 07:28:00 GMT"), t);
        assert_eq!(read("Wed, 21 Oct 15 07:28:00 GMT"), t, "a two-digit year");
        assert_eq!(read("Wed, 31 Feb 2015 07:28:00 GMT"), None, "no such day");
        assert_eq!(read("Wed, 21 Oct 2015 24:00:00 GMT"), None);
        assert_eq!(read("tomorrow"), None);
    }
}
