//! The shared engine: fonts, library and parsed templates, loaded once per process and
//! borrowed by every document, on every rayon thread.

use std::collections::HashMap;
use std::path::PathBuf;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Label, Selector, Smart, Value};
use typst::introspection::MetadataElem;
use typst::syntax::{FileId, Source};
use typst::utils::{LazyHash, PicoStr};
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::input::Confined;
use crate::render::fonts::font_store;
use crate::render::world::{DocWorld, GENERATED_DIR, MemFile, file_id};

/// The templates shipped in the binary (`templates/*.typ`), by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("style.typ", include_str!("../../templates/style.typ")),
    (
        "presentation.typ",
        include_str!("../../templates/presentation.typ"),
    ),
    ("epreuve.typ", include_str!("../../templates/epreuve.typ")),
    ("tableau.typ", include_str!("../../templates/tableau.typ")),
    ("fiche.typ", include_str!("../../templates/fiche.typ")),
    (
        "dossier-e5.typ",
        include_str!("../../templates/dossier-e5.typ"),
    ),
    (
        "dossier-e6.typ",
        include_str!("../../templates/dossier-e6.typ"),
    ),
    (
        "rapport-classe.typ",
        include_str!("../../templates/rapport-classe.typ"),
    ),
    (
        "dossier-complet.typ",
        include_str!("../../templates/dossier-complet.typ"),
    ),
];

/// Fonts, library and templates: built once, shared by reference (it is `Sync`).
pub struct Engine {
    library: LazyHash<Library>,
    fonts: FontStore,
    templates: HashMap<FileId, Source>,
    /// Template name → (file id, text), for writing the sources beside the PDFs.
    template_texts: Vec<(String, String)>,
    /// SHA-256 of the user's font files (`--font-path`), when there are any: a font
    /// replaced by another of the same name must invalidate the packages laid out with it.
    user_fonts_digest: Option<String>,
}

/// One document to compile.
pub struct RenderJob<'a> {
    /// Template file name of the main document (`dossier-e5.typ`).
    pub template: &'a str,
    /// `data.json` as the templates read it.
    pub data: Vec<u8>,
    /// Generated Typst sources (converted Markdown bodies): virtual path → markup.
    pub bodies: Vec<(String, String)>,
    /// Other generated files (the school's logo): virtual path → bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Which Markdown file each body came from, to place compile errors.
    pub body_sources: HashMap<String, PathBuf>,
    /// The candidate folder: the only place images are read from.
    pub folder: &'a Confined,
    /// Fixed date, so that PDFs are byte-identical across runs.
    pub today: Option<Datetime>,
    /// A stable identifier of the document (PDF /ID).
    pub ident: String,
}

/// A part of the dossier, as marked by the templates (`part(name, title)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub title: String,
    /// 1-based, inclusive.
    pub first_page: usize,
    pub last_page: usize,
}

/// A compiled document.
pub struct Rendered {
    document: PagedDocument,
    pub parts: Vec<Part>,
    pub warnings: Vec<Problem>,
    /// Virtual paths of the candidate files the document read (images), found or not.
    pub reads: Vec<String>,
    /// Names of the templates the document was laid out from (`dossier-e5.typ`,
    /// `style.typ`…), to write them as its sources.
    pub templates: Vec<String>,
    ident: String,
    /// Which Markdown page each converted body came from, to name the page of an
    /// export problem.
    body_sources: HashMap<String, PathBuf>,
}

/// A problem Typst reported, placed in the user's files: the Markdown page a converted
/// body came from, never a path inside the generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The Markdown page (relative to the candidate folder) the problem came from, when
    /// it came from a converted body.
    pub file: Option<PathBuf>,
    /// French context, then Typst's own message.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{} : {}", file.display(), self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// A document that did not compile, with its problems placed in the user's files.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", problems.iter().map(Problem::to_string).collect::<Vec<_>>().join("\n"))]
pub struct CompileError {
    pub problems: Vec<Problem>,
}

impl CompileError {
    pub(crate) fn one(message: String) -> Self {
        Self {
            problems: vec![Problem {
                file: None,
                message,
            }],
        }
    }
}

