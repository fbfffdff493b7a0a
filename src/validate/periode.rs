//! A mission's période: the text the fiche prints, and the days the tableau prints.

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::model::date::{format_fr, parse_date, parse_periode};
use crate::validate::fields::{Spot, scalar};
use crate::validate::keys::lookup;

/// The période as printed on the fiche and its first and last day for the tableau.
pub(super) type Periode = (Option<String>, Option<(NaiveDate, NaiveDate)>);

/// The période of a mission: as printed on the fiche (`periode` as written, or built from
/// `debut`/`fin`), and its first and last day for the tableau (from `periode`, else
/// `debut`/`fin`, else the one day of `date`). A `periode` that cannot be read is kept as
/// written and reported: the tableau prints it as it is.
pub(super) fn periode(spot: Spot, date: Option<NaiveDate>, diags: &mut Diagnostics) -> Periode {
    match lookup(spot.fm, "periode").and_then(|(k, v)| Some((k, scalar(v)?))) {
        Some((key, text)) => written_periode(spot, key, text, diags),
        None => from_debut_fin(spot, date),
    }
}

/// `periode:` as written, its days when it can be read (reported when not).
fn written_periode(spot: Spot, key: &str, text: String, diags: &mut Diagnostics) -> Periode {
    let dates = parse_periode(&text);
    if dates.is_none() {
        diags.push(
            spot.warn(
                format!(
                    "période « {text} » illisible : le tableau de synthèse l'imprime telle quelle au lieu de « du JJ/MM/AA au JJ/MM/AA »"
                ),
                key,
            )
            .about(text.as_str())
            .with_hint("écrivez « periode: du 03/02/2025 au 14/03/2025 », ou donnez « debut: » et « fin: »"),
        );
    }
    (Some(text), dates)
}

/// The période built from `debut:` and `fin:`, else the one day of `date`.
fn from_debut_fin(spot: Spot, date: Option<NaiveDate>) -> Periode {
    let text = |key| lookup(spot.fm, key).and_then(|(_, v)| scalar(v));
    let (debut, fin) = (text("debut"), text("fin"));
    let day = |t: &Option<String>| t.as_deref().and_then(parse_date);
    let dates = match (day(&debut), day(&fin)) {
        (Some(a), Some(b)) if a <= b => Some((a, b)),
        _ if debut.is_none() && fin.is_none() => date.map(|d| (d, d)),
        _ => None,
    };
    let shown = |t: String| parse_date(&t).map_or(t, format_fr);
    let periode = match (debut.map(shown), fin.map(shown)) {
        (Some(a), Some(b)) => Some(format!("du {a} au {b}")),
        (Some(a), None) => Some(format!("depuis le {a}")),
        (None, Some(b)) => Some(format!("jusqu'au {b}")),
        (None, None) => None,
    };
    (periode, dates)
}
