//! sio-dossier: BTS SIO candidates' Markdown pages → official-style E5/E6 PDF dossiers.
//!
//! The modules follow the pipeline, data flowing one way:
//! `input` (files, encodings, front matter) → `model` (domain types) → `validate` (raw
//! input → model, user mistakes → diagnostics) → `markdown` (Markdown → Typst markup) →
//! `render` (Typst world, compile) → `package` (folder, zip, manifest) → `pipeline` (rayon + progress).
//! `diagnostics` is the one message type every stage hands back beside its value.

pub mod diagnostics;
pub mod input;
pub mod markdown;
pub mod model;
pub mod package;
pub mod pipeline;
pub mod render;
pub mod student;
pub mod validate;
