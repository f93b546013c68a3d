//! Building the knowledge base (`readout train kb`): countries, capitals, demonyms,
//! international and national organisations and role nouns, compiled from the CAMEO /
//! Phoenix dictionaries into one sorted, gzip'd TSV (`models/kb/kb.tsv.gz`).
//!
//! Sources, all MIT (see `models/kb/NOTICE`):
//! * `countrynames.txt`: country name → ISO3/CAMEO code;
//! * `Phoenix.Countries.actors.txt`: blocks whose current code is a bare country code give
//!   that country's other names, demonyms, cities and regions; blocks coded country + sector
//!   (`USALEG`) whose phrase has an organisation head noun give national institutions;
//! * `Phoenix.International.actors.txt`: blocks whose phrase has an organisation head noun,
//!   or is a lone acronym, give international organisations (`IGOUNO`, `IGOWSTNAT`…);
//! * `Phoenix.agents.txt`: role nouns → sector codes (`AMBASSADOR [~GOV]`);
//! * readout's own table of countries ([`HAND_COUNTRIES`]: which alias is the
//!   name, the demonym, the capital) and a few organisations the dictionaries lack
//!   ([`EXTRA_ORGS`]).
//!
//! The name-variant pairs (`name-variants/`) are **not** folded in: they are the held-out
//! data that `readout eval resolve` measures alias matching on.
//!
//! Output lines (tab-separated, each section sorted, so rebuilding gives the same bytes):
//! * `#readout-kb <version>` header;
//! * `E id kind code country name`: an entity (`kind` `C` country or `O` organisation;
//!   `country` the ISO3 code of a national organisation, or `-`);
//! * `A key how id`: an alias (`key` folded by [`key`]; `how` `N` name,
//!   `D` demonym, `C` capital, `P` other place in the country);
//! * `R key sector`: a role noun and its sector code;
//! * `H code id`: the entity a code stands for (the first given it: readout's own table
//!   comes first, so `IGOUNO` is the United Nations, not one of its councils).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use readout_pipeline::events::dictionary::agent_entries;
use readout_pipeline::resolve::kb::{key, HAND_COUNTRIES, KB_VERSION};

/// Organisations the dictionaries lack (readout's own, general knowledge):
/// `code|name|aliases` (comma-separated).
pub const EXTRA_ORGS: &str = "\
IGOUNOHRI|United Nations Human Rights Council|UN Human Rights Council,Human Rights Council,UNHRC
IGOUNOHRIHCH|UN High Commissioner for Human Rights|United Nations High Commissioner for Human Rights,Office of the UN High Commissioner for Human Rights,Office of the United Nations High Commissioner for Human Rights,OHCHR,UN human rights office
IGOUNO|United Nations|UN,The United Nations
IGOUNO|United Nations Security Council|UN Security Council,Security Council,UNSC
IGOUNO|United Nations General Assembly|UN General Assembly,General Assembly
IGOWSTNAT|NATO|North Atlantic Treaty Organization,North Atlantic Treaty Organisation
IGOEUREEC|European Union|EU
IGOEUREEC|European Commission|EC
IGOUNOREFHCR|UN Refugee Agency|UNHCR,United Nations High Commissioner for Refugees,UN High Commissioner for Refugees
";

/// Head nouns that make a dictionary phrase an organisation rather than a person.
const ORG_HEADS: &[&str] = &[
    "NATIONS",
    "UNION",
    "COUNCIL",
    "ORGANIZATION",
    "ORGANISATION",
    "COMMISSION",
    "COMMITTEE",
    "AGENCY",
    "FUND",
    "BANK",
    "COURT",
    "ASSEMBLY",
    "PROGRAM",
    "PROGRAMME",
    "PARLIAMENT",
    "OFFICE",
    "SECRETARIAT",
    "TRIBUNAL",
    "ALLIANCE",
    "LEAGUE",
    "FEDERATION",
    "ASSOCIATION",
    "INSTITUTE",
    "FOUNDATION",
    "FORUM",
    "MINISTRY",
    "DEPARTMENT",
    "CONGRESS",
    "SENATE",
    "CABINET",
    "GOVERNMENT",
    "PARTY",
    "FRONT",
    "MOVEMENT",
    "COMMUNITY",
    "CONFERENCE",
    "AUTHORITY",
    "BUREAU",
    "CORPORATION",
    "COMPANY",
    "RED_CROSS",
    "CROSS",
    "CRESCENT",
    "WATCH",
    "INTERNATIONAL",
];

