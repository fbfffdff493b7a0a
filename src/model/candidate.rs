//! The candidate: identity, option, mode, session.

use crate::model::session::Session;

/// Option of the BTS SIO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OptionSio {
    /// Solutions d'infrastructure, systèmes et réseaux.
    Sisr,
    /// Solutions logicielles et applications métiers.
    Slam,
}

impl OptionSio {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "SISR" => Some(OptionSio::Sisr),
            "SLAM" => Some(OptionSio::Slam),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OptionSio::Sisr => "SISR",
            OptionSio::Slam => "SLAM",
        }
    }

    /// The letter of the fiche's annex: A for SISR, B for SLAM.
    pub fn annex_letter(self) -> &'static str {
        match self {
            OptionSio::Sisr => "A",
            OptionSio::Slam => "B",
        }
    }

    /// Title of the option's épreuve (E6 from 2025).
    pub fn epreuve_title(self) -> &'static str {
        match self {
            OptionSio::Sisr => "Administration des systèmes et des réseaux",
            OptionSio::Slam => "Conception et développement d'applications",
        }
    }
}

/// How the candidate is examined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Contrôle en cours de formation.
    Ccf,
    /// Épreuve ponctuelle.
    Ponctuel,
}

impl Mode {
    pub fn parse(text: &str) -> Option<Self> {
        let t = deunicode::deunicode(text.trim()).to_ascii_lowercase();
        match t.as_str() {
            "ccf" | "controle en cours de formation" => Some(Mode::Ccf),
            "ponctuel" | "ponctuelle" | "epreuve ponctuelle" => Some(Mode::Ponctuel),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Mode::Ccf => "CCF",
            Mode::Ponctuel => "ponctuel",
        }
    }
}

/// A candidate number: digits only, kept as text so that a leading zero survives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumeroCandidat(String);

impl NumeroCandidat {
    /// Accepts digits (spaces ignored); anything else is refused.
    pub fn parse(text: &str) -> Option<Self> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.is_empty() && digits.len() <= 20 && digits.chars().all(|c| c.is_ascii_digit()) {
            Some(NumeroCandidat(digits))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A candidate, as the forms print them.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub nom: String,
    pub prenom: String,
    /// Missing until the rectorat gives it: forms leave the field blank.
    pub numero: Option<NumeroCandidat>,
    pub option: OptionSio,
    pub mode: Mode,
    pub session: Session,
    pub centre: Option<String>,
    pub portfolio: Option<String>,
    pub organisation: Option<String>,
    pub tuteur: Option<String>,
}

impl Candidate {
    /// « NOM Prénom », as the forms print it.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.nom, self.prenom)
    }
}
