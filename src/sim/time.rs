//! The engine's own clock. Real time never enters the engine: the clock
//! moves only when the world is told to advance.
//!
//! `SimTime` counts microseconds since the world began, so that a read from
//! process memory (a few microseconds) and a database round trip (a few
//! milliseconds) can be told apart. Settings such as timeouts are given in
//! whole milliseconds or seconds and are exact to the millisecond.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A point on the simulated clock, or a span of simulated time, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The moment the world starts.
    pub const ZERO: SimTime = SimTime(0);
    /// The last representable moment; used for "never".
    pub const NEVER: SimTime = SimTime(u64::MAX);

    /// A span of `us` microseconds.
    pub const fn micros(us: u64) -> SimTime {
        SimTime(us)
    }
    /// A span of `ms` milliseconds.
    pub const fn millis(ms: u64) -> SimTime {
        SimTime(ms.saturating_mul(1_000))
    }
    /// A span of `s` seconds.
    pub const fn secs(s: u64) -> SimTime {
        SimTime(s.saturating_mul(1_000_000))
    }
    /// A span of `m` minutes.
    pub const fn mins(m: u64) -> SimTime {
        SimTime::secs(m.saturating_mul(60))
    }
    /// A span of `h` hours.
    pub const fn hours(h: u64) -> SimTime {
        SimTime::mins(h.saturating_mul(60))
    }
    /// A span of `d` days.
    pub const fn days(d: u64) -> SimTime {
        SimTime::hours(d.saturating_mul(24))
    }
    /// Whole milliseconds (rounded down).
    pub const fn as_millis(self) -> u64 {
        self.0 / 1_000
    }
    /// Whole seconds (rounded down).
    pub const fn as_secs(self) -> u64 {
        self.0 / 1_000_000
    }
    /// `self - earlier`, or zero if `earlier` is later.
    pub const fn since(self, earlier: SimTime) -> SimTime {
        SimTime(self.0.saturating_sub(earlier.0))
    }
    /// A duration as latencies are read: the same words as the clock
    /// ("25.5 ms", "0.004 ms", "1.5 s"). Kept for the panels that call it.
    pub fn as_latency(self) -> String {
        self.to_string()
    }
}

impl Add for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimTime) -> SimTime {
        SimTime(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for SimTime {
    fn add_assign(&mut self, rhs: SimTime) {
        *self = *self + rhs;
    }
}

impl Sub for SimTime {
    type Output = SimTime;
    fn sub(self, rhs: SimTime) -> SimTime {
        self.since(rhs)
    }
}

/// `whole.fraction` with the fraction's three digits and its trailing
/// zeros dropped: (25, 500) is "25.5", (3, 0) is "3".
fn decimal(whole: u64, thousandths: u64) -> String {
    let text = format!("{whole}.{thousandths:03}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Shows a time or a span the way a learner reads it, in one format for
/// the clock, the event log, latencies and the log's sentences:
/// milliseconds under a second with up to three decimals (`10.25 ms`,
/// `43 ms`, `0.004 ms`), seconds under a minute (`1.5 s`, `12 s`), then
/// `1 min 5 s`, `2 h 10 min`, `2 d 3 h` (`30 min`, `8 h`, `1 d` when the
/// second part is zero).
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == SimTime::NEVER {
            return f.write_str("never");
        }
        let secs = self.as_secs();
        if secs == 0 {
            write!(f, "{} ms", decimal(self.0 / 1_000, self.0 % 1_000))
        } else if secs < 60 {
            write!(f, "{} s", decimal(secs, self.as_millis() % 1_000))
        } else if secs < 3_600 {
            let rest = secs % 60;
            if rest == 0 {
                write!(f, "{} min", secs / 60)
            } else {
                write!(f, "{} min {} s", secs / 60, rest)
            }
        } else if secs < 86_400 {
            match (secs % 3_600) / 60 {
                0 => write!(f, "{} h", secs / 3_600),
                min => write!(f, "{} h {min} min", secs / 3_600),
            }
        } else {
            match (secs % 86_400) / 3_600 {
                0 => write!(f, "{} d", secs / 86_400),
                h => write!(f, "{} d {h} h", secs / 86_400),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_exactly() {
        assert_eq!(SimTime::millis(1), SimTime::micros(1_000));
        assert_eq!(SimTime::mins(2), SimTime::secs(120));
        assert_eq!(SimTime::days(1).as_secs(), 86_400);
        assert_eq!(SimTime::secs(5).since(SimTime::secs(7)), SimTime::ZERO);
    }

    #[test]
    fn display_reads_like_a_clock() {
        let cases = [
            (SimTime::millis(21), "21 ms"),
            (SimTime::micros(10_250), "10.25 ms"),
            (SimTime::micros(21_050), "21.05 ms"),
            (SimTime::micros(4), "0.004 ms"),
            (SimTime::ZERO, "0 ms"),
            (SimTime::millis(1_500), "1.5 s"),
            (SimTime::micros(1_010_250), "1.01 s"),
            (SimTime::secs(12), "12 s"),
            (SimTime::secs(65), "1 min 5 s"),
            (SimTime::mins(30), "30 min"),
            (SimTime::hours(2) + SimTime::mins(10), "2 h 10 min"),
            (SimTime::days(2) + SimTime::hours(3), "2 d 3 h"),
            (SimTime::days(1), "1 d"),
            (SimTime::hours(8), "8 h"),
            (SimTime::NEVER, "never"),
        ];
        reads_as(&cases, SimTime::to_string);
    }

    #[test]
    fn latencies_read_as_the_clock_does() {
        let cases = [
            (SimTime::micros(25_500), "25.5 ms"),
            (SimTime::micros(21_504), "21.504 ms"),
            (SimTime::millis(3), "3 ms"),
            (SimTime::millis(1_500), "1.5 s"),
        ];
        reads_as(&cases, |t| t.as_latency());
    }

    /// Each time, written by `write`, reads as its text.
    fn reads_as(cases: &[(SimTime, &str)], write: fn(&SimTime) -> String) {
        for (time, text) in cases {
            assert_eq!(write(time), *text, "{time:?}");
        }
    }
}
