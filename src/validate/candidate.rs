//! The candidate's identity: `candidat.yaml`, then the class roster for what it leaves out.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{FrontMatter, RosterRow};
use crate::model::candidate::{Candidate, Mode, NumeroCandidat, OptionSio};
use crate::model::session::Session;
use crate::validate::Defaults;
use crate::validate::fields::{Spot, scalar};

/// Where identity problems are reported.
const FILE: &str = "candidat.yaml";

/// The candidate, or `None` when a required field is missing or wrong (every problem
/// reported, not only the first).
pub(super) fn validate(
    fm: Option<&FrontMatter>,
    defaults: &Defaults,
    diags: &mut Diagnostics,
) -> Option<Candidate> {
    let empty = FrontMatter::default();
    let fm = identity_file(fm, defaults, &empty, diags)?;
    let id = Identity {
        spot: Spot { file: FILE, fm },
        roster: defaults.roster.as_ref(),
    };
    let nom = id.required("nom", |r| &r.nom, diags);
    let prenom = id.required("prenom", |r| &r.prenom, diags);
    let option = id.option(diags);
    let mode = id.mode(diags);
    let numero = id.numero(diags);
    let session = id.session(defaults.session, diags);
    Some(Candidate {
        nom: nom?,
        prenom: prenom?,
        numero,
        option: option?,
        mode,
        session: session?,
        centre: id.own("centre").or_else(|| defaults.centre.clone()),
        portfolio: id.own("portfolio"),
        organisation: id.own("organisation"),
        tuteur: id.own("tuteur"),
    })
}

/// The front matter to read the identity from: `candidat.yaml`, or nothing when the roster
/// has the candidate's row (reported); `None` when neither exists.
fn identity_file<'a>(
    fm: Option<&'a FrontMatter>,
    defaults: &Defaults,
    empty: &'a FrontMatter,
    diags: &mut Diagnostics,
) -> Option<&'a FrontMatter> {
    match (fm, &defaults.roster) {
        (Some(fm), _) => Some(fm),
        (None, Some(_)) => {
            diags.push(
                Diagnostic::warning(
                    "fichier « candidat.yaml » absent : identité prise dans candidats.csv",
                )
                .in_file(FILE),
            );
            Some(empty)
        }
        (None, None) => {
            diags.push(
                Diagnostic::error("fichier « candidat.yaml » absent ou illisible")
                    .in_file(FILE)
                    .with_hint("créez-le avec nom, prenom, numero_candidat, option, mode, session"),
            );
            None
        }
    }
}

/// The identity's two sources: `candidat.yaml` and the candidate's roster row.
struct Identity<'a> {
    spot: Spot<'a>,
    roster: Option<&'a RosterRow>,
}

impl Identity<'_> {
    /// A value of `candidat.yaml` alone.
    fn own(&self, key: &str) -> Option<String> {
        self.spot.fm.get(key).and_then(scalar)
    }

    /// `candidat.yaml` first, then the roster; a disagreement is reported, candidat.yaml
    /// wins.
    fn field(
        &self,
        key: &str,
        in_roster: fn(&RosterRow) -> &Option<String>,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let own = self.own(key);
        let other = self.roster.and_then(|r| in_roster(r).as_ref());
        if let (Some(own), Some(other), Some(row)) = (&own, other, self.roster)
            && own != other
        {
            diags.push(self.spot.at_key(
                Diagnostic::warning(format!(
                    "« {key} » : candidat.yaml indique « {own} », candidats.csv (ligne {}) « {other} » : candidat.yaml est retenu",
                    row.line
                ))
                .about(own.as_str())
                .with_hint("corrigez le fichier qui se trompe (un tableur supprime souvent le 0 initial des numéros)"),
                key,
            ));
        }
        own.or_else(|| other.cloned())
    }

    /// A field the candidate cannot do without: its absence is an error.
    fn required(
        &self,
        key: &str,
        in_roster: fn(&RosterRow) -> &Option<String>,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let value = self.field(key, in_roster, diags);
        if value.is_none() {
            diags.push(
                Diagnostic::error(format!("champ obligatoire « {key} » absent ou vide"))
                    .in_file(FILE)
                    .with_hint(format!("ajoutez une ligne « {key}: … »")),
            );
        }
        value
    }

    fn option(&self, diags: &mut Diagnostics) -> Option<OptionSio> {
        let text = self.required("option", |r| &r.option, diags)?;
        let option = OptionSio::parse(&text);
        if option.is_none() {
            diags.push(
                self.spot.at_key(
                    Diagnostic::error(format!("option « {text} » inconnue"))
                        .about(text.as_str())
                        .with_hint("écrivez SISR ou SLAM"),
                    "option",
                ),
            );
        }
        option
    }

    /// The mode; CCF when absent or unknown (reported).
    fn mode(&self, diags: &mut Diagnostics) -> Mode {
        let Some(text) = self.field("mode", |r| &r.mode, diags) else {
            diags.push(Diagnostic::warning("champ « mode » absent : « CCF » retenu").in_file(FILE));
            return Mode::Ccf;
        };
        Mode::parse(&text).unwrap_or_else(|| {
            diags.push(
                self.spot.at_key(
                    Diagnostic::warning(format!("mode « {text} » inconnu : « CCF » retenu"))
                        .about(text.as_str())
                        .with_hint("écrivez CCF ou ponctuel"),
                    "mode",
                ),
            );
            Mode::Ccf
        })
    }

    /// The candidate number; left empty when absent or invalid (reported).
    fn numero(&self, diags: &mut Diagnostics) -> Option<NumeroCandidat> {
        let Some(text) = self.field("numero_candidat", |r| &r.numero_candidat, diags) else {
            diags.push(
                Diagnostic::warning(
                    "numéro de candidat absent : le champ « N° candidat » reste vide",
                )
                .in_file(FILE)
                .with_hint(
                    "ajoutez numero_candidat: \"0123456789\" dès que le rectorat l'a communiqué",
                ),
            );
            return None;
        };
        let numero = NumeroCandidat::parse(&text);
        if numero.is_none() {
            diags.push(
                self.spot.at_key(
                    Diagnostic::warning(format!(
                        "numéro de candidat « {text} » invalide : laissé vide"
                    ))
                    .about(text.as_str())
                    .with_hint(
                        "le numéro ne contient que des chiffres ; mettez-le entre guillemets",
                    ),
                    "numero_candidat",
                ),
            );
        }
        numero
    }

    /// The session: `candidat.yaml`, else the class's; an error when neither gives one.
    fn session(&self, class_session: Option<i64>, diags: &mut Diagnostics) -> Option<Session> {
        let year = self
            .own("session")
            .and_then(|s| s.trim().parse::<i64>().ok())
            .or(class_session);
        let Some(year) = year else {
            diags.push(
                Diagnostic::error("champ « session » absent")
                    .in_file(FILE)
                    .with_hint("ajoutez « session: 2026 »"),
            );
            return None;
        };
        match Session::new(year) {
            Ok(session) => Some(session),
            Err(e) => {
                let d = Diagnostic::error(e.to_string());
                diags.push(self.spot.at_key(d, "session"));
                None
            }
        }
    }
}
