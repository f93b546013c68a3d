//! Word lists for the count recognizer. Every entry is lower-case; callers compare lower-cased
//! token texts. Lists are `match` arms or short slices: the compiler turns them into cheap
//! comparisons, and keeping them here keeps the rules in `mod.rs` readable.

use readout_core::CountCategory;

/// How an event word can stand towards the number it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Forms {
    /// Before the number, governing it: "killed 12", "the deaths of 12".
    pub pre: bool,
    /// After the counted phrase, as its predicate: "12 were killed", "12 dead".
    pub post: bool,
    /// A past form that is also a transitive past tense ("gunmen killed 12"): after a number
    /// with no form of "be" in between it may be the active verb of that number's phrase.
    pub transitive: bool,
    /// A noun that ends the counted phrase and names what happened: "12 deaths".
    pub noun: bool,
}

const PRE: Forms = Forms {
    pre: true,
    post: false,
    transitive: false,
    noun: false,
};
const POST: Forms = Forms {
    pre: false,
    post: true,
    transitive: false,
    noun: false,
};
/// A past participle that is also an active past tense ("killed").
const PAST: Forms = Forms {
    pre: true,
    post: true,
    transitive: true,
    noun: false,
};
const NOUN: Forms = Forms {
    pre: false,
    post: true,
    transitive: false,
    noun: true,
};
/// A plural noun that can also govern ("arrests 12" in a headline is rare; "12 arrests" is not).
const NOUN_PRE: Forms = Forms {
    pre: true,
    post: true,
    transitive: false,
    noun: true,
};

use CountCategory::{Arrested, Casualties, Displaced, Injured, Killed, Missing};

/// Multi-word event phrases, longest first within a shared first word.
const PHRASES: &[(&[&str], CountCategory, Forms)] = &[
    (&["shot", "dead"], Killed, PAST),
    (&["shot", "and", "killed"], Killed, PAST),
    (&["gunned", "down"], Killed, PAST),
    (&["lost", "their", "lives"], Killed, POST),
    (&["lost", "his", "life"], Killed, POST),
    (&["lost", "her", "life"], Killed, POST),
    (&["burned", "to", "death"], Killed, POST),
    (&["burnt", "to", "death"], Killed, POST),
    (&["crushed", "to", "death"], Killed, POST),
    (&["beaten", "to", "death"], Killed, POST),
    (&["stabbed", "to", "death"], Killed, POST),
    (&["claimed", "the", "lives", "of"], Killed, PRE),
    (&["the", "lives", "of"], Killed, PRE),
    (&["deaths", "of"], Killed, PRE),
    (&["death", "of"], Killed, PRE),
    (&["killing", "of"], Killed, PRE),
    (&["killings", "of"], Killed, PRE),
    (&["murder", "of"], Killed, PRE),
    (&["murders", "of"], Killed, PRE),
    (&["massacre", "of"], Killed, PRE),
    (&["bodies", "of"], Killed, PRE),
    (&["injuring", "of"], Injured, PRE),
    (&["wounding", "of"], Injured, PRE),
    (&["arrest", "of"], Arrested, PRE),
    (&["arrests", "of"], Arrested, PRE),
    (&["detention", "of"], Arrested, PRE),
    (&["rounded", "up"], Arrested, PAST),
    (&["taken", "into", "custody"], Arrested, POST),
    (&["under", "arrest"], Arrested, POST),
    (&["evacuation", "of"], Displaced, PRE),
    (&["displacement", "of"], Displaced, PRE),
    (&["forced", "to", "flee"], Displaced, POST),
    (&["forced", "from", "their", "homes"], Displaced, POST),
    (&["forced", "out", "of", "their", "homes"], Displaced, POST),
    (&["forced", "out"], Displaced, PAST),
    (&["left", "homeless"], Displaced, POST),
    (&["kidnapping", "of"], Missing, PRE),
    (&["abduction", "of"], Missing, PRE),
    (&["taken", "hostage"], Missing, POST),
    (&["held", "hostage"], Missing, POST),
    (&["taken", "captive"], Missing, POST),
    (&["held", "captive"], Missing, POST),
    (&["took", "hostage"], Missing, PRE),
    (&["unaccounted", "for"], Missing, POST),
];