/// What the compiler counted.
#[derive(Debug, Default, Clone)]
pub struct KbStats {
    /// Countries.
    pub countries: usize,
    /// Organisations.
    pub organisations: usize,
    /// Aliases of all entities.
    pub aliases: usize,
    /// Role nouns with a sector.
    pub roles: usize,
}

/// One block of an actor dictionary: its phrases (primary first) and codes.
#[derive(Debug, Default)]
struct Block {
    phrases: Vec<String>,
    codes: Vec<(String, bool, bool)>,
}

impl Block {
    /// The code in force today: an undated code, else an open-ended one, else the last.
    fn current(&self) -> Option<&str> {
        self.codes
            .iter()
            .find(|c| !c.1 && !c.2)
            .or_else(|| self.codes.iter().rev().find(|c| !c.2))
            .or_else(|| self.codes.last())
            .map(|c| c.0.as_str())
    }
    /// Whether any code is limited in time (people, mostly).
    fn dated(&self) -> bool {
        self.codes.iter().any(|c| c.1 || c.2)
    }
}

fn strip_comment(line: &str) -> &str {
    line.find('#').map_or(line, |i| &line[..i])
}

/// Codes of `[CODE]`, `[CODE 770101-120812]`, `[CODE >140608]`: (code, has start, has end).
fn parse_codes(s: &str, out: &mut Vec<(String, bool, bool)>) {
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inner = rest[open + 1..open + close].trim();
        rest = &rest[open + close + 1..];
        let mut parts = inner.split_whitespace();
        let Some(code) = parts.next() else { continue };
        if code.contains('~') || code == "---" {
            continue;
        }
        let (from, to) = match parts.next() {
            Some(r) if r.starts_with('>') => (true, false),
            Some(r) if r.starts_with('<') => (false, true),
            Some(_) => (true, true),
            None => (false, false),
        };
        out.push((code.to_string(), from, to));
    }
}

/// Phrase text of a dictionary phrase: `_` joins words, a trailing `_` is dropped.
fn phrase_text(p: &str) -> String {
    p.trim()
        .trim_end_matches('_')
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for raw in text.lines() {
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with('\t') || line.starts_with(' ');
        let t = line.trim();
        if t.starts_with('[') {
            if let Some(b) = blocks.last_mut() {
                parse_codes(t, &mut b.codes);
            }
            continue;
        }
        let (phrase, codes) = match t.find('[') {
            Some(i) => (&t[..i], &t[i..]),
            None => (t, ""),
        };
        let phrase = phrase_text(phrase.trim_start_matches('+'));
        if t.starts_with('+') && !indented {
            if let Some(b) = blocks.last_mut() {
                if !phrase.is_empty() {
                    b.phrases.push(phrase);
                }
                parse_codes(codes, &mut b.codes);
            }
            continue;
        }
        let mut b = Block::default();
        if !phrase.is_empty() {
            b.phrases.push(phrase);
        }
        parse_codes(codes, &mut b.codes);
        blocks.push(b);
    }
    blocks.retain(|b| !b.phrases.is_empty() && !b.codes.is_empty());
    blocks
}

/// Whether a dictionary phrase names an organisation: an organisation head noun among its
/// words, or a lone acronym ("NATO", "U.N.", "OHCHR").
fn org_like(phrase: &str) -> bool {
    let upper = phrase.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(' ').collect();
    if words.iter().any(|w| ORG_HEADS.contains(w)) || upper.contains("RED CROSS") {
        return true;
    }
    if let [w] = words.as_slice() {
        let letters = w.chars().filter(char::is_ascii_alphabetic).count();
        return (2..=6).contains(&letters) && w.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    }
    false
}

