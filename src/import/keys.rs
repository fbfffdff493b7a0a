//! The keys the import adds to a réalisation's front matter, from what the student
//! wrote: its épreuve, the competences read in the page, the context its tags give, a
//! title and a date when the page has none. Each goes under a comment that says so.

use std::fmt::Write as _;

use crate::model::{Competence, OptionSio};

use super::{ImportPlan, SourcePage, classify, words};

/// The date of a Jekyll post, from its file name (`2021-05-07-kubernetes.md`).
fn date_of_name(slug: &str) -> Option<String> {
    let d = slug.get(..10)?;
    let ok = d.chars().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            c == '-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then(|| d.to_string())
}

/// The keys the import adds to a réalisation's front matter: its épreuve (E5 when the
/// site gives none) and the competences the student wrote, each with where it was read.
/// Returns them and the épreuve number.
pub(super) fn mission_keys(
    page: &SourcePage,
    number: Option<u8>,
    option: OptionSio,
    plan: &mut ImportPlan,
) -> (Vec<(String, String)>, Option<u8>) {
    let mut added = Vec::new();
    if page.title_from_body
        && let Some(t) = &page.title
    {
        added.push(("title".into(), json_string(t)));
    }
    if ["date", "pubDate", "publishDate"]
        .iter()
        .all(|k| page.front.get(k).is_none())
        && let Some(d) = date_of_name(&page.slug)
    {
        added.push(("date".into(), d));
    }
    if let Some((contexte, _)) = contexte_of(page) {
        added.push(("contexte".into(), contexte.into()));
    }
    let existing = page
        .front
        .get("epreuve")
        .map(|v| classify::texts(v).join(" "));
    let n = match existing {
        Some(text) => {
            let numbers = classify::epreuve_numbers(&text, false);
            numbers.iter().max().copied()
        }
        None => {
            let n = number.unwrap_or(5);
            // The tableau de synthèse lists every réalisation of the portfolio, those
            // chosen for E6 included.
            let value = if n == 6 {
                "[E5, E6]".into()
            } else {
                format!("E{n}")
            };
            added.push(("epreuve".into(), value));
            Some(n)
        }
    };
    if page.front.get("competences").is_none() {
        let found = words::competences(&page.front, &page.body, page.body_line, option);
        let codes: Vec<&str> = found.iter().map(|f| f.competence.code()).collect();
        if !codes.is_empty() {
            added.push(("competences".into(), format!("[{}]", codes.join(", "))));
        }
        let read: Vec<Competence> = found.iter().map(|f| f.competence).collect();
        let suggested = words::suggestions(&page.text, &read);
        if !suggested.is_empty() {
            let list: Vec<&str> = suggested.iter().map(|c| c.code()).collect();
            plan.notes.push(format!(
                "{} : compétences suggérées par ses mots-clés, non cochées : {} (ajoutez-les à « competences » si vous les avez mobilisées)",
                page.rel(),
                list.join(", ")
            ));
        }
    }
    (added, n)
}

/// The context the student's tags or title give (`stage` → entreprise, `formation`, `AP`
/// → formation), when the page has no `contexte:`: (value, the word read).
pub(super) fn contexte_of(page: &SourcePage) -> Option<(&'static str, String)> {
    if ["contexte", "cadre"]
        .iter()
        .any(|k| page.front.get(k).is_some())
    {
        return None;
    }
    let mut words: Vec<String> = ["tags", "categories", "category"]
        .iter()
        .filter_map(|k| page.front.get(k))
        .flat_map(classify::texts)
        .collect();
    if let Some(first) = page
        .title
        .as_deref()
        .map(classify::normalise)
        .and_then(|t| t.split('-').next().map(str::to_string))
    {
        words.push(first);
    }
    let find = |list: &[&str]| {
        words
            .iter()
            .find(|w| {
                let n = classify::normalise(w);
                list.contains(&n.as_str())
                    || (list.contains(&"ap")
                        && n.strip_prefix("ap").is_some_and(|r| {
                            !r.is_empty() && r.chars().all(|c| c.is_ascii_digit())
                        }))
            })
            .cloned()
    };
    if let Some(w) = find(&["stage", "stages", "alternance", "entreprise", "pro"]) {
        return Some(("entreprise", w));
    }
    find(&["formation", "scolaire", "ap", "atelier", "ppe", "tp"]).map(|w| ("formation", w))
}

