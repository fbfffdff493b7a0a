//! Safe, readable file names from candidates' names (`N'Diaye` → `NDiaye`, no `/`, no `..`).

use crate::model::Candidate;

/// `<numero>_<NOM>_<Prénom>`, or `sans-numero_<NOM>_<Prénom>` while the number is unknown.
pub fn package_name(c: &Candidate) -> String {
    let numero = c.numero.as_ref().map_or("sans-numero", |n| n.as_str());
    format!(
        "{}_{}_{}",
        numero,
        safe_component(&c.nom),
        safe_component(&c.prenom)
    )
}

/// Letters (any script) and digits kept, spaces and dashes become `-`, everything else
/// (apostrophes, slashes, dots, quotes, controls) dropped; never empty, at most 60 chars.
pub fn safe_component(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if (ch.is_whitespace() || ch == '-' || ch == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "x".to_string()
    } else {
        trimmed.to_string()
    }
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
}
