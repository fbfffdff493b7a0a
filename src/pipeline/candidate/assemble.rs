//! The package's files: the PDFs laid out and the livrables cut from them, the
//! spreadsheet, the Typst sources, and the candidate files the pages bundle.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::CandidateReport;
use super::compile::{Compiled, Outcome};
use super::plan::DocPlan;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::Confined;
use crate::model::Livrable;
use crate::model::session::Numbering;
use crate::package::PackageFile;
use crate::render::{CompileError, Engine};

/// The files of a package, and whether a document failed (no package is written then).
#[derive(Default)]
pub(super) struct Assembled {
    pub(super) files: Vec<PackageFile>,
    pub(super) failed: bool,
}

/// Where assembled documents come from and what reports on them.
pub(super) struct Assembly<'a> {
    pub(super) engine: &'a Engine,
    pub(super) folder: &'a Confined,
    pub(super) numbering: &'a Numbering,
    pub(super) report: &'a mut CandidateReport,
    pub(super) diags: &'a mut Diagnostics,
}

impl Assembly<'_> {
    /// Every document of the plans with its compile result, then the bundled candidate
    /// files; fills the report's pages, PDFs and documents compiled.
    pub(super) fn run(mut self, plans: &[DocPlan], results: Vec<Outcome>) -> Assembled {
        let mut out = Assembled::default();
        for (plan, result) in plans.iter().zip(results) {
            // Templates to write as sources: the ones laid out, or all when layout failed.
            let templates_used = self.add_document(plan, result, &mut out);
            if let Some(xlsx) = &plan.xlsx {
                out.files.push(PackageFile {
                    path: Livrable::SyntheseXlsx.file_name(),
                    bytes: xlsx.clone(),
                });
            }
            self.add_sources(plan, templates_used.as_deref(), &mut out.files);
        }
        self.add_bundled(plans, &mut out.files);
        self.report.pdfs = out
            .files
            .iter()
            .filter(|f| f.path.ends_with(".pdf") && !f.path.contains('/'))
            .map(|f| f.path.clone())
            .collect();
        out
    }

    /// The PDF and its livrables, or the reasons it failed. Returns the templates it was
    /// laid out from (`None` when it failed).
    fn add_document(
        &mut self,
        plan: &DocPlan,
        result: Outcome,
        out: &mut Assembled,
    ) -> Option<Vec<String>> {
        let pdf_name = plan.doc.pdf_name(self.numbering);
        match result {
            Ok((compiled, fresh)) => {
                if fresh {
                    self.report.compiled.push(pdf_name.clone());
                }
                Some(self.add_compiled(pdf_name, compiled, &mut out.files))
            }
            Err(e) => {
                out.failed = true;
                self.add_failure(&pdf_name, e);
                None
            }
        }
    }

    fn add_compiled(
        &mut self,
        pdf_name: String,
        compiled: Compiled,
        files: &mut Vec<PackageFile>,
    ) -> Vec<String> {
        for w in compiled.warnings {
            self.diags.push(compile_diagnostic(
                Diagnostic::warning(format!("mise en page de {pdf_name} : {}", w.message)),
                w.file,
            ));
        }
        self.report.pages.push((pdf_name.clone(), compiled.pages));
        files.push(PackageFile {
            path: pdf_name,
            bytes: compiled.pdf,
        });
        files.extend(
            compiled
                .cuts
                .into_iter()
                .map(|(path, bytes)| PackageFile { path, bytes }),
        );
        compiled.templates
    }

    fn add_failure(&mut self, pdf_name: &str, e: CompileError) {
        for p in e.problems {
            self.diags.push(compile_diagnostic(
                Diagnostic::error(format!("{pdf_name} non produit : {}", p.message)),
                p.file,
            ));
        }
    }

    /// The Typst sources, so that a teacher can see and recompile what was laid out.
    fn add_sources(
        &self,
        plan: &DocPlan,
        templates_used: Option<&[String]>,
        files: &mut Vec<PackageFile>,
    ) {
        let dir = format!("sources/{}", plan.doc.template().trim_end_matches(".typ"));
        let used = |name: &String| templates_used.is_none_or(|t| t.contains(name));
        for (tname, text) in self.engine.template_texts().iter().filter(|(n, _)| used(n)) {
            files.push(PackageFile {
                path: format!("{dir}/_sio/{tname}"),
                bytes: text.clone().into_bytes(),
            });
        }
        files.push(PackageFile {
            path: format!("{dir}/_sio/data.json"),
            bytes: plan.data.clone(),
        });
        for (vpath, markup) in &plan.bodies {
            files.push(PackageFile {
                path: format!("{dir}{vpath}"),
                bytes: markup.clone().into_bytes(),
            });
        }
    }

    /// Candidate files the pages refer to (livrables, linked documents).
    fn add_bundled(&mut self, plans: &[DocPlan], files: &mut Vec<PackageFile>) {
        let bundled: BTreeSet<String> = plans
            .iter()
            .flat_map(|p| p.bundled.iter().cloned())
            .collect();
        // A candidate file named like a produced one (`/dossier-E5.pdf`, `/manifest.json`,
        // `/sources/…`) would replace it, or make the zip fail on a duplicate name.
        let produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        for vpath in bundled {
            let path = vpath.trim_start_matches('/').to_string();
            if produced.contains(&path) || path == "manifest.json" || path.starts_with("sources/") {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "livrable non joint : « {vpath} » porte le nom d'un fichier produit par sio-dossier"
                    ))
                    .with_hint("rangez vos livrables dans assets/livrables/"),
                );
                continue;
            }
            match self
                .folder
                .read(&vpath, crate::render::world::MAX_ASSET_BYTES)
            {
                Ok(bytes) => files.push(PackageFile { path, bytes }),
                Err(e) => self
                    .diags
                    .push(Diagnostic::warning(format!("livrable non joint : {e}"))),
            }
        }
    }
}

/// A Typst problem as the user reads it: placed in the Markdown file it came from, when it
/// came from one (the converted text should never fail: that is a fault of the tool).
fn compile_diagnostic(d: Diagnostic, file: Option<PathBuf>) -> Diagnostic {
    match file {
        Some(f) if !d.is_error() => d.in_file(f),
        Some(f) => d.in_file(f).with_hint(
            "le texte de cette page a été converti sans erreur, mais Typst le refuse : c'est un défaut de sio-dossier, signalez-le en joignant ce fichier",
        ),
        None => d,
    }
}
