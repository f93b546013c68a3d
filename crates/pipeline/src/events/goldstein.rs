//! The Goldstein scale of CAMEO event codes: how much an event of that kind moves relations
//! between its actors, from -10 (most conflictual) to +10 (most cooperative).
//!
//! The values are GDELT's published lookup (`CAMEO.goldsteinscale.txt`, from
//! data.gdeltproject.org/documentation, "The GDELT Project, https://www.gdeltproject.org/"),
//! which extends Goldstein's scale (J. S. Goldstein, "A Conflict-Cooperation Scale for WEIS
//! Events Data", Journal of Conflict Resolution 36(2), 1992) to every CAMEO code. The table
//! is kept as published beside this module (`goldstein.tsv`: 311 codes; copy taken from
//! github.com/mpiccirilli/UNDP-BCPR-Project, commit e009a802). GDELT data is free and open
//! for any use, citing the GDELT Project. It is not under `models/`: it is a fixed
//! published table, not a trained artifact, and changing it must not mark stored records
//! as made by another model.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("goldstein.tsv");

/// The Goldstein score of a CAMEO event code ("0231", "190"), `None` for a code the table
/// does not hold.
pub fn goldstein(code: &str) -> Option<f64> {
    static SCORES: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    SCORES
        .get_or_init(|| {
            TABLE
                .lines()
                .skip(1)
                .filter_map(|line| {
                    let (code, score) = line.split_once('\t')?;
                    Some((code.trim(), score.trim().parse().ok()?))
                })
                .collect()
        })
        .get(code.trim())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cameo_root_has_a_score_within_the_scale() {
        for root in 1..=20 {
            let code = format!("{root:02}");
            let score = goldstein(&code).unwrap_or_else(|| panic!("no score for {code}"));
            assert!((-10.0..=10.0).contains(&score), "{code}: {score}");
        }
        // Cooperation scores above conflict: provide aid (07) against fight (19).
        assert!(goldstein("07").unwrap() > 0.0 && goldstein("19").unwrap() < 0.0);
        assert_eq!(goldstein("9999"), None);
    }
}
