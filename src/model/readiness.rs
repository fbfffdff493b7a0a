//! Is a candidate ready? The rules a teacher checks before the dossiers are handed in
//! (official-forms.md): every bloc 1 competence covered by at least one realisation of the
//! tableau (E5), two realisations for E6, a candidate number, no unknown competence code,
//! no draft left, and no number shared with another candidate of the class.

use crate::diagnostics::Diagnostic;
use crate::model::build::Dossier;
use crate::model::competence::Bloc1;

/// A reason a candidate is not ready, in the order a teacher fixes them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Flag {
    /// The build failed: no dossier.
    Echec,
    NumeroManquant,
    NumeroEnDouble(String),
    /// Bloc 1 competences (labels) covered by no E5 realisation.
    CompetencesNonCouvertes(Vec<String>),
    MoinsDeDeuxE6(usize),
    CompetencesInconnues(Vec<String>),
    Brouillons(usize),
}

impl Flag {
    /// Whether the dossier cannot be handed in as it is (as opposed to worth a look).
    pub fn blocking(&self) -> bool {
        !matches!(self, Flag::Brouillons(_) | Flag::CompetencesInconnues(_))
    }

    pub fn message_fr(&self) -> String {
        match self {
            Flag::Echec => "dossiers non produits (voir les erreurs)".into(),
            Flag::NumeroManquant => "numéro de candidat manquant".into(),
            Flag::NumeroEnDouble(n) => format!("numéro {n} partagé avec un autre candidat"),
            Flag::CompetencesNonCouvertes(list) => {
                format!(
                    "compétence(s) du bloc 1 non couverte(s) : {}",
                    list.join(" ; ")
                )
            }
            Flag::MoinsDeDeuxE6(n) => format!("{n} réalisation(s) E6 au lieu de deux"),
            Flag::CompetencesInconnues(codes) => {
                format!("code(s) de compétence inconnu(s) : {}", codes.join(", "))
            }
            Flag::Brouillons(n) => format!("{n} brouillon(s) non imprimé(s)"),
        }
    }
}

/// The figures of one candidate for the class report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Readiness {
    /// E5 realisations covering each bloc 1 competence, in `Bloc1::ALL` order.
    pub bloc1: Vec<usize>,
    pub e5: usize,
    pub e6: usize,
    pub flags: Vec<Flag>,
}

impl Readiness {
    pub fn of(dossier: &Dossier) -> Self {
        let e5: Vec<_> = dossier
            .missions
            .iter()
            .filter(|m| m.epreuves.support)
            .collect();
        let e6 = dossier
            .missions
            .iter()
            .filter(|m| m.epreuves.option)
            .count();
        let bloc1: Vec<usize> = Bloc1::ALL
            .iter()
            .map(|&b| e5.iter().filter(|m| m.has_bloc1(b)).count())
            .collect();
        let mut flags = Vec::new();
        if dossier.candidate.numero.is_none() {
            flags.push(Flag::NumeroManquant);
        }
        let missing: Vec<String> = Bloc1::ALL
            .iter()
            .zip(&bloc1)
            .filter(|(_, n)| **n == 0)
            .map(|(b, _)| b.label().to_string())
            .collect();
        if !missing.is_empty() {
            flags.push(Flag::CompetencesNonCouvertes(missing));
        }
        if e6 < 2 {
            flags.push(Flag::MoinsDeDeuxE6(e6));
        }
        let unknown: Vec<String> = dossier
            .missions
            .iter()
            .flat_map(|m| m.unknown_competences.iter().cloned())
            .collect();
        if !unknown.is_empty() {
            flags.push(Flag::CompetencesInconnues(unknown));
        }
        if !dossier.drafts.is_empty() {
            flags.push(Flag::Brouillons(dossier.drafts.len()));
        }
        Self {
            bloc1,
            e5: e5.len(),
            e6,
            flags,
        }
    }

    pub fn ready(&self) -> bool {
        !self.flags.iter().any(Flag::blocking)
    }
}

/// The readiness flags that no other diagnostic reports yet, as warnings: a bloc 1
/// competence covered by no realisation of the tableau, fewer than two realisations for
/// the option épreuve. (A missing number, unknown codes and drafts are reported where
/// they are found.)
pub fn readiness_diagnostics(dossier: &Dossier, readiness: &Readiness) -> Vec<Diagnostic> {
    let numbering = dossier.candidate.session.numbering();
    let mut out = Vec::new();
    for (b, n) in Bloc1::ALL.iter().zip(&readiness.bloc1) {
        if *n == 0 {
            out.push(
                Diagnostic::warning(format!(
                    "compétence du bloc 1 « {} » couverte par aucune réalisation de l'épreuve {}",
                    b.label(),
                    numbering.epreuve_support
                ))
                .with_hint(format!(
                    "ajoutez « {} » aux compétences d'une mission « epreuve: {} » qui la mobilise",
                    b.code(),
                    numbering.epreuve_support
                )),
            );
        }
    }
    if readiness.e6 < 2 {
        let mut hint = format!(
            "ajoutez « epreuve: {} » (ou « [{}, {}] ») aux missions qui la concernent",
            numbering.epreuve_option, numbering.epreuve_support, numbering.epreuve_option
        );
        // The candidate chooses the two: name the réalisations to choose from.
        let candidates: Vec<String> = dossier
            .missions
            .iter()
            .filter(|m| !m.epreuves.option)
            .map(|m| format!("« {} » ({})", m.title, m.source.display()))
            .collect();
        if !candidates.is_empty() {
            hint.push_str(&format!(
                " ; réalisations parmi lesquelles choisir : {}",
                candidates.join(", ")
            ));
        }
        out.push(
            Diagnostic::warning(format!(
                "{} réalisation(s) pour l'épreuve {} : il en faut deux, choisies par le candidat",
                readiness.e6, numbering.epreuve_option
            ))
            .with_hint(hint),
        );
    }
    out
}
