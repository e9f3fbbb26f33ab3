//! Serde formats for the board's typed fields, chosen so that the file reads
//! naturally: dates as `YYYY-MM-DD`, whole numbers without a trailing `.0`.
//! These are format-agnostic (plain serde), so they stay with the data types.

pub mod opt_date {
    use chrono::NaiveDate;
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(OptDate)
    }

    /// Parses inside the scalar's own visit, so that the YAML layer attaches the
    /// date's line and column (not the enclosing task's) to a bad date.
    struct OptDate;

    impl<'de> Visitor<'de> for OptDate {
        type Value = Option<NaiveDate>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date written YYYY-MM-DD")
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(OptDate)
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            super::parse_iso_date(text).map(Some).map_err(E::custom)
        }
    }
}

/// A required date, `YYYY-MM-DD`, located at its own scalar when wrong.
pub mod date {
    use chrono::NaiveDate;
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&date.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(Date)
    }

    struct Date;

    impl Visitor<'_> for Date {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date written YYYY-MM-DD")
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
            super::parse_iso_date(text).map_err(E::custom)
        }
    }
}

/// Parses a strict `YYYY-MM-DD` calendar date, with a message that says what to fix.
pub fn parse_iso_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let shown = crate::sanitize::terminal_safe(t);
    if !shaped {
        return Err(format!(
            "invalid date `{shown}`: write it as YYYY-MM-DD, e.g. 2024-03-31"
        ));
    }
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("invalid date `{shown}`: there is no such day in the calendar"))
}

/// A list that may also be written empty (`evidence:`) or as `~` / `null`:
/// all three mean "not set", the empty list, as for every optional field.
pub mod opt_list {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
    }
}

pub mod number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        // Whole numbers are written without `.0`; 2^53 keeps the cast exact.
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            s.serialize_i64(*v as i64)
        } else {
            s.serialize_f64(*v)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        f64::deserialize(d)
    }
}

pub mod opt_number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::number::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_iso_date;

    #[test]
    fn iso_dates_are_strict() {
        assert_eq!(
            parse_iso_date("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        let err = parse_iso_date("2024-02-30").expect_err("no such day");
        assert!(err.contains("no such day"), "{err}");
        for bad in ["31/03/2024", "2024-3-31", "no", "20240331", ""] {
            let err = parse_iso_date(bad).expect_err(bad);
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }
}