/// A readable name from an upper-case dictionary phrase: "UN SECURITY COUNCIL" →
/// "UN Security Council".
fn display(phrase: &str) -> String {
    if phrase.chars().any(char::is_lowercase) || !phrase.contains(' ') {
        return phrase.to_string();
    }
    phrase
        .split(' ')
        .map(|w| {
            let letters = w.chars().filter(char::is_ascii_alphabetic).count();
            let small = matches!(w, "OF" | "THE" | "AND" | "FOR" | "ON" | "IN" | "TO");
            if small {
                w.to_ascii_lowercase()
            } else if w.contains('.')
                || (letters <= 4 && !w.contains(['A', 'E', 'I', 'O', 'U']))
                || matches!(w, "UN" | "EU" | "NATO" | "OSCE" | "IAEA" | "OPEC" | "ASEAN")
            {
                w.to_string()
            } else {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_string() + &c.as_str().to_ascii_lowercase(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(s: &str) -> String {
    key(s).replace(' ', "-")
}

#[derive(Default)]
struct Builder {
    /// id → (kind, code, country, name).
    entities: BTreeMap<String, (char, String, String, String)>,
    /// key → (how, id); the first claim of a key wins.
    aliases: BTreeMap<String, (char, String)>,
    roles: BTreeMap<String, String>,
    /// code → the first entity given that code: the body the code stands for (the UN for
    /// `IGOUNO`, not its Security Council).
    heads: BTreeMap<String, String>,
}

impl Builder {
    fn alias(&mut self, phrase: &str, how: char, id: &str) {
        let k = key(phrase);
        if k.is_empty() {
            return;
        }
        self.aliases
            .entry(k)
            .or_insert_with(|| (how, id.to_string()));
    }

    /// Add an organisation block: joins the entity one of its phrases already names with
    /// the same code, else becomes a new entity named by its first phrase.
    fn org(&mut self, phrases: &[String], code: &str, country: &str) {
        let existing = phrases.iter().find_map(|p| {
            self.aliases
                .get(&key(p))
                .filter(|(_, id)| self.entities.get(id).is_some_and(|e| e.1 == code))
                .map(|(_, id)| id.clone())
        });
        let id = match existing {
            Some(id) => id,
            None => {
                let Some(first) = phrases.first() else { return };
                let id = format!("org/{}", slug(first));
                if self.entities.contains_key(&id) {
                    return;
                }
                self.entities.insert(
                    id.clone(),
                    ('O', code.to_string(), country.to_string(), display(first)),
                );
                self.heads
                    .entry(code.to_string())
                    .or_insert_with(|| id.clone());
                id
            }
        };
        for p in phrases {
            self.alias(p, 'N', &id);
            // "United Nations X" is also written "UN X" and "U.N. X".
            let up = p.to_ascii_uppercase();
            if let Some(rest) = up.strip_prefix("UNITED NATIONS ") {
                self.alias(&format!("UN {rest}"), 'N', &id);
            }
        }
    }
}

/// Compile the KB from the dictionaries in `dir` into `out` (gzip'd TSV, fixed header).
pub fn compile(dir: &Path, out: &Path) -> std::io::Result<KbStats> {
    let mut b = Builder::default();
    // Countries first: readout's table (it says which alias is which), then the dictionary's
    // country list; then international organisations; then role nouns.
    add_countries(&mut b, dir)?;
    add_organisations(&mut b, dir)?;
    add_roles(&mut b, dir)?;
    let stats = KbStats {
        countries: b.entities.values().filter(|e| e.0 == 'C').count(),
        organisations: b.entities.values().filter(|e| e.0 == 'O').count(),
        aliases: b.aliases.len(),
        roles: b.roles.len(),
    };
    write_kb(&b, out)?;
    Ok(stats)
}

/// A dictionary file of `dir`, decoded leniently, without the DOS end-of-file marks some
/// carry.
fn read_dictionary(dir: &Path, name: &str) -> std::io::Result<String> {
    crate::read_lossy(&dir.join(name))
}

/// Countries: readout's table first (it says which alias is which), then the dictionary's
/// country list, then the country actor file (aliases and the organisations of a country).
fn add_countries(b: &mut Builder, dir: &Path) -> std::io::Result<()> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for line in HAND_COUNTRIES.lines() {
        let f: Vec<&str> = line.split('|').collect();
        let [code, ns, dems, caps] = f.as_slice() else {
            continue;
        };
        let id = format!("country/{code}");
        let name = ns.split(',').next().unwrap_or(ns);
        names.insert(code.to_string(), name.to_string());
        b.entities.insert(
            id.clone(),
            ('C', code.to_string(), code.to_string(), name.to_string()),
        );
        for (list, how) in [(ns, 'N'), (dems, 'D'), (caps, 'C')] {
            for x in list.split(',').filter(|x| !x.is_empty()) {
                b.alias(x, how, &id);
            }
        }
    }
    for line in read_dictionary(dir, "countrynames.txt")?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [name, code, ..] = f.as_slice() else {
            continue;
        };
        let (name, code) = (name.trim(), code.trim());
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let id = format!("country/{code}");
        names.entry(code.to_string()).or_insert(name.to_string());
        b.entities.entry(id.clone()).or_insert((
            'C',
            code.to_string(),
            code.to_string(),
            name.to_string(),
        ));
        b.alias(name, 'N', &id);
    }
    let countries_text = read_dictionary(dir, "Phoenix.Countries.actors.txt")?;
    for block in read_blocks(&countries_text) {
        let Some(code) = block.current() else {
            continue;
        };
        if code.len() == 3 && names.contains_key(code) {
            let id = format!("country/{code}");
            let cname = names[code].clone();
            for p in &block.phrases {
                let how = if key(p) == key(&cname) {
                    'N'
                } else if readout_pipeline::resolve::roles::demonym_of(p, &cname) {
                    'D'
                } else {
                    'P'
                };
                b.alias(p, how, &id);
            }
        } else if code.len() == 6
            && names.contains_key(&code[..3])
            && !block.dated()
            && org_like(&block.phrases[0])
        {
            b.org(&block.phrases, code, &code[..3]);
        }
    }
    Ok(())
}

/// International organisations: readout's additions first (they fix the names the news
/// uses), then the dictionary.
fn add_organisations(b: &mut Builder, dir: &Path) -> std::io::Result<()> {
    for line in EXTRA_ORGS.lines() {
        let f: Vec<&str> = line.split('|').collect();
        let [code, name, aliases] = f.as_slice() else {
            continue;
        };
        let mut phrases = vec![name.to_string()];
        phrases.extend(
            aliases
                .split(',')
                .filter(|a| !a.is_empty())
                .map(String::from),
        );
        b.org(&phrases, code, "");
    }
    let intl = read_dictionary(dir, "Phoenix.International.actors.txt")?;
    for block in read_blocks(&intl) {
        let Some(code) = block.current() else {
            continue;
        };
        if block.dated() {
            continue;
        }
        let phrases: Vec<String> = block
            .phrases
            .iter()
            .filter(|p| org_like(p))
            .cloned()
            .collect();
        if !phrases.is_empty() {
            let code = code.to_string();
            b.org(&phrases, &code, "");
        }
    }
    Ok(())
}

/// Role nouns → sectors, from the agents file (its `!name = a, b` lines are substitution
/// lists).
fn add_roles(b: &mut Builder, dir: &Path) -> std::io::Result<()> {
    let agents = read_dictionary(dir, "Phoenix.agents.txt")?;
    for (phrase, code) in agent_entries(&agents) {
        let sector = code.replace('~', "");
        if sector.is_empty() || !sector.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let k = key(&phrase_text(&phrase));
        if !k.is_empty() {
            b.roles.entry(k).or_insert(sector);
        }
    }
    Ok(())
}

/// Write the KB: header, entities, aliases, roles, heads, gzip'd with a zero mtime so the
/// same input gives the same bytes.
fn write_kb(b: &Builder, out: &Path) -> std::io::Result<()> {
    // Only aliases whose entity exists (an org block may have been dropped).
    let mut body = Vec::new();
    writeln!(body, "#readout-kb\t{KB_VERSION}")?;
    for (id, (kind, code, country, name)) in &b.entities {
        let country = if country.is_empty() { "-" } else { country };
        writeln!(body, "E\t{id}\t{kind}\t{code}\t{country}\t{name}")?;
    }
    let ids: BTreeSet<&String> = b.entities.keys().collect();
    for (k, (how, id)) in &b.aliases {
        if ids.contains(id) {
            writeln!(body, "A\t{k}\t{how}\t{id}")?;
        }
    }
    for (k, s) in &b.roles {
        writeln!(body, "R\t{k}\t{s}")?;
    }
    for (code, id) in &b.heads {
        writeln!(body, "H\t{code}\t{id}")?;
    }
    crate::write_gz(out, |gz| gz.write_all(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_codes_and_org_phrases() {
        let text = "ALPHA_LAND_\n+ALPHAN_\n+ALPHA_CITY_\n\t[ABC >910101]\n\
                    ALPHA_LAND_PARLIAMENT_  [ABCLEG]\nJOHN_DOE_ [ABCGOV 900101-950101]\n";
        let blocks = read_blocks(text);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].phrases, ["ALPHA LAND", "ALPHAN", "ALPHA CITY"]);
        assert_eq!(blocks[0].current(), Some("ABC"));
        assert!(blocks[2].dated());
        assert!(org_like("ALPHA LAND PARLIAMENT"));
        assert!(org_like("U.N."));
        assert!(!org_like("JOHN DOE"));
        assert_eq!(display("UN SECURITY COUNCIL"), "UN Security Council");
    }
}
