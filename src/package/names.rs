//! Safe, readable file names from candidates' names (`N'Diaye` → `NDiaye`, no `/`, no `..`),
//! unique within a run as a case-insensitive, normalising file system compares them.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::Candidate;

/// Longest component (name or first name), in bytes: Arabic or Devanagari letters take
/// two or three bytes each, and file systems count bytes.
const MAX_COMPONENT_BYTES: usize = 80;

/// Longest package name, in bytes. File names are limited to 255 bytes; the name is also
/// used with `.zip`, `.json` and the staging folders' `.<name>.tmp-<pid>`.
pub const MAX_NAME_BYTES: usize = 200;

/// `<numero>_<NOM>_<Prénom>`, or `sans-numero_<NOM>_<Prénom>` while the number is unknown.
pub fn package_name(c: &Candidate) -> String {
    let numero = c
        .numero
        .as_ref()
        .map_or("sans-numero".to_string(), |n| safe_component(n.as_str()));
    let name = format!(
        "{}_{}_{}",
        numero,
        safe_component(&c.nom),
        safe_component(&c.prenom)
    );
    cut_bytes(&name, MAX_NAME_BYTES).to_string()
}

/// Letters (any script, with their accents) and digits kept, spaces and dashes become
/// `-`, everything else (apostrophes, slashes, dots, quotes, controls) dropped; composed
/// (NFC) so that an accent typed on macOS gives the same name; never empty, at most
/// [`MAX_COMPONENT_BYTES`] bytes.
pub fn safe_component(text: &str) -> String {
    let mut out = String::new();
    for ch in text.nfc() {
        let keep = ch.is_alphanumeric() || (is_combining_mark(ch) && !out.is_empty());
        let piece = if keep {
            ch
        } else if (ch.is_whitespace() || ch == '-' || ch == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            '-'
        } else {
            continue;
        };
        if out.len() + piece.len_utf8() > MAX_COMPONENT_BYTES {
            break;
        }
        out.push(piece);
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "x".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn cut_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// How a case-insensitive, normalising file system (macOS, Windows, a USB key) sees a
/// name: two names with the same key are the same file there.
pub fn name_key(name: &str) -> String {
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .nfc()
        .collect()
}

/// A group of candidates whose names would be the same file: their folders and the
/// distinct names given to each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Homonyms {
    /// The shared name (the first candidate's spelling).
    pub name: String,
    /// `(folder, name given)` for each candidate of the group, in folder order.
    pub members: Vec<(String, String)>,
}

/// Makes package names unique: `entries` are `(folder name, package name)`; returns the
/// name each entry gets, and the groups that had to be told apart. A name shared (as
/// [`name_key`] compares) by several candidates gets each candidate's folder name as a
/// suffix (`sans-numero_MARTIN_Thomas_martin-thomas-2`), so that the names stay the same
/// from one run to the next whatever the order candidates are built in; a number is added
/// only if even that is not enough.
pub fn unique_names(entries: &[(String, String)]) -> (Vec<String>, Vec<Homonyms>) {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, name)) in entries.iter().enumerate() {
        by_key.entry(name_key(name)).or_default().push(i);
    }
    let mut names: Vec<String> = entries.iter().map(|(_, n)| n.clone()).collect();
    let mut groups = Vec::new();
    for indexes in by_key.values().filter(|v| v.len() > 1) {
        let mut sorted = indexes.clone();
        sorted.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0));
        for &i in &sorted {
            let (folder, name) = &entries[i];
            let suffix = safe_component(folder);
            let base = cut_bytes(name, MAX_NAME_BYTES.saturating_sub(suffix.len() + 1));
            names[i] = format!("{base}_{suffix}");
        }
        groups.push((sorted, entries[indexes[0]].1.clone()));
    }
    // A suffixed name can still meet another (folders equal once normalised, or another
    // candidate's own name): number the later ones.
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0));
    for i in order {
        let mut candidate = names[i].clone();
        let mut n = 2;
        while taken.contains_key(&name_key(&candidate)) {
            let suffix = format!("_{n}");
            let base = cut_bytes(&names[i], MAX_NAME_BYTES.saturating_sub(suffix.len()));
            candidate = format!("{base}{suffix}");
            n += 1;
        }
        taken.insert(name_key(&candidate), i);
        names[i] = candidate;
    }
    let groups = groups
        .into_iter()
        .map(|(members, name)| Homonyms {
            name,
            members: members
                .iter()
                .map(|&i| (entries[i].0.clone(), names[i].clone()))
                .collect(),
        })
        .collect();
    (names, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_readable_and_safe() {
        assert_eq!(safe_component("N'Diaye"), "NDiaye");
        assert_eq!(safe_component("LE GOFF"), "LE-GOFF");
        assert_eq!(safe_component("Éloïse"), "Éloïse");
        assert_eq!(safe_component("../../etc"), "etc");
        assert_eq!(safe_component("a/b\\c"), "abc");
        assert_eq!(safe_component("\"\""), "x");
        assert_eq!(safe_component("بن علي"), "بن-علي");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(safe_component("E\u{301}loi\u{308}se"), "Éloïse");
        // Scripts whose vowels are combining marks keep them.
        assert_eq!(safe_component("अनिल"), "अनिल");
    }

    #[test]
    fn long_names_are_cut_by_bytes_on_a_character_boundary() {
        let arabic = "محمد".repeat(40);
        let cut = safe_component(&arabic);
        assert!(cut.len() <= MAX_COMPONENT_BYTES, "{}", cut.len());
        assert!(arabic.starts_with(&cut));
        assert_eq!(cut_bytes("éé", 3), "é");
        assert_eq!(cut_bytes("abc", 10), "abc");
    }

    fn e(folder: &str, name: &str) -> (String, String) {
        (folder.to_string(), name.to_string())
    }

    #[test]
    fn homonyms_get_distinct_stable_names() {
        let entries = vec![
            e("martin-b", "sans-numero_MARTIN_Thomas"),
            e("dupont", "sans-numero_DUPONT_Marie"),
            e("martin-a", "sans-numero_MARTIN_Thomas"),
        ];
        let (names, groups) = unique_names(&entries);
        assert_eq!(
            names,
            vec![
                "sans-numero_MARTIN_Thomas_martin-b",
                "sans-numero_DUPONT_Marie",
                "sans-numero_MARTIN_Thomas_martin-a",
            ]
        );
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members[0].0, "martin-a");
        // Same names whatever the order.
        let reversed: Vec<_> = entries.iter().rev().cloned().collect();
        let (again, _) = unique_names(&reversed);
        assert_eq!(again, names.iter().rev().cloned().collect::<Vec<_>>());
    }

    #[test]
    fn case_and_normalisation_are_ignored_when_comparing() {
        let entries = vec![
            e("a", "1_NDIAYE_Awa"),
            e("b", "1_Ndiaye_Awa"),
            e("c", "2_X_E\u{301}lise"),
            e("d", "2_X_Élise"),
        ];
        let (names, groups) = unique_names(&entries);
        assert_eq!(groups.len(), 2);
        let keys: std::collections::BTreeSet<_> = names.iter().map(|n| name_key(n)).collect();
        assert_eq!(keys.len(), 4, "{names:?}");
    }

    #[test]
    fn folders_equal_once_normalised_are_numbered() {
        let entries = vec![
            e("caf\u{e9}", "1_A_B"),
            e("cafe\u{301}", "1_A_B"),
            e("z", "1_A_B_café"),
        ];
        let (names, _) = unique_names(&entries);
        let keys: std::collections::BTreeSet<_> = names.iter().map(|n| name_key(n)).collect();
        assert_eq!(keys.len(), 3, "{names:?}");
    }
}
