//! The import summary, in French: every page placed or left out with its reason, the
//! files copied, the identity file, what is worth knowing.

use std::fmt;
use std::path::Path;

use super::{ImportPlan, PagePlacement};

impl ImportPlan {
    /// The mapping, in French, as printed by `import` (and by `import --dry-run`).
    pub fn summary_fr(&self, out: &Path) -> String {
        Summary { plan: self, out }.to_string()
    }
}

/// The summary as a `Display`, so each section is written with `?` and no write result
/// is dropped.
struct Summary<'a> {
    plan: &'a ImportPlan,
    out: &'a Path,
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plan = self.plan;
        writeln!(
            f,
            "Site {} « {} » → dossier du candidat « {} »",
            plan.flavour.label_fr(),
            plan.site.display(),
            self.out.display()
        )?;
        self.pages(f)?;
        self.files(f)?;
        writeln!(f, "\nIdentité : {}", plan.candidat)?;
        self.notes(f)?;
        self.unplaced(f)
    }
}

impl Summary<'_> {
    /// The épreuve pages, then the réalisations, each with where it goes and why.
    fn pages(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let under = |prefix: &str| -> Vec<&PagePlacement> {
            self.plan
                .pages
                .iter()
                .filter(|p| p.target.starts_with(prefix))
                .collect()
        };
        for (title, list) in [
            ("Pages d'épreuve", under("epreuves/")),
            ("Réalisations", under("missions/")),
        ] {
            writeln!(f, "\n{title} ({}) :", list.len())?;
            for p in list {
                writeln!(f, "  {}  →  {}\n      {}", p.source, p.target, p.note)?;
            }
        }
        Ok(())
    }

    /// The files cited, their sources aligned.
    fn files(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files = &self.plan.files;
        let width = files
            .iter()
            .map(|file| file.source.chars().count())
            .max()
            .unwrap_or(0);
        writeln!(f, "\nFichiers cités ({}) :", files.len())?;
        for file in files {
            let n = file.source.chars().count();
            writeln!(
                f,
                "  {}{}  →  {}",
                file.source,
                " ".repeat(width.saturating_sub(n)),
                file.target
            )?;
        }
        Ok(())
    }

    fn notes(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.plan.notes.is_empty() {
            return Ok(());
        }
        writeln!(f, "\nÀ savoir :")?;
        for n in &self.plan.notes {
            writeln!(f, "  {n}")?;
        }
        Ok(())
    }

    fn unplaced(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unplaced = &self.plan.unplaced;
        writeln!(f, "\nNon placé ({}) :", unplaced.len())?;
        if unplaced.is_empty() {
            writeln!(
                f,
                "  rien : tout le contenu utile du site a trouvé sa place"
            )?;
        }
        for u in unplaced {
            writeln!(f, "  {} : {}", u.what, u.reason)?;
        }
        Ok(())
    }
}
