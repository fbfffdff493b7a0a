//! What a class run says about its progress, without drawing it: the library calls these
//! methods from its worker threads, the CLI draws (bars on a terminal, one plain line per
//! candidate otherwise). Tests and tools pass [`NoProgress`].

use std::path::Path;

use super::CandidateReport;

/// Progress of a class run. Candidates are numbered by their position in the class;
/// a candidate left alone after Ctrl-C is neither started nor done. Every method does
/// nothing unless implemented.
pub trait Progress: Sync {
    /// The run starts, with `total` candidates to build.
    fn started(&self, _total: usize) {}
    /// Candidate `index` (folder `dir`) starts.
    fn candidate_started(&self, _index: usize, _dir: &Path) {}
    /// One document of candidate `index` is laid out or taken from the cache.
    fn document_done(&self, _index: usize) {}
    /// Candidate `index` is done, as `report` tells.
    fn candidate_done(&self, _index: usize, _report: &CandidateReport) {}
    /// Every candidate is done.
    fn finished(&self) {}
}

/// Progress nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {}