/// One-word event words.
fn word(w: &str) -> Option<(CountCategory, Forms)> {
    Some(match w {
        "kill" | "kills" | "killing" | "slew" | "murdering" | "executing" | "massacring" => {
            (Killed, PRE)
        }
        "killed" | "murdered" | "executed" | "massacred" | "slaughtered" => (Killed, PAST),
        "slain" | "died" | "die" | "dies" | "dead" | "perished" | "drowned" => (Killed, POST),
        "deaths" | "fatalities" | "bodies" => (Killed, NOUN),
        "injure" | "injures" | "injuring" | "wound" | "wounding" => (Injured, PRE),
        "injured" | "wounded" | "hurt" => (Injured, PAST),
        "hospitalized" | "hospitalised" => (Injured, POST),
        "injuries" => (Injured, NOUN),
        "casualties" => (Casualties, NOUN),
        "arrest" | "arresting" | "detain" | "detains" | "detaining" | "jailing" => (Arrested, PRE),
        "arrested" | "detained" | "jailed" | "imprisoned" | "apprehended" => (Arrested, PAST),
        "arrests" => (Arrested, NOUN_PRE),
        "detentions" => (Arrested, NOUN),
        "displace" | "displaces" | "displacing" | "evacuate" | "evacuates" | "evacuating" => {
            (Displaced, PRE)
        }
        "displaced" | "evacuated" | "uprooted" => (Displaced, PAST),
        "fled" | "flee" | "flees" | "homeless" => (Displaced, POST),
        "kidnap" | "kidnaps" | "kidnapping" | "abduct" | "abducts" | "abducting" => (Missing, PRE),
        "kidnapped" | "abducted" => (Missing, PAST),
        "missing" | "disappeared" | "hostage" | "captive" => (Missing, POST),
        _ => return None,
    })
}

/// An event phrase starting at `low[0]`: its category, length in tokens and forms.
///
/// "killed or wounded", "dead and injured" and the like are casualties: both together.
pub(super) fn event_at(low: &[String]) -> Option<(CountCategory, usize, Forms)> {
    let (cat, len, forms) = single_event_at(low)?;
    if matches!(cat, Killed | Injured) {
        if let Some(conj) = low.get(len) {
            if conj == "or" || conj == "and" {
                if let Some((other, len2, forms2)) = single_event_at(&low[len + 1..]) {
                    let pair = matches!((cat, other), (Killed, Injured) | (Injured, Killed));
                    // Only the same kind of form pairs up ("killing or wounding" 50, "killed and
                    // wounded" soldiers); "killed 5 and wounded" is two counts.
                    if pair && forms2.pre == forms.pre && forms2.post == forms.post {
                        return Some((Casualties, len + 1 + len2, forms));
                    }
                }
            }
        }
    }
    Some((cat, len, forms))
}

fn single_event_at(low: &[String]) -> Option<(CountCategory, usize, Forms)> {
    let first = low.first()?;
    for (words, cat, forms) in PHRASES {
        if words[0] == first.as_str()
            && low.len() >= words.len()
            && words.iter().zip(low).all(|(w, t)| *w == t.as_str())
        {
            return Some((*cat, words.len(), *forms));
        }
    }
    word(first).map(|(c, f)| (c, 1, f))
}

/// A counted noun that itself says what happened to the people counted: "10,000 refugees".
pub(super) fn noun_category(w: &str) -> Option<CountCategory> {
    Some(match w {
        "refugees" | "refugee" | "evacuees" | "evacuee" => Displaced,
        "hostages" | "hostage" | "captives" | "captive" | "abductees" => Missing,
        "detainees" | "detainee" => Arrested,
        _ => return None,
    })
}

