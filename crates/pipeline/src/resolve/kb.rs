//! The knowledge base: countries (names, demonyms, capitals, other places), international
//! and national organisations with their CAMEO actor codes, and role nouns with their
//! sector codes. Built by `readout train kb` (`readout_train::kb`) from the CAMEO / Phoenix
//! dictionaries and readout's own country table ([`HAND_COUNTRIES`]) into
//! `models/kb/kb.tsv.gz`, which is embedded in the binary and loaded once per process; the
//! hand table alone is the fallback should the artifact hold nothing.
//!
//! Every KB entity has a stable id (`country/UKR`, `org/un-security-council`), a code and,
//! for national organisations, a country.

use rustc_hash::FxHashMap;

/// Version of the KB format and contents; bumped when either changes meaning.
pub const KB_VERSION: u32 = 1;

/// The compiled KB shipped with readout (see `models/kb/NOTICE`).
static EMBEDDED: &[u8] = include_bytes!("../../../../models/kb/kb.tsv.gz");

/// `code|names|demonyms|capitals`, comma-separated lists.
pub const HAND_COUNTRIES: &str = "\
AFG|Afghanistan|Afghan,Afghans|Kabul
ALB|Albania|Albanian,Albanians|Tirana
DZA|Algeria|Algerian,Algerians|Algiers
ARG|Argentina|Argentine,Argentinian,Argentinians|Buenos Aires
ARM|Armenia|Armenian,Armenians|Yerevan
AUS|Australia|Australian,Australians|Canberra
AUT|Austria|Austrian,Austrians|Vienna
AZE|Azerbaijan|Azerbaijani,Azeri,Azerbaijanis|Baku
BGD|Bangladesh|Bangladeshi,Bangladeshis|Dhaka
BLR|Belarus|Belarusian,Belarusians|Minsk
BEL|Belgium|Belgian,Belgians|
BRA|Brazil|Brazilian,Brazilians|Brasilia
BGR|Bulgaria|Bulgarian,Bulgarians|Sofia
CAN|Canada|Canadian,Canadians|Ottawa
CHL|Chile|Chilean,Chileans|Santiago
CHN|China,People's Republic of China,PRC|Chinese|Beijing
COL|Colombia|Colombian,Colombians|Bogota
HRV|Croatia|Croatian,Croat,Croats,Croatians|Zagreb
CUB|Cuba|Cuban,Cubans|Havana
CZE|Czech Republic,Czechia|Czech,Czechs|Prague
DNK|Denmark|Danish,Dane,Danes|Copenhagen
EGY|Egypt|Egyptian,Egyptians|Cairo
EST|Estonia|Estonian,Estonians|Tallinn
ETH|Ethiopia|Ethiopian,Ethiopians|Addis Ababa
FIN|Finland|Finnish,Finn,Finns|Helsinki
FRA|France|French|Paris
GEO|Georgia|Georgian,Georgians|Tbilisi
DEU|Germany|German,Germans|Berlin
GRC|Greece|Greek,Greeks|Athens
HUN|Hungary|Hungarian,Hungarians|Budapest
IND|India|Indian,Indians|New Delhi
IDN|Indonesia|Indonesian,Indonesians|Jakarta
IRN|Iran|Iranian,Iranians|Tehran
IRQ|Iraq|Iraqi,Iraqis|Baghdad
IRL|Ireland|Irish|Dublin
ISR|Israel|Israeli,Israelis|
ITA|Italy|Italian,Italians|Rome
JPN|Japan|Japanese|Tokyo
JOR|Jordan|Jordanian,Jordanians|Amman
KAZ|Kazakhstan|Kazakh,Kazakhs,Kazakhstani|Astana
KEN|Kenya|Kenyan,Kenyans|Nairobi
PRK|North Korea,DPRK|North Korean,North Koreans|Pyongyang
KOR|South Korea,Republic of Korea|South Korean,South Koreans|Seoul
LVA|Latvia|Latvian,Latvians|Riga
LBN|Lebanon|Lebanese|Beirut
LBY|Libya|Libyan,Libyans|Tripoli
LTU|Lithuania|Lithuanian,Lithuanians|Vilnius
MEX|Mexico|Mexican,Mexicans|Mexico City
MDA|Moldova|Moldovan,Moldovans|Chisinau
NLD|Netherlands,Holland|Dutch|Amsterdam
NZL|New Zealand|New Zealander,New Zealanders|Wellington
NGA|Nigeria|Nigerian,Nigerians|Abuja
NOR|Norway|Norwegian,Norwegians|Oslo
PAK|Pakistan|Pakistani,Pakistanis|Islamabad
PSE|Palestine,Palestinian Territories|Palestinian,Palestinians|
PHL|Philippines|Philippine,Filipino,Filipinos|Manila
POL|Poland|Polish,Pole,Poles|Warsaw
PRT|Portugal|Portuguese|Lisbon
ROU|Romania|Romanian,Romanians|Bucharest
RUS|Russia,Russian Federation|Russian,Russians|Moscow,Kremlin
SAU|Saudi Arabia|Saudi,Saudis|Riyadh
SRB|Serbia|Serbian,Serb,Serbs,Serbians|Belgrade
SVK|Slovakia|Slovak,Slovaks,Slovakian|Bratislava
SVN|Slovenia|Slovenian,Slovene,Slovenians|Ljubljana
ZAF|South Africa|South African,South Africans|Pretoria
ESP|Spain|Spanish,Spaniard,Spaniards|Madrid
SDN|Sudan|Sudanese|Khartoum
SWE|Sweden|Swedish,Swede,Swedes|Stockholm
CHE|Switzerland|Swiss|Bern
SYR|Syria|Syrian,Syrians|Damascus
TWN|Taiwan|Taiwanese|Taipei
THA|Thailand|Thai|Bangkok
TUR|Turkey,Turkiye,Türkiye|Turkish,Turk,Turks|Ankara
UKR|Ukraine|Ukrainian,Ukrainians|Kyiv,Kiev
ARE|United Arab Emirates,UAE|Emirati,Emiratis|Abu Dhabi
GBR|United Kingdom,Britain,Great Britain,UK,U.K.|British,Briton,Britons|London
USA|United States,United States of America,US,U.S.,USA,U.S.A.,America|American,Americans|Washington,White House
VEN|Venezuela|Venezuelan,Venezuelans|Caracas
VNM|Vietnam,Viet Nam|Vietnamese|Hanoi
YEM|Yemen|Yemeni,Yemenis|Sanaa
";

