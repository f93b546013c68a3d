//! Which coded events are political events: the parties must be political actors.
//!
//! PETRARCH and GDELT code an event only when its source (and its target, where the verb
//! pattern has one) resolves to an actor code: a country, a government or other political
//! agent (GOV, MIL, COP, REB, OPP, JUD, LEG, …), an international or non-governmental
//! organisation, a person the dictionary knows with a role. Verbs are common words: without
//! this check "the company offered a discount", "a journalist heard gunfire" or "three people
//! died" become acts of states. Here
//! - the actor side needs one political member, and one side a country or organisation;
//!   members without any code leave the actor side; a place the dictionary does not know,
//!   named as a party and not as a site ([`is_state_place`]), counts as a country;
//! - a recipient member without any code (a topic, a site, a fragment, a company the
//!   dictionary does not know) leaves the recipient side — a named person stays, and any
//!   named party of a meeting or call ("called her counterpart X": persons are parties
//!   whether or not the dictionary knows them); so
//!   does a company or business sector except as the target of coercion or force ("NASA
//!   awarded contracts to companies", "Seoul expects producers to …" are commerce); an event whose recipient side empties this
//!   way is coded as one with no object ([`pair_roles`]): a compound actor of a cooperative
//!   verb is reciprocal, protest and force stand alone, the rest is dropped; an unspecified
//!   coercion (170) with no target ("X holds a hearing") is dropped.

use super::coder::{pair_roles, ActorChunk, ActorGroup, SentenceEvent};

/// Sectors that are no political actor: companies, media, the public, schools, hospitals,
/// scientists. They protest (CAMEO 14) and may be the target of an act; they do not act for
/// a state.
const SOCIAL_SECTORS: &[&str] = &["BUS", "MED", "PPL", "CVL", "EDU", "HLH", "SCI"];

/// Whether an actor code names a political actor for an event coded `event_code`: a
/// country, an organisation, a person or agent of either with a political role ("USAGOV",
/// "---MIL", "IGOUNO"); companies (MNC, BUS), media, civilians and other social sectors
/// only protest; criminals only use force (CAMEO 18–20).
pub(crate) fn is_political(code: &str, event_code: &str) -> bool {
    let Some(prefix) = code.get(..3) else {
        return false;
    };
    match prefix {
        "MNC" => return false,
        // An organisation's sector says what it works on ("NGOHLHIRC": the Red Cross).
        "IGO" | "NGO" | "NGM" | "IMG" => return true,
        _ => {}
    }
    let protest = event_code.starts_with("14");
    // News agencies and other sector-only actors ("MED": a wire service) are no states.
    if SOCIAL_SECTORS.contains(&prefix) {
        return protest;
    }
    match code.get(3..6) {
        // A bare country acts as a state; "---" alone is nobody.
        None => prefix != "---",
        Some(s) if SOCIAL_SECTORS.contains(&s) => protest,
        Some("CRM") => protest || matches!(event_code.get(..2), Some("18" | "19" | "20")),
        Some(_) => true,
    }
}

fn coded(m: &ActorChunk) -> bool {
    m.code.as_deref().is_some_and(|c| !c.is_empty())
}

/// `side` without the members `keep` refuses, its span shrunk to the members left; `None`
/// when none is left.
pub(crate) fn keep_members(
    side: &ActorGroup,
    keep: impl Fn(&ActorChunk) -> bool,
) -> Option<ActorGroup> {
    let members: Vec<ActorChunk> = side.members.iter().filter(|m| keep(m)).cloned().collect();
    let start = members.iter().map(|m| m.start).min()?;
    let end = members.iter().map(|m| m.end).max()?;
    Some(ActorGroup {
        start,
        end,
        members,
    })
}

/// Whether one side names a country or organisation (not a sector alone, "---GOV", nor a
/// company): between "the government" and "the people", "police" and "a man", the place is
/// not known, and most such events are local news, not acts of states.
fn has_known_party(ev: &SentenceEvent, state_place: &dyn Fn(&ActorChunk) -> bool) -> bool {
    ev.actors
        .members
        .iter()
        .chain(&ev.recipients.members)
        .any(|m| {
            state_place(m)
                || m.code
                    .as_deref()
                    .is_some_and(|c| !c.starts_with("---") && !c.starts_with("MNC"))
        })
}

