//! Where a mission counts: for which épreuves (`epreuve`), in which context (`contexte`),
//! for which competences (`competences`).

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::candidate::OptionSio;
use crate::model::competence::Competence;
use crate::model::mission::{Contexte, Epreuves};
use crate::model::session::Session;
use crate::validate::fields::{Spot, scalar, string_list};
use crate::validate::keys::lookup;

/// The épreuves a mission is for, named as the candidate's session names them.
pub(super) fn epreuves(spot: Spot, session: Session, diags: &mut Diagnostics) -> Epreuves {
    let numbering = session.numbering();
    let mut epreuves = Epreuves::default();
    let Some((key, v)) = lookup(spot.fm, "epreuve") else {
        diags.push(
            Diagnostic::warning(
                "pas d'épreuve (epreuve) : la mission n'apparaît dans aucun dossier",
            )
            .in_file(spot.file)
            .with_hint(format!(
                "ajoutez « epreuve: {} », « epreuve: {} » ou « epreuve: [{}, {}] »",
                numbering.epreuve_support,
                numbering.epreuve_option,
                numbering.epreuve_support,
                numbering.epreuve_option
            )),
        );
        return epreuves;
    };
    for e in string_list(v) {
        let norm = e.trim().to_ascii_uppercase();
        if norm == numbering.epreuve_support {
            epreuves.support = true;
        } else if norm == numbering.epreuve_option {
            epreuves.option = true;
        } else {
            diags.push(
                spot.warn(
                    format!(
                        "épreuve « {e} » inconnue pour la session {} (épreuves {} et {})",
                        session.year(),
                        numbering.epreuve_support,
                        numbering.epreuve_option
                    ),
                    key,
                )
                .about(e.as_str()),
            );
        }
    }
    epreuves
}

/// The context of a mission; « formation » when absent or unknown (reported).
pub(super) fn contexte(
    spot: Spot,
    date: Option<NaiveDate>,
    session: Session,
    diags: &mut Diagnostics,
) -> Contexte {
    let Some((key, v)) = lookup(spot.fm, "contexte") else {
        diags.push(
            Diagnostic::warning("pas de contexte : classée « Réalisation en cours de formation »")
                .in_file(spot.file)
                .with_hint("ajoutez « contexte: formation », « pro1 », « pro2 » ou « entreprise »"),
        );
        return Contexte::Formation;
    };
    let text = scalar(v).unwrap_or_default();
    match deunicode::deunicode(&text).to_ascii_lowercase().trim() {
        "formation" | "ecole" | "lycee" | "cours" => Contexte::Formation,
        "pro1" => Contexte::Pro1,
        "pro2" => Contexte::Pro2,
        "entreprise" | "stage" | "alternance" | "pro" => contexte_from_date(date, session.year()),
        _ => {
            diags.push(
                spot.warn(
                    format!("contexte « {text} » inconnu : « formation » retenu"),
                    key,
                )
                .about(text.as_str())
                .with_hint("écrivez formation, pro1, pro2 ou entreprise"),
            );
            Contexte::Formation
        }
    }
}

/// `entreprise`/`stage`: the year of training from the date. For session S, September S-2
/// to August S-1 is the first year; later is the second.
fn contexte_from_date(date: Option<NaiveDate>, session: u16) -> Contexte {
    let Some(d) = date else { return Contexte::Pro1 };
    let second_year_start = NaiveDate::from_ymd_opt(i32::from(session) - 1, 9, 1);
    match second_year_start {
        Some(start) if d >= start => Contexte::Pro2,
        _ => Contexte::Pro1,
    }
}

/// The competences a mission ticks, without repeats, and the codes nobody knows (as
/// written, for the class report). A bloc 2 competence of the other option is ignored.
pub(super) fn competences(
    spot: Spot,
    option: OptionSio,
    diags: &mut Diagnostics,
) -> (Vec<Competence>, Vec<String>) {
    let mut competences = Vec::new();
    let mut unknown = Vec::new();
    let Some((key, v)) = lookup(spot.fm, "competences") else {
        diags.push(
            Diagnostic::warning("aucune compétence (competences) : aucune case n'est cochée")
                .in_file(spot.file),
        );
        return (competences, unknown);
    };
    for text in string_list(v) {
        match Competence::parse(&text) {
            Some(Competence::Bloc2(b)) if b.option() != option => diags.push(
                spot.warn(
                    format!(
                        "compétence « {text} » de l'option {}, pas de l'option {} du candidat : ignorée",
                        b.option().code(),
                        option.code()
                    ),
                    key,
                )
                .about(text.as_str()),
            ),
            Some(c) => {
                if !competences.contains(&c) {
                    competences.push(c);
                }
            }
            None => {
                diags.push(unknown_competence(spot, key, &text));
                unknown.push(text);
            }
        }
    }
    (competences, unknown)
}

/// An unknown competence code, with the closest known one when there is one.
fn unknown_competence(spot: Spot, key: &str, text: &str) -> Diagnostic {
    let d = spot
        .warn(format!("compétence inconnue « {text} » : ignorée"), key)
        .about(text);
    match Competence::suggest(text) {
        Some(s) => d.with_hint(format!("vouliez-vous dire « {} » ?", s.code())),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexte_year_from_date() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(contexte_from_date(d(2025, 3, 10), 2026), Contexte::Pro1);
        assert_eq!(contexte_from_date(d(2025, 9, 25), 2026), Contexte::Pro2);
    }
}