/// What a phrase names, when it names a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryRef {
    /// The country's name ("Ukraine").
    Name,
    /// Its demonym ("Ukrainian").
    Demonym,
    /// Its capital or seat of government ("Kyiv"), which names the government only when
    /// used as an actor.
    Capital,
}

/// A country of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-3 code, which is also the CAMEO country code for these countries.
    pub code: &'static str,
    /// Its usual English name.
    pub name: &'static str,
}

/// The lookup key of a phrase: folded to lowercase ASCII, punctuation dropped, runs of
/// single letters joined ("U.N." → "un", "U.S." → "us"), a leading "the" and a possessive
/// `'s` removed.
pub fn key(s: &str) -> String {
    let s = s
        .trim()
        .trim_end_matches("'s")
        .trim_end_matches("\u{2019}s");
    let folded = super::names::fold(s);
    let mut words: Vec<String> = Vec::new();
    let mut run = String::new();
    for w in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if w.len() == 1 && w.chars().all(|c| c.is_ascii_alphabetic()) {
            run.push_str(w);
            continue;
        }
        if !run.is_empty() {
            words.push(std::mem::take(&mut run));
        }
        words.push(w.to_string());
    }
    if !run.is_empty() {
        words.push(run);
    }
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words.join(" ")
}

/// How a KB alias names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasKind {
    /// A name of the entity.
    Name,
    /// A demonym of a country.
    Demonym,
    /// A capital or seat of government.
    Capital,
    /// Another place in the country (a city, a region, a spelling in another language).
    Place,
}

/// Whether a KB entity is a country or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbKind {
    /// A country.
    Country,
    /// An international or national organisation.
    Organisation,
}

/// One entity of the KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbEntity {
    /// Stable id (`country/UKR`, `org/un-security-council`).
    pub id: String,
    /// Country or organisation.
    pub kind: KbKind,
    /// CAMEO-style actor code (`UKR`, `IGOUNO`, `USALEG`).
    pub code: String,
    /// ISO3 code of its country (a country's own; `None` for international bodies).
    pub country: Option<String>,
    /// Usual English name.
    pub name: String,
}