/// Whether actor phrase `m` (sentence words `words`) is a place the dictionary does not
/// code, named as a party rather than as a site: a country of the text's own ("Norland
/// asked Vesteria") is a party; "in Hayward", "near the village", "from London" are where.
pub(crate) fn is_state_place(
    words: &[String],
    is_place: &dyn Fn(&str) -> bool,
    m: &ActorChunk,
) -> bool {
    let locative = |k: usize| {
        matches!(
            words[k].as_str(),
            "IN" | "AT"
                | "NEAR"
                | "FROM"
                | "INTO"
                | "ACROSS"
                | "THROUGHOUT"
                | "INSIDE"
                | "OUTSIDE"
                | "AROUND"
                | "WITHIN"
                | "OVER"
                | "TOWARD"
                | "TOWARDS"
                | "ALONG"
        )
    };
    let after_locative = (m.start > 0 && locative(m.start - 1))
        || (m.start > 1 && words[m.start - 1] == "THE" && locative(m.start - 2));
    m.code.is_none() && m.entity.as_deref().is_some_and(is_place) && !after_locative
}

/// The event with political parties only, or `None` when it is not a political event (see
/// the module documentation).
pub(crate) fn political_event(
    mut ev: SentenceEvent,
    state_place: &dyn Fn(&ActorChunk) -> bool,
) -> Option<SentenceEvent> {
    let code = ev.code.clone();
    if ev.actors.members.is_empty() {
        // An attack whose attacker the text does not name ("were killed in a bombing"):
        // the victims' country makes it an event of that conflict.
        return (coerces(&code) && has_known_party(&ev, state_place)).then_some(ev);
    }
    let political = |m: &ActorChunk| {
        state_place(m) || m.code.as_deref().is_some_and(|c| is_political(c, &code))
    };
    if !ev.actors.members.iter().any(political) || !has_known_party(&ev, state_place) {
        return None;
    }
    ev.actors = keep_members(&ev.actors, |m| coded(m) || state_place(m))?;
    if !ev.recipients.members.is_empty() {
        // One meets, calls or talks with a named party whoever it is (the parser may take
        // a person for an organisation).
        let consults = code.starts_with("04");
        let party = |m: &ActorChunk| {
            if coded(m) {
                coerces(&code) || !is_business(m)
            } else {
                m.person || state_place(m) || (consults && m.entity.is_some())
            }
        };
        match keep_members(&ev.recipients, party) {
            Some(r) => ev.recipients = r,
            // No party left on the receiving side: the event stands as a verb with no
            // object would ("X and Y agreed": X with Y; "X shelled": X alone) or not at all.
            None => {
                let (actors, recipients) = pair_roles(&code, ev.trigger.1, Some(&ev.actors), None)?;
                ev.actors = actors;
                ev.recipients = recipients;
            }
        }
    }
    // "X holds a hearing", "X held firm": coercion with no one coerced says nothing.
    if ev.code == "170" && ev.recipients.members.is_empty() {
        return None;
    }
    Some(ev)
}

/// Whether a party is a company or business sector ("MNCUSA", "---BUS", "KORBUS").
fn is_business(m: &ActorChunk) -> bool {
    m.code
        .as_deref()
        .is_some_and(|c| c.starts_with("MNC") || c.get(3..6) == Some("BUS"))
}