/// Words that state how exact a number is, as written before it. Longest first.
pub(super) const QUALIFIERS: &[&[&str]] = &[
    &["no", "fewer", "than"],
    &["no", "less", "than"],
    &["not", "less", "than"],
    &["in", "excess", "of"],
    &["as", "many", "as"],
    &["as", "few", "as"],
    &["at", "least"],
    &["at", "most"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["up", "to"],
    &["close", "to"],
    &["upwards", "of"],
    &["well", "over"],
    &["just", "over"],
    &["just", "under"],
    &["an", "estimated"],
    &["over"],
    &["about"],
    &["around"],
    &["nearly"],
    &["almost"],
    &["some"],
    &["approximately"],
    &["roughly"],
    &["under"],
];

/// Words between a governing verb and its number that change nothing: "killed another 12",
/// "killed a total of 12", "killed the 12 hostages".
pub(super) const TRANSPARENT: &[&[&str]] = &[
    &["a", "total", "of"],
    &["a", "further"],
    &["an", "additional"],
    &["another"],
    &["the"],
    &["all"],
];

/// Small word numbers: "one" … "nineteen" and the tens.
pub(super) fn small_number(w: &str) -> Option<f64> {
    Some(match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// Multipliers after a number: "3.5 million", "two hundred".
pub(super) fn multiplier(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 100.0,
        "thousand" => 1_000.0,
        "million" => 1_000_000.0,
        "billion" => 1_000_000_000.0,
        _ => return None,
    })
}

/// Plural number words, as the unit they count: "hundreds" counts hundreds. The value given
/// is twice the unit, the least the plural can mean.
pub(super) fn vague_unit(w: &str) -> Option<f64> {
    Some(match w {
        "dozens" => 12.0,
        "scores" => 20.0,
        "hundreds" => 100.0,
        "thousands" => 1_000.0,
        "millions" => 1_000_000.0,
        "tens" => 10.0,
        _ => return None,
    })
}

/// Nouns that are people (singular and plural): a count of them is a count of people even
/// when no event word is tied to it.
/// People counted as a part of a larger toll: "including 13 children", "9 women among the
/// dead".
pub(super) fn is_subgroup(w: &str) -> bool {
    matches!(
        w,
        "children"
            | "kids"
            | "babies"
            | "infants"
            | "toddlers"
            | "minors"
            | "teenagers"
            | "girls"
            | "boys"
            | "women"
            | "elderly"
            | "pensioners"
            | "students"
            | "pupils"
    )
}

/// Groups that contain the [`is_subgroup`] people: a toll of civilians can include children,
/// a toll of soldiers cannot be assumed to.
pub(super) fn contains_subgroups(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "persons"
            | "civilians"
            | "residents"
            | "inhabitants"
            | "villagers"
            | "victims"
            | "passengers"
            | "pedestrians"
            | "bystanders"
            | "worshippers"
            | "refugees"
            | "migrants"
            | "individuals"
    )
}

/// Nouns for people, the heads a count of dead or injured can have ("12 civilians", "two
/// journalists"): the union of the groups below.
pub(super) fn is_person(w: &str) -> bool {
    is_civilian(w) || is_armed(w) || is_occupation(w) || is_participant(w)
}

/// People in general, by age or family, and residents, travellers and others an event befalls:
/// "12 civilians", "three children", "two passengers".
fn is_civilian(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "persons"
            | "person"
            | "civilians"
            | "civilian"
            | "children"
            | "child"
            | "kids"
            | "babies"
            | "baby"
            | "infants"
            | "infant"
            | "toddlers"
            | "women"
            | "woman"
            | "men"
            | "man"
            | "boys"
            | "boy"
            | "girls"
            | "girl"
            | "teenagers"
            | "teenager"
            | "teens"
            | "youths"
            | "youth"
            | "adults"
            | "residents"
            | "resident"
            | "villagers"
            | "villager"
            | "inhabitants"
            | "citizens"
            | "citizen"
            | "nationals"
            | "refugees"
            | "refugee"
            | "migrants"
            | "migrant"
            | "immigrants"
            | "asylum-seekers"
            | "evacuees"
            | "passengers"
            | "passenger"
            | "pilgrims"
            | "worshippers"
            | "worshipers"
            | "tourists"
            | "tourist"
            | "victims"
            | "victim"
            | "survivors"
            | "relatives"
            | "individuals"
            | "bystanders"
            | "bystander"
            | "pedestrians"
            | "pedestrian"
            | "others"
            | "mourners"
            | "shoppers"
            | "spectators"
            | "fans"
            | "pensioners"
            | "elderly"
            | "mother"
            | "father"
            | "son"
            | "daughter"
            | "sons"
            | "daughters"
            | "wife"
            | "husband"
            | "families"
            | "households"
    )
}

