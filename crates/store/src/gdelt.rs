//! GDELT 2.1 event-table rows (`readout export gdelt`): 61 tab-separated columns per stored
//! event, with the CAMEO actor codes split into GDELT's country, group and type columns.

use std::collections::HashMap;

use chrono::Datelike;
use readout_core::{cameo, CameoCode, EventActor};

use crate::{EventFilter, Store, StoreError, StoredEvent};

impl Store {
    /// Call `f` with the GDELT row of every stored event, oldest first (entity names are
    /// read once per entity).
    pub fn each_gdelt_row<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Vec<String>) -> Result<(), E>,
    ) -> Result<(), E> {
        let all = EventFilter {
            limit: usize::MAX,
            ..EventFilter::default()
        };
        let mut names: HashMap<i64, Option<String>> = HashMap::new();
        self.each_event(&all, |e| -> Result<(), E> {
            let mut name = |id: Option<i64>| -> Result<Option<String>, E> {
                let Some(id) = id else { return Ok(None) };
                if let Some(n) = names.get(&id) {
                    return Ok(n.clone());
                }
                let n = self.entity_name(id)?;
                names.insert(id, n.clone());
                Ok(n)
            };
            let a1 = name(e.actor_ids.first().copied().flatten())?;
            let a2 = name(e.recipient_ids.first().copied().flatten())?;
            f(gdelt_row(&e, a1.as_deref(), a2.as_deref()))
        })
    }
}

/// Actor columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
/// Religion2Code, Type1Code, Type2Code, Type3Code.
fn gdelt_actor(actor: Option<&EventActor>, name: Option<&str>) -> [String; 10] {
    let mut cols: [String; 10] = Default::default();
    let Some(a) = actor else { return cols };
    let code = a.code.clone().unwrap_or_default().trim().to_uppercase();
    cols[1] = name
        .unwrap_or(&a.text)
        .to_uppercase()
        .replace(['\t', '\n'], " ");
    if code.is_ascii() && code.len() >= 3 {
        let parts: Vec<&str> = (0..code.len() / 3)
            .map(|i| &code[i * 3..i * 3 + 3])
            .collect();
        let mut types: Vec<&str> = Vec::new();
        if cameo::is_group(parts[0]) {
            types.push(parts[0]);
            if let Some(group) = parts.get(1) {
                cols[3] = group.to_string();
            }
            types.extend(parts.iter().skip(2));
        } else if cameo::is_role(parts[0]) {
            types.extend(&parts);
        } else if parts[0].bytes().all(|b| b.is_ascii_uppercase()) {
            cols[2] = parts[0].to_string();
            types.extend(parts.iter().skip(1));
        }
        for (slot, t) in cols[7..10].iter_mut().zip(types) {
            *slot = t.to_string();
        }
    }
    cols[0] = code;
    cols
}

/// `url` when it is an http or https URL (with no tab, newline or other control character),
/// else `None`: an exported row must not carry a `javascript:` or `data:` link into a tool
/// that renders it.
fn web_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let scheme = url.split_once("://")?.0;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    (web && !url.chars().any(char::is_control)).then(|| url.to_string())
}

