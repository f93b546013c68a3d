//! Name folding and the keys that merge entities across documents.

use readout_core::{Entity, EntityType};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Fold a name for comparison: compatibility decomposition, diacritics dropped, lower case,
/// every run of non-alphanumeric characters one space. "Ilse  Márrow" → "ilse marrow".
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Keys under which an entity of one document may join a stored entity, most specific first.
///
/// Conservative by design:
/// * people merge only on the same folded full name of at least two words of two letters or
///   more: a bare surname ("Marrow") or an initial ("I. Marrow") never merges across
///   documents;
/// * other types merge on the same knowledge-base code, else on the same folded name;
/// * types never mix.
pub fn merge_keys(entity: &Entity) -> Vec<MergeKey> {
    let norm = fold_name(&entity.name);
    let label = entity.kind.label();
    let mut keys = Vec::new();
    match entity.kind {
        EntityType::Person => {
            let long_words = norm.split(' ').filter(|w| w.chars().count() >= 2).count();
            if long_words >= 2 {
                keys.push(MergeKey::Name(format!("{label}|name|{norm}")));
            }
        }
        _ => {
            if let Some(kb) = entity
                .kb
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                keys.push(MergeKey::Kb(format!("{label}|kb|{}", kb.to_uppercase())));
            }
            if !norm.is_empty() {
                keys.push(MergeKey::Name(format!("{label}|name|{norm}")));
            }
        }
    }
    keys
}

/// A merge key and what it is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeKey {
    /// Same knowledge-base code.
    Kb(String),
    /// Same folded full name.
    Name(String),
}

impl MergeKey {
    /// The key string stored in `entity_keys`.
    pub fn as_str(&self) -> &str {
        match self {
            MergeKey::Kb(k) | MergeKey::Name(k) => k,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, kind: EntityType, kb: Option<&str>) -> Entity {
        Entity {
            id: "e1".into(),
            name: name.into(),
            kind,
            aliases: vec![],
            mentions: vec![],
            affiliation: None,
            role: None,
            kb: kb.map(String::from),
        }
    }

    #[test]
    fn folding_drops_case_diacritics_and_punctuation() {
        assert_eq!(fold_name("  Ilse   MÁRROW "), "ilse marrow");
        assert_eq!(fold_name("Jean-Luc Ørsted"), "jean luc ørsted");
        assert_eq!(fold_name("Zoë Brāhms"), "zoe brahms");
        assert_eq!(fold_name("..."), "");
    }

    #[test]
    fn a_bare_surname_or_initial_gives_no_person_key() {
        assert!(merge_keys(&entity("Marrow", EntityType::Person, None)).is_empty());
        assert!(merge_keys(&entity("I. Marrow", EntityType::Person, None)).is_empty());
        assert_eq!(
            merge_keys(&entity("Ilse Márrow", EntityType::Person, Some("X"))),
            vec![MergeKey::Name("PER|name|ilse marrow".into())]
        );
    }

    #[test]
    fn other_types_key_on_code_then_name() {
        let keys = merge_keys(&entity("Ostland", EntityType::Location, Some("osl")));
        assert_eq!(
            keys,
            vec![
                MergeKey::Kb("LOC|kb|OSL".into()),
                MergeKey::Name("LOC|name|ostland".into())
            ]
        );
        let org = merge_keys(&entity("Ostland", EntityType::Organization, None));
        assert_eq!(org, vec![MergeKey::Name("ORG|name|ostland".into())]);
    }
}
