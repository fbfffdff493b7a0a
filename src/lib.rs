//! sio-dossier: BTS SIO candidates' Markdown pages → official-style E5/E6 PDF dossiers.
//!
//! The modules follow the pipeline, data flowing one way:
//! `input` (files, encodings, front matter) → `model` (domain types) → `validate` (raw
//! input → model, user mistakes → diagnostics) → `markdown` (Markdown → Typst markup) →
//! `render` (Typst world, compile) → `package` (folder, zip, manifest) → `pipeline` (rayon,
//! progress, watch). `scaffold` (`init`) and `import` (a site) write a new candidate folder.
//! `diagnostics` is the one message type every stage hands back beside its value.

pub mod diagnostics;
pub mod import;
pub mod input;
/// The converter lives in `crates/markdown` (no Typst in it); its stage keeps its name here.
pub use sio_markdown as markdown;
pub mod model;
pub mod package;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod validate;
