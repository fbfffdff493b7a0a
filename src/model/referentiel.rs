//! Signs that a page was written for the 2011 référentiel (official-forms.md, section 5):
//! activity and competence codes (`A1.1.1`, `C1.1.1.2`), « situation professionnelle »,
//! « PPE », « portefeuille de compétences », and the old name of the E5 épreuve. The
//! dossier is still built; the candidate is told where, so that the jury does not read
//! the old vocabulary.

use crate::diagnostics::Diagnostic;

/// One kind of sign, with the message and hint a student reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sign {
    Code,
    Situation,
    Ppe,
    Portefeuille,
    AncienneE5,
}

impl Sign {
    fn message(self, found: &str, count: usize) -> String {
        let what = match self {
            Sign::Code => format!(
                "« {found} » ressemble à un code d'activité ou de compétence du référentiel de 2011"
            ),
            Sign::Situation => format!("« {found} » est le vocabulaire du référentiel de 2011"),
            Sign::Ppe => {
                "« PPE » (projet personnalisé encadré) appartient au référentiel de 2011".into()
            }
            Sign::Portefeuille => {
                format!("« {found} » désigne l'épreuve E6 du référentiel de 2011")
            }
            Sign::AncienneE5 => {
                format!("« {found} » est l'intitulé de l'ancienne épreuve E5 (référentiel de 2011)")
            }
        };
        if count > 1 {
            format!("{what} ({count} fois dans ce fichier)")
        } else {
            what
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Sign::Code => {
                "le référentiel en vigueur (2019, modifié en 2024) nomme les compétences du bloc 1 : patrimoine, incidents, presence_en_ligne, projet, service, developpement_pro"
            }
            Sign::Situation => "écrivez « réalisation professionnelle »",
            Sign::Ppe => {
                "parlez de réalisations professionnelles (en cours de formation ou en milieu professionnel)"
            }
            Sign::Portefeuille => {
                "l'épreuve E5 repose sur le portfolio (dossier numérique) et le tableau de synthèse"
            }
            Sign::AncienneE5 => {
                "l'épreuve E5 s'intitule « Support et mise à disposition de services informatiques »"
            }
        }
    }
}

/// Phrases looked for, case and accents ignored.
const PHRASES: &[(&str, Sign)] = &[
    ("situation professionnelle", Sign::Situation),
    ("situations professionnelles", Sign::Situation),
    ("portefeuille de competences", Sign::Portefeuille),
    (
        "production et fourniture de services informatiques",
        Sign::AncienneE5,
    ),
];

/// Warnings (without file) for the signs found in `text`: one per kind of sign, placed at
/// its first occurrence, with the number of occurrences.
pub fn old_referentiel_signs(text: &str) -> Vec<Diagnostic> {
    // (sign, first line, first column, text found, count)
    let mut found: Vec<(Sign, usize, usize, String, usize)> = Vec::new();
    let mut record = |sign: Sign, line: usize, column: usize, text: &str| match found
        .iter_mut()
        .find(|f| f.0 == sign)
    {
        Some(f) => f.4 += 1,
        None => found.push((sign, line, column, text.to_string(), 1)),
    };
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(byte, c)) in chars.iter().enumerate() {
            let before_ok = k == 0 || chars.get(k - 1).is_none_or(|(_, p)| !p.is_alphanumeric());
            if !before_ok {
                continue;
            }
            let column = k + 1;
            if let Some(len) = code_at(&chars[k..]) {
                let end = chars.get(k + len).map_or(line.len(), |(b, _)| *b);
                record(Sign::Code, i + 1, column, line.get(byte..end).unwrap_or(""));
                continue;
            }
            if c == 'P' && word_at(&chars[k..], "PPE") {
                record(Sign::Ppe, i + 1, column, "PPE");
                continue;
            }
            for (phrase, sign) in PHRASES {
                if let Some(len) = phrase_at(&chars[k..], phrase) {
                    let end = chars.get(k + len).map_or(line.len(), |(b, _)| *b);
                    record(*sign, i + 1, column, line.get(byte..end).unwrap_or(""));
                }
            }
        }
    }
    found.sort_by_key(|f| (f.1, f.2));
    found
        .into_iter()
        .map(|(sign, line, column, text, count)| {
            Diagnostic::warning(sign.message(&text, count))
                .at(line, Some(column))
                .about(text)
                .with_hint(sign.hint())
        })
        .collect()
}

