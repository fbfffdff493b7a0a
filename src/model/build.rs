//! From raw pages to validated domain values. This is where user mistakes become
//! diagnostics (file, line, French message, hint) instead of errors deep in the pipeline.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{CandidateSource, FrontMatter, Page, RosterRow};
use crate::model::candidate::{Candidate, Mode, NumeroCandidat, OptionSio};
use crate::model::competence::Competence;
use crate::model::date::{format_fr, parse_date, parse_periode};
use crate::model::livrable::Livrable;
use crate::model::mission::{Contexte, EpreuvePage, Epreuves, Mission, Modalite};
use crate::model::session::Session;

/// A candidate's validated dossier: identity, the two épreuve pages, the missions.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub candidate: Candidate,
    pub e5: Option<EpreuvePage>,
    pub e6: Option<EpreuvePage>,
    /// Printable missions (drafts left out), by date then file name.
    pub missions: Vec<Mission>,
    /// Pages left out because they are drafts.
    pub drafts: Vec<std::path::PathBuf>,
}

/// Values a class folder provides to a candidate: `classe.yaml` and the candidate's row of
/// `candidats.csv`. `candidat.yaml` wins; disagreements are reported.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub session: Option<i64>,
    pub centre: Option<String>,
    pub roster: Option<RosterRow>,
}

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

/// Builds the dossier; `None` when the candidate cannot be identified (errors reported).
pub fn build_dossier(
    src: &CandidateSource,
    defaults: &Defaults,
    diags: &mut Diagnostics,
) -> Option<Dossier> {
    // A candidat.yaml that exists but does not parse is an error (already reported): the
    // roster is a fallback for a missing file, not a guess over a broken one.
    if src.candidat.is_none() && src.folder.root().join("candidat.yaml").exists() {
        return None;
    }
    let candidate = build_candidate(src.candidat.as_ref(), defaults, diags)?;
    let e5 = src.e5.as_ref().map(|p| epreuve_page(p, "Épreuve E5"));
    let e6 = src.e6.as_ref().map(|p| epreuve_page(p, "Épreuve E6"));
    for (page, name) in [(&e5, "epreuves/e5.md"), (&e6, "epreuves/e6.md")] {
        if page.is_none() && !src.folder.root().join(name).exists() {
            diags.push(
                Diagnostic::warning("page d'épreuve absente : le dossier est produit sans elle")
                    .in_file(name),
            );
        }
    }
    let mut reported = BTreeSet::new();
    let mut missions: Vec<Mission> = src
        .missions
        .iter()
        .filter_map(|p| build_mission(p, src, &candidate, &mut reported, diags))
        .collect();
    missions.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.source).cmp(&(b.date.is_none(), b.date, &b.source))
    });
    unique_numbers(&mut missions, diags);
    let drafts = src
        .missions
        .iter()
        .filter(|p| lookup(&p.front, "draft").is_some_and(|(_, v)| is_true(v)))
        .map(|p| p.rel.clone())
        .collect();
    Some(Dossier {
        candidate,
        e5,
        e6,
        missions,
        drafts,
    })
}

fn file_diag(d: Diagnostic, file: &str, fm: &FrontMatter, key: &str) -> Diagnostic {
    let d = d.in_file(file);
    match fm.line_of(key) {
        Some(line) => d.at(line, Some(1)),
        None => d,
    }
}

