//! Is a candidate ready? The rules a teacher checks before the dossiers are handed in
//! (official-forms.md): every bloc 1 competence covered by at least one realisation of the
//! tableau (E5); exactly two realisations for E6 which, together, mobilise every bloc 2
//! competence of the option (annexe VII of the 2026 circulaire); a candidate number, no
//! unknown competence code, no draft left, and no number shared with another candidate of
//! the class.

use crate::diagnostics::Diagnostic;
use crate::model::competence::{Bloc1, Bloc2};
use crate::model::dossier::Dossier;
use crate::model::mission::Mission;
use crate::model::session::Numbering;

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
    /// Bloc 2 competences (labels) of the option that the two E6 realisations leave out.
    Bloc2NonCouvert(Vec<String>),
    /// More than two E6 realisations (titles); the first two listed are the ones checked.
    PlusDeDeuxE6(Vec<String>),
    CompetencesInconnues(Vec<String>),
    Brouillons(usize),
}

impl Flag {
    /// Whether the dossier cannot be handed in as it is (as opposed to worth a look).
    pub fn blocking(&self) -> bool {
        !matches!(
            self,
            Flag::Brouillons(_) | Flag::CompetencesInconnues(_) | Flag::PlusDeDeuxE6(_)
        )
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
            Flag::Bloc2NonCouvert(list) => format!(
                "compétence(s) du bloc 2 non couverte(s) par les deux réalisations E6 : {}",
                list.join(" ; ")
            ),
            Flag::PlusDeDeuxE6(titles) => format!(
                "{} réalisations E6 au lieu de deux (retenues : {})",
                titles.len(),
                titles
                    .iter()
                    .take(2)
                    .map(|t| format!("« {t} »"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
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
        let flags = flags(dossier, &bloc1, e6);
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

/// The flags of a dossier whose E5 realisations cover bloc 1 as `bloc1` counts and which
/// has `e6` realisations for E6, in the order a teacher fixes them.
fn flags(dossier: &Dossier, bloc1: &[usize], e6: usize) -> Vec<Flag> {
    let mut flags = Vec::new();
    if dossier.candidate.numero.is_none() {
        flags.push(Flag::NumeroManquant);
    }
    let missing: Vec<String> = Bloc1::ALL
        .iter()
        .zip(bloc1)
        .filter(|(_, n)| **n == 0)
        .map(|(b, _)| b.label().to_string())
        .collect();
    if !missing.is_empty() {
        flags.push(Flag::CompetencesNonCouvertes(missing));
    }
    if e6 < 2 {
        flags.push(Flag::MoinsDeDeuxE6(e6));
    }
    let chosen = chosen_e6(dossier);
    if e6 > 2 {
        flags.push(Flag::PlusDeDeuxE6(e6_titles(dossier, &chosen)));
    }
    // With fewer than two, the count is what to fix first (flagged above).
    let uncovered = uncovered_bloc2(dossier, &chosen);
    if e6 >= 2 && !uncovered.is_empty() {
        flags.push(Flag::Bloc2NonCouvert(
            uncovered.iter().map(|b| b.label().to_string()).collect(),
        ));
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
    flags
}

/// The titles of every E6 realisation, the `chosen` two first.
fn e6_titles(dossier: &Dossier, chosen: &[&Mission]) -> Vec<String> {
    let others = dossier
        .missions
        .iter()
        .filter(|m| m.epreuves.option && !chosen.iter().any(|c| std::ptr::eq(*c, *m)));
    chosen
        .iter()
        .copied()
        .chain(others)
        .map(|m| m.title.clone())
        .collect()
}

/// The two E6 realisations the épreuve is on: those numbered 1 and 2 by the student,
/// else the first ones by date (the order of `dossier.missions`). All of them when
/// there are fewer than two.
pub fn chosen_e6(dossier: &Dossier) -> Vec<&Mission> {
    let e6: Vec<&Mission> = dossier
        .missions
        .iter()
        .filter(|m| m.epreuves.option)
        .collect();
    let mut chosen: Vec<&Mission> = [1, 2]
        .iter()
        .filter_map(|&n| e6.iter().find(|m| m.numero == Some(n)).copied())
        .collect();
    for m in &e6 {
        if chosen.len() >= 2 {
            break;
        }
        if !chosen.iter().any(|c| std::ptr::eq(*c, *m)) {
            chosen.push(m);
        }
    }
    // Fiche order: by number, then by date.
    chosen.sort_by_key(|m| m.numero.unwrap_or(u32::MAX));
    chosen
}

/// Bloc 2 competences of the candidate's option that none of `chosen` ticks.
fn uncovered_bloc2(dossier: &Dossier, chosen: &[&Mission]) -> Vec<Bloc2> {
    Bloc2::of_option(dossier.candidate.option)
        .into_iter()
        .filter(|&b| !chosen.iter().any(|m| m.has_bloc2(b)))
        .collect()
}

/// The readiness flags that no other diagnostic reports yet, as warnings: a bloc 1
/// competence covered by no realisation of the tableau, fewer than two realisations for
/// the option épreuve. (A missing number, unknown codes and drafts are reported where
/// they are found.)
pub fn readiness_diagnostics(dossier: &Dossier, readiness: &Readiness) -> Vec<Diagnostic> {
    let numbering = dossier.candidate.session.numbering();
    let mut out = uncovered_bloc1_warnings(readiness, numbering);
    for flag in &readiness.flags {
        match flag {
            Flag::PlusDeDeuxE6(titles) => out.push(too_many_e6(titles, numbering)),
            Flag::Bloc2NonCouvert(labels) => out.push(uncovered_bloc2_error(dossier, labels)),
            _ => {}
        }
    }
    if readiness.e6 < 2 {
        out.push(too_few_e6(dossier, readiness.e6));
    }
    out
}

/// One warning per bloc 1 competence no realisation of the tableau covers.
fn uncovered_bloc1_warnings(readiness: &Readiness, numbering: &Numbering) -> Vec<Diagnostic> {
    Bloc1::ALL
        .iter()
        .zip(&readiness.bloc1)
        .filter(|(_, n)| **n == 0)
        .map(|(b, _)| {
            Diagnostic::warning(format!(
                "compétence du bloc 1 « {} » couverte par aucune réalisation de l'épreuve {}",
                b.label(),
                numbering.epreuve_support
            ))
            .with_hint(format!(
                "ajoutez « {} » aux compétences d'une mission « epreuve: {} » qui la mobilise",
                b.code(),
                numbering.epreuve_support
            ))
        })
        .collect()
}

/// More than two E6 realisations (`titles`, the two checked first).
fn too_many_e6(titles: &[String], numbering: &Numbering) -> Diagnostic {
    Diagnostic::warning(format!(
        "{} réalisations pour l'épreuve {} : il en faut deux ({}) ; seules « {} » et « {} » sont vérifiées",
        titles.len(),
        numbering.epreuve_option,
        titles.iter().map(|t| format!("« {t} »")).collect::<Vec<_>>().join(", "),
        titles[0],
        titles[1],
    ))
    .with_hint(format!(
        "gardez « epreuve: {} » sur les deux réalisations présentées seulement, ou donnez-leur « numero: 1 » et « numero: 2 »",
        numbering.epreuve_option
    ))
}

/// Bloc 2 competences (`labels`) the two E6 realisations leave out, with their codes.
fn uncovered_bloc2_error(dossier: &Dossier, labels: &[String]) -> Diagnostic {
    let numbering = dossier.candidate.session.numbering();
    let codes: Vec<&str> = Bloc2::of_option(dossier.candidate.option)
        .into_iter()
        .filter(|b| labels.iter().any(|l| l == b.label()))
        .map(Bloc2::code)
        .collect();
    Diagnostic::error(format!(
        "les deux réalisations de l'épreuve {} ne couvrent pas le bloc 2 de l'option {} : {} non mobilisée(s)",
        numbering.epreuve_option,
        dossier.candidate.option.code(),
        labels.iter().map(|l| format!("« {l} »")).collect::<Vec<_>>().join(", "),
    ))
    .with_hint(format!(
        "à elles deux, les réalisations présentées doivent mobiliser toutes les compétences du bloc 2 : ajoutez {} aux compétences de la réalisation qui les met en œuvre",
        codes.iter().map(|c| format!("« {c} »")).collect::<Vec<_>>().join(", ")
    ))
}

/// Fewer than two E6 realisations (`e6`): the hint names those to choose from.
fn too_few_e6(dossier: &Dossier, e6: usize) -> Diagnostic {
    let numbering = dossier.candidate.session.numbering();
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
    Diagnostic::warning(format!(
        "{} réalisation(s) pour l'épreuve {} : il en faut deux, choisies par le candidat",
        e6, numbering.epreuve_option
    ))
    .with_hint(hint)
}