/// The loaded KB.
#[derive(Debug, Default)]
pub struct Kb {
    /// Its entities.
    pub entities: Vec<KbEntity>,
    aliases: FxHashMap<String, (u32, AliasKind)>,
    roles: FxHashMap<String, String>,
    by_code: FxHashMap<String, u32>,
}

impl Kb {
    /// Read the TSV written by `readout_train::kb::compile`.
    pub fn read(text: &str) -> Kb {
        let mut kb = Kb::default();
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut heads: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["E", id, kind, code, country, name] => {
                    let n = kb.entities.len() as u32;
                    ids.insert(id.to_string(), n);
                    let kind = if *kind == "C" {
                        KbKind::Country
                    } else {
                        KbKind::Organisation
                    };
                    kb.entities.push(KbEntity {
                        id: id.to_string(),
                        kind,
                        code: code.to_string(),
                        country: (*country != "-").then(|| country.to_string()),
                        name: name.to_string(),
                    });
                }
                ["A", k, how, id] => {
                    let how = match *how {
                        "N" => AliasKind::Name,
                        "D" => AliasKind::Demonym,
                        "C" => AliasKind::Capital,
                        _ => AliasKind::Place,
                    };
                    if let Some(&n) = ids.get(*id) {
                        kb.aliases.insert(k.to_string(), (n, how));
                    }
                }
                ["H", code, id] => heads.push((code.to_string(), id.to_string())),
                ["R", k, sector] if !k.is_empty() => {
                    kb.roles.insert(k.to_string(), sector.to_string());
                }
                _ => {}
            }
        }
        for (n, e) in kb.entities.iter().enumerate() {
            if e.kind == KbKind::Country {
                kb.by_code.entry(e.code.clone()).or_insert(n as u32);
            }
        }
        for (code, id) in heads {
            if let Some(&n) = ids.get(&id) {
                kb.by_code.insert(code, n);
            }
        }
        kb
    }

    /// The entity an alias names, and how.
    pub fn alias(&self, phrase: &str) -> Option<(&KbEntity, AliasKind)> {
        let k = key(phrase);
        let &(n, how) = self.aliases.get(&k)?;
        Some((&self.entities[n as usize], how))
    }

    /// The entity a code stands for (a country by its ISO3 code; for an organisation's
    /// code, the body it names: `IGOUNO` → the United Nations).
    pub fn by_code(&self, code: &str) -> Option<&KbEntity> {
        self.by_code.get(code).map(|&n| &self.entities[n as usize])
    }

    /// Sector code of a role noun phrase ("foreign minister" → `GOV`): the whole phrase,
    /// else its endings ("deputy foreign minister" → "foreign minister").
    pub fn sector(&self, role: &str) -> Option<&str> {
        let k = key(role);
        let words: Vec<&str> = k.split(' ').collect();
        (0..words.len()).find_map(|i| self.roles.get(&words[i..].join(" ")).map(String::as_str))
    }

    /// Sector code of exactly this phrase ("ministry of foreign affairs" → `GOV`).
    pub fn sector_exact(&self, phrase: &str) -> Option<&str> {
        self.roles.get(&key(phrase)).map(String::as_str)
    }

    /// Numbers of countries, organisations, aliases and role nouns.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let c = self
            .entities
            .iter()
            .filter(|e| e.kind == KbKind::Country)
            .count();
        (
            c,
            self.entities.len() - c,
            self.aliases.len(),
            self.roles.len(),
        )
    }
}

/// The embedded KB, loaded once per process.
pub fn kb() -> &'static Kb {
    static KB: std::sync::OnceLock<Kb> = std::sync::OnceLock::new();
    KB.get_or_init(|| {
        use std::io::Read;
        let mut text = String::new();
        let ok = flate2::read::GzDecoder::new(EMBEDDED)
            .read_to_string(&mut text)
            .is_ok();
        if ok && text.starts_with("#readout-kb") {
            Kb::read(&text)
        } else {
            Kb::default()
        }
    })
}

/// The organisation a phrase names in the KB.
pub fn lookup_org(phrase: &str) -> Option<&'static KbEntity> {
    match kb().alias(phrase) {
        Some((e, AliasKind::Name)) if e.kind == KbKind::Organisation => Some(e),
        _ => None,
    }
}

/// Whether the KB knows a phrase at all (country, place or organisation).
pub fn known(phrase: &str) -> bool {
    kb().alias(phrase).is_some() || index().contains_key(&key(phrase))
}