/// Soldiers, police, guards and armed groups, and people suspected of attacks: "30 soldiers",
/// "five gunmen".
fn is_armed(w: &str) -> bool {
    matches!(
        w,
        "soldiers"
            | "soldier"
            | "troops"
            | "servicemen"
            | "serviceman"
            | "servicemembers"
            | "marines"
            | "marine"
            | "sailors"
            | "sailor"
            | "airmen"
            | "police"
            | "policemen"
            | "policeman"
            | "policewoman"
            | "officers"
            | "officer"
            | "guards"
            | "guard"
            | "militants"
            | "militant"
            | "rebels"
            | "rebel"
            | "insurgents"
            | "insurgent"
            | "fighters"
            | "fighter"
            | "gunmen"
            | "gunman"
            | "guerrillas"
            | "guerrilla"
            | "militiamen"
            | "attackers"
            | "attacker"
            | "bombers"
            | "bomber"
            | "terrorists"
            | "suspects"
            | "suspect"
            | "commanders"
            | "commander"
            | "peacekeepers"
            | "peacekeeper"
            | "agents"
            | "personnel"
            | "recruits"
            | "cadets"
            | "jihadists"
            | "extremists"
            | "separatists"
            | "combatants"
            | "policemen's"
    )
}

/// People named by their work or office: "two journalists", "four doctors", "15 officials".
fn is_occupation(w: &str) -> bool {
    matches!(
        w,
        "students"
            | "student"
            | "pupils"
            | "officials"
            | "official"
            | "workers"
            | "worker"
            | "employees"
            | "employee"
            | "staff"
            | "pilots"
            | "pilot"
            | "crew"
            | "journalists"
            | "journalist"
            | "reporters"
            | "reporter"
            | "photographers"
            | "photographer"
            | "doctors"
            | "doctor"
            | "nurses"
            | "nurse"
            | "medics"
            | "medic"
            | "paramedics"
            | "patients"
            | "patient"
            | "teachers"
            | "teacher"
            | "farmers"
            | "farmer"
            | "miners"
            | "miner"
            | "fishermen"
            | "fisherman"
            | "delegates"
            | "diplomats"
            | "diplomat"
            | "leaders"
            | "leader"
            | "drivers"
            | "driver"
            | "lawmakers"
            | "lawmaker"
            | "priests"
            | "priest"
            | "clerics"
            | "monks"
            | "nuns"
            | "contractors"
            | "contractor"
    )
}

/// People named by a side they take or a state they are in: "200 protesters", "six hostages".
fn is_participant(w: &str) -> bool {
    matches!(
        w,
        "protesters"
            | "protester"
            | "protestors"
            | "protestor"
            | "demonstrators"
            | "demonstrator"
            | "activists"
            | "activist"
            | "prisoners"
            | "prisoner"
            | "inmates"
            | "inmate"
            | "detainees"
            | "detainee"
            | "hostages"
            | "hostage"
            | "captives"
            | "members"
            | "member"
            | "supporters"
            | "voters"
            | "volunteers"
            | "volunteer"
            | "settlers"
            | "settler"
    )
}

/// Nouns that are things an event can hit and a report counts: "200 homes were destroyed",
/// "30 rockets". Events themselves ("two raids", "three attacks") are not counted things.
pub(super) fn is_thing(w: &str) -> bool {
    matches!(
        w,
        "homes"
            | "houses"
            | "buildings"
            | "vehicles"
            | "cars"
            | "trucks"
            | "buses"
            | "villages"
            | "towns"
            | "schools"
            | "hospitals"
            | "shops"
            | "businesses"
            | "mosques"
            | "churches"
            | "tents"
            | "boats"
            | "ships"
            | "aircraft"
            | "planes"
            | "helicopters"
            | "drones"
            | "tanks"
            | "rockets"
            | "missiles"
            | "shells"
            | "bombs"
            | "mortars"
            | "bridges"
            | "dwellings"
            | "shelters"
            | "camps"
    )
}

/// Verbs of saying: the number before them counts who spoke, never what happened.
pub(super) fn is_reporting(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "say"
            | "says"
            | "told"
            | "tell"
            | "tells"
            | "reported"
            | "report"
            | "reports"
            | "claimed"
            | "claim"
            | "claims"
            | "confirmed"
            | "confirm"
            | "confirms"
            | "stated"
            | "announced"
            | "added"
            | "insisted"
            | "warned"
            | "noted"
            | "wrote"
            | "according"
            | "estimated"
            | "testified"
            | "explained"
            | "described"
            | "alleged"
            | "acknowledged"
            | "admitted"
            | "denied"
            | "argued"
            | "believe"
            | "believes"
            | "saying"
            | "speaking"
            | "spoke"
    )
}

