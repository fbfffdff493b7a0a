//! Realisation numbers (`numero`): what a student may write, and no two alike in an épreuve.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::mission::Mission;
use crate::validate::fields::{Spot, scalar};
use crate::validate::keys::lookup;

/// The largest `numero` a realisation may carry.
const MAX_NUMERO: u32 = 999;

/// The number the student gave the realisation; automatic when absent or invalid (reported).
pub(super) fn numero(spot: Spot, diags: &mut Diagnostics) -> Option<u32> {
    let (key, v) = lookup(spot.fm, "numero")?;
    let text = scalar(v)?;
    match text.parse::<u32>() {
        Ok(n) if (1..=MAX_NUMERO).contains(&n) => Some(n),
        _ => {
            diags.push(
                spot.warn(
                    format!("numéro de réalisation « {text} » invalide : numéro automatique (ordre des dates)"),
                    key,
                )
                .about(text.as_str())
                .with_hint(format!("écrivez un nombre entre 1 et {MAX_NUMERO}")),
            );
            None
        }
    }
}

/// Two realisations of the same épreuve cannot share a number (their fiches, and the
/// `proN.pdf` cut from them, would collide): the later one gets an automatic number.
pub(super) fn unique_numbers(missions: &mut [Mission], diags: &mut Diagnostics) {
    let mut taken: Vec<(u32, bool, bool, PathBuf)> = Vec::new();
    for m in missions.iter_mut() {
        let Some(n) = m.numero else { continue };
        let clash = taken.iter().find(|(t, support, option, _)| {
            *t == n && ((*support && m.epreuves.support) || (*option && m.epreuves.option))
        });
        if let Some((_, _, _, other)) = clash {
            diags.push(
                Diagnostic::warning(format!(
                    "numéro de réalisation {n} déjà pris par « {} » : numéro automatique",
                    other.display()
                ))
                .in_file(&m.source)
                .at(1, None)
                .about(format!("numero: {n}"))
                .with_hint("donnez un numéro différent à chaque réalisation d'une même épreuve"),
            );
            m.numero = None;
        } else {
            taken.push((n, m.epreuves.support, m.epreuves.option, m.source.clone()));
        }
    }
}
