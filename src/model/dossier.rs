//! A candidate's whole dossier, as the later stages receive it: what `validate` makes of a
//! candidate folder once every user mistake has become a diagnostic.

use std::path::PathBuf;

use crate::model::candidate::Candidate;
use crate::model::mission::{EpreuvePage, Mission};

/// A candidate's validated dossier: identity, the two épreuve pages, the missions.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub candidate: Candidate,
    pub e5: Option<EpreuvePage>,
    pub e6: Option<EpreuvePage>,
    /// Printable missions (drafts left out), by date then file name.
    pub missions: Vec<Mission>,
    /// Pages left out because they are drafts.
    pub drafts: Vec<PathBuf>,
}