/// Words that may stand between a counted phrase and its predicate: "12 people **were
/// reportedly** killed", "12 **who had been** wounded".
pub(super) fn is_predicate_filler(w: &str) -> bool {
    is_be(w)
        || matches!(
            w,
            "who"
                | "that"
                | "which"
                | "have"
                | "has"
                | "had"
                | "reportedly"
                | "also"
                | "all"
                | "later"
                | "allegedly"
                | "apparently"
                | "believed"
                | "thought"
                | "feared"
                | "reported"
                | "said"
                | "confirmed"
                | "known"
                | "to"
                | "still"
                | "now"
                | "subsequently"
                | "eventually"
                | "initially"
                | "originally"
                | "both"
                | "either"
                | "each"
                | "presumed"
                | "likely"
                | "probably"
                | "seriously"
                | "critically"
                | "badly"
                | "slightly"
                | "lightly"
                | "severely"
                | "fatally"
                | "mortally"
                | "gravely"
                | "officially"
                | "not"
                | "were"
                | "been"
                | "left"
        )
}

/// Forms of "be" (and "get", "remain"): after one, a past participle is passive.
pub(super) fn is_be(w: &str) -> bool {
    matches!(
        w,
        "were"
            | "was"
            | "are"
            | "is"
            | "been"
            | "being"
            | "be"
            | "got"
            | "get"
            | "gets"
            | "remain"
            | "remains"
            | "remained"
            | "left"
    )
}

/// Units and nouns that make a number a measure, a duration, a sum or a time rather than a
/// count: "3 years", "5 km", "10 percent", "40 dollars", "10 a.m.".
pub(super) fn is_unit(w: &str) -> bool {
    matches!(
        w,
        "%" | "percent"
            | "per"
            | "pct"
            | "percentage"
            | "years"
            | "year"
            | "months"
            | "month"
            | "weeks"
            | "week"
            | "days"
            | "day"
            | "hours"
            | "hour"
            | "minutes"
            | "minute"
            | "seconds"
            | "second"
            | "decades"
            | "decade"
            | "centuries"
            | "century"
            | "nights"
            | "night"
            | "times"
            | "time"
            | "km"
            | "kilometres"
            | "kilometers"
            | "kilometre"
            | "kilometer"
            | "miles"
            | "mile"
            | "metres"
            | "meters"
            | "metre"
            | "meter"
            | "feet"
            | "foot"
            | "inches"
            | "cm"
            | "mm"
            | "kg"
            | "kilograms"
            | "grams"
            | "pounds"
            | "lbs"
            | "tons"
            | "tonnes"
            | "ton"
            | "tonne"
            | "acres"
            | "hectares"
            | "degrees"
            | "mph"
            | "kph"
            | "points"
            | "point"
            | "votes"
            | "vote"
            | "seats"
            | "seat"
            | "dollars"
            | "dollar"
            | "euros"
            | "euro"
            | "pence"
            | "cents"
            | "yuan"
            | "yen"
            | "rupees"
            | "roubles"
            | "rubles"
            | "shekels"
            | "dinars"
            | "pesos"
            | "francs"
            | "a.m."
            | "p.m."
            | "am"
            | "pm"
            | "o'clock"
            | "gmt"
            | "utc"
            | "bn"
            | "mln"
            | "barrels"
            | "calories"
            | "megawatts"
            | "mw"
            | "gigawatts"
            | "litres"
            | "liters"
            | "gallons"
            | "bpd"
            | "goals"
            | "runs"
            | "wickets"
            | "laps"
            | "rounds"
            | "pages"
            | "words"
            | "year-old"
            | "years-old"
            | "-year-old"
            | "million-dollar"
    )
}

/// Currency signs and codes written before an amount.
pub(super) fn is_currency(w: &str) -> bool {
    matches!(
        w,
        "$" | "€"
            | "£"
            | "¥"
            | "₹"
            | "₽"
            | "₪"
            | "us$"
            | "usd"
            | "eur"
            | "gbp"
            | "rs"
            | "rs."
            | "a$"
            | "c$"
            | "hk$"
            | "nz$"
            | "r$"
            | "s$"
    )
}

