//! Word lists for the quote stage. All entries are lowercase; callers compare against the
//! lowercased token text.

/// How a cue word introduces what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    /// A verb of saying with its speaker as subject: "said", "wrote", "warned".
    Verb,
    /// A verb that takes the hearer as object before the content: "told reporters that".
    Told,
    /// A participle that continues the subject's clause: ", adding …", ", saying …".
    Participle,
    /// "according to X".
    According,
}

/// Verbs of saying, writing, announcing and believing (PolNeAR counts beliefs as
/// attributions too), in the finite forms news uses.
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "say", "says", "said", "added", "adds", "stated", "states", "announced", "announces",
    "warned", "warns", "insisted", "insists", "noted", "notes", "asked", "asks", "urged",
    "urges", "explained", "explains", "argued", "argues", "claimed", "claims", "wrote",
    "writes", "declared", "declares", "replied", "replies", "responded", "responds", "answered",
    "continued", "recalled", "recalls", "acknowledged", "acknowledges", "admitted", "admits",
    "conceded", "concedes", "suggested", "suggests", "predicted", "predicts", "promised",
    "promises", "vowed", "vows", "pledged", "pledges", "tweeted", "tweets", "posted",
    "reported", "reports", "confirmed", "confirms", "denied", "denies", "disclosed", "revealed",
    "complained", "complains", "charged", "contended", "contends", "maintained", "maintains",
    "observed", "remarked", "repeated", "stressed", "stresses", "emphasized", "emphasised",
    "countered", "quipped", "joked", "cautioned", "estimated", "believes", "believed", "thinks",
    "thought", "hopes", "hoped", "expects", "expected", "fears", "feared", "worried", "mused",
    "shouted", "yelled", "told", "tells", "tell", "assured", "informed", "reminded", "show",
    "shows", "showed", "found", "indicated", "indicates", "concluded", "concludes", "alleged",
    "alleges", "boasted", "boasts", "bragged", "wondered", "demanded", "proclaimed", "opined",
    "agreed", "agrees", "retorted", "accused", "accuses", "cited", "argue", "claim", "insist",
    "warn", "note", "suggest", "predict", "contend", "acknowledge", "admit", "deny", "announce",
    "explain", "believe", "think", "feel", "feels", "felt", "fear", "hope", "worry", "worries",
    "stress", "agree", "recall", "allege", "complain",
];

/// Verbs whose hearer comes between the cue and the content.
#[rustfmt::skip]
const TOLD: &[&str] = &[
    "told", "tells", "tell", "assured", "informed", "reminded", "warned", "urged", "asked",
    "accused", "accuses",
];

/// Participles that continue a sentence's subject as speaker.
#[rustfmt::skip]
const PARTICIPLES: &[&str] = &[
    "saying", "adding", "noting", "telling", "writing", "warning", "arguing", "insisting",
    "explaining", "claiming", "stating", "declaring", "suggesting", "stressing",
    "acknowledging", "asking", "urging", "calling", "predicting", "vowing", "promising",
    "complaining", "contending", "tweeting", "announcing",
];

/// Which cue, if any, starts at `words[i]`, and the index one past its last word.
pub(super) fn cue_at(words: &[&str], i: usize) -> Option<(usize, CueKind)> {
    let w = *words.get(i)?;
    if w == "according" && words.get(i + 1) == Some(&"to") {
        return Some((i + 2, CueKind::According));
    }
    if TOLD.contains(&w) {
        return Some((i + 1, CueKind::Told));
    }
    if VERBS.contains(&w) {
        return Some((i + 1, CueKind::Verb));
    }
    if PARTICIPLES.contains(&w) {
        return Some((i + 1, CueKind::Participle));
    }
    None
}

/// Pronouns (and the relative "who") that can be a speaker on their own.
pub(super) fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "he" | "she" | "they" | "it" | "i" | "we" | "you" | "who" | "which"
    )
}

/// Personal pronouns, whose referent is looked up among the preceding people.
pub(super) fn is_personal_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "i" | "who" | "him" | "her")
}

/// Words that sit between a speaker and its verb without being part of either: auxiliaries
/// ("has said") and adverbs ("also said", "later told").
pub(super) fn is_aux_or_adverb(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
            | "did"
            | "does"
            | "do"
            | "also"
            | "later"
            | "then"
            | "again"
            | "previously"
            | "repeatedly"
            | "recently"
            | "often"
            | "once"
            | "further"
            | "quickly"
            | "simply"
            | "flatly"
            | "publicly"
            | "privately"
            | "bluntly"
            | "frequently"
            | "reportedly"
            | "still"
            | "not"
            | "n't"
            | "never"
            | "already"
            | "first"
            | "even"
            | "long"
            | "openly"
            | "earlier"
    )
}

