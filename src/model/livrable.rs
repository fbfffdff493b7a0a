//! The livrables the tool produces itself, and the numbering of the fiches they are cut
//! from: one place for their file names (`SYNTHESE.pdf`, `SYNTHESE.xlsx`, `proN.pdf`) and
//! for the marks of the support dossier they come from (`synthese`, `fiche-N`), so that
//! validation (a page may cite them before they exist), the link resolver, the cut and the
//! package all agree.

use std::path::Path;

use crate::model::Mission;

/// A file of the package that sio-dossier makes, which a student's page may link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Livrable {
    /// `SYNTHESE.pdf`: the tableau de synthèse, cut from the support dossier.
    SynthesePdf,
    /// `SYNTHESE.xlsx`: the same tableau as the official spreadsheet.
    SyntheseXlsx,
    /// `proN.pdf`: the fiche numbered N (from 1) of the support dossier, cut from it.
    Fiche(usize),
}

/// The mark of the tableau in a dossier (the templates' `part(d.tableau.part, …)`).
pub const SYNTHESE_PART: &str = "synthese";
/// The prefix of a fiche's mark (the templates' `part(f.part, …)`).
const FICHE_PART_PREFIX: &str = "fiche-";

/// The mark of fiche `numero` in a dossier (`fiche-2`): the templates receive it, the
/// support dossier's is cut as `pro2.pdf`.
pub fn fiche_part(numero: u32) -> String {
    format!("{FICHE_PART_PREFIX}{numero}")
}

impl Livrable {
    /// The file name in the package.
    pub fn file_name(self) -> String {
        match self {
            Livrable::SynthesePdf => "SYNTHESE.pdf".into(),
            Livrable::SyntheseXlsx => "SYNTHESE.xlsx".into(),
            Livrable::Fiche(n) => format!("pro{n}.pdf"),
        }
    }

    /// The livrable a file name stands for (`pro3.pdf` → the third fiche); `pro0.pdf` and
    /// other names are files of the candidate.
    pub fn from_file_name(name: &str) -> Option<Self> {
        match name {
            "SYNTHESE.pdf" => Some(Livrable::SynthesePdf),
            "SYNTHESE.xlsx" => Some(Livrable::SyntheseXlsx),
            _ => name
                .strip_prefix("pro")?
                .strip_suffix(".pdf")?
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .map(Livrable::Fiche),
        }
    }

    /// The livrable a virtual path names, wherever it points (`/assets/livrables/pro2.pdf`):
    /// such a path is never looked for on disk.
    pub fn of_path(vpath: &str) -> Option<Self> {
        let name = Path::new(vpath).file_name().and_then(|s| s.to_str());
        Self::from_file_name(name.unwrap_or_default())
    }

    /// The PDF livrable cut from a part of the support dossier (`synthese`, `fiche-2`).
    pub fn of_support_part(part: &str) -> Option<Self> {
        if part == SYNTHESE_PART {
            return Some(Livrable::SynthesePdf);
        }
        part.strip_prefix(FICHE_PART_PREFIX)?
            .parse()
            .ok()
            .map(Livrable::Fiche)
    }

    /// Whether this run produces it, when `fiches` realisations are presented for the
    /// support épreuve.
    pub fn is_produced(self, fiches: usize) -> bool {
        match self {
            Livrable::Fiche(n) => n <= fiches,
            Livrable::SynthesePdf | Livrable::SyntheseXlsx => true,
        }
    }
}

/// The fiches of a dossier in order, with their number: the student's `numero` when set,
/// then the free numbers in the given order (by date). `selected` pairs each mission with
/// its position in the dossier, which is kept.
pub fn number_fiches(mut selected: Vec<(usize, &Mission)>) -> Vec<(u32, usize, &Mission)> {
    // Missions with an explicit number first in that order, then by date (already sorted).
    selected.sort_by_key(|(i, m)| (m.numero.unwrap_or(u32::MAX), *i));
    let mut used: Vec<u32> = selected.iter().filter_map(|(_, m)| m.numero).collect();
    let mut next = 1;
    selected
        .into_iter()
        .map(|(i, m)| {
            let n = m.numero.unwrap_or_else(|| {
                while used.contains(&next) {
                    next += 1;
                }
                used.push(next);
                next
            });
            (n, i, m)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produced_livrables_are_named_once() {
        let of = Livrable::of_path;
        assert_eq!(
            of("/assets/livrables/SYNTHESE.pdf"),
            Some(Livrable::SynthesePdf)
        );
        assert_eq!(of("/SYNTHESE.xlsx"), Some(Livrable::SyntheseXlsx));
        assert_eq!(of("/assets/livrables/pro2.pdf"), Some(Livrable::Fiche(2)));
        assert_eq!(of("/assets/livrables/procedure.pdf"), None);
        assert_eq!(of("pro0.pdf"), None);
        for l in [
            Livrable::SynthesePdf,
            Livrable::SyntheseXlsx,
            Livrable::Fiche(3),
        ] {
            assert_eq!(Livrable::from_file_name(&l.file_name()), Some(l));
        }
    }

    #[test]
    fn support_parts_give_the_pdf_livrables() {
        assert_eq!(
            Livrable::of_support_part("synthese"),
            Some(Livrable::SynthesePdf)
        );
        assert_eq!(
            Livrable::of_support_part("fiche-4").map(Livrable::file_name),
            Some("pro4.pdf".into())
        );
        assert_eq!(Livrable::of_support_part("presentation"), None);
        assert_eq!(Livrable::of_support_part("epreuve"), None);
        assert_eq!(
            Livrable::of_support_part(&fiche_part(7)),
            Some(Livrable::Fiche(7))
        );
    }

    #[test]
    fn only_presented_fiches_are_produced() {
        assert!(Livrable::Fiche(2).is_produced(2));
        assert!(!Livrable::Fiche(3).is_produced(2));
        assert!(Livrable::SyntheseXlsx.is_produced(0));
    }
}
