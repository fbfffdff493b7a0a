//! Plans and runs the work: candidates → documents on one rayon pool, with progress.

pub mod candidate;
pub mod resolve;

pub use candidate::{CandidateReport, RunSettings, build_candidate};
