//! Plans and runs the work: candidates → documents on one rayon pool, with progress.

pub mod candidate;
pub mod class;
pub mod report;
pub mod resolve;
pub mod shard;

pub use candidate::{
    BuildOptions, CandidateReport, DocCache, Document, RunSettings, School, build_candidate,
    build_candidate_with, check_candidate,
};
pub use class::{ClassOptions, ClassReport, INTERRUPTED, build_class, check_class, one_line};
pub use shard::Shard;