/// Words that cannot be inside a speaker's noun phrase: they start or end clauses.
pub(super) fn stops_noun_phrase(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "and"
            | "or"
            | "but"
            | "because"
            | "while"
            | "when"
            | "as"
            | "after"
            | "before"
            | "since"
            | "if"
            | "though"
            | "although"
            | "so"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "what"
            | "why"
            | "how"
            | "than"
            | "then"
            | "is"
            | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "did"
            | "does"
            | "do"
            | "not"
            | "n't"
            | "in"
            | "on"
            | "to"
            | "during"
            | "at"
            | "into"
            | "by"
            | "with"
            | "about"
            | "also"
            | "said"
            | "says"
            | "say"
            | "told"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "there"
            | "here"
            | "this"
            | "these"
            | "those"
            | "him"
            | "them"
            | "us"
            | "me"
            | "over"
            | "under"
            | "until"
            | "unless"
            | "whether"
            | "even"
            | "just"
            | "now"
            | "yet"
            | "still"
            | "only"
            | "like"
            | "up"
            | "out"
            | "off"
            | "against"
            | "without"
            | "within"
            | "n’t"
            | "'d"
            | "’d"
            | "'ll"
            | "’ll"
            | "'re"
            | "’re"
            | "'ve"
            | "’ve"
            | "'m"
            | "’m"
    )
}

/// Words after which an inverted speaker ("said Smith") or a clause-final cue has ended and
/// only circumstance follows ("said Smith on Tuesday", "Smith said in a statement").
pub(super) fn starts_adjunct(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "before"
            | "last"
            | "this"
            | "yesterday"
            | "today"
            | "earlier"
            | "later"
            | "late"
            | "when"
            | "while"
            | "as"
            | "of"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "recently"
            | "afterward"
            | "afterwards"
            | "again"
            | "also"
    )
}

/// Words that make a speaker relay someone else's words ("a statement citing X").
pub(super) fn is_citing(w: &str) -> bool {
    matches!(w, "citing" | "quoting")
}

/// The direction of a double quotation mark, or `None` for any other token. Single quotes
/// are not marks here: they double as apostrophes, and inside a double quote they only nest.
pub(super) fn quote_mark(t: &str) -> Option<Mark> {
    match t {
        "“" | "„" | "«" => Some(Mark::Open),
        "”" | "»" => Some(Mark::Close),
        "\"" | "``" | "''" => Some(Mark::Either),
        _ => None,
    }
}

/// Direction of a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// Opens a quote (“).
    Open,
    /// Closes a quote (”).
    Close,
    /// Straight quote: closes an open quote, else opens one.
    Either,
}

/// Cue verbs that are also plural nouns ("his tweets", "the swing states", "the polls'
/// findings… shows"): a cue only when "that" follows or the clause ends with them.
pub(super) fn is_noun_too(w: &str) -> bool {
    matches!(
        w,
        "states"
            | "tweets"
            | "reports"
            | "claims"
            | "notes"
            | "promises"
            | "pledges"
            | "vows"
            | "fears"
            | "hopes"
            | "demands"
            | "show"
            | "shows"
            | "posted"
            | "cited"
            | "found"
            | "concludes"
            | "answered"
            | "expected"
            | "thought"
            | "tells"
            | "tell"
            | "say"
    )
}

/// Whether a phrase of these (lowercased) words can name a speaker: not a phrase that
/// starts with a preposition ("In", "On Thursday") or ends with a determiner or
/// preposition (a bare "The"), not a date word ("April", "month"), not a lone adverb
/// ("Meanwhile"), no clitic but "'s".
pub(super) fn plausible_speaker(words: &[&str]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let ends_badly = matches!(
        *last,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "this"
            | "that"
            | "of"
            | "in"
            | "on"
            | "at"
            | "for"
            | "from"
            | "with"
            | "by"
            | "to"
    );
    let starts_badly = matches!(
        *first,
        "of" | "in"
            | "on"
            | "at"
            | "for"
            | "from"
            | "with"
            | "by"
            | "to"
            | "including"
            | "during"
            | "after"
            | "before"
            | "editor’s"
            | "editor's"
    );
    let date = matches!(
        *last,
        "month" | "week" | "year" | "day" | "today" | "yesterday" | "video" | "photo"
    ) || crate::calendar::full_month(last).is_some()
        || crate::calendar::full_weekday(last);
    let clitic = words
        .iter()
        .any(|w| (w.starts_with('\'') || w.starts_with('’')) && !matches!(*w, "'s" | "’s"));
    let adverb = words.len() == 1
        && matches!(
            *first,
            "meanwhile"
                | "however"
                | "apparently"
                | "strongly"
                | "all"
                | "both"
                | "instead"
                | "clearly"
                | "certainly"
                | "indeed"
                | "now"
                | "yet"
        );
    !(ends_badly || starts_badly || date || clitic || adverb)
}
