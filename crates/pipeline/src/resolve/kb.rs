//! A small knowledge base of countries: names, demonyms and capitals → ISO3 / CAMEO country
//! code. The table is our own (common knowledge: country names, the adjective used for
//! their people, the capital whose name stands for the government) rather than a copy of a
//! dictionary, so that resolution needs no data files at run time. It covers the countries
//! that dominate international news; others get no code.

/// `code|names|demonyms|capitals`, comma-separated lists.
const COUNTRIES: &str = "\
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

fn key(s: &str) -> String {
    super::names::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table indexed by folded key, built once per process: lookups are on the hot path
/// (every mention and every capitalised word of an article), so they must not scan the table.
fn index() -> &'static rustc_hash::FxHashMap<String, (Country, CountryRef)> {
    static INDEX: std::sync::OnceLock<rustc_hash::FxHashMap<String, (Country, CountryRef)>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for line in COUNTRIES.lines() {
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

/// Look a phrase up: the country it names and how, or `None`.
pub fn lookup(phrase: &str) -> Option<(Country, CountryRef)> {
    let k = key(phrase);
    let k = k.strip_prefix("the ").unwrap_or(&k);
    if k.is_empty() {
        return None;
    }
    index().get(k).copied()
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
    }
}
