//! The competences of the 2019 référentiel (as modified in 2024): six of bloc 1 (E5),
//! three per option in bloc 2 (E6). Students write them as codes or as full labels.

use crate::model::candidate::OptionSio;

/// Bloc 1 « Support et mise à disposition de services informatiques » (E5), in the
/// order of the columns of the tableau de synthèse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bloc1 {
    Patrimoine,
    Incidents,
    PresenceEnLigne,
    Projet,
    Service,
    DeveloppementPro,
}

impl Bloc1 {
    pub const ALL: [Bloc1; 6] = [
        Bloc1::Patrimoine,
        Bloc1::Incidents,
        Bloc1::PresenceEnLigne,
        Bloc1::Projet,
        Bloc1::Service,
        Bloc1::DeveloppementPro,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Bloc1::Patrimoine => "patrimoine",
            Bloc1::Incidents => "incidents",
            Bloc1::PresenceEnLigne => "presence_en_ligne",
            Bloc1::Projet => "projet",
            Bloc1::Service => "service",
            Bloc1::DeveloppementPro => "developpement_pro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Bloc1::Patrimoine => "Gérer le patrimoine informatique",
            Bloc1::Incidents => {
                "Répondre aux incidents et aux demandes d'assistance et d'évolution"
            }
            Bloc1::PresenceEnLigne => "Développer la présence en ligne de l'organisation",
            Bloc1::Projet => "Travailler en mode projet",
            Bloc1::Service => "Mettre à disposition des utilisateurs un service informatique",
            Bloc1::DeveloppementPro => "Organiser son développement professionnel",
        }
    }
}

/// Bloc 2 competences (E6); each belongs to one option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bloc2 {
    ConcevoirInfra,
    DeployerInfra,
    ExploiterInfra,
    ConcevoirApp,
    MaintenirApp,
    Donnees,
}

impl Bloc2 {
    pub const ALL: [Bloc2; 6] = [
        Bloc2::ConcevoirInfra,
        Bloc2::DeployerInfra,
        Bloc2::ExploiterInfra,
        Bloc2::ConcevoirApp,
        Bloc2::MaintenirApp,
        Bloc2::Donnees,
    ];

    /// The three competences of an option, in the order of the fiche.
    pub fn of_option(option: OptionSio) -> [Bloc2; 3] {
        match option {
            OptionSio::Sisr => [
                Bloc2::ConcevoirInfra,
                Bloc2::DeployerInfra,
                Bloc2::ExploiterInfra,
            ],
            OptionSio::Slam => [Bloc2::ConcevoirApp, Bloc2::MaintenirApp, Bloc2::Donnees],
        }
    }

    pub fn option(self) -> OptionSio {
        match self {
            Bloc2::ConcevoirInfra | Bloc2::DeployerInfra | Bloc2::ExploiterInfra => OptionSio::Sisr,
            Bloc2::ConcevoirApp | Bloc2::MaintenirApp | Bloc2::Donnees => OptionSio::Slam,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Bloc2::ConcevoirInfra => "concevoir_infra",
            Bloc2::DeployerInfra => "deployer_infra",
            Bloc2::ExploiterInfra => "exploiter_infra",
            Bloc2::ConcevoirApp => "concevoir_app",
            Bloc2::MaintenirApp => "maintenir_app",
            Bloc2::Donnees => "donnees",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Bloc2::ConcevoirInfra => "Concevoir une solution d'infrastructure réseau",
            Bloc2::DeployerInfra => {
                "Installer, tester et déployer une solution d'infrastructure réseau"
            }
            Bloc2::ExploiterInfra => {
                "Exploiter, dépanner et superviser une solution d'infrastructure réseau"
            }
            Bloc2::ConcevoirApp => "Concevoir et développer une solution applicative",
            Bloc2::MaintenirApp => {
                "Assurer la maintenance corrective ou évolutive d'une solution applicative"
            }
            Bloc2::Donnees => "Gérer les données",
        }
    }
}

/// A competence of either bloc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Competence {
    Bloc1(Bloc1),
    Bloc2(Bloc2),
}

impl Competence {
    pub fn all() -> impl Iterator<Item = Competence> {
        Bloc1::ALL
            .into_iter()
            .map(Competence::Bloc1)
            .chain(Bloc2::ALL.into_iter().map(Competence::Bloc2))
    }

    pub fn code(self) -> &'static str {
        match self {
            Competence::Bloc1(c) => c.code(),
            Competence::Bloc2(c) => c.code(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Competence::Bloc1(c) => c.label(),
            Competence::Bloc2(c) => c.label(),
        }
    }

    /// Parses a code or a full label; case, accents, apostrophes and punctuation are ignored,
    /// because students copy labels from many sources (’ vs ', « é » vs « e »).
    pub fn parse(text: &str) -> Option<Competence> {
        let key = normalise(text);
        if key.is_empty() {
            return None;
        }
        Competence::all()
            .find(|c| normalise(c.code()) == key || normalise(c.label()) == key)
            .or_else(|| bloc1_by_number(&key))
    }

    /// The known code closest to an unknown one, for a « vouliez-vous dire » hint.
    pub fn suggest(text: &str) -> Option<Competence> {
        let key = normalise(text);
        Competence::all()
            .map(|c| (strsim::levenshtein(&key, &normalise(c.code())), c))
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }
}

/// « B1.2 » or « B1.2 Répondre aux incidents… » (normalised `b1_2…`): the référentiel's
/// number of a bloc 1 competence, as students copy it. (Bloc 2 numbers depend on the
/// option and are read by the import, which knows it.)
fn bloc1_by_number(key: &str) -> Option<Competence> {
    let rest = key.strip_prefix("b1_")?;
    let (n, _label) = rest.split_once('_').unwrap_or((rest, ""));
    let n: usize = n.parse().ok()?;
    Bloc1::ALL
        .get(n.checked_sub(1)?)
        .map(|b| Competence::Bloc1(*b))
}

/// Lower-case ASCII letters and digits only, words joined by one `_`.
fn normalise(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse_to_the_same_competence() {
        assert_eq!(
            Competence::parse("projet"),
            Some(Competence::Bloc1(Bloc1::Projet))
        );
        assert_eq!(
            Competence::parse("Répondre aux incidents et aux demandes d’assistance et d’évolution"),
            Some(Competence::Bloc1(Bloc1::Incidents))
        );
        assert_eq!(
            Competence::parse("mettre a disposition des utilisateurs un service informatique"),
            Some(Competence::Bloc1(Bloc1::Service))
        );
        assert_eq!(
            Competence::parse("Gérer les données"),
            Some(Competence::Bloc2(Bloc2::Donnees))
        );
        assert_eq!(Competence::parse("patrimonie"), None);
        assert_eq!(
            Competence::parse("B1.2"),
            Some(Competence::Bloc1(Bloc1::Incidents))
        );
        assert_eq!(
            Competence::parse("B1.4 Travailler en mode projet"),
            Some(Competence::Bloc1(Bloc1::Projet))
        );
        assert_eq!(Competence::parse("B1.9"), None);
        assert_eq!(Competence::parse("B2.1"), None);
    }

    #[test]
    fn a_typo_gets_a_suggestion() {
        assert_eq!(
            Competence::suggest("patrimonie"),
            Some(Competence::Bloc1(Bloc1::Patrimoine))
        );
        assert_eq!(Competence::suggest("cuisine"), None);
    }
}
