//! `sio-dossier init <dossier>`: a candidate folder that builds right away, with comments
//! in French, one E5 and one E6 example mission covering every front-matter key, and the
//! images and livrables they cite. The files are embedded from `src/scaffold/files/`.
//! [`write_new_files`] writes them, never over an existing file; `import` writes its
//! candidate folder through it too.

pub mod write;

use std::path::{Path, PathBuf};

use crate::model::OptionSio;

pub use write::{WriteError, write_new_files};

/// The scaffold's files for every option: (path, bytes).
const COMMON: &[(&str, &[u8])] = &[
    ("epreuves/e5.md", include_bytes!("files/epreuves/e5.md")),
    ("epreuves/e6.md", include_bytes!("files/epreuves/e6.md")),
    (
        "missions/assistance-glpi.md",
        include_bytes!("files/missions/assistance-glpi.md"),
    ),
    (
        "assets/img/architecture-glpi.svg",
        include_bytes!("files/assets/img/architecture-glpi.svg"),
    ),
    (
        "assets/livrables/procedure-glpi.pdf",
        include_bytes!("files/assets/livrables/procedure-glpi.pdf"),
    ),
];

/// The E6 example of the SISR option.
const SISR: &[(&str, &[u8])] = &[
    (
        "missions/vpn-wireguard.md",
        include_bytes!("files/missions/vpn-wireguard.md"),
    ),
    (
        "assets/img/schema-vpn.svg",
        include_bytes!("files/assets/img/schema-vpn.svg"),
    ),
    (
        "assets/livrables/procedure-vpn.pdf",
        include_bytes!("files/assets/livrables/procedure-vpn.pdf"),
    ),
];

/// The E6 example of the SLAM option.
const SLAM: &[(&str, &[u8])] = &[
    (
        "missions/reservation-salles.md",
        include_bytes!("files/missions/reservation-salles.md"),
    ),
    (
        "assets/img/modele-reservation.svg",
        include_bytes!("files/assets/img/modele-reservation.svg"),
    ),
    (
        "assets/livrables/documentation-reservation.pdf",
        include_bytes!("files/assets/livrables/documentation-reservation.pdf"),
    ),
];

const CANDIDAT_YAML: &str = include_str!("files/candidat.yaml");

/// Titles of the scaffold's example missions (E5, then E6 for each option).
pub const E5_EXAMPLE_TITLE: &str = "Mise en place d'un service d'assistance avec GLPI";
pub const E6_EXAMPLE_TITLES: [(OptionSio, &str, &str); 2] = [
    (
        OptionSio::Sisr,
        "vpn-wireguard",
        "Accès distant sécurisé par VPN WireGuard",
    ),
    (
        OptionSio::Slam,
        "reservation-salles",
        "Application web de réservation de salles",
    ),
];

/// What `init` fills in.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub option: OptionSio,
}

impl Default for InitOptions {
    fn default() -> Self {
        Self {
            nom: None,
            prenom: None,
            option: OptionSio::Sisr,
        }
    }
}

/// The commented `candidat.yaml`, with the given values (placeholders otherwise).
pub fn candidat_yaml(
    nom: Option<&str>,
    prenom: Option<&str>,
    option: OptionSio,
    portfolio: Option<&str>,
) -> String {
    let mut text = CANDIDAT_YAML
        .replace("{{NOM}}", &yaml_quoted(nom.unwrap_or("NOM")))
        .replace("{{PRENOM}}", &yaml_quoted(prenom.unwrap_or("Prénom")))
        .replace("{{OPTION}}", option.code());
    if let Some(url) = portfolio {
        text = text.replace(
            "\nportfolio: \"\"\n",
            &format!("\nportfolio: \"{}\"\n", yaml_quoted(url)),
        );
    }
    text
}

/// The inside of a YAML double-quoted string.
fn yaml_quoted(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

/// Every file of the scaffold, placeholders filled: (path relative to the folder, bytes).
pub fn scaffold_files(options: &InitOptions) -> Vec<(PathBuf, Vec<u8>)> {
    let (_, slug, title) = E6_EXAMPLE_TITLES
        .iter()
        .find(|(o, _, _)| *o == options.option)
        .copied()
        .unwrap_or(E6_EXAMPLE_TITLES[0]);
    let mut files = vec![(
        PathBuf::from("candidat.yaml"),
        candidat_yaml(
            options.nom.as_deref(),
            options.prenom.as_deref(),
            options.option,
            None,
        )
        .into_bytes(),
    )];
    let specific = match options.option {
        OptionSio::Sisr => SISR,
        OptionSio::Slam => SLAM,
    };
    for (path, bytes) in COMMON.iter().chain(specific) {
        let bytes = if path.ends_with(".md") {
            String::from_utf8_lossy(bytes)
                .replace("{{OPTION}}", options.option.code())
                .replace("{{E6_TITRE}}", options.option.epreuve_title())
                .replace("{{E6_MISSION_TITRE}}", title)
                .replace("{{E6_MISSION_SLUG}}", slug)
                .into_bytes()
        } else {
            bytes.to_vec()
        };
        files.push((PathBuf::from(path), bytes));
    }
    files
}

/// Creates the candidate folder `dir` (it may exist, but none of the scaffold's files may).
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Vec<PathBuf>, WriteError> {
    let files = scaffold_files(options);
    write_new_files(dir, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        for option in [OptionSio::Sisr, OptionSio::Slam] {
            let files = scaffold_files(&InitOptions {
                nom: Some("N'DIAYE \"Jo\"".into()),
                prenom: None,
                option,
            });
            for (path, bytes) in &files {
                let text = String::from_utf8_lossy(bytes);
                assert!(
                    !text.contains("{{"),
                    "placeholder left in {}",
                    path.display()
                );
            }
            let yaml = String::from_utf8_lossy(&files[0].1).into_owned();
            let parsed = crate::input::frontmatter::parse_yaml_file(&yaml).unwrap();
            assert_eq!(
                parsed.get("nom").and_then(|v| v.as_str()),
                Some("N'DIAYE \"Jo\"")
            );
            assert_eq!(
                parsed.get("option").and_then(|v| v.as_str()),
                Some(option.code())
            );
        }
    }

    #[test]
    fn portfolio_is_set_when_known() {
        let yaml = candidat_yaml(None, None, OptionSio::Slam, Some("https://a.fr"));
        let parsed = crate::input::frontmatter::parse_yaml_file(&yaml).unwrap();
        assert_eq!(
            parsed.get("portfolio").and_then(|v| v.as_str()),
            Some("https://a.fr")
        );
    }
}
