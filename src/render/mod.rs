//! Typst, in-process: one shared `Engine` (fonts, library, parsed templates) and a cheap
//! per-document `DocWorld` that borrows it. Only this module knows Typst's API.

pub mod data;
pub mod engine;
pub mod fonts;
pub mod world;

pub use engine::{CompileError, Engine, RenderJob, Rendered};

/// A date as Typst's `datetime.today()` sees it; `None` outside Typst's range.
pub fn typst_date(date: chrono::NaiveDate) -> Option<typst::foundations::Datetime> {
    use chrono::Datelike;
    typst::foundations::Datetime::from_ymd(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}
