//! Fuzz target `markdown`: any byte string, read as UTF-8 (lossily, as the pipeline
//! reads a page it could not decode otherwise), must convert without panicking, and the
//! output must follow the converter's output grammar (`markdown::check`): every
//! character of student text escaped, only known calls, balanced brackets.
//!
//! The target depends on the converter crate (`crates/markdown`, `sio-markdown`), which has
//! no Typst in it: it is the same code as `sio_dossier::markdown`, built without the hour
//! an instrumented Typst would take on two cores.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sio_markdown as markdown;
use markdown::{ImageTarget, LinkTarget, Options, Resolver, Unplaced};

/// Exercises every branch of the converter that depends on the resolver, as the
/// pipeline's resolver would: external URLs, bundled files, plain text, existing and
/// missing images.
struct FuzzResolver;

impl Resolver for FuzzResolver {
    fn link(&self, url: &str) -> LinkTarget {
        if url.starts_with("http") || url.starts_with("mailto:") {
            LinkTarget::External(url.to_owned())
        } else if let Some(rest) = url.strip_prefix("/assets/") {
            LinkTarget::Local(rest.to_owned())
        } else {
            LinkTarget::Text
        }
    }

    fn image(&self, src: &str) -> ImageTarget {
        if src.len() % 2 == 0 {
            ImageTarget::Path(format!("/assets/{}", src.trim_start_matches('/')))
        } else {
            ImageTarget::Missing(Unplaced::NotFound(format!("Image introuvable : {src}")))
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first byte picks the options, so both title handling and heading offsets are
    // explored.
    let options = Options {
        drop_title: data
            .first()
            .and_then(|b| (b % 3 == 0).then(|| "Titre".to_owned())),
        heading_offset: data.first().map_or(1, |b| b % 7),
    };
    let out = markdown::to_typst(&text, &options, &FuzzResolver);
    if let Err(e) = markdown::check::check_markup(&out.markup) {
        panic!(
            "unsafe markup: {e}\ninput: {text:?}\nmarkup: {}",
            out.markup
        );
    }
    // Warnings point at a line of the body. Lines as CommonMark counts them: a lone CR
    // ends a line too (the pipeline turns every line ending into LF before converting;
    // raw fuzz input keeps them).
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
    for w in &out.warnings {
        assert!(
            w.line >= 1 && w.line <= lines,
            "warning line {} of {lines}",
            w.line
        );
    }
    // The primitives alone, on the raw input.
    let escaped = markdown::escape_text(&text);
    if let Err(e) = markdown::check::check_markup(&escaped) {
        panic!("escape_text: {e}\ninput: {text:?}");
    }
    let literal = format!("#raw({})", markdown::string_literal(&text));
    if let Err(e) = markdown::check::check_markup(&literal) {
        panic!("string_literal: {e}\ninput: {text:?}");
    }
});
