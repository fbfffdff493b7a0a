//! The import summary, in French: every page placed or left out with its reason, the
//! files copied, the identity file, what is worth knowing.

use std::fmt::Write as _;
use std::path::Path;

use super::{ImportPlan, PagePlacement};

impl ImportPlan {
    /// The mapping, in French, as printed by `import` (and by `import --dry-run`).
    pub fn summary_fr(&self, out: &Path) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Site {} « {} » → dossier du candidat « {} »",
            self.flavour.label_fr(),
            self.site.display(),
            out.display()
        );
        let epreuves: Vec<&PagePlacement> = self
            .pages
            .iter()
            .filter(|p| p.target.starts_with("epreuves/"))
            .collect();
        let missions: Vec<&PagePlacement> = self
            .pages
            .iter()
            .filter(|p| p.target.starts_with("missions/"))
            .collect();
        for (title, list) in [("Pages d'épreuve", epreuves), ("Réalisations", missions)] {
            let _ = writeln!(s, "\n{title} ({}) :", list.len());
            for p in list {
                let _ = writeln!(s, "  {}  →  {}\n      {}", p.source, p.target, p.note);
            }
        }
        let width = self
            .files
            .iter()
            .map(|f| f.source.chars().count())
            .max()
            .unwrap_or(0);
        let _ = writeln!(s, "\nFichiers cités ({}) :", self.files.len());
        for f in &self.files {
            let n = f.source.chars().count();
            let _ = writeln!(
                s,
                "  {}{}  →  {}",
                f.source,
                " ".repeat(width.saturating_sub(n)),
                f.target
            );
        }
        let _ = writeln!(s, "\nIdentité : {}", self.candidat);
        if !self.notes.is_empty() {
            let _ = writeln!(s, "\nÀ savoir :");
            for n in &self.notes {
                let _ = writeln!(s, "  {n}");
            }
        }
        let _ = writeln!(s, "\nNon placé ({}) :", self.unplaced.len());
        if self.unplaced.is_empty() {
            let _ = writeln!(
                s,
                "  rien : tout le contenu utile du site a trouvé sa place"
            );
        }
        for u in &self.unplaced {
            let _ = writeln!(s, "  {} : {}", u.what, u.reason);
        }
        s
    }
}