fn build_candidate(
    fm: Option<&FrontMatter>,
    defaults: &Defaults,
    diags: &mut Diagnostics,
) -> Option<Candidate> {
    const FILE: &str = "candidat.yaml";
    let empty = FrontMatter::default();
    let fm = match (fm, &defaults.roster) {
        (Some(fm), _) => fm,
        (None, Some(_)) => {
            diags.push(
                Diagnostic::warning(
                    "fichier « candidat.yaml » absent : identité prise dans candidats.csv",
                )
                .in_file(FILE),
            );
            &empty
        }
        (None, None) => {
            diags.push(
                Diagnostic::error("fichier « candidat.yaml » absent ou illisible")
                    .in_file(FILE)
                    .with_hint("créez-le avec nom, prenom, numero_candidat, option, mode, session"),
            );
            return None;
        }
    };
    // candidat.yaml first, then the roster; a disagreement is reported, candidat.yaml wins.
    let field = |key: &str,
                 roster_value: Option<&String>,
                 diags: &mut Diagnostics|
     -> Option<String> {
        let own = fm.get(key).and_then(scalar);
        if let (Some(own), Some(other), Some(row)) = (&own, roster_value, &defaults.roster)
            && own != other
        {
            diags.push(file_diag(
                Diagnostic::warning(format!(
                    "« {key} » : candidat.yaml indique « {own} », candidats.csv (ligne {}) « {other} » : candidat.yaml est retenu",
                    row.line
                ))
                .about(own.as_str())
                .with_hint("corrigez le fichier qui se trompe (un tableur supprime souvent le 0 initial des numéros)"),
                FILE,
                fm,
                key,
            ));
        }
        own.or_else(|| roster_value.cloned())
    };
    let roster = defaults.roster.as_ref();
    let mut ok = true;
    let mut required =
        |key: &str, value: Option<String>, diags: &mut Diagnostics| -> Option<String> {
            if value.is_none() {
                diags.push(
                    Diagnostic::error(format!("champ obligatoire « {key} » absent ou vide"))
                        .in_file(FILE)
                        .with_hint(format!("ajoutez une ligne « {key}: … »")),
                );
                ok = false;
            }
            value
        };
    let nom = field("nom", roster.and_then(|r| r.nom.as_ref()), diags);
    let nom = required("nom", nom, diags);
    let prenom = field("prenom", roster.and_then(|r| r.prenom.as_ref()), diags);
    let prenom = required("prenom", prenom, diags);
    let option_text = field("option", roster.and_then(|r| r.option.as_ref()), diags);
    let option_text = required("option", option_text, diags);
    let option = option_text.as_deref().and_then(|t| {
        let o = OptionSio::parse(t);
        if o.is_none() {
            diags.push(file_diag(
                Diagnostic::error(format!("option « {t} » inconnue"))
                    .about(t)
                    .with_hint("écrivez SISR ou SLAM"),
                FILE,
                fm,
                "option",
            ));
        }
        o
    });
    let mode = match field("mode", roster.and_then(|r| r.mode.as_ref()), diags) {
        Some(t) => Mode::parse(&t).or_else(|| {
            diags.push(file_diag(
                Diagnostic::warning(format!("mode « {t} » inconnu : « CCF » retenu"))
                    .about(t.as_str())
                    .with_hint("écrivez CCF ou ponctuel"),
                FILE,
                fm,
                "mode",
            ));
            Some(Mode::Ccf)
        }),
        None => {
            diags.push(Diagnostic::warning("champ « mode » absent : « CCF » retenu").in_file(FILE));
            Some(Mode::Ccf)
        }
    };
    let numero = match field(
        "numero_candidat",
        roster.and_then(|r| r.numero_candidat.as_ref()),
        diags,
    ) {
        Some(t) => {
            let n = NumeroCandidat::parse(&t);
            if n.is_none() {
                diags.push(file_diag(
                    Diagnostic::warning(format!(
                        "numéro de candidat « {t} » invalide : laissé vide"
                    ))
                    .about(t.as_str())
                    .with_hint(
                        "le numéro ne contient que des chiffres ; mettez-le entre guillemets",
                    ),
                    FILE,
                    fm,
                    "numero_candidat",
                ));
            }
            n
        }
        None => {
            diags.push(
                Diagnostic::warning(
                    "numéro de candidat absent : le champ « N° candidat » reste vide",
                )
                .in_file(FILE)
                .with_hint(
                    "ajoutez numero_candidat: \"0123456789\" dès que le rectorat l'a communiqué",
                ),
            );
            None
        }
    };
    let session_year = fm
        .get("session")
        .and_then(scalar)
        .and_then(|s| s.trim().parse::<i64>().ok())
        .or(defaults.session);
    let session = match session_year {
        Some(y) => match Session::new(y) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(file_diag(
                    Diagnostic::error(e.to_string()),
                    FILE,
                    fm,
                    "session",
                ));
                None
            }
        },
        None => {
            diags.push(
                Diagnostic::error("champ « session » absent")
                    .in_file(FILE)
                    .with_hint("ajoutez « session: 2026 »"),
            );
            None
        }
    };
    if !ok {
        return None;
    }
    Some(Candidate {
        nom: nom?,
        prenom: prenom?,
        numero,
        option: option?,
        mode: mode?,
        session: session?,
        centre: fm
            .get("centre")
            .and_then(scalar)
            .or_else(|| defaults.centre.clone()),
        portfolio: fm.get("portfolio").and_then(scalar),
        organisation: fm.get("organisation").and_then(scalar),
        tuteur: fm.get("tuteur").and_then(scalar),
    })
}

