//! Plans and runs the work: candidates → documents on one rayon pool, with progress.

pub mod candidate;
pub mod class;
pub mod report;
pub mod resolve;
pub mod shard;

pub use candidate::{CandidateReport, RunSettings, School, build_candidate, check_candidate};
pub use class::{ClassOptions, ClassReport, INTERRUPTED, build_class, check_class, one_line};
pub use shard::Shard;
