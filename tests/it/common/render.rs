//! In-process rendering for tests that compile many small pages: one shared `Engine`
//! (fonts and templates loaded once), a tiny test template, and PDF text read back with
//! pdftotext as a user's tools would read it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use sio_dossier::input::Confined;
use sio_dossier::markdown::{self, Converted, Options};
use sio_dossier::pipeline::resolve::PageResolver;
use sio_dossier::render::{Engine, RenderJob};

/// Where the converted page is included from.
pub const BODY: &str = "/_sio/body/p.typ";

/// The shipped style (fonts, show rules for the Markdown elements) around one body, on
/// an A4 page as in the dossiers, without the page footer (so that the PDF's text is
/// the body's).
const PAGE: &str = "#import \"style.typ\": *\n#show: setup.with(title: \"Test\", author: \"Test\")\n\
                    #set page(header: none, footer: none)\n\
                    #include \"/_sio/body/p.typ\"\n";

/// Same, on a page as wide as its text and without header or footer: nothing wraps, so
/// the extracted text can be compared with the source text exactly (modulo whitespace).
const WIDE: &str = "#import \"style.typ\": *\n#show: setup.with(title: \"Test\", author: \"Test\")\n\
                    #set page(width: auto, height: auto, header: none, footer: none)\n\
                    #include \"/_sio/body/p.typ\"\n";

/// The engine and a candidate-like folder holding one image and one livrable.
pub struct TestWorld {
    pub engine: Engine,
    pub folder: Confined,
}

pub static WORLD: LazyLock<TestWorld> = LazyLock::new(|| {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("render-root");
    let img = root.join("assets/img");
    let livrables = root.join("assets/livrables");
    std::fs::create_dir_all(&img).expect("test folder");
    std::fs::create_dir_all(&livrables).expect("test folder");
    std::fs::create_dir_all(root.join("missions")).expect("test folder");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        repo.join("inputs/assets/logo-btssio.png"),
        img.join("logo.png"),
    )
    .expect("sample image");
    std::fs::write(livrables.join("procedure.pdf"), b"%PDF-1.4\n").expect("livrable");
    // A portrait picture, far taller than a page would hold at the text's width.
    std::fs::write(
        img.join("haute.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"2000\">\
         <rect width=\"300\" height=\"2000\" fill=\"#c55\"/></svg>",
    )
    .expect("tall image");
    let overrides = [
        ("page.typ".to_string(), PAGE.to_string()),
        ("wide.typ".to_string(), WIDE.to_string()),
    ];
    TestWorld {
        engine: Engine::new(&overrides, &[]),
        folder: Confined::new(&root).expect("confined root"),
    }
});

/// Which test template a page is laid out with.
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    /// A4, as in the dossiers (without footer).
    A4,
    /// As wide as the text: no line wrapping (and no room for `fr` table columns).
    Wide,
}

/// Converts a Markdown body as the pipeline does (real resolver, page in `/missions`,
/// `#` is a level-2 heading).
pub fn convert(md: &str) -> Converted {
    let world = &*WORLD;
    let resolver = PageResolver::new(&world.folder, "/missions".into(), 2, Vec::new());
    let options = Options {
        drop_title: None,
        heading_offset: 2,
    };
    markdown::to_typst(md, &options, &resolver)
}

/// Compiles converted markup and exports the PDF; the error messages otherwise.
pub fn render_markup(markup: &str, layout: Layout) -> Result<Vec<u8>, Vec<String>> {
    let world = &*WORLD;
    let job = RenderJob {
        template: match layout {
            Layout::A4 => "page.typ",
            Layout::Wide => "wide.typ",
        },
        data: b"{}".to_vec(),
        bodies: vec![(BODY.to_string(), markup.to_string())],
        files: Vec::new(),
        body_sources: HashMap::new(),
        folder: &world.folder,
        today: None,
        ident: "test".into(),
    };
    let messages = |e: sio_dossier::render::CompileError| {
        e.problems
            .into_iter()
            .map(|p| p.message)
            .collect::<Vec<_>>()
    };
    let pdf = world
        .engine
        .compile(&job)
        .map_err(messages)
        .and_then(|rendered| rendered.pdf().map_err(messages));
    // Typst memoises every layout in a process-wide cache: without eviction, the thousands
    // of documents a property test (and its shrinking) compiles pile up in it. Entries not
    // used by the last few compiles are dropped, so memory stays flat whatever the count.
    comemo::evict(4);
    pdf
}

/// Text of a PDF given as bytes, in the order Typst wrote it (`pdftotext -raw`: the
/// layout modes join words broken after a hyphen and drop emoji, drawn as Type 3
/// glyphs).
pub fn pdf_bytes_text(pdf: &[u8]) -> String {
    let file = pdf_file(pdf);
    super::pdftotext(file.path(), &["-raw"])
}

/// The bytes in a temporary `.pdf` file, for the command-line tools.
fn pdf_file(pdf: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .expect("temp file");
    std::fs::write(file.path(), pdf).expect("write PDF");
    file
}

/// Word boxes of a PDF (`pdftotext -bbox`): (text, xMin, xMax, page width).
pub fn pdf_word_boxes(pdf: &[u8]) -> Vec<(String, f64, f64, f64)> {
    let file = pdf_file(pdf);
    let html = super::pdftotext(file.path(), &["-bbox"]);
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let from = tag.find(&format!("{name}=\""))? + name.len() + 2;
        let len = tag.get(from..)?.find('"')?;
        tag.get(from..from + len)?.parse().ok()
    };
    let mut width = 0.0;
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            width = attr(line, "width").unwrap_or(0.0);
        } else if line.starts_with("<word ") {
            let text = line
                .split_once('>')
                .and_then(|(_, rest)| rest.strip_suffix("</word>"))
                .unwrap_or_default()
                .to_string();
            out.push((
                text,
                attr(line, "xMin").unwrap_or(0.0),
                attr(line, "xMax").unwrap_or(0.0),
                width,
            ));
        }
    }
    out
}
