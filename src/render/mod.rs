//! Typst, in-process: one shared `Engine` (fonts, library, parsed templates) and a cheap
//! per-document `DocWorld` that borrows it. Only this module knows Typst's API.

pub mod data;
pub mod engine;
pub mod fonts;
pub mod world;

pub use engine::{CompileError, Engine, Rendered, RenderJob};