/// One GDELT 2.1 event-table row (61 columns) of a stored event, with the names of its
/// first actor and recipient (the store's entity names, when resolved).
pub fn gdelt_row(e: &StoredEvent, actor1: Option<&str>, actor2: Option<&str>) -> Vec<String> {
    let v = &e.event;
    // Day: the event's own date when it is a full date, else the publication date, else
    // (an undated article) the day it was stored, as GDELT dates an event by when it was
    // seen.
    let day = v
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
        .or_else(|| {
            e.published
                .as_deref()
                .and_then(readout_core::parse_published)
        })
        .or_else(|| readout_core::parse_published(e.ingested_at.get(..10)?));
    let mut row: Vec<String> = Vec::with_capacity(61);
    row.push(e.event_id.to_string());
    match day {
        Some(d) => {
            row.push(d.format("%Y%m%d").to_string());
            row.push(d.format("%Y%m").to_string());
            row.push(d.year().to_string());
            row.push(format!(
                "{:.4}",
                f64::from(d.year()) + f64::from(d.ordinal()) / 365.0
            ));
        }
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    row.extend(gdelt_actor(v.actors.first(), actor1));
    row.extend(gdelt_actor(v.recipients.first(), actor2));
    // Codes come from the event coder, so always parse; were one not a CAMEO code, its root,
    // base, quad class and Goldstein score would be left empty.
    let code = v.code.parse::<CameoCode>().ok();
    let part = |f: fn(&CameoCode) -> &str| code.as_ref().map(|c| f(c).to_string());
    row.push(if e.is_root { "1" } else { "0" }.into()); // IsRootEvent
    row.push(v.code.clone()); // EventCode
    row.push(part(CameoCode::base).unwrap_or_default()); // EventBaseCode
    row.push(part(CameoCode::root).unwrap_or_default()); // EventRootCode
    row.push(
        code.as_ref()
            .and_then(CameoCode::quad_class)
            .map(|q| q.to_string())
            .unwrap_or_default(),
    ); // QuadClass
    row.push(
        code.as_ref()
            .and_then(CameoCode::goldstein)
            .map(|g| format!("{g:.1}"))
            .unwrap_or_default(),
    ); // GoldsteinScale
    row.push(v.support.len().max(1).to_string()); // NumMentions
    row.push("1".into()); // NumSources
    row.push("1".into()); // NumArticles
    row.push(String::new()); // AvgTone
    row.extend(std::iter::repeat_n(String::new(), 24)); // Actor1Geo, Actor2Geo, ActionGeo
    let added: String = e.ingested_at.chars().filter(char::is_ascii_digit).collect();
    row.push(added); // DATEADDED: YYYYMMDDHHMMSS
    row.push(web_url(e.url.as_deref()).unwrap_or_default()); // SOURCEURL
    debug_assert_eq!(row.len(), 61);
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{EventDateSource, Span, SpanText};

    #[test]
    fn gdelt_rows_have_61_columns_and_the_known_fields() {
        let span = Span { start: 0, end: 10 };
        let actor = |text: &str, code: &str| EventActor {
            span,
            text: text.into(),
            entity: None,
            code: Some(code.into()),
        };
        let e = StoredEvent {
            event_id: 7,
            article_id: 1,
            doc_id: "doc".into(),
            published: Some("2031-02-03".into()),
            url: Some("https://example.invalid/a".into()),
            ingested_at: "2031-02-04T05:06:07Z".into(),
            is_root: true,
            actor_ids: vec![Some(1)],
            recipient_ids: vec![None],
            event: readout_core::Event {
                id: "v1".into(),
                span,
                text: "x".into(),
                sentence: 0,
                code: "1123".into(),
                label: "Accuse of aggression".into(),
                plover: None,
                actors: vec![actor("the ministry", "OSLGOV")],
                recipients: vec![actor("the alliance", "IGONAT")],
                trigger: SpanText {
                    span,
                    text: "x".into(),
                },
                date: Some("2031-02-01".into()),
                date_source: EventDateSource::Publication,
                source: None,
                negated: false,
                hypothetical: false,
                confidence: 0.5,
                support: vec![],
            },
        };
        let row = gdelt_row(&e, Some("Ostland Ministry"), None);
        assert_eq!(row.len(), 61);
        assert_eq!(row[0], "7");
        assert_eq!(row[1], "20310201");
        assert_eq!(row[2], "203102");
        assert_eq!(row[3], "2031");
        assert_eq!(&row[5..8], ["OSLGOV", "OSTLAND MINISTRY", "OSL"]);
        assert_eq!(row[12], "GOV");
        assert_eq!(&row[15..18], ["IGONAT", "THE ALLIANCE", ""]);
        assert_eq!(row[18], "NAT");
        assert_eq!(row[22], "IGO");
        assert_eq!(
            &row[25..34],
            ["1", "1123", "112", "11", "3", "-2.0", "1", "1", "1"]
        );
        assert_eq!(row[59], "20310204050607");
        assert_eq!(row[60], "https://example.invalid/a");

        // No date of its own: the publication date; an undated article: the day stored.
        let mut undated = e.clone();
        undated.event.date = None;
        assert_eq!(gdelt_row(&undated, None, None)[1], "20310203");
        undated.published = None;
        assert_eq!(gdelt_row(&undated, None, None)[1], "20310204");
        // Only web links are exported.
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT://x",
            "data:text/html,x",
            "ftp://h/f",
        ] {
            undated.url = Some(bad.into());
            assert_eq!(gdelt_row(&undated, None, None)[60], "", "{bad}");
        }
        undated.url = Some("HTTP://example.invalid/b".into());
        assert_eq!(
            gdelt_row(&undated, None, None)[60],
            "HTTP://example.invalid/b"
        );
    }
}
