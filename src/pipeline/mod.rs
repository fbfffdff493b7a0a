//! Plans and runs the work: candidates → documents on one rayon pool, with progress.

pub mod candidate;
pub mod class;
pub mod context;
pub mod report;
pub mod resolve;
pub mod shard;
pub mod staging;
pub mod watch;

pub use candidate::{
    BuildOptions, CandidateReport, DocCache, Document, RunSettings, School, build_candidate,
    build_candidate_named, build_candidate_with, check_candidate, package_name_of,
};
pub use class::{
    ClassOptions, ClassReport, INTERRUPTED, build_class, check_class, one_line,
    stale_staging_notice,
};
pub use context::{ClassContext, class_context, class_folders};
pub use shard::Shard;
pub use staging::clean_stale_staging;
