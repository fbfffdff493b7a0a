//! Validation: what `input` read from a candidate folder (front matter, pages, the class's
//! roster row) → the model's types. This is where user mistakes become diagnostics (file,
//! line, French message, hint) instead of errors deep in the pipeline.
//!
//! One file per job: the identity (`candidate`), the épreuve pages (`epreuve`), the mission
//! pages (`mission`, with `periode`, `classify` and `numbers` for their fields), the files
//! a page names (`assets`), titles taken from headings (`heading`), front-matter keys and
//! values (`keys`, `fields`). The file system is asked only through the confinement gate
//! (`input::Confined`).

mod assets;
mod candidate;
mod classify;
mod epreuve;
mod fields;
mod heading;
mod keys;
mod mission;
mod numbers;
mod periode;

use crate::diagnostics::Diagnostics;
use crate::input::{CandidateSource, RosterRow};
use crate::model::Dossier;

pub use assets::MISSING_FILE_HINT;

/// Values a class folder provides to a candidate: `classe.yaml` and the candidate's row of
/// `candidats.csv`. `candidat.yaml` wins; disagreements are reported.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub session: Option<i64>,
    pub centre: Option<String>,
    pub roster: Option<RosterRow>,
}

/// Validates a candidate folder into a dossier; `None` when the candidate cannot be
/// identified (errors reported).
pub fn dossier(
    src: &CandidateSource,
    defaults: &Defaults,
    diags: &mut Diagnostics,
) -> Option<Dossier> {
    if identity_unreadable(src) {
        return None;
    }
    let candidate = candidate::validate(src.candidat.as_ref(), defaults, diags)?;
    let (e5, e6) = epreuve::pages(src, diags);
    let missions = mission::validate_all(src, &candidate, diags);
    let drafts = mission::drafts(&src.missions);
    Some(Dossier {
        candidate,
        e5,
        e6,
        missions,
        drafts,
    })
}

/// A `candidat.yaml` that is there but could not be read or parsed (already reported): the
/// roster is a fallback for a missing file, not a guess over a broken one.
fn identity_unreadable(src: &CandidateSource) -> bool {
    src.candidat.is_none() && src.folder.is_present("candidat.yaml")
}
