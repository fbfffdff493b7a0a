//! Plans and runs the work: candidates → documents on one rayon pool, with progress.

use std::path::Path;

use crate::input::overrides::{OverrideError, read_templates};
use crate::render::Engine;

pub mod candidate;
pub mod class;
pub mod context;
pub mod progress;
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
    ClassOptions, ClassReport, INTERRUPTED, build_class, check_class, stale_staging_notice,
};
pub use progress::{NoProgress, Progress};
/// The engine of a run: the shipped templates, replaced by those of `templates` (a school's
/// `--templates` folder), and the shipped fonts plus `fonts`. Every command that lays out
/// documents sets its engine up here (`watch` again when a template changes).
pub fn load_engine(templates: Option<&Path>, fonts: &[Vec<u8>]) -> Result<Engine, OverrideError> {
    let overrides = read_templates(templates)?;
    Ok(Engine::new(&overrides, fonts))
}

pub use context::{ClassContext, class_context, class_folders};
pub use shard::Shard;
pub use staging::clean_stale_staging;