/// SHA-256 over the user's font files, each prefixed by its length; `None` without any,
/// so that the fingerprint of the shipped fonts alone stays what it always was.
fn fonts_digest(extra_fonts: &[Vec<u8>]) -> Option<String> {
    use sha2::{Digest, Sha256};
    if extra_fonts.is_empty() {
        return None;
    }
    let mut h = Sha256::new();
    for bytes in extra_fonts {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl Engine {
    /// Loads fonts and parses the templates. `overrides` replace shipped templates by file
    /// name; `extra_fonts` are font files' bytes added after ours.
    pub fn new(overrides: &[(String, String)], extra_fonts: &[Vec<u8>]) -> Self {
        let mut texts: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        for (name, text) in overrides {
            match texts.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text.clone(),
                None => texts.push((name.clone(), text.clone())),
            }
        }
        let templates = texts
            .iter()
            .filter_map(|(name, text)| {
                let id = file_id(&format!("{GENERATED_DIR}/{name}"))?;
                Some((id, Source::new(id, text.clone())))
            })
            .collect();
        Self {
            library: LazyHash::new(Library::builder().build()),
            fonts: font_store(extra_fonts),
            templates,
            template_texts: texts,
            user_fonts_digest: fonts_digest(extra_fonts),
        }
    }

    pub fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    pub fn fonts(&self) -> &FontStore {
        &self.fonts
    }

    pub fn template(&self, id: FileId) -> Option<Source> {
        self.templates.get(&id).cloned()
    }

    /// Identifies the templates and fonts in use, for incremental rebuilds.
    pub fn fingerprint(&self) -> String {
        let mut text = String::new();
        for (name, body) in &self.template_texts {
            text.push_str(name);
            text.push('\0');
            text.push_str(body);
            text.push('\0');
        }
        text.push_str(&self.fonts.book().families().count().to_string());
        if let Some(digest) = &self.user_fonts_digest {
            text.push('\0');
            text.push_str(digest);
        }
        text
    }

    /// Template files (name, text), as used: written beside the PDFs as sources.
    pub fn template_texts(&self) -> &[(String, String)] {
        &self.template_texts
    }

    /// Compiles one document. A panic inside Typst (a bug: it should never happen) is
    /// caught and reported as an error of this document, so the rest of a class is still
    /// built.
    pub fn compile(&self, job: &RenderJob) -> Result<Rendered, CompileError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.compile_inner(job)))
            .unwrap_or_else(|_| {
                Err(CompileError::one(format!(
                    "erreur interne pendant la mise en page de « {} » (défaut de Typst ou de sio-dossier)",
                    job.template
                )))
            })
    }

    fn compile_inner(&self, job: &RenderJob) -> Result<Rendered, CompileError> {
        let err = CompileError::one;
        let main = file_id(&format!("{GENERATED_DIR}/{}", job.template))
            .ok_or_else(|| err(format!("modèle « {} » : nom invalide", job.template)))?;
        if self.template(main).is_none() {
            return Err(err(format!("modèle « {} » introuvable", job.template)));
        }
        let mut files = HashMap::new();
        let data_id = file_id(&format!("{GENERATED_DIR}/data.json"))
            .ok_or_else(|| err("chemin de données invalide".into()))?;
        files.insert(data_id, MemFile::Bytes(Bytes::new(job.data.clone())));
        for (vpath, bytes) in &job.files {
            let id =
                file_id(vpath).ok_or_else(|| err(format!("chemin généré invalide : {vpath}")))?;
            files.insert(id, MemFile::Bytes(Bytes::new(bytes.clone())));
        }
        for (vpath, markup) in &job.bodies {
            let id =
                file_id(vpath).ok_or_else(|| err(format!("chemin généré invalide : {vpath}")))?;
            files.insert(id, MemFile::Source(Source::new(id, markup.clone())));
        }
        let world = DocWorld {
            engine: self,
            folder: job.folder,
            main,
            files,
            today: job.today,
            reads: Default::default(),
            templates_used: Default::default(),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let warnings = warned
            .warnings
            .iter()
            .filter(|w| w.severity == Severity::Warning)
            .map(|w| describe(&world, w, &job.body_sources))
            .collect();
        let document = warned.output.map_err(|errors| CompileError {
            problems: errors
                .iter()
                .map(|e| describe(&world, e, &job.body_sources))
                .collect(),
        })?;
        let parts = parts(&document);
        let reads = world
            .reads
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default();
        let templates = world
            .templates_used
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default();
        Ok(Rendered {
            document,
            parts,
            warnings,
            reads,
            templates,
            ident: job.ident.clone(),
            body_sources: job.body_sources.clone(),
        })
    }
}

