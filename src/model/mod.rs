//! Validated domain types. Everything here is a valid state: a `Mission` has a title and a
//! date, competences are enums, the option decides which bloc 2 competences exist.
//! Building them from raw pages (`build`) is where user errors become diagnostics.

pub mod build;
pub mod candidate;
pub mod competence;
pub mod date;
pub mod livrable;
pub mod mission;
pub mod readiness;
pub mod referentiel;
pub mod session;

pub use candidate::{Candidate, Mode, NumeroCandidat, OptionSio};
pub use competence::{Bloc1, Bloc2, Competence};
pub use livrable::Livrable;
pub use mission::{Contexte, EpreuvePage, Epreuves, Mission, Modalite};
pub use session::{Numbering, Session};
