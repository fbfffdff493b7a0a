//! What a student wrote about competences and about the option, read from the words of
//! the page: a front-matter list under any usual key, tags, and the body (a « Compétences
//! mobilisées » list, a table, `<ul>- Gérer le patrimoine informatique</ul>`, codes such as
//! `B1.2`). Only what the student wrote becomes a competence; keyword guesses (GLPI →
//! incidents) are [`suggestions`], never written into the page.

use serde_json::Value;

use crate::input::frontmatter::FrontMatter;
use crate::model::{Bloc1, Bloc2, Competence, OptionSio};

use super::classify;

/// Front-matter keys under which students list competences.
const COMPETENCE_KEYS: &[&str] = &[
    "competences",
    "compétences",
    "Competences",
    "Compétences",
    "competence",
    "skills",
    "competencies",
    "blocs",
    "bloc1",
    "bloc2",
];

/// A competence read in a page, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub competence: Competence,
    pub place: Written,
}

/// Where the student wrote a competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Under a front-matter key (`skills`).
    Key(&'static str),
    /// In the tags or categories.
    Tags,
    /// On a line of the page.
    Line(usize),
}

impl Written {
    /// In the front matter (a key, the tags), not in the body.
    pub fn in_front_matter(self) -> bool {
        !matches!(self, Written::Line(_))
    }
}

/// « en-tête (skills) », « étiquettes », « ligne 125 ».
impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Written::Key(key) => write!(f, "en-tête ({key})"),
            Written::Tags => f.write_str("étiquettes"),
            Written::Line(n) => write!(f, "ligne {n}"),
        }
    }
}

/// The competences the student wrote in the page, each once, in the order found.
/// Bloc 2 codes (`B2.1`) need the option to be read.
pub fn competences(
    front: &FrontMatter,
    body: &str,
    body_line: usize,
    option: OptionSio,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut push = |c: Competence, place: Written| {
        if !out.iter().any(|f| f.competence == c) {
            out.push(Found {
                competence: c,
                place,
            });
        }
    };
    for key in COMPETENCE_KEYS {
        if let Some(v) = front.get(key) {
            for text in texts(v) {
                for c in in_line(&text, option, false) {
                    push(c, Written::Key(key));
                }
            }
        }
    }
    for key in ["tags", "categories"] {
        if let Some(v) = front.get(key) {
            for text in texts(v) {
                for c in in_line(&text, option, false) {
                    push(c, Written::Tags);
                }
            }
        }
    }
    for (i, line) in body.lines().enumerate() {
        for c in in_line(line, option, true) {
            push(c, Written::Line(body_line + i));
        }
    }
    out
}

