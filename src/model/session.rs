//! The numbering of épreuves and annexes, which changes with the session
//! (official-forms.md, section 0). One table, keyed by session: templates never write a
//! number themselves.

/// The exam session (the year of the exam), validated against the numbering table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Session {
    year: u16,
    numbering: &'static Numbering,
}

/// Labels that depend on the session.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Numbering {
    pub year: u16,
    /// « Support et mise à disposition de services informatiques » (E4 before 2025, then E5).
    pub epreuve_support: &'static str,
    /// « Administration des systèmes et des réseaux » / « Conception et développement
    /// d'applications » (E5 before 2025, then E6).
    pub epreuve_option: &'static str,
    /// Annex of the tableau de synthèse.
    pub annexe_tableau: &'static str,
    /// Annex of the fiche descriptive, before the option letter (A for SISR, B for SLAM).
    pub annexe_fiche: &'static str,
}

/// Sessions whose numbering is known from the circulaires (official-forms.md, section 0).
const TABLE: &[Numbering] = &[
    Numbering {
        year: 2023,
        epreuve_support: "E4",
        epreuve_option: "E5",
        annexe_tableau: "6-1",
        annexe_fiche: "7-1",
    },
    Numbering {
        year: 2024,
        epreuve_support: "E4",
        epreuve_option: "E5",
        annexe_tableau: "8-1",
        annexe_fiche: "9-1",
    },
    Numbering {
        year: 2025,
        epreuve_support: "E5",
        epreuve_option: "E6",
        annexe_tableau: "8-1",
        annexe_fiche: "9-1",
    },
    Numbering {
        year: 2026,
        epreuve_support: "E5",
        epreuve_option: "E6",
        annexe_tableau: "VI-1",
        annexe_fiche: "VII-1",
    },
];

/// The session is not in the table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "session {year} inconnue : la numérotation des épreuves et des annexes n'est connue que pour les sessions {known}"
)]
pub struct UnknownSession {
    pub year: i64,
    pub known: String,
}

impl Session {
    pub fn new(year: i64) -> Result<Self, UnknownSession> {
        TABLE
            .iter()
            .find(|n| i64::from(n.year) == year)
            .map(|numbering| Session {
                year: numbering.year,
                numbering,
            })
            .ok_or_else(|| UnknownSession {
                year,
                known: TABLE
                    .iter()
                    .map(|n| n.year.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn numbering(self) -> &'static Numbering {
        self.numbering
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_changes_in_2025() {
        let s24 = Session::new(2024).unwrap();
        let s26 = Session::new(2026).unwrap();
        assert_eq!(s24.numbering().epreuve_support, "E4");
        assert_eq!(s24.numbering().epreuve_option, "E5");
        assert_eq!(s26.numbering().epreuve_support, "E5");
        assert_eq!(s26.numbering().epreuve_option, "E6");
        assert_eq!(s26.numbering().annexe_fiche, "VII-1");
    }

    #[test]
    fn unknown_session_is_a_clear_error() {
        let err = Session::new(2031).unwrap_err();
        assert!(err.to_string().contains("session 2031 inconnue"));
    }
}