/// Reads the part marks (`metadata((name:, title:)) <sio-part>`) and their pages.
fn parts(document: &PagedDocument) -> Vec<Part> {
    use typst::introspection::Introspector;
    let introspector = document.introspector();
    let Some(label) = Label::new(PicoStr::intern("sio-part")) else {
        return Vec::new();
    };
    let mut starts: Vec<(String, String, usize)> = introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let meta = content.to_packed::<MetadataElem>()?;
            let Value::Dict(dict) = &meta.value else {
                return None;
            };
            let text = |k: &str| match dict.get(k) {
                Ok(Value::Str(s)) => Some(s.to_string()),
                _ => None,
            };
            let page = introspector.page(content.location()?)?.get();
            Some((text("name")?, text("title").unwrap_or_default(), page))
        })
        .collect();
    starts.sort_by_key(|(_, _, p)| *p);
    let total = document.pages().len();
    let mut out: Vec<Part> = Vec::with_capacity(starts.len());
    for (i, (name, title, first)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map_or(total + 1, |(_, _, p)| *p);
        let last = next.saturating_sub(1).max(*first);
        out.push(Part {
            name: name.clone(),
            title: title.clone(),
            first_page: *first,
            last_page: last,
        });
    }
    out
}

/// A Typst diagnostic as a user reads it: the Markdown file it came from when the error is
/// in a converted body, the template (name and line) when it is in a template, never a
/// path inside the generated code or a CLI flag.
fn describe(
    world: &DocWorld,
    diag: &SourceDiagnostic,
    body_sources: &HashMap<String, PathBuf>,
) -> Problem {
    let message = without_build_paths(&diag.message.replace("--root", "dossier du candidat"));
    let Some(id) = diag.span.id() else {
        return Problem {
            file: None,
            message: message.to_string(),
        };
    };
    let vpath = id.vpath().get_with_slash().to_string();
    if let Some(md) = body_sources.get(&vpath) {
        return Problem {
            file: Some(md.clone()),
            message: format!("texte converti de la page : {message}"),
        };
    }
    let place = if vpath.starts_with(GENERATED_DIR) {
        let line = world
            .range(diag.span)
            .and_then(|r| {
                world
                    .source(id)
                    .ok()
                    .and_then(|s| s.lines().byte_to_line(r.start))
            })
            .map_or(String::new(), |l| format!(", ligne {}", l + 1));
        format!(
            "modèle {}{line}",
            vpath
                .trim_start_matches(GENERATED_DIR)
                .trim_start_matches('/')
        )
    } else {
        format!("fichier {vpath}")
    };
    Problem {
        file: None,
        message: format!("{place} : {message}"),
    }
}

impl Rendered {
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// The whole document as PDF (tagged, for accessibility). The livrables are cut
    /// from it by [`crate::render::Cutter`], not exported again. Fails when Typst's
    /// tagged export refuses the document; [`Rendered::pdf_or_untagged`] does not.
    pub fn pdf(&self) -> Result<Vec<u8>, CompileError> {
        self.export(true)
    }

    /// [`Rendered::pdf`], or, when Typst's tagged export refuses the document (a
    /// structure it cannot tag), the same document untagged, with a warning naming the
    /// page: a page must never cost the candidate's dossier.
    pub fn pdf_or_untagged(&mut self) -> Result<Vec<u8>, CompileError> {
        match self.export(true) {
            Ok(pdf) => Ok(pdf),
            Err(tagged) => {
                let pdf = self.export(false)?;
                for problem in tagged.problems {
                    self.warnings.push(Problem {
                        message: format!(
                            "PDF produit sans balisage d'accessibilité (l'export balisé a échoué : {})",
                            problem.message.trim_start_matches("export PDF : ")
                        ),
                        ..problem
                    });
                }
                Ok(pdf)
            }
        }
    }

    fn export(&self, tagged: bool) -> Result<Vec<u8>, CompileError> {
        let options = PdfOptions {
            ident: Smart::Custom(self.ident.clone()),
            tagged,
            creator: Smart::Custom(Some("sio-dossier".into())),
            timestamp: None,
            ..PdfOptions::default()
        };
        let exported = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            typst_pdf::pdf(&self.document, &options)
        }))
        .map_err(|_| CompileError::one("erreur interne pendant l'export PDF".into()))?;
        exported.map_err(|errors| CompileError {
            problems: errors
                .iter()
                .map(|e| Problem {
                    file: e
                        .span
                        .id()
                        .and_then(|id| self.body_sources.get(id.vpath().get_with_slash()))
                        .cloned(),
                    message: format!("export PDF : {}", without_build_paths(&e.message)),
                })
                .collect(),
        })
    }
}

/// Typst's internal errors end with where they occurred in Typst's own sources
/// (`(occurred at /home/…/typst-pdf-0.15.1/src/…)`): a path of the machine the tool was
/// built on, meaningless to a teacher. It is cut.
fn without_build_paths(message: &str) -> String {
    let cut = message.find("(occurred at").unwrap_or(message.len());
    message.get(..cut).unwrap_or(message).trim_end().to_owned()
}
