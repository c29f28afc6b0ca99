//! The value types of settings that are not plain numbers, each parsed from
//! and printed as its command-line spelling, so that a setting printed by
//! [`super::Settings::flags`] parses back to itself.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A range of n-gram lengths: `1..3`, or `2` for `2..2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct NgramRange(pub usize, pub usize);

impl NgramRange {
    /// As the `(smallest, largest)` pair the feature stages use.
    pub fn pair(self) -> (usize, usize) {
        (self.0, self.1)
    }
}

impl FromStr for NgramRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parse = |x: &str| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| format!("'{s}' is not a range like 1..2"))
        };
        let (lo, hi) = match s.split_once("..") {
            Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
            None => {
                let n = parse(s)?;
                (n, n)
            }
        };
        if lo == 0 || hi < lo {
            return Err(format!("'{s}': need 1 <= min <= max"));
        }
        Ok(NgramRange(lo, hi))
    }
}

impl fmt::Display for NgramRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.0, self.1)
    }
}

/// A range of n-gram lengths or none (`none` or `0`), so that a preset's
/// character n-grams can be turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct OptionalRange(pub Option<NgramRange>);

impl FromStr for OptionalRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "none" | "0" => Ok(OptionalRange(None)),
            _ => s.parse().map(|r| OptionalRange(Some(r))),
        }
    }
}

impl fmt::Display for OptionalRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(r) => r.fmt(f),
            None => f.write_str("none"),
        }
    }
}

/// Comma-separated numbers, e.g. the alphas `--tune` tries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct NumberList(pub Vec<f64>);

impl FromStr for NumberList {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        s.split(',')
            .map(|x| {
                x.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("'{x}' in '{s}' is not a number"))
            })
            .collect::<Result<Vec<f64>, String>>()
            .map(NumberList)
    }
}

impl fmt::Display for NumberList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(f64::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

/// Written in model files as on the command line.
macro_rules! as_flag_text {
    ($($t:ty),*) => {$(
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.to_string()
            }
        }

        impl TryFrom<String> for $t {
            type Error = String;

            fn try_from(s: String) -> Result<Self, String> {
                s.parse()
            }
        }
    )*};
}

as_flag_text!(NgramRange, OptionalRange, NumberList);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_and_print_back() {
        assert_eq!("1..2".parse(), Ok(NgramRange(1, 2)));
        assert_eq!("1..=3".parse(), Ok(NgramRange(1, 3)));
        assert_eq!("2".parse(), Ok(NgramRange(2, 2)));
        assert!("0..2".parse::<NgramRange>().is_err());
        assert!("3..1".parse::<NgramRange>().is_err());
        assert!("x".parse::<NgramRange>().is_err());
        assert_eq!(NgramRange(1, 3).to_string(), "1..3");
        for s in ["none", "2..5"] {
            assert_eq!(s.parse::<OptionalRange>().unwrap().to_string(), s);
        }
        assert_eq!("0".parse::<OptionalRange>(), Ok(OptionalRange(None)));
    }

    #[test]
    fn number_lists_parse_and_print_back() {
        let l: NumberList = "0.3, 1,3,10".parse().unwrap();
        assert_eq!(l.0, vec![0.3, 1.0, 3.0, 10.0]);
        assert_eq!(l.to_string(), "0.3,1,3,10");
        assert!("1,x".parse::<NumberList>().is_err());
    }
}