/// `A1.1.1`, `C1.1.1.2`: a capital A or C, then at least three dot-separated numbers, not
/// followed by a letter or digit. Returns the length in chars.
fn code_at(chars: &[(usize, char)]) -> Option<usize> {
    let (_, first) = chars.first()?;
    if *first != 'A' && *first != 'C' {
        return None;
    }
    let mut k = 1;
    let mut groups = 0;
    loop {
        let start = k;
        while chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit()) {
            k += 1;
        }
        if k == start {
            return None;
        }
        groups += 1;
        let dot_then_digit = chars.get(k).is_some_and(|(_, c)| *c == '.')
            && chars.get(k + 1).is_some_and(|(_, c)| c.is_ascii_digit());
        if !dot_then_digit {
            break;
        }
        k += 1;
    }
    let after_ok = chars.get(k).is_none_or(|(_, c)| !c.is_alphanumeric());
    (groups >= 3 && after_ok).then_some(k)
}

/// `word` exactly (case-sensitive), not followed by a letter or digit.
fn word_at(chars: &[(usize, char)], word: &str) -> bool {
    let n = word.chars().count();
    chars.len() >= n
        && chars.iter().zip(word.chars()).all(|((_, c), w)| *c == w)
        && chars.get(n).is_none_or(|(_, c)| !c.is_alphanumeric())
}

/// `phrase` (lowercase ASCII) ignoring case, accents of `e` and the kind of spaces, not
/// followed by a letter. Returns the length in chars.
fn phrase_at(chars: &[(usize, char)], phrase: &str) -> Option<usize> {
    let n = phrase.chars().count();
    if chars.len() < n {
        return None;
    }
    let same = chars
        .iter()
        .zip(phrase.chars())
        .all(|((_, c), p)| fold(*c) == p);
    let after_ok = chars.get(n).is_none_or(|(_, c)| !c.is_alphabetic());
    (same && after_ok).then_some(n)
}

fn fold(c: char) -> char {
    match c {
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        c if c.is_whitespace() => ' ',
        c => c.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signs(text: &str) -> Vec<(usize, usize, String)> {
        old_referentiel_signs(text)
            .into_iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn codes_are_found_with_their_place() {
        let s = signs("titre\nActivités : A1.1.1, A1.2.4 et C1.1.1.2.\n");
        assert_eq!(s.len(), 1, "one warning per kind: {s:?}");
        assert_eq!((s[0].0, s[0].1), (2, 13));
        assert!(s[0].2.contains("« A1.1.1 »"), "{}", s[0].2);
        assert!(s[0].2.contains("3 fois"), "{}", s[0].2);
    }

    #[test]
    fn phrases_and_ppe() {
        let s = signs(
            "# Ma Situation Professionnelle\n\nPendant le PPE n°2, mon portefeuille de compétences…\n",
        );
        let messages: Vec<&str> = s.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(s.len(), 3, "{messages:?}");
        assert_eq!((s[0].0, s[0].1), (1, 6));
        assert!(messages[0].contains("« Situation Professionnelle »"));
        assert_eq!((s[1].0, s[1].1), (3, 12));
        assert!(messages[1].contains("PPE"));
        assert!(messages[2].contains("« portefeuille de compétences »"));
    }

    #[test]
    fn the_current_vocabulary_is_not_flagged() {
        for text in [
            "réalisation professionnelle, portfolio, patrimoine",
            "version 1.2.3, A1.1 seulement, CA1.1.1, A1.1.1b, PPEs, APPE",
            "situation professionnellement",
            "",
        ] {
            assert!(signs(text).is_empty(), "{text:?}: {:?}", signs(text));
        }
    }
}
