//! Reading a candidate folder: bytes → text (encoding repaired) → front matter + body;
//! and the school's own templates and fonts. Knows nothing of competences or Typst.

pub mod class;
pub mod confine;
pub mod decode;
pub mod folder;
pub mod frontmatter;
pub mod overrides;

pub use class::{ClassSource, RosterRow, is_class_folder, read_class};
pub use confine::{ConfineError, Confined};
pub use folder::{CandidateSource, Page, read_candidate};
pub use frontmatter::{FrontMatter, FrontMatterError};