/// Nouns after which a number is an identifier: "Resolution 1244", "Flight 17", "No. 5".
pub(super) fn is_id_noun(w: &str) -> bool {
    matches!(
        w,
        "article"
            | "resolution"
            | "flight"
            | "route"
            | "highway"
            | "section"
            | "chapter"
            | "no."
            | "nos."
            | "number"
            | "#"
            | "room"
            | "line"
            | "level"
            | "phase"
            | "page"
            | "paragraph"
            | "grade"
            | "category"
            | "class"
            | "type"
            | "version"
            | "channel"
            | "gate"
            | "terminal"
            | "bus"
            | "bill"
            | "act"
            | "proposition"
            | "item"
            | "district"
            | "ward"
            | "precinct"
            | "zone"
            | "block"
            | "apartment"
            | "suite"
            | "floor"
            | "platform"
            | "lot"
            | "unit"
            | "battalion"
            | "brigade"
            | "division"
            | "regiment"
            | "squad"
            | "team"
            | "vol."
            | "p."
            | "pp."
            | "model"
            | "size"
            | "aged"
            | "age"
            | "ages"
            | "week"
            | "day"
            | "round"
            | "stage"
            | "game"
            | "match"
            | "exit"
            | "junction"
            | "bay"
            | "tier"
            | "year"
            | "circa"
            | "c."
    )
}

/// Month and weekday names: a number beside one is a date.
pub(super) fn is_calendar(w: &str) -> bool {
    // Bare "sep" counts here, unlike in the time stage's month names: beside a number it is
    // a date either way.
    crate::calendar::month(w).is_some() || w == "sep" || crate::calendar::full_weekday(w)
}

/// Words after a past form that show it is not followed by its own object, so the form is a
/// participle ("12 killed **in** the blast") rather than an active verb ("gunmen killed 12").
pub(super) fn ends_clause_or_adjunct(w: &str) -> bool {
    is_calendar(w)
        || matches!(
            w,
            "in" | "on"
                | "at"
                | "by"
                | "during"
                | "after"
                | "before"
                | "when"
                | "while"
                | "as"
                | "near"
                | "since"
                | "across"
                | "from"
                | "with"
                | "overnight"
                | "outside"
                | "inside"
                | "into"
                | "amid"
                | "following"
                | "along"
                | "throughout"
                | "within"
                | "last"
                | "this"
                | "yesterday"
                | "today"
                | "tonight"
                | "earlier"
                | "later"
                | "recently"
                | "so"
                | "and"
                | "or"
                | "but"
                | "because"
                | "until"
                | "over"
                | "under"
                | "among"
                | "including"
                | "according"
                | "were"
                | "was"
                | "are"
                | "is"
                | "have"
                | "has"
                | "had"
                | "said"
                | "says"
                | "to"
                | "for"
                | "of"
                | "off"
                | "out"
                | "there"
                | "here"
                | "too"
                | "again"
                | "instantly"
                | "immediately"
                | "outright"
                | "alone"
                | "each"
                | "apiece"
                | "between"
                | "around"
                | "nearby"
                | "locally"
                | "abroad"
                | "overseas"
                | "elsewhere"
                | "southeast"
                | "northwest"
                | "northeast"
                | "southwest"
                | "north"
                | "south"
                | "east"
                | "west"
                | "late"
                | "early"
                | "monday's"
                | "tuesday's"
        )
}

/// Words that cannot be part of a counted noun phrase: they end it.
pub(super) fn ends_noun_phrase(w: &str) -> bool {
    is_predicate_filler(w)
        || is_reporting(w)
        || ends_clause_or_adjunct(w)
        || matches!(
            w,
            "a" | "an"
                | "the"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
                | "these"
                | "those"
                | "them"
                | "they"
                | "he"
                | "she"
                | "it"
                | "we"
                | "you"
                | "i"
                | "whom"
                | "whose"
                | "where"
                | "what"
                | "if"
                | "than"
                | "then"
                | "not"
                | "no"
                | "more"
                | "most"
                | "less"
                | "least"
                | "only"
                | "just"
                | "even"
                | "such"
                | "other"
                | "same"
                | "will"
                | "would"
                | "could"
                | "should"
                | "can"
                | "may"
                | "might"
                | "must"
                | "did"
                | "do"
                | "does"
                | "being"
                | "against"
                | "towards"
                | "toward"
                | "upon"
                | "via"
                | "per"
                | "like"
                | "unlike"
                | "about"
                | "above"
                | "below"
                | "behind"
                | "beside"
                | "beyond"
                | "through"
                | "up"
                | "down"
                | "without"
        )
}