/// Strings of a value: a string, a list, or the keys and values of a map.
fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| std::iter::once(k.clone()).chain(texts(v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The competences one line names: codes (`B1.2`, `B2-3`) anywhere, a full label when
/// the line is that label (list item, table cell, tag), after markup is taken away. In the
/// body, a label must start its item, so that prose (« il faut gérer les données ») is not
/// read as a ticked competence.
fn in_line(line: &str, option: OptionSio, body: bool) -> Vec<Competence> {
    let mut out = Vec::new();
    for cell in line.split('|') {
        let text = strip_markup(cell);
        out.extend(codes(&text, option));
        let key = normalise(&text);
        if key.is_empty() {
            continue;
        }
        let key = strip_code_prefix(&key);
        for c in Competence::all() {
            let label = normalise(c.label());
            let code = normalise(c.code());
            let hit = if body {
                key.starts_with(&label) && key.len() <= label.len() + 40
            } else {
                key == label || key == code || key.starts_with(&label)
            };
            if hit && !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// `B1.2`, `B1-2`, `B1 2`, `b2.3` → the competence; bloc 2 through the option.
fn codes(text: &str, option: OptionSio) -> Vec<Competence> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
        if !before_ok || !matches!(chars[i], 'B' | 'b') {
            continue;
        }
        let (Some(bloc), Some(sep), Some(n)) =
            (chars.get(i + 1), chars.get(i + 2), chars.get(i + 3))
        else {
            continue;
        };
        let after_ok = chars.get(i + 4).is_none_or(|c| !c.is_alphanumeric());
        if !matches!(sep, '.' | '-' | ' ' | '_') || !after_ok {
            continue;
        }
        let Some(n) = n.to_digit(10).map(|d| d as usize) else {
            continue;
        };
        let c = match bloc {
            '1' => Bloc1::ALL
                .get(n.wrapping_sub(1))
                .map(|b| Competence::Bloc1(*b)),
            '2' => Bloc2::of_option(option)
                .get(n.wrapping_sub(1))
                .map(|b| Competence::Bloc2(*b)),
            _ => None,
        };
        if let Some(c) = c
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
}

/// `b1-2-gerer-le-patrimoine` → `gerer-le-patrimoine`: a label may follow its code.
fn strip_code_prefix(key: &str) -> String {
    let mut parts: Vec<&str> = key.split('_').collect();
    if parts.len() > 2
        && matches!(parts[0], "b1" | "b2")
        && parts[1].chars().all(|c| c.is_ascii_digit())
    {
        parts.drain(..2);
    }
    parts.join("_")
}

/// A line without Markdown and HTML markup: `> - **B1.2** x` → `B1.2 x`.
fn strip_markup(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    let t = out.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+' | '#' | '[' | ']' | '✅' | '✔')
    });
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    t.replace(['*', '_', '`'], " ").trim().to_string()
}

/// Lower-case ASCII words joined by `_` (as [`Competence::parse`] compares): the words
/// of [`classify::normalise`], joined otherwise.
fn normalise(text: &str) -> String {
    classify::normalise(text).replace('-', "_")
}

/// Words that suggest a competence, never written into the page: the student decides.
const HINTS: &[(&[&str], Bloc1)] = &[
    (
        &["glpi", "ticket", "helpdesk", "incident"],
        Bloc1::Incidents,
    ),
    (
        &[
            "inventaire",
            "parc informatique",
            "ocs",
            "fusioninventory",
            "sauvegarde",
        ],
        Bloc1::Patrimoine,
    ),
    (
        &[
            "wordpress",
            "site web",
            "site vitrine",
            "seo",
            "référencement",
        ],
        Bloc1::PresenceEnLigne,
    ),
    (
        &["planning", "gantt", "cahier des charges", "trello"],
        Bloc1::Projet,
    ),
    (
        &[
            "déploiement",
            "documentation utilisateur",
            "mise en production",
            "docker",
        ],
        Bloc1::Service,
    ),
    (
        &["veille", "certification", "mooc"],
        Bloc1::DeveloppementPro,
    ),
];

/// Competences the page's words make likely, not already read: for the summary only.
pub fn suggestions(text: &str, read: &[Competence]) -> Vec<Competence> {
    let lower = text.to_lowercase();
    HINTS
        .iter()
        .filter(|(words, b)| {
            !read.contains(&Competence::Bloc1(*b)) && words.iter().any(|w| lower.contains(w))
        })
        .map(|(_, b)| Competence::Bloc1(*b))
        .collect()
}

/// The option a text speaks of: SISR, SLAM, or neither (both named: a text about the BTS
/// itself, which says nothing of the candidate's choice).
pub fn option_named(text: &str) -> Option<OptionSio> {
    let has = |word: &str| {
        text.match_indices(word).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
    };
    match (has("SISR"), has("SLAM")) {
        (true, false) => Some(OptionSio::Sisr),
        (false, true) => Some(OptionSio::Slam),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<Competence> {
        competences(&FrontMatter::default(), text, 1, OptionSio::Slam)
            .into_iter()
            .map(|f| f.competence)
            .collect()
    }

    #[test]
    fn codes_labels_and_lists() {
        assert_eq!(
            body(
                "> ### Compétences B1 Travaillées\n> - B1.2 Répondre aux incidents\n> - B1.4 Travailler en mode projet\n"
            ),
            vec![
                Competence::Bloc1(Bloc1::Incidents),
                Competence::Bloc1(Bloc1::Projet)
            ]
        );
        assert_eq!(
            body(
                "<ul>- Gérer le patrimoine informatique</ul>\n| Mettre à disposition des utilisateurs un service informatique (orienté utilisateurs) |"
            ),
            vec![
                Competence::Bloc1(Bloc1::Patrimoine),
                Competence::Bloc1(Bloc1::Service)
            ]
        );
        assert_eq!(
            body("B2.3 et b2-1"),
            vec![
                Competence::Bloc2(Bloc2::Donnees),
                Competence::Bloc2(Bloc2::ConcevoirApp)
            ]
        );
    }

    #[test]
    fn prose_and_lookalikes_are_not_competences() {
        assert!(body("Il a fallu gérer les données des clients et le B12 de la salle.").is_empty());
        assert!(body("Le SUB1.2 est un modèle").is_empty());
    }

    #[test]
    fn options_named() {
        assert_eq!(option_named("BTS SIO option SISR"), Some(OptionSio::Sisr));
        assert_eq!(option_named("les options SISR et SLAM"), None);
        assert_eq!(option_named("SLAMMER"), None);
    }

    #[test]
    fn suggestions_are_not_read_competences() {
        let s = suggestions(
            "Installation de GLPI",
            &[Competence::Bloc1(Bloc1::Incidents)],
        );
        assert!(s.is_empty());
        assert_eq!(
            suggestions("Installation de GLPI", &[]),
            vec![Competence::Bloc1(Bloc1::Incidents)]
        );
    }
}
