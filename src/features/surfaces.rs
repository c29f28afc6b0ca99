//! Each feature's commonest training wording, kept as the model file's JSON
//! until something asks for it.
//!
//! Only `inspect` and `explain` show these wordings, yet the bundled model
//! has 85k of them: parsed eagerly they were 85k small strings (4 MB) in
//! every process that classifies. The JSON array is checked when the model
//! loads (so a damaged file still fails then) and parsed on first use.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The wordings, parsed or still JSON.
#[derive(Debug)]
pub(crate) struct Surfaces {
    /// A JSON array of strings, checked by [`count_strings`]; borrowed when
    /// the model's bytes live as long as the program (the embedded model).
    json: Option<Cow<'static, RawValue>>,
    parsed: OnceLock<Vec<String>>,
}

impl Surfaces {
    /// Wordings already at hand (a model just trained).
    pub(crate) fn new(list: Vec<String>) -> Surfaces {
        Surfaces {
            json: None,
            parsed: OnceLock::from(list),
        }
    }

    /// Wordings in a JSON array of strings that [`count_strings`] accepted.
    pub(crate) fn from_json(json: Cow<'static, RawValue>) -> Surfaces {
        Surfaces {
            json: Some(json),
            parsed: OnceLock::new(),
        }
    }

    /// The wordings, in feature order (empty when the model has none).
    pub(crate) fn get(&self) -> &[String] {
        self.parsed.get_or_init(|| match &self.json {
            // Checked at load, so this parse cannot fail.
            Some(json) => serde_json::from_str(json.get()).unwrap_or_default(),
            None => Vec::new(),
        })
    }
}

/// How many strings the JSON array `json` holds, without keeping any; `None`
/// when it is not an array of strings.
pub(crate) fn count_strings(json: &RawValue) -> Option<usize> {
    let mut de = serde_json::Deserializer::from_str(json.get());
    de.deserialize_seq(CountStrings).ok()
}

struct CountStrings;

impl<'de> Visitor<'de> for CountStrings {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while seq.next_element::<AnyString>()?.is_some() {
            n += 1;
        }
        Ok(n)
    }
}

/// A string, looked at and dropped (`IgnoredAny` would take any value).
struct AnyString;

impl<'de> serde::Deserialize<'de> for AnyString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AnyString, D::Error> {
        deserializer.deserialize_str(AnyStringVisitor)
    }
}

struct AnyStringVisitor;

impl Visitor<'_> for AnyStringVisitor {
    type Value = AnyString;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<AnyString, E> {
        Ok(AnyString)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_string()).unwrap()
    }

    #[test]
    fn counts_only_arrays_of_strings() {
        assert_eq!(count_strings(&raw(r#"["a", "b\"c", ""]"#)), Some(3));
        assert_eq!(count_strings(&raw("[]")), Some(0));
        for bad in [r#"["a", 1]"#, r#"[null]"#, r#""a""#, "{}", "[[\"a\"]]"] {
            assert_eq!(count_strings(&raw(bad)), None, "{bad}");
        }
    }

    #[test]
    fn parses_on_first_use() {
        let s = Surfaces::from_json(Cow::Owned(raw(r#"["open", "caf\u00e9"]"#)));
        assert_eq!(s.get(), ["open", "café"]);
        assert_eq!(Surfaces::new(vec!["x".into()]).get(), ["x"]);
    }
}