/// Sector code of a role ("ambassador" → `GOV`), from the KB's role nouns.
pub fn sector(role: &str) -> Option<&'static str> {
    kb().sector(role)
}

/// The table indexed by folded key, built once per process: lookups are on the hot path
/// (every mention and every capitalised word of an article), so they must not scan the table.
fn index() -> &'static rustc_hash::FxHashMap<String, (Country, CountryRef)> {
    static INDEX: std::sync::OnceLock<rustc_hash::FxHashMap<String, (Country, CountryRef)>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for line in HAND_COUNTRIES.lines() {
            let mut f = line.split('|');
            let (Some(code), Some(names), Some(dems), Some(caps)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let name = names.split(',').next().unwrap_or(names);
            let country = Country { code, name };
            // Earlier rows and, within a row, names before demonyms before capitals win, as
            // the first match of a scan would.
            for (list, how) in [
                (names, CountryRef::Name),
                (dems, CountryRef::Demonym),
                (caps, CountryRef::Capital),
            ] {
                for x in list.split(',').filter(|x| !x.is_empty()) {
                    map.entry(key(x)).or_insert((country, how));
                }
            }
        }
        map
    })
}

/// Look a phrase up: the country it names and how, or `None` (other places of a country
/// are not returned: a city is not its country).
pub fn lookup(phrase: &str) -> Option<(Country, CountryRef)> {
    let k = key(phrase);
    if k.is_empty() {
        return None;
    }
    if let Some(&(n, how)) = kb().aliases.get(&k) {
        let e = &kb().entities[n as usize];
        if e.kind == KbKind::Country {
            let how = match how {
                AliasKind::Name => CountryRef::Name,
                AliasKind::Demonym => CountryRef::Demonym,
                AliasKind::Capital => CountryRef::Capital,
                AliasKind::Place => return None,
            };
            return Some((
                Country {
                    code: &e.code,
                    name: &e.name,
                },
                how,
            ));
        }
        return None;
    }
    index().get(&k).copied()
}

/// [`lookup`] in readout's own country table only. Name clustering uses it: the longer
/// dictionary list ("Chad", "Jersey"…) costs recall on MEANTIME, where such words are not
/// countries; the full KB still gives codes.
pub fn lookup_curated(phrase: &str) -> Option<(Country, CountryRef)> {
    index().get(&key(phrase)).copied()
}

/// The country of an ISO3 code, by its usual name.
pub fn country_name(code: &str) -> Option<&'static str> {
    kb().by_code(code)
        .filter(|e| e.kind == KbKind::Country)
        .map(|e| e.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_demonyms_and_capitals_resolve_to_codes() {
        assert_eq!(lookup("Ukraine").map(|c| c.0.code), Some("UKR"));
        assert_eq!(lookup("Ukrainian").map(|c| c.1), Some(CountryRef::Demonym));
        assert_eq!(lookup("Kyiv").map(|c| c.1), Some(CountryRef::Capital));
        assert_eq!(lookup("the U.S.").map(|c| c.0.code), Some("USA"));
        assert_eq!(lookup("Norland"), None);
        assert_eq!(key("U.N. Security Council"), key("UN Security Council"));
        assert_eq!(key("the U.S.'s"), "us");
    }

    #[test]
    fn the_embedded_kb_knows_organisations_and_roles() {
        let (countries, orgs, aliases, roles) = kb().counts();
        assert!(countries > 150 && orgs > 100 && aliases > 1000 && roles > 500);
        let unsc = lookup_org("U.N. Security Council").expect("UNSC");
        assert_eq!(Some(unsc), lookup_org("UN Security Council"));
        assert_eq!(unsc.code, "IGOUNO");
        let un = lookup_org("UN").expect("UN");
        assert_ne!(un.id, unsc.id);
        assert_eq!(
            kb().by_code("IGOUNO").map(|e| e.id.as_str()),
            Some(un.id.as_str())
        );
        assert_eq!(
            lookup_org("NATO").map(|e| e.code.as_str()),
            Some("IGOWSTNAT")
        );
        assert_eq!(sector("ambassador"), Some("GOV"));
        assert_eq!(sector("deputy foreign minister"), Some("GOV"));
        assert_eq!(
            lookup("Moscow").map(|c| (c.0.code, c.1)),
            Some(("RUS", CountryRef::Capital))
        );
        // A city of a country is known, but is not the country.
        assert!(known("Kharkiv"));
        assert_eq!(lookup("Kharkiv"), None);
    }
}