/// « réalisation E5 (par défaut) — titre « AP-31 » ; compétences lues : incidents (ligne 125) ».
pub(super) fn mission_note(page: &SourcePage, number: Option<u8>) -> String {
    let epreuve = match (page.front.get("epreuve"), number) {
        (Some(v), _) => format!("réalisation {}", classify::texts(v).join(", ")),
        (None, Some(6)) => {
            "réalisation E5 et E6 (le tableau de synthèse liste toutes les réalisations)".into()
        }
        (None, Some(n)) => format!("réalisation E{n}"),
        (None, None) => "réalisation E5 (aucune épreuve indiquée : E5 par défaut)".into(),
    };
    let mut note = format!("{epreuve} — {}", page.verdict.reason);
    if let Some((contexte, word)) = contexte_of(page) {
        let _ = write!(note, " ; contexte {contexte} (« {word} »)");
    }
    if page.front.get("competences").is_none() {
        // The option does not change what bloc 1 reads; bloc 2 codes are shown as found.
        let found = words::competences(&page.front, &page.body, page.body_line, OptionSio::Sisr);
        if found.is_empty() {
            note.push_str(" ; aucune compétence écrite dans la page");
        } else {
            let list: Vec<String> = found
                .iter()
                .map(|f| format!("{} ({})", f.competence.code(), f.place))
                .collect();
            let _ = write!(note, " ; compétences lues : {}", list.join(", "));
        }
    }
    note
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The page with keys added at the top of its front matter (YAML or TOML), or a YAML
/// front matter made for a page that has none.
pub(super) fn with_front_keys(text: &str, keys: &[(String, String)]) -> String {
    if keys.is_empty() {
        return text.to_string();
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first = text[..first_line_end].trim_end();
    let comment = "# ajouté par sio-dossier import (lu dans la page ; à vérifier)";
    if first == "+++" {
        let lines: Vec<String> = keys
            .iter()
            .map(|(k, v)| {
                let v = if v.starts_with('[') {
                    let items: Vec<String> = v
                        .trim_matches(['[', ']'])
                        .split(", ")
                        .map(json_string)
                        .collect();
                    format!("[{}]", items.join(", "))
                } else if v.starts_with('"') {
                    v.clone()
                } else {
                    json_string(v)
                };
                format!("{k} = {v}")
            })
            .collect();
        return format!(
            "+++\n{comment}\n{}\n{}",
            lines.join("\n"),
            &text[(first_line_end + 1).min(text.len())..]
        );
    }
    let lines: Vec<String> = keys.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    if first == "---" {
        format!(
            "---\n{comment}\n{}\n{}",
            lines.join("\n"),
            &text[(first_line_end + 1).min(text.len())..]
        )
    } else {
        format!("---\n{comment}\n{}\n---\n\n{text}", lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::frontmatter::split;
    use serde_json::Value;

    #[test]
    fn keys_added_to_each_kind_of_front_matter() {
        let keys = vec![
            ("epreuve".to_string(), "E5".to_string()),
            ("competences".to_string(), "[incidents, projet]".to_string()),
        ];
        let yaml = with_front_keys("---\ntitle: A\n---\nCorps\n", &keys);
        assert!(yaml.starts_with("---\n# ajouté"));
        assert!(
            yaml.contains("\nepreuve: E5\ncompetences: [incidents, projet]\ntitle: A\n---\nCorps")
        );
        let toml = with_front_keys("+++\ntitle = \"A\"\n+++\nCorps\n", &keys);
        assert!(toml.contains(
            "epreuve = \"E5\"\ncompetences = [\"incidents\", \"projet\"]\ntitle = \"A\""
        ));
        let none = with_front_keys("# Titre\n\nCorps\n", &keys);
        assert!(none.starts_with("---\n# ajouté"));
        assert!(none.ends_with("---\n\n# Titre\n\nCorps\n"));
        for text in [yaml, toml, none] {
            let fm = split(&text).unwrap().front;
            assert_eq!(fm.get("epreuve").and_then(Value::as_str), Some("E5"));
            assert_eq!(
                fm.get("competences")
                    .map(classify::texts)
                    .unwrap_or_default(),
                vec!["incidents", "projet"]
            );
        }
    }
}