/// CAMEO roots of coercion and force (16–20): sanctions on companies and attacks on
/// businesses are acts on them; help, talks, deals and purchases with them are commerce.
pub(crate) fn coerces(code: &str) -> bool {
    matches!(code.get(..2), Some("16" | "17" | "18" | "19" | "20"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(start: usize, code: Option<&str>) -> ActorChunk {
        ActorChunk {
            start,
            end: start + 1,
            code: code.map(str::to_string),
            entity: None,
            person: false,
        }
    }

    fn group(members: Vec<ActorChunk>) -> ActorGroup {
        ActorGroup {
            start: members.first().map_or(0, |m| m.start),
            end: members.last().map_or(0, |m| m.end),
            members,
        }
    }

    fn event(code: &str, actors: Vec<ActorChunk>, recipients: Vec<ActorChunk>) -> SentenceEvent {
        SentenceEvent {
            code: code.to_string(),
            actors: group(actors),
            recipients: group(recipients),
            trigger: (5, 6),
            negated: false,
            hypothetical: false,
            confidence: 0.5,
            nominal: false,
        }
    }

    #[test]
    fn political_codes_by_sector_and_event() {
        assert!(is_political("FRD", "190"));
        assert!(is_political("FRDGOV", "020"));
        assert!(is_political("---MIL", "190"));
        assert!(is_political("NGOHLHIRC", "070"));
        assert!(!is_political("---", "190"));
        assert!(!is_political("MNCUSA", "061"));
        assert!(!is_political("FRDMED", "040"));
        assert!(!is_political("MED", "040"), "a news agency");
        assert!(!is_political("---PPL", "190"));
        // Citizens protest; criminals use force and nothing else.
        assert!(is_political("FRDCVL", "141"));
        assert!(!is_political("FRDCVL", "111"));
        assert!(is_political("---CRM", "190"));
        assert!(!is_political("---CRM", "020"));
    }

    #[test]
    fn an_uncoded_recipient_leaves_and_the_event_needs_another() {
        // "Freedonia condemned <a name nobody codes>": nothing left to condemn.
        let ev = event("111", vec![chunk(0, Some("FRD"))], vec![chunk(7, None)]);
        assert!(political_event(ev, &|_| false).is_none());
        // A coded member and a named person stay, the uncoded thing leaves.
        let ev = event(
            "111",
            vec![chunk(0, Some("FRD"))],
            vec![chunk(7, None), chunk(9, Some("SYL"))],
        );
        let kept = political_event(ev, &|_| false).expect("Sylvania is still condemned");
        assert_eq!(kept.recipients.members.len(), 1);
        assert_eq!(kept.recipients.start, 9);
        let mut person = chunk(7, None);
        person.person = true;
        let ev = event("041", vec![chunk(0, Some("FRDGOV"))], vec![person]);
        assert!(
            political_event(ev, &|_| false).is_some(),
            "a phone call with a named person"
        );
        // "Freedonia and Sylvania agreed on <a topic>": with each other.
        let ev = event(
            "030",
            vec![chunk(0, Some("FRD")), chunk(2, Some("SYL"))],
            vec![chunk(7, None)],
        );
        let kept = political_event(ev, &|_| false).expect("a reciprocal agreement");
        assert_eq!(kept.actors.members.len(), 1);
        assert_eq!(kept.recipients.members[0].code.as_deref(), Some("SYL"));
        // Commerce with companies is no political event; sanctions on them are.
        let ev = event(
            "060",
            vec![chunk(0, Some("FRDGOV"))],
            vec![chunk(7, Some("---BUS"))],
        );
        assert!(political_event(ev, &|_| false).is_none());
        let ev = event(
            "163",
            vec![chunk(0, Some("FRDGOV"))],
            vec![chunk(7, Some("MNCSYL"))],
        );
        assert!(political_event(ev, &|_| false).is_some());
        // An unspecified coercion needs a target.
        let ev = event("170", vec![chunk(0, Some("FRDGOV"))], vec![chunk(7, None)]);
        assert!(political_event(ev, &|_| false).is_none());
        // Force stands alone.
        let ev = event("190", vec![chunk(0, Some("FRDMIL"))], vec![chunk(7, None)]);
        assert!(political_event(ev, &|_| false).is_some_and(|e| e.recipients.members.is_empty()));
    }

    #[test]
    fn an_unknown_place_is_a_party_but_not_as_a_site() {
        let words: Vec<String> = "NORLAND ASKED VESTERIA , A TOWN IN VESTERIA"
            .split(' ')
            .map(str::to_string)
            .collect();
        let place = |id: &str| id == "e1";
        let mut m = chunk(0, None);
        m.entity = Some("e1".into());
        assert!(is_state_place(&words, &place, &m));
        m.start = 7;
        assert!(!is_state_place(&words, &place, &m), "in Vesteria is where");
        let mut company = chunk(2, None);
        company.entity = Some("e2".into());
        assert!(!is_state_place(&words, &place, &company));
    }

    #[test]
    fn no_political_actor_no_event() {
        let ev = event(
            "040",
            vec![chunk(0, Some("---MED"))],
            vec![chunk(7, Some("FRD"))],
        );
        assert!(political_event(ev, &|_| false).is_none());
        let ev = event("040", vec![chunk(0, None)], vec![chunk(7, Some("FRD"))]);
        assert!(political_event(ev, &|_| false).is_none());
        // A sector alone on both sides ("the police arrested a man").
        let ev = event(
            "173",
            vec![chunk(0, Some("---COP"))],
            vec![chunk(7, Some("---PPL"))],
        );
        assert!(political_event(ev, &|_| false).is_none());
    }
}
