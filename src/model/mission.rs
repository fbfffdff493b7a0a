//! Missions (réalisations professionnelles) and épreuve pages.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::model::competence::{Bloc1, Bloc2, Competence};

/// Which épreuves a mission is presented for. At least one is set (checked when built).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Epreuves {
    /// The support épreuve (E5 from 2025): a row of the tableau de synthèse.
    pub support: bool,
    /// The option épreuve (E6 from 2025): a fiche descriptive.
    pub option: bool,
}

/// The section of the tableau de synthèse a mission belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Contexte {
    /// « Réalisation en cours de formation ».
    Formation,
    /// « Réalisations en milieu professionnel en cours de première année ».
    Pro1,
    /// « Réalisations en milieu professionnel en cours de seconde année ».
    Pro2,
}

impl Contexte {
    pub const ALL: [Contexte; 3] = [Contexte::Formation, Contexte::Pro1, Contexte::Pro2];

    pub fn code(self) -> &'static str {
        match self {
            Contexte::Formation => "formation",
            Contexte::Pro1 => "pro1",
            Contexte::Pro2 => "pro2",
        }
    }

    /// The section title, verbatim from the official tableau.
    pub fn section_title(self) -> &'static str {
        match self {
            Contexte::Formation => "Réalisation en cours de formation",
            Contexte::Pro1 => "Réalisations en milieu professionnel en cours de première année",
            Contexte::Pro2 => "Réalisations en milieu professionnel en cours de seconde année",
        }
    }
}

/// Alone or in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modalite {
    Seul,
    Equipe,
}

impl Modalite {
    pub fn parse(text: &str) -> Option<Self> {
        match deunicode::deunicode(text.trim())
            .to_ascii_lowercase()
            .as_str()
        {
            "seul" | "seule" | "seul(e)" | "individuel" | "individuelle" => Some(Modalite::Seul),
            "equipe" | "en equipe" | "binome" | "groupe" => Some(Modalite::Equipe),
            _ => None,
        }
    }
}

/// A professional realisation, validated.
#[derive(Debug, Clone)]
pub struct Mission {
    /// File stem, used in `/missions/<slug>/` links.
    pub slug: String,
    /// Path relative to the candidate folder, for messages.
    pub source: PathBuf,
    pub title: String,
    /// Missing or unreadable dates are reported; such missions sort last.
    pub date: Option<NaiveDate>,
    pub description: Option<String>,
    /// As written (`periode`), or built from `debut`/`fin`: printed on the fiche.
    pub periode: Option<String>,
    /// First and last day, read from `periode`, `debut`/`fin` or else `date`: the
    /// tableau prints them « du JJ/MM/AA au JJ/MM/AA ».
    pub dates: Option<(NaiveDate, NaiveDate)>,
    pub organisation: Option<String>,
    pub lieu: Option<String>,
    pub modalite: Option<Modalite>,
    pub epreuves: Epreuves,
    pub contexte: Contexte,
    /// Number of the realisation on its fiche, when the student set it.
    pub numero: Option<u32>,
    /// Known competences, without duplicates, in the order written.
    pub competences: Vec<Competence>,
    /// Codes written that match no competence (reported; counted in the class report).
    pub unknown_competences: Vec<String>,
    pub ressources: Vec<String>,
    pub resultats_attendus: Option<String>,
    /// Paths under `/assets/`, as written (checked to exist inside the candidate folder).
    pub livrables: Vec<String>,
    /// Markdown body (front matter removed).
    pub body: String,
    /// 1-based line of the body's first line in the source file.
    pub body_line: usize,
}

impl Mission {
    pub fn has_bloc1(&self, c: Bloc1) -> bool {
        self.competences.contains(&Competence::Bloc1(c))
    }

    pub fn has_bloc2(&self, c: Bloc2) -> bool {
        self.competences.contains(&Competence::Bloc2(c))
    }
}

/// One of the two épreuve pages (`epreuves/e5.md`, `epreuves/e6.md`).
#[derive(Debug, Clone)]
pub struct EpreuvePage {
    pub source: PathBuf,
    pub title: String,
    pub body: String,
    pub body_line: usize,
}
