//! Publication dates: one parser for every crate that reads a `published` value (the
//! analyzer, the command line, the store's exports, the comparison).

use chrono::NaiveDate;

/// Parse a publication date: `YYYY-MM-DD`, or an ISO 8601 date-time whose date part is that
/// (`2022-03-02T10:00`, `2022-03-02 10:00`). `None` for anything else, impossible days
/// (`2022-02-30`) included.
pub fn parse_published(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    let date = v.get(..10)?;
    let rest = &v[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_parse() {
        assert!(parse_published("2022-03-02").is_some());
        assert!(parse_published("2022-03-02 10:00").is_some());
        assert!(parse_published(" 2022-03-02T10:00Z ").is_some());
        assert!(parse_published("2022-02-30").is_none());
        assert!(parse_published("2022-03-021").is_none());
        assert!(parse_published("Mär").is_none());
    }
}
