//! Planning: a candidate's dossiers as documents ready to compile (typed data, converted
//! bodies, the files they bundle), before anything is laid out.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::School;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::Confined;
use crate::markdown::{self, Options};
use crate::model::session::Numbering;
use crate::model::{Dossier, Livrable};
use crate::package::xlsx::synthese_xlsx;
use crate::pipeline::resolve::PageResolver;
use crate::render::data::{
    DossierData, DossierKind, EPREUVE_BODY_PATH, EcoleData, dossier_data, mission_body_path,
    numbered_missions,
};

/// A PDF of the package laid out by Typst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Document {
    /// `dossier-E5.pdf`, `dossier-E6.pdf` (by session).
    Dossier(DossierKind),
    /// `dossier.pdf`: both dossiers in one printable document (`--print`).
    Print,
}

impl Document {
    pub fn template(self) -> &'static str {
        match self {
            Document::Dossier(kind) => kind.template(),
            Document::Print => "dossier-complet.typ",
        }
    }

    pub fn pdf_name(self, numbering: &Numbering) -> String {
        match self {
            Document::Dossier(DossierKind::SupportExam) => {
                format!("dossier-{}.pdf", numbering.epreuve_support)
            }
            Document::Dossier(DossierKind::OptionExam) => {
                format!("dossier-{}.pdf", numbering.epreuve_option)
            }
            Document::Print => "dossier.pdf".into(),
        }
    }
}

/// A document ready to compile.
pub(super) struct DocPlan {
    pub(super) doc: Document,
    /// The typed data of a dossier, kept for the combined dossier that includes it
    /// (`None` for the combined dossier itself).
    pub(super) typed: Option<DossierData>,
    /// `data.json`, as the template reads it and the package's `sources/` show it.
    pub(super) data: Vec<u8>,
    pub(super) bodies: Vec<(String, String)>,
    pub(super) body_sources: HashMap<String, PathBuf>,
    pub(super) bundled: BTreeSet<String>,
    /// Candidate files laid out as images (virtual paths).
    pub(super) images: BTreeSet<String>,
    /// `SYNTHESE.xlsx` (support dossier only): the official tableau is a spreadsheet.
    pub(super) xlsx: Option<Vec<u8>>,
}

/// What both dossiers of a candidate are planned with.
pub(super) struct PlanShared<'a> {
    pub(super) school: &'a School,
    pub(super) fonts: &'a typst::text::FontBook,
    /// One image budget for the candidate: its dossiers are laid out together.
    pub(super) budget: crate::render::budget::DocBudget,
}

/// A Markdown page of a dossier, before conversion.
struct PageSource<'a> {
    /// Where the template includes its converted body.
    vpath: String,
    source: &'a Path,
    body: &'a str,
    /// Line of the body's first line in the file, to place diagnostics.
    body_line: usize,
    title: &'a str,
}

/// The converted pages of a dossier and the candidate files they refer to.
#[derive(Default)]
struct Bodies {
    bodies: Vec<(String, String)>,
    body_sources: HashMap<String, PathBuf>,
    bundled: BTreeSet<String>,
    images: BTreeSet<String>,
}

/// Plans one dossier: its data, its pages converted, its `SYNTHESE.xlsx`.
pub(super) fn plan_document(
    dossier: &Dossier,
    kind: DossierKind,
    shared: &PlanShared,
    folder: &Confined,
    reported: &mut BTreeSet<PathBuf>,
    diags: &mut Diagnostics,
) -> DocPlan {
    let ecole = EcoleData {
        etablissement: shared.school.etablissement.clone(),
        logo: shared.school.logo_path(),
    };
    let data = dossier_data(dossier, kind, ecole);
    let mut out = Bodies::default();
    for l in numbered_missions(dossier, kind)
        .into_iter()
        .flat_map(|(_, _, m)| &m.livrables)
    {
        if Livrable::of_path(l).is_none() {
            out.bundled.insert(l.clone());
        }
    }
    let converter = PageConverter::new(dossier, shared, folder);
    for page in pages_of(dossier, kind) {
        converter.convert(page, &mut out, reported, diags);
    }
    let xlsx = match kind {
        DossierKind::SupportExam => match synthese_xlsx(&data) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                diags.push(Diagnostic::error(e.to_string()));
                None
            }
        },
        DossierKind::OptionExam => None,
    };
    DocPlan {
        doc: Document::Dossier(kind),
        data: serde_json::to_vec_pretty(&data).unwrap_or_default(),
        typed: Some(data),
        bodies: out.bodies,
        body_sources: out.body_sources,
        bundled: out.bundled,
        images: out.images,
        xlsx,
    }
}

/// The pages of a dossier in template order: the épreuve page, then its missions.
fn pages_of(dossier: &Dossier, kind: DossierKind) -> Vec<PageSource<'_>> {
    let page = match kind {
        DossierKind::SupportExam => &dossier.e5,
        DossierKind::OptionExam => &dossier.e6,
    };
    let epreuve = page.iter().map(|p| PageSource {
        vpath: EPREUVE_BODY_PATH.to_string(),
        source: &p.source,
        body: &p.body,
        body_line: p.body_line,
        title: &p.title,
    });
    let missions = numbered_missions(dossier, kind)
        .into_iter()
        .map(|(_, index, m)| PageSource {
            vpath: mission_body_path(index),
            source: &m.source,
            body: &m.body,
            body_line: m.body_line,
            title: &m.title,
        });
    epreuve.chain(missions).collect()
}

