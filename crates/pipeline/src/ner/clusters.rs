//! TEMPORARY stub (replaced by the real induction code).
#![allow(missing_docs, dead_code)]
use std::collections::HashMap;
pub const GRANULARITIES: usize = 3;
#[derive(Debug, Default)]
pub struct Clusters {
    map: HashMap<String, [u16; GRANULARITIES]>,
}
#[derive(Debug)]
pub struct ClusterError(pub String);
impl std::fmt::Display for ClusterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
impl std::error::Error for ClusterError {}
impl Clusters {
    pub fn get(&self, word: &str) -> Option<[u16; GRANULARITIES]> {
        self.map.get(&word.to_lowercase()).copied()
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn write_tsv(&self, _w: &mut impl std::io::Write) -> std::io::Result<()> {
        Ok(())
    }
    pub fn read_tsv(_r: impl std::io::BufRead) -> Result<Clusters, ClusterError> {
        Ok(Clusters::default())
    }
}
pub struct InduceOptions {}
impl Default for InduceOptions {
    fn default() -> Self {
        InduceOptions {}
    }
}
impl Clusters {
    pub fn induce(_s: &[Vec<String>], _o: &InduceOptions) -> Clusters {
        Clusters::default()
    }
}
