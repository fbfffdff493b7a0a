//! Mission pages → `Mission`s, field by field; their order; drafts left out.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{CandidateSource, Confined, FrontMatter, Page};
use crate::model::candidate::Candidate;
use crate::model::date::parse_date;
use crate::model::mission::{Contexte, Mission, Modalite};
use crate::validate::fields::{Spot, is_true, scalar, string_list};
use crate::validate::heading::first_heading;
use crate::validate::keys::{lookup, report_unknown_keys};
use crate::validate::{assets, classify, numbers, periode};

/// The printable missions of a candidate, by date (undated last) then file name, no two
/// with the same number in an épreuve.
pub(super) fn validate_all(
    src: &CandidateSource,
    candidate: &Candidate,
    diags: &mut Diagnostics,
) -> Vec<Mission> {
    let mut reported_keys = BTreeSet::new();
    let mut missions: Vec<Mission> = src
        .missions
        .iter()
        .filter_map(|p| validate(p, &src.folder, candidate, &mut reported_keys, diags))
        .collect();
    missions.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.source).cmp(&(b.date.is_none(), b.date, &b.source))
    });
    numbers::unique_numbers(&mut missions, diags);
    inherit_organisation(&mut missions, candidate, diags);
    missions
}

/// The pages left out because they are drafts.
pub(super) fn drafts(pages: &[Page]) -> Vec<PathBuf> {
    pages
        .iter()
        .filter(|p| is_draft(&p.front))
        .map(|p| p.rel.clone())
        .collect()
}

fn is_draft(fm: &FrontMatter) -> bool {
    lookup(fm, "draft").is_some_and(|(_, v)| is_true(v))
}

/// One mission page; `None` for a draft. Unknown keys are reported once per candidate
/// (`reported_keys`).
fn validate(
    page: &Page,
    folder: &Confined,
    candidate: &Candidate,
    reported_keys: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Mission> {
    let file = page.rel.to_string_lossy().into_owned();
    let spot = Spot {
        file: &file,
        fm: &page.front,
    };
    if is_draft(spot.fm) {
        let d = Diagnostic::info("brouillon (draft: true) : page ignorée, absente des dossiers");
        diags.push(spot.at_key(d, "draft"));
        return None;
    }
    report_unknown_keys(spot, reported_keys, diags);
    let title = title(page, spot, diags);
    let date = date(spot, diags);
    let (periode, dates) = periode::periode(spot, date, diags);
    let epreuves = classify::epreuves(spot, candidate.session, diags);
    let contexte = classify::contexte(spot, date, candidate.session, diags);
    let (competences, unknown_competences) = classify::competences(spot, candidate.option, diags);
    let modalite = modalite(spot, diags);
    let numero = numbers::numero(spot, diags);
    let livrables = assets::livrables(page, folder, spot, diags);
    assets::check_image(page, folder, spot, diags);
    let text = |key| lookup(spot.fm, key).and_then(|(_, v)| scalar(v));
    Some(Mission {
        slug: page.slug(),
        source: page.rel.clone(),
        title,
        date,
        description: text("description"),
        periode,
        dates,
        organisation: text("organisation"),
        lieu: text("lieu"),
        modalite,
        epreuves,
        contexte,
        numero,
        competences,
        unknown_competences,
        ressources: lookup(spot.fm, "ressources")
            .map(|(_, v)| string_list(v))
            .unwrap_or_default(),
        resultats_attendus: text("resultats_attendus"),
        livrables,
        body: page.body.clone(),
        body_line: page.body_line,
    })
}

/// Réalisations in a professional setting (`pro1`, `pro2`) that name no organisation take
/// the host organisation of `candidat.yaml`: the fiche's « Organisation support » is not
/// left blank when the student named the company once. Said in one info line, since a
/// first-year internship may have been elsewhere.
fn inherit_organisation(missions: &mut [Mission], candidate: &Candidate, diags: &mut Diagnostics) {
    let Some(host) = &candidate.organisation else {
        return;
    };
    let mut inherited = Vec::new();
    for m in missions
        .iter_mut()
        .filter(|m| m.organisation.is_none() && m.contexte != Contexte::Formation)
    {
        m.organisation = Some(host.clone());
        inherited.push(m.source.to_string_lossy().into_owned());
    }
    if inherited.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::info(format!(
            "organisation support reprise de candidat.yaml (« {host} ») pour {} réalisation(s) sans clé organisation : {}",
            inherited.len(),
            inherited.join(", ")
        ))
        .in_file("candidat.yaml")
        .with_hint("ajoutez « organisation: … » à une réalisation faite ailleurs"),
    );
}

/// `title`, else the first level-1 heading, else the file name (reported).
fn title(page: &Page, spot: Spot, diags: &mut Diagnostics) -> String {
    if let Some(title) = lookup(spot.fm, "title").and_then(|(_, v)| scalar(v)) {
        return title;
    }
    let (title, how) = match first_heading(&page.body) {
        Some(h) => (h, "le premier titre de niveau 1 est retenu"),
        None => (page.slug(), "le nom du fichier est retenu"),
    };
    diags.push(
        Diagnostic::warning(format!("pas de titre (title) : {how} (« {title} »)"))
            .in_file(spot.file)
            .with_hint("ajoutez « title: … » dans l'en-tête"),
    );
    title
}

/// The mission's date; absent or unreadable ones are reported (the mission goes last).
fn date(spot: Spot, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let Some((key, v)) = lookup(spot.fm, "date") else {
        diags.push(
            Diagnostic::warning("pas de date (date) : la mission est classée en dernier")
                .in_file(spot.file)
                .with_hint("ajoutez « date: 2025-03-10 »"),
        );
        return None;
    };
    let text = scalar(v).unwrap_or_default();
    let date = parse_date(&text);
    if date.is_none() {
        diags.push(
            spot.warn(format!("date « {text} » illisible"), key)
                .about(text.as_str())
                .with_hint("écrivez la date sous la forme 2025-03-10 ou 10/03/2025"),
        );
    }
    date
}

/// How the realisation was done (alone, in a team); unknown words are reported.
fn modalite(spot: Spot, diags: &mut Diagnostics) -> Option<Modalite> {
    let (key, v) = lookup(spot.fm, "modalite")?;
    let text = scalar(v)?;
    let modalite = Modalite::parse(&text);
    if modalite.is_none() {
        diags.push(
            spot.warn(format!("modalité « {text} » inconnue"), key)
                .about(text.as_str())
                .with_hint("écrivez seul ou equipe"),
        );
    }
    modalite
}
