//! Laying out the documents of a candidate, in parallel, and cutting the livrables out of
//! the support dossier.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::cache::plan_key;
use super::plan::{DocPlan, Document};
use super::{BuildOptions, RunSettings};
use crate::input::Confined;
use crate::model::Livrable;
use crate::render::data::DossierKind;
use crate::render::{CompileError, Cutter, RenderJob};

/// What compiling one document gave.
#[derive(Clone)]
pub(super) struct Compiled {
    pub(super) pdf: Vec<u8>,
    /// Livrables cut from it (`SYNTHESE.pdf`, `proN.pdf`).
    pub(super) cuts: Vec<(String, Vec<u8>)>,
    pub(super) pages: usize,
    pub(super) warnings: Vec<crate::render::engine::Problem>,
    /// Candidate files Typst read (images).
    pub(super) reads: Vec<String>,
    /// The templates it was laid out from.
    pub(super) templates: Vec<String>,
}

/// A compiled document, and whether this run laid it out (`false`: taken from the cache).
pub(super) type Outcome = Result<(Compiled, bool), CompileError>;

/// What every document of a candidate is compiled with.
pub(super) struct CompileContext<'a> {
    pub(super) settings: &'a RunSettings<'a>,
    pub(super) options: &'a BuildOptions<'a>,
    pub(super) folder: &'a Confined,
    /// The package name, which prefixes the names Typst reports problems under.
    pub(super) name: &'a str,
    pub(super) date: NaiveDate,
}

/// Compiles every plan on the rayon pool, in plan order; `on_document` is called once per
/// document, laid out or taken from the cache.
pub(super) fn compile_all(
    plans: &[DocPlan],
    ctx: &CompileContext,
    on_document: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    plans
        .par_iter()
        .map(|plan| compile_cached(plan, ctx, on_document))
        .collect()
}

/// One document: from the cache when its inputs did not change, laid out otherwise (and
/// then put in the cache).
fn compile_cached(
    plan: &DocPlan,
    ctx: &CompileContext,
    on_document: &(dyn Fn() + Sync),
) -> Outcome {
    let key = plan_key(ctx.settings.engine, plan, ctx.date);
    let cache = ctx.options.cache;
    if let Some(hit) = cache.and_then(|c| c.get(plan.doc, &key, ctx.folder)) {
        on_document();
        return Ok((hit, false));
    }
    let result = compile_one(plan, ctx);
    on_document();
    let compiled = result?;
    if let Some(cache) = cache {
        cache.put(plan.doc, key, &compiled, ctx.folder);
    }
    Ok((compiled, true))
}

/// Lays out one document and cuts its livrables.
fn compile_one(plan: &DocPlan, ctx: &CompileContext) -> Result<Compiled, CompileError> {
    let school = &ctx.settings.school;
    let job = RenderJob {
        template: plan.doc.template(),
        data: plan.data.clone(),
        bodies: plan.bodies.clone(),
        files: school
            .logo
            .iter()
            .filter_map(|(_, bytes)| Some((school.logo_path()?, bytes.clone())))
            .collect(),
        body_sources: plan.body_sources.clone(),
        folder: ctx.folder,
        today: crate::render::typst_date(ctx.date),
        ident: format!("{}/{}", ctx.name, plan.doc.template()),
    };
    let mut r = ctx.settings.engine.compile(&job)?;
    let pdf = r.pdf_or_untagged()?;
    let cuts = cut_livrables(plan.doc, &r.parts, &pdf, &job.ident)?;
    Ok(Compiled {
        pdf,
        cuts,
        pages: r.page_count(),
        warnings: r.warnings,
        reads: r.reads,
        templates: r.templates,
    })
}

/// The livrables cut from a laid-out document's parts (none for most documents).
fn cut_livrables(
    doc: Document,
    parts: &[crate::render::engine::Part],
    pdf: &[u8],
    ident: &str,
) -> Result<Vec<(String, Vec<u8>)>, CompileError> {
    let wanted: Vec<_> = parts
        .iter()
        .filter_map(|part| Some((livrable_of_part(doc, &part.name)?, part)))
        .collect();
    let mut cuts = Vec::new();
    if !wanted.is_empty() {
        let cutter = Cutter::new(pdf)?;
        for (file, part) in wanted {
            let cut = cutter.cut(part.first_page, part.last_page, &format!("{ident}/{file}"));
            cuts.push((file, cut?));
        }
    }
    Ok(cuts)
}

/// The livrable file cut from a part of a dossier: only the support dossier has some.
fn livrable_of_part(doc: Document, part: &str) -> Option<String> {
    match doc {
        Document::Dossier(DossierKind::SupportExam) => {
            Livrable::of_support_part(part).map(Livrable::file_name)
        }
        _ => None,
    }
}
