//! The keys a mission page may carry, their aliases, and the keys of portfolio generators
//! that mean nothing here (input-format.md).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::FrontMatter;
use crate::validate::fields::Spot;

/// Keys a mission page may carry, with their aliases (input-format.md).
const MISSION_KEYS: &[(&str, &[&str])] = &[
    ("title", &["titre"]),
    ("date", &["publishDate", "pubDate"]),
    ("description", &["summary"]),
    ("draft", &[]),
    ("tags", &[]),
    ("img", &["image", "cover"]),
    ("periode", &[]),
    ("debut", &[]),
    ("fin", &[]),
    ("organisation", &["entreprise"]),
    ("lieu", &[]),
    ("modalite", &[]),
    ("epreuve", &[]),
    ("contexte", &["cadre"]),
    ("numero", &[]),
    ("competences", &[]),
    ("ressources", &[]),
    ("resultats_attendus", &[]),
    ("livrables", &[]),
];

/// Keys that portfolio generators add and that mean nothing to the dossier: not reported.
const SITE_KEYS: &[&str] = &[
    "img_alt",
    "weight",
    "categories",
    "slug",
    "author",
    "authors",
    "layout",
    "aliases",
    "lastmod",
    "updated",
    "updatedDate",
    "heroImage",
    "coverImage",
    "excerpt",
    "permalink",
    "toc",
    "url",
    "type",
    "series",
    "keywords",
    "featured",
    "lang",
];

/// The value of a key or of its first alias present, with the key as written.
pub(super) fn lookup<'a>(fm: &'a FrontMatter, key: &str) -> Option<(&'a str, &'a Value)> {
    let aliases = MISSION_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(&[][..], |(_, a)| *a);
    std::iter::once(key)
        .chain(aliases.iter().copied())
        .find_map(|k| fm.fields.get_key_value(k).map(|(k, v)| (k.as_str(), v)))
}

/// Reports each key neither a mission key nor a generator's key, once per candidate
/// (`reported`): a likely typo as a warning with the closest key, else as information.
pub(super) fn report_unknown_keys(
    spot: Spot,
    reported: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let known: Vec<&str> = MISSION_KEYS
        .iter()
        .flat_map(|(k, a)| std::iter::once(*k).chain(a.iter().copied()))
        .collect();
    for key in spot.fm.fields.keys() {
        if known.contains(&key.as_str())
            || SITE_KEYS.contains(&key.as_str())
            || !reported.insert(key.clone())
        {
            continue;
        }
        let d = match closest_key(key, &known) {
            Some(k) => Diagnostic::warning(format!("clé inconnue « {key} » : ignorée"))
                .with_hint(format!("vouliez-vous dire « {k} » ?")),
            None => Diagnostic::info(format!(
                "clé « {key} » inconnue du générateur : conservée, non utilisée"
            )),
        };
        diags.push(spot.at_key(d.about(key.as_str()), key));
    }
}

/// The known key at most two edits away from `key` (case aside), the closest first.
fn closest_key<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| {
            (
                strsim::levenshtein(&key.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
