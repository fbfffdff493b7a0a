//! The candidate's package: `out/<numero>_<NOM>_<Prénom>/` and the `.zip` beside it, with
//! a `manifest.json` (file, size, sha256). Deterministic bytes, atomic writes.

// `archive`, not `zip`: a module named like the crate it wraps would shadow it.
pub mod archive;
pub mod manifest;
pub mod names;
pub mod write;
pub mod xlsx;

pub use names::package_name;
pub use write::{write_atomic, write_package};

/// One file of a package: path inside the package (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
