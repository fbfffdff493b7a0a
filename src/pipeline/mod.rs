//! Plans and runs the work: candidates → documents on one rayon pool, with progress.

pub mod candidate;
pub mod class;
pub mod report;
pub mod resolve;

pub use candidate::{
    BuildOptions, CandidateReport, DocCache, Document, RunSettings, build_candidate,
    build_candidate_with,
};
pub use class::{ClassOptions, ClassReport, INTERRUPTED, build_class, one_line};