/// A scalar as text (numbers too: `numero_candidat: 2635041187` is an integer in YAML).
/// Empty strings and nulls are absent.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A list of strings: a YAML sequence, or one string with commas.
fn string_list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        Value::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// The value of a key or of its first alias present.
fn lookup<'a>(fm: &'a FrontMatter, key: &str) -> Option<(&'a str, &'a Value)> {
    let aliases = MISSION_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(&[][..], |(_, a)| *a);
    std::iter::once(key)
        .chain(aliases.iter().copied())
        .find_map(|k| fm.fields.get_key_value(k).map(|(k, v)| (k.as_str(), v)))
}

fn is_true(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "oui"
        ),
        _ => false,
    }
}

/// First `# Title` of a body, outside code fences.
fn first_heading(body: &str) -> Option<String> {
    let mut fenced = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && let Some(h) = t.strip_prefix("# ") {
            let h = h.trim().trim_end_matches('#').trim();
            if !h.is_empty() {
                return Some(h.to_string());
            }
        }
    }
    None
}

fn epreuve_page(page: &Page, fallback: &str) -> EpreuvePage {
    let title = lookup(&page.front, "title")
        .and_then(|(_, v)| scalar(v))
        .or_else(|| first_heading(&page.body))
        .unwrap_or_else(|| fallback.to_string());
    EpreuvePage {
        source: page.rel.clone(),
        title,
        body: page.body.clone(),
        body_line: page.body_line,
    }
}

