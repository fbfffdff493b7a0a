//! Validated domain types. Everything here is a valid state: a `Mission` has a title and a
//! date, competences are enums, the option decides which bloc 2 competences exist. Pure:
//! no file system, no I/O; building these values from raw pages, where user errors become
//! diagnostics, is the next stage's job (`validate`).

pub mod candidate;
pub mod competence;
pub mod date;
pub mod dossier;
pub mod livrable;
pub mod mission;
pub mod readiness;
pub mod referentiel;
pub mod session;

pub use candidate::{Candidate, Mode, NumeroCandidat, OptionSio};
pub use competence::{Bloc1, Bloc2, Competence};
pub use dossier::Dossier;
pub use livrable::Livrable;
pub use mission::{Contexte, EpreuvePage, Epreuves, Mission, Modalite};
pub use session::{Numbering, Session};
