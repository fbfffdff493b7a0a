//! Typst, in-process: one shared `Engine` (fonts, library, parsed templates) and a cheap
//! per-document `DocWorld` that borrows it. Only this module knows Typst's API.

pub mod budget;
pub mod cut;
pub mod data;
pub mod engine;
pub mod fonts;
pub mod world;

pub use cut::Cutter;
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

/// Why Typst could not lay out these bytes as an image (its own message), or `None` when
/// it can. Decoding here, before the document is compiled, turns a damaged photo or a
/// renamed HEIC into a placeholder and a warning instead of a failed dossier; Typst
/// memoises the decoding, so the compile reuses it.
pub fn image_problem(data: Vec<u8>) -> Option<String> {
    use typst::foundations::Bytes;
    use typst::visualize::{ImageFormat, RasterImage, SvgImage, VectorFormat};
    let decode = move || {
        let bytes = Bytes::new(data);
        match ImageFormat::detect(&bytes) {
            None => Some("format inconnu : ni PNG, ni JPEG, ni GIF, ni WebP, ni SVG".into()),
            Some(ImageFormat::Raster(format)) => RasterImage::plain(bytes, format)
                .err()
                .map(|e| e.to_string()),
            Some(ImageFormat::Vector(VectorFormat::Svg)) => SvgImage::new(bytes)
                .err()
                .map(|_| "SVG illisible".to_string()),
            Some(ImageFormat::Vector(_)) => {
                Some("un PDF n'est pas une image : mettez-le en livrable (lien)".into())
            }
        }
    };
    std::panic::catch_unwind(decode)
        .unwrap_or_else(|_| Some("image illisible (le décodeur a échoué)".into()))
}