/// Converts a dossier's pages to Typst markup, with what every page needs to resolve its
/// links (the missions' titles, the number of `proN.pdf`).
struct PageConverter<'a> {
    shared: &'a PlanShared<'a>,
    folder: &'a Confined,
    produced_pros: usize,
    titles: Vec<(String, String)>,
}

impl<'a> PageConverter<'a> {
    fn new(dossier: &Dossier, shared: &'a PlanShared<'a>, folder: &'a Confined) -> Self {
        Self {
            shared,
            folder,
            produced_pros: numbered_missions(dossier, DossierKind::SupportExam).len(),
            titles: dossier
                .missions
                .iter()
                .map(|m| (m.slug.clone(), m.title.clone()))
                .collect(),
        }
    }

    /// Converts one page into `out`; its problems are reported once per file (a mission
    /// in both dossiers is converted twice).
    fn convert(
        &self,
        page: PageSource,
        out: &mut Bodies,
        reported: &mut BTreeSet<PathBuf>,
        diags: &mut Diagnostics,
    ) {
        let page_dir = page
            .source
            .parent()
            .map_or("/".to_string(), |p| format!("/{}", p.to_string_lossy()));
        let resolver = PageResolver::new(
            self.folder,
            page_dir,
            self.produced_pros,
            self.titles.clone(),
        )
        .with_budget(&self.shared.budget);
        let options = Options {
            drop_title: Some(page.title.to_string()),
            heading_offset: 2,
        };
        let converted = markdown::to_typst(page.body, &options, &resolver);
        let at = |line: usize| line + page.body_line - 1;
        if reported.insert(page.source.to_path_buf()) {
            for w in converted.warnings {
                let d = Diagnostic::warning(w.message.clone())
                    .in_file(page.source)
                    .at(at(w.line), None);
                diags.push(if w.kind == markdown::WarningKind::ImageNotFound {
                    d.with_hint(crate::validate::MISSING_FILE_HINT)
                } else {
                    d
                });
            }
            for (line, chars) in crate::render::fonts::uncovered(page.body, self.shared.fonts) {
                diags.push(
                    Diagnostic::warning(format!(
                        "caractères absents des polices, imprimés comme des cases vides : {}",
                        chars.iter().collect::<String>()
                    ))
                    .in_file(page.source)
                    .at(at(line), None)
                    .with_hint(crate::render::fonts::FONT_PATH_HINT),
                );
            }
            for (message, url, line) in resolver.problems.into_inner() {
                diags.push(
                    Diagnostic::warning(message)
                        .in_file(page.source)
                        .at(at(line), None)
                        .about(url),
                );
            }
        }
        out.bundled.extend(resolver.bundled.into_inner());
        out.images.extend(resolver.images.into_inner());
        out.body_sources
            .insert(page.vpath.clone(), page.source.to_path_buf());
        out.bodies.push((page.vpath, converted.markup));
    }
}

/// Virtual paths of the two épreuve pages in the combined dossier, where both are included.
const PRINT_EPREUVE_BODIES: [(DossierKind, &str, &str); 2] = [
    (
        DossierKind::SupportExam,
        "support",
        "/_sio/body/epreuve-support.typ",
    ),
    (
        DossierKind::OptionExam,
        "option",
        "/_sio/body/epreuve-option.typ",
    ),
];

/// The combined printable dossier, from the plans of the two dossiers: their data side by
/// side (`support`, `option`), their bodies once each (a mission in both dossiers has the
/// same converted body), the two épreuve pages under their own paths.
pub(super) fn plan_print(plans: &[DocPlan]) -> DocPlan {
    let mut data = serde_json::Map::new();
    let mut bodies = BTreeMap::new();
    let mut body_sources = HashMap::new();
    for (kind, key, epreuve_path) in PRINT_EPREUVE_BODIES {
        let Some(plan) = plans.iter().find(|p| p.doc == Document::Dossier(kind)) else {
            continue;
        };
        let rename = |path: &str| {
            if path == EPREUVE_BODY_PATH {
                epreuve_path.to_string()
            } else {
                path.to_string()
            }
        };
        data.insert(key.into(), print_data(plan.typed.as_ref(), epreuve_path));
        for (path, markup) in &plan.bodies {
            bodies.insert(rename(path), markup.clone());
        }
        for (path, source) in &plan.body_sources {
            body_sources.insert(rename(path), source.clone());
        }
    }
    DocPlan {
        doc: Document::Print,
        typed: None,
        data: serde_json::to_vec_pretty(&data).unwrap_or_default(),
        bodies: bodies.into_iter().collect(),
        body_sources,
        bundled: BTreeSet::new(),
        images: plans
            .iter()
            .flat_map(|p| p.images.iter().cloned())
            .collect(),
        xlsx: None,
    }
}

/// A dossier's data inside the combined dossier: its épreuve page under its own path.
/// Turned into a JSON value (keys in alphabetical order) because the combined
/// `data.json` has always been written that way: same inputs, same bytes.
fn print_data(typed: Option<&DossierData>, epreuve_path: &str) -> serde_json::Value {
    let Some(typed) = typed else {
        return serde_json::Value::Null;
    };
    let mut typed = typed.clone();
    if let Some(page) = &mut typed.epreuve_page {
        page.body = epreuve_path.to_string();
    }
    serde_json::to_value(&typed).unwrap_or_default()
}
