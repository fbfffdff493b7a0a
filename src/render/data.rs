//! The typed data each template receives as `/_sio/data.json` (documented in
//! `templates/README.md`). Values reach Typst as data, never as code.

use serde::Serialize;

use crate::model::Dossier;
use crate::model::date::{format_fr, format_periode};
use crate::model::livrable::{SYNTHESE_PART, fiche_part, number_fiches};
use crate::model::{Bloc1, Bloc2, Candidate, Competence, Contexte, Mission, Modalite, OptionSio};

/// Which dossier a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DossierKind {
    /// The dossier of the support épreuve (E5 from 2025): tableau de synthèse + fiches.
    SupportExam,
    /// The dossier of the option épreuve (E6 from 2025): fiches with the bloc 2
    /// competences. (Not `Option`: a variant named so would shadow `std::option::Option`
    /// wherever the variants are imported.)
    OptionExam,
}

impl DossierKind {
    pub fn template(self) -> &'static str {
        match self {
            DossierKind::SupportExam => "dossier-e5.typ",
            DossierKind::OptionExam => "dossier-e6.typ",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DossierData {
    /// The school, from `classe.yaml` (class builds only).
    pub ecole: EcoleData,
    pub candidat: CandidatData,
    pub session: SessionData,
    pub dossier: DossierInfo,
    pub epreuve_page: Option<PageData>,
    /// The tableau de synthèse (support dossier only).
    pub tableau: Option<TableauData>,
    pub fiche_entete: FicheEntete,
    pub fiches: Vec<FicheData>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EcoleData {
    pub etablissement: Option<String>,
    /// Virtual path of the school's logo (`/_sio/logo.png`), for `image`.
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidatData {
    pub nom: String,
    pub prenom: String,
    /// « NOM Prénom ».
    pub nom_complet: String,
    pub numero: Option<String>,
    /// `SISR` or `SLAM`.
    pub option: &'static str,
    /// `CCF` or `ponctuel`.
    pub mode: &'static str,
    pub centre: Option<String>,
    pub portfolio: Option<String>,
    pub organisation: Option<String>,
    pub tuteur: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionData {
    pub annee: u16,
    pub epreuve_support: &'static str,
    pub epreuve_option: &'static str,
    pub annexe_tableau: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct DossierInfo {
    /// « E5 », « E6 » (by session).
    pub epreuve: &'static str,
    /// Title of the épreuve.
    pub titre: &'static str,
    /// Title of the document on the présentation page.
    pub document: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageData {
    pub titre: String,
    /// Virtual path of the converted body, for `include`.
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableauData {
    /// Row 2 of the model.
    pub titre: &'static str,
    /// Top-right half of the diagonal cell.
    pub entete_competences: &'static str,
    /// The two lines of the bottom-left half of the diagonal cell.
    pub entete_realisations: (&'static str, &'static str),
    /// Heading of column B (rotated on the model).
    pub entete_periode: &'static str,
    /// Its mark in the dossier (`synthese`), which the tool cuts as `SYNTHESE.pdf`.
    pub part: &'static str,
    pub competences: Vec<CompetenceData>,
    pub sections: Vec<SectionData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompetenceData {
    pub code: &'static str,
    /// The label as the model prints it (typographic apostrophes).
    pub label: String,
    /// Row 7 of the model: what the competence covers, verbatim.
    pub sous_items: &'static [&'static str],
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionData {
    /// `formation`, `pro1`, `pro2`.
    pub code: &'static str,
    pub titre: &'static str,
    pub realisations: Vec<LigneData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LigneData {
    pub titre: String,
    /// « du JJ/MM/AA au JJ/MM/AA » as the model asks, or the période as written when it
    /// cannot be read (reported when the mission was read).
    pub periode: Option<String>,
    /// File names of the documents and productions.
    pub productions: Vec<String>,
    /// One per column, in the order of `competences`.
    pub coches: Vec<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FicheEntete {
    /// « Épreuve E6 - Administration des systèmes et des réseaux (option SISR) ».
    pub epreuve: String,
    /// « VII-1-A », or none when the form has no official annex (support dossier).
    pub annexe: Option<String>,
    /// The recto's four footnotes, as segments `(text, italic)`: the model's texts for
    /// the candidate's option (E6), texts naming the E5 bloc for the support fiches.
    pub notes: Vec<Vec<(&'static str, bool)>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FicheData {
    pub numero: u32,
    /// Its mark in the dossier (`fiche-2`), which the tool cuts as `pro2.pdf` (support).
    pub part: String,
    pub titre: String,
    pub date: Option<String>,
    pub description: Option<String>,
    pub organisation: Option<String>,
    pub periode: Option<String>,
    pub lieu: Option<String>,
    /// `seul`, `equipe` or none.
    pub modalite: Option<&'static str>,
    pub competences: Vec<CheckData>,
    pub ressources: Vec<String>,
    pub resultats_attendus: Option<String>,
    pub livrables: Vec<String>,
    /// Virtual path of the converted body, for `include`.
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckData {
    /// As the model prints it (typographic apostrophes).
    pub label: String,
    pub coche: bool,
}

/// The virtual path of a mission's converted body.
pub fn mission_body_path(index: usize) -> String {
    format!("/_sio/body/mission-{index}.typ")
}

/// The virtual path of the épreuve page's converted body.
pub const EPREUVE_BODY_PATH: &str = "/_sio/body/epreuve.typ";

/// Missions of a dossier, in fiche order, with their number: the student's `numero` when
/// set, otherwise the order by date. `index` is the position in `dossier.missions`.
pub fn numbered_missions(dossier: &Dossier, kind: DossierKind) -> Vec<(u32, usize, &Mission)> {
    let selected: Vec<(usize, &Mission)> = dossier
        .missions
        .iter()
        .enumerate()
        .filter(|(_, m)| match kind {
            DossierKind::SupportExam => m.epreuves.support,
            DossierKind::OptionExam => m.epreuves.option,
        })
        .collect();
    number_fiches(selected)
}

/// Builds the data of one dossier.
pub fn dossier_data(dossier: &Dossier, kind: DossierKind, ecole: EcoleData) -> DossierData {
    let c = &dossier.candidate;
    let n = c.session.numbering();
    let (epreuve, titre, document, page) = match kind {
        DossierKind::SupportExam => (
            n.epreuve_support,
            "Support et mise à disposition de services informatiques",
            "Dossier de l'épreuve — réalisations professionnelles",
            &dossier.e5,
        ),
        DossierKind::OptionExam => (
            n.epreuve_option,
            c.option.epreuve_title(),
            "Fiches descriptives de réalisations professionnelles",
            &dossier.e6,
        ),
    };
    let missions = numbered_missions(dossier, kind);
    let fiche_entete = match kind {
        DossierKind::SupportExam => FicheEntete {
            epreuve: typographic(&format!("Épreuve {epreuve} - {titre}")),
            annexe: None,
            notes: notes(FicheNotes::Support),
        },
        DossierKind::OptionExam => FicheEntete {
            epreuve: typographic(&format!(
                "Épreuve {epreuve} - {titre} (option {})",
                c.option.code()
            )),
            annexe: Some(format!("{}-{}", n.annexe_fiche, c.option.annex_letter())),
            notes: notes(match c.option {
                OptionSio::Sisr => FicheNotes::Sisr,
                OptionSio::Slam => FicheNotes::Slam,
            }),
        },
    };
    let fiches = missions
        .iter()
        .map(|(numero, index, m)| fiche_data(c, m, *numero, *index, kind))
        .collect();
    DossierData {
        ecole,
        candidat: candidat_data(c),
        session: SessionData {
            annee: c.session.year(),
            epreuve_support: n.epreuve_support,
            epreuve_option: n.epreuve_option,
            annexe_tableau: n.annexe_tableau,
        },
        dossier: DossierInfo {
            epreuve,
            titre,
            document,
        },
        epreuve_page: page.as_ref().map(|p| PageData {
            titre: p.title.clone(),
            body: EPREUVE_BODY_PATH.to_string(),
        }),
        tableau: (kind == DossierKind::SupportExam).then(|| tableau_data(dossier)),
        fiche_entete,
        fiches,
    }
}

fn candidat_data(c: &Candidate) -> CandidatData {
    CandidatData {
        nom: c.nom.clone(),
        prenom: c.prenom.clone(),
        nom_complet: c.display_name(),
        numero: c.numero.as_ref().map(|n| n.as_str().to_string()),
        option: c.option.code(),
        mode: c.mode.code(),
        centre: c.centre.clone(),
        portfolio: c.portfolio.clone(),
        organisation: c.organisation.clone(),
        tuteur: c.tuteur.clone(),
    }
}

/// File name of a livrable, as listed in the tableau and on the fiche.
fn file_name(vpath: &str) -> String {
    vpath.rsplit('/').next().unwrap_or(vpath).to_string()
}

fn tableau_data(dossier: &Dossier) -> TableauData {
    let sections = Contexte::ALL
        .iter()
        .map(|&contexte| SectionData {
            code: contexte.code(),
            titre: contexte.section_title(),
            realisations: dossier
                .missions
                .iter()
                .filter(|m| m.epreuves.support && m.contexte == contexte)
                .map(|m| LigneData {
                    titre: m.title.clone(),
                    periode: tableau_periode(m),
                    productions: m.livrables.iter().map(|l| file_name(l)).collect(),
                    coches: Bloc1::ALL.iter().map(|&b| m.has_bloc1(b)).collect(),
                })
                .collect(),
        })
        .collect();
    TableauData::official(sections)
}

impl TableauData {
    /// The tableau with the official model's headings and competences, around `sections`.
    pub fn official(sections: Vec<SectionData>) -> TableauData {
        TableauData {
            titre: "Tableau de synthèse des réalisations professionnelles",
            entete_competences: "Compétences mises en œuvre",
            entete_realisations: (
                "Réalisations professionnelles",
                "(intitulé et liste des documents et productions associés)",
            ),
            entete_periode: "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)",
            part: SYNTHESE_PART,
            competences: Bloc1::ALL
                .iter()
                .map(|&b| CompetenceData {
                    code: b.code(),
                    label: typographic(b.label()),
                    sous_items: sous_items(b),
                })
                .collect(),
            sections,
        }
    }
}

fn fiche_data(
    c: &Candidate,
    m: &Mission,
    numero: u32,
    index: usize,
    kind: DossierKind,
) -> FicheData {
    let competences = match kind {
        DossierKind::SupportExam => Bloc1::ALL
            .iter()
            .map(|&b| CheckData {
                label: typographic(b.label()),
                coche: m.has_bloc1(b),
            })
            .collect(),
        DossierKind::OptionExam => Bloc2::of_option(c.option)
            .iter()
            .map(|&b| CheckData {
                label: typographic(b.label()),
                coche: m.competences.contains(&Competence::Bloc2(b)),
            })
            .collect(),
    };
    FicheData {
        numero,
        part: fiche_part(numero),
        titre: m.title.clone(),
        date: m.date.map(format_fr),
        description: m.description.clone(),
        organisation: m.organisation.clone(),
        periode: m.periode.clone(),
        lieu: m.lieu.clone(),
        modalite: m.modalite.map(|x| match x {
            Modalite::Seul => "seul",
            Modalite::Equipe => "equipe",
        }),
        competences,
        ressources: m.ressources.clone(),
        resultats_attendus: m.resultats_attendus.clone(),
        livrables: m.livrables.iter().map(|l| file_name(l)).collect(),
        body: mission_body_path(index),
    }
}

/// The période of a tableau row: « du JJ/MM/AA au JJ/MM/AA » from the dates read from
/// `periode`, `debut`/`fin` or `date`; otherwise the période as the student wrote it.
fn tableau_periode(m: &Mission) -> Option<String> {
    match m.dates {
        Some((debut, fin)) => Some(format_periode(debut, fin)),
        None => m.periode.clone(),
    }
}

/// A label as the official forms print it: typographic apostrophes (’). The référentiel's
/// labels are kept with straight ones elsewhere (codes, messages, parsing).
pub fn typographic(label: &str) -> String {
    label.replace('\'', "’")
}

/// Row 7 of the model: each bloc 1 competence's sub-items, verbatim (trailing spaces
/// included: SYNTHESE.xlsx writes the model's cells as they are).
pub fn sous_items(b: Bloc1) -> &'static [&'static str] {
    match b {
        Bloc1::Patrimoine => &[
            "Recenser et identifier les ressources numériques ",
            "Exploiter des référentiels, normes et standards adoptés par le prestataire informatique",
            "Mettre en place et vérifier les niveaux d’habilitation associés à un service",
            "Vérifier les conditions de la continuité d’un service informatique",
            "Gérer des sauvegardes",
            "Vérifier le respect des règles d’utilisation des ressources numériques",
        ],
        Bloc1::Incidents => &[
            "Collecter, suivre et orienter des demandes ",
            "Traiter des demandes concernant les services réseau et système, applicatifs",
            "Traiter des demandes concernant les applications",
        ],
        Bloc1::PresenceEnLigne => &[
            "Participer à la valorisation de l’image de l’organisation sur les médias numériques en tenant compte du cadre juridique et des enjeux économiques",
            "Référencer les services en ligne de l’organisation et mesurer leur visibilité.",
            "Participer à l’évolution d’un site Web exploitant les données de l’organisation.",
        ],
        Bloc1::Projet => &[
            "Analyser les objectifs et les modalités d’organisation d’un projet",
            "Planifier les activités",
            "Évaluer les indicateurs de suivi d’un projet et analyser les écarts",
        ],
        Bloc1::Service => &[
            "Réaliser les tests d’intégration et d’acceptation d’un service",
            "Déployer un service",
            "Accompagner les utilisateurs dans la mise en place d’un service",
        ],
        Bloc1::DeveloppementPro => &[
            "Mettre en place son environnement d’apprentissage personnel",
            "Mettre en œuvre des outils et stratégies de veille informationnelle",
            "Gérer son identité professionnelle",
            "Développer son projet professionnel",
        ],
    }
}

/// Which footnotes a fiche carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FicheNotes {
    /// Annexe VII-1-A (E6, SISR), verbatim.
    Sisr,
    /// Annexe VII-1-B (E6, SLAM), verbatim.
    Slam,
    /// The support épreuve's fiches (no official model): the same notes, naming the E5
    /// bloc where the models name the option's bloc, without an option's examples.
    Support,
}

const NOTE_2: &str = "Les réalisations professionnelles sont élaborées dans un environnement technologique conforme à l’annexe II.E du référentiel du BTS SIO.";
const NOTE_3_QUOTE: &str = "Dans tous les cas, les candidats doivent se munir des outils et ressources techniques nécessaires au déroulement de l’épreuve. Ils sont seuls responsables de la disponibilité et de la mise en œuvre de ces outils et ressources. La circulaire nationale d’organisation précise les conditions matérielles de déroulement des interrogations et les pénalités à appliquer aux candidats qui ne se seraient pas munis des éléments nécessaires au déroulement de l’épreuve.";

/// The four footnotes of a fiche's recto, as `(text, italic)` segments.
pub fn notes(kind: FicheNotes) -> Vec<Vec<(&'static str, bool)>> {
    let bloc = match kind {
        FicheNotes::Sisr => {
            " du bloc « Administration des systèmes et des réseaux » prévues dans le référentiel de certification du BTS SIO."
        }
        FicheNotes::Slam => {
            " du bloc « Conception et développement d'applications » prévues dans le référentiel de certification du BTS SIO."
        }
        FicheNotes::Support => {
            " du bloc « Support et mise à disposition de services informatiques » prévues dans le référentiel de certification du BTS SIO."
        }
    };
    let elements = match kind {
        FicheNotes::Slam => {
            "». Les éléments peuvent être un identifiant, un mot de passe, une adresse réticulaire (URL) d’un espace de stockage et de la présentation de l’organisation du stockage."
        }
        FicheNotes::Sisr | FicheNotes::Support => {
            "». Les éléments nécessaires peuvent être un identifiant, un mot de passe, une adresse réticulaire (URL) d’un espace de stockage et de la présentation de l’organisation du stockage."
        }
    };
    let note_4 = match kind {
        FicheNotes::Sisr => {
            "Lien vers la documentation complète, précisant et décrivant, si cela n’a été fait au verso de la fiche, la réalisation, par exemples schéma complet de réseau mis en place et configurations des services."
        }
        FicheNotes::Slam => {
            "Lien vers la documentation complète, précisant et décrivant, si cela n’a été fait au verso de la fiche, la réalisation professionnelle, par exemples service fourni par la réalisation, interfaces utilisateurs, description des classes ou de la base de données."
        }
        FicheNotes::Support => {
            "Lien vers la documentation complète, précisant et décrivant, si cela n’a été fait au verso de la fiche, la réalisation professionnelle."
        }
    };
    vec![
        vec![
            ("En référence aux ", false),
            ("conditions de réalisation et ressources nécessaires", true),
            (bloc, false),
        ],
        vec![(NOTE_2, false)],
        vec![
            ("Conformément au référentiel du BTS SIO « ", false),
            (NOTE_3_QUOTE, true),
            (" ", false),
            (elements, false),
        ],
        vec![(note_4, false)],
    ]
}