fn build_mission(
    page: &Page,
    src: &CandidateSource,
    candidate: &Candidate,
    reported_keys: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Mission> {
    let fm = &page.front;
    let file = page.rel.to_string_lossy().into_owned();
    let file = file.as_str();
    let warn = |msg: String, key: &str| file_diag(Diagnostic::warning(msg), file, fm, key);

    if lookup(fm, "draft").is_some_and(|(_, v)| is_true(v)) {
        diags.push(file_diag(
            Diagnostic::info("brouillon (draft: true) : page ignorée, absente des dossiers"),
            file,
            fm,
            "draft",
        ));
        return None;
    }
    report_unknown_keys(fm, file, reported_keys, diags);

    let title = match lookup(fm, "title").and_then(|(_, v)| scalar(v)) {
        Some(t) => t,
        None => {
            let (title, how) = match first_heading(&page.body) {
                Some(h) => (h, "le premier titre de niveau 1 est retenu"),
                None => (page.slug(), "le nom du fichier est retenu"),
            };
            diags.push(
                Diagnostic::warning(format!("pas de titre (title) : {how} (« {title} »)"))
                    .in_file(file)
                    .with_hint("ajoutez « title: … » dans l'en-tête"),
            );
            title
        }
    };

    let date = match lookup(fm, "date") {
        Some((key, v)) => {
            let text = scalar(v).unwrap_or_default();
            let d = parse_date(&text);
            if d.is_none() {
                diags.push(
                    warn(format!("date « {text} » illisible"), key)
                        .about(text.as_str())
                        .with_hint("écrivez la date sous la forme 2025-03-10 ou 10/03/2025"),
                );
            }
            d
        }
        None => {
            diags.push(
                Diagnostic::warning("pas de date (date) : la mission est classée en dernier")
                    .in_file(file)
                    .with_hint("ajoutez « date: 2025-03-10 »"),
            );
            None
        }
    };

    let (periode, dates) = mission_periode(fm, date, &warn, diags);

    let numbering = candidate.session.numbering();
    let mut epreuves = Epreuves::default();
    match lookup(fm, "epreuve") {
        Some((key, v)) => {
            for e in string_list(v) {
                let norm = e.trim().to_ascii_uppercase();
                if norm == numbering.epreuve_support {
                    epreuves.support = true;
                } else if norm == numbering.epreuve_option {
                    epreuves.option = true;
                } else {
                    diags.push(
                        warn(
                            format!(
                                "épreuve « {e} » inconnue pour la session {} (épreuves {} et {})",
                                candidate.session.year(),
                                numbering.epreuve_support,
                                numbering.epreuve_option
                            ),
                            key,
                        )
                        .about(e.as_str()),
                    );
                }
            }
        }
        None => diags.push(
            Diagnostic::warning(
                "pas d'épreuve (epreuve) : la mission n'apparaît dans aucun dossier",
            )
            .in_file(file)
            .with_hint(format!(
                "ajoutez « epreuve: {} », « epreuve: {} » ou « epreuve: [{}, {}] »",
                numbering.epreuve_support,
                numbering.epreuve_option,
                numbering.epreuve_support,
                numbering.epreuve_option
            )),
        ),
    }

    let contexte = match lookup(fm, "contexte") {
        Some((key, v)) => {
            let text = scalar(v).unwrap_or_default();
            match deunicode::deunicode(&text).to_ascii_lowercase().trim() {
                "formation" | "ecole" | "lycee" | "cours" => Contexte::Formation,
                "pro1" => Contexte::Pro1,
                "pro2" => Contexte::Pro2,
                "entreprise" | "stage" | "alternance" | "pro" => {
                    contexte_from_date(date, candidate.session.year())
                }
                _ => {
                    diags.push(
                        warn(
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
        None => {
            diags.push(
                Diagnostic::warning(
                    "pas de contexte : classée « Réalisation en cours de formation »",
                )
                .in_file(file)
                .with_hint("ajoutez « contexte: formation », « pro1 », « pro2 » ou « entreprise »"),
            );
            Contexte::Formation
        }
    };

    let mut competences = Vec::new();
    let mut unknown_competences = Vec::new();
    match lookup(fm, "competences") {
        Some((key, v)) => {
            for text in string_list(v) {
                match Competence::parse(&text) {
                    Some(Competence::Bloc2(b)) if b.option() != candidate.option => diags.push(warn(
                        format!(
                            "compétence « {text} » de l'option {}, pas de l'option {} du candidat : ignorée",
                            b.option().code(),
                            candidate.option.code()
                        ),
                        key,
                    ).about(text.as_str())),
                    Some(c) => {
                        if !competences.contains(&c) {
                            competences.push(c);
                        }
                    }
                    None => {
                        unknown_competences.push(text.clone());
                        let mut d = warn(format!("compétence inconnue « {text} » : ignorée"), key)
                            .about(text.as_str());
                        if let Some(s) = Competence::suggest(&text) {
                            d = d.with_hint(format!("vouliez-vous dire « {} » ?", s.code()));
                        }
                        diags.push(d);
                    }
                }
            }
        }
        None => diags.push(
            Diagnostic::warning("aucune compétence (competences) : aucune case n'est cochée")
                .in_file(file),
        ),
    }

    let modalite = lookup(fm, "modalite").and_then(|(key, v)| {
        let text = scalar(v)?;
        let m = Modalite::parse(&text);
        if m.is_none() {
            diags.push(
                warn(format!("modalité « {text} » inconnue"), key)
                    .about(text.as_str())
                    .with_hint("écrivez seul ou equipe"),
            );
        }
        m
    });

    let numero = lookup(fm, "numero").and_then(|(key, v)| {
        let text = scalar(v)?;
        match text.parse::<u32>() {
            Ok(n) if (1..=MAX_NUMERO).contains(&n) => Some(n),
            _ => {
                diags.push(
                    warn(
                        format!("numéro de réalisation « {text} » invalide : numéro automatique (ordre des dates)"),
                        key,
                    )
                    .about(text.as_str())
                    .with_hint(format!("écrivez un nombre entre 1 et {MAX_NUMERO}")),
                );
                None
            }
        }
    });

    let page_dir = page
        .rel
        .parent()
        .map_or("/".to_string(), |p| format!("/{}", p.to_string_lossy()));
    let mut livrables = Vec::new();
    if let Some((key, v)) = lookup(fm, "livrables") {
        for written in string_list(v) {
            match src.folder.virtual_path(&written, &page_dir) {
                Ok(vpath) => {
                    if Livrable::of_path(&vpath).is_none()
                        && let Err(e) = src.folder.real_path(&vpath)
                    {
                        diags.push(
                            warn(format!("livrable : {e}"), key)
                                .about(written.as_str())
                                .with_hint(MISSING_FILE_HINT),
                        );
                        continue;
                    }
                    livrables.push(vpath);
                }
                Err(e) => diags.push(file_diag(
                    Diagnostic::error(format!("livrable : {e}"))
                        .about(written.as_str())
                        .with_hint(LIVRABLE_HINT),
                    file,
                    fm,
                    key,
                )),
            }
        }
    }
    if let Some((key, v)) = lookup(fm, "img")
        && let Some(written) = scalar(v)
    {
        let checked = src
            .folder
            .virtual_path(&written, &page_dir)
            .and_then(|p| src.folder.real_path(&p));
        if let Err(e) = checked {
            diags.push(
                warn(format!("image de la page : {e}"), key)
                    .about(written.as_str())
                    .with_hint(MISSING_FILE_HINT),
            );
        }
    }

    Some(Mission {
        slug: page.slug(),
        source: page.rel.clone(),
        title,
        date,
        description: lookup(fm, "description").and_then(|(_, v)| scalar(v)),
        periode,
        dates,
        organisation: lookup(fm, "organisation").and_then(|(_, v)| scalar(v)),
        lieu: lookup(fm, "lieu").and_then(|(_, v)| scalar(v)),
        modalite,
        epreuves,
        contexte,
        numero,
        competences,
        unknown_competences,
        ressources: lookup(fm, "ressources")
            .map(|(_, v)| string_list(v))
            .unwrap_or_default(),
        resultats_attendus: lookup(fm, "resultats_attendus").and_then(|(_, v)| scalar(v)),
        livrables,
        body: page.body.clone(),
        body_line: page.body_line,
    })
}

/// The période of a mission: as printed on the fiche (`periode` as written, or built from
/// `debut`/`fin`), and its first and last day for the tableau (from `periode`, else
/// `debut`/`fin`, else the one day of `date`). A `periode` that cannot be read is kept as
/// written and reported: the tableau prints it as it is.
fn mission_periode(
    fm: &FrontMatter,
    date: Option<NaiveDate>,
    warn: &dyn Fn(String, &str) -> Diagnostic,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<(NaiveDate, NaiveDate)>) {
    if let Some((key, text)) = lookup(fm, "periode").and_then(|(k, v)| Some((k, scalar(v)?))) {
        let dates = parse_periode(&text);
        if dates.is_none() {
            diags.push(
                warn(
                    format!(
                        "période « {text} » illisible : le tableau de synthèse l'imprime telle quelle au lieu de « du JJ/MM/AA au JJ/MM/AA »"
                    ),
                    key,
                )
                .about(text.as_str())
                .with_hint("écrivez « periode: du 03/02/2025 au 14/03/2025 », ou donnez « debut: » et « fin: »"),
            );
        }
        return (Some(text), dates);
    }
    let text = |key| lookup(fm, key).and_then(|(_, v)| scalar(v));
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

/// What to check when a file a page names is not in the folder.
pub const MISSING_FILE_HINT: &str = "vérifiez le nom (majuscules comprises) : un chemin qui commence par / part du dossier du candidat, par exemple /assets/img/photo.png";

/// What to do with a livrable path that leaves the candidate folder.
const LIVRABLE_HINT: &str = "copiez le fichier dans assets/ (par exemple assets/livrables/) et écrivez /assets/livrables/nom-du-fichier";

/// The largest `numero` a realisation may carry.
const MAX_NUMERO: u32 = 999;

/// Two realisations of the same épreuve cannot share a number (their fiches, and the
/// `proN.pdf` cut from them, would collide): the later one gets an automatic number.
fn unique_numbers(missions: &mut [Mission], diags: &mut Diagnostics) {
    let mut taken: Vec<(u32, bool, bool, std::path::PathBuf)> = Vec::new();
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

fn report_unknown_keys(
    fm: &FrontMatter,
    file: &str,
    reported: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let known: Vec<&str> = MISSION_KEYS
        .iter()
        .flat_map(|(k, a)| std::iter::once(*k).chain(a.iter().copied()))
        .collect();
    for key in fm.fields.keys() {
        if known.contains(&key.as_str())
            || SITE_KEYS.contains(&key.as_str())
            || !reported.insert(key.clone())
        {
            continue;
        }
        let closest = known
            .iter()
            .map(|k| {
                (
                    strsim::levenshtein(&key.to_lowercase(), &k.to_lowercase()),
                    *k,
                )
            })
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d);
        let d = match closest {
            Some((_, k)) => Diagnostic::warning(format!("clé inconnue « {key} » : ignorée"))
                .with_hint(format!("vouliez-vous dire « {k} » ?")),
            None => Diagnostic::info(format!(
                "clé « {key} » inconnue du générateur : conservée, non utilisée"
            )),
        };
        diags.push(file_diag(d.about(key.as_str()), file, fm, key));
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

    #[test]
    fn headings_outside_code() {
        assert_eq!(
            first_heading("```\n# pas un titre\n```\n# Titre\n"),
            Some("Titre".into())
        );
    }
}
