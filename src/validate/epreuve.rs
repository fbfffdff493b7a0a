//! The épreuve pages, `epreuves/e5.md` and `epreuves/e6.md`: optional, titled.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{CandidateSource, Page};
use crate::model::mission::EpreuvePage;
use crate::validate::fields::scalar;
use crate::validate::heading::first_heading;
use crate::validate::keys::lookup;

/// The E5 and E6 pages; a page absent from the folder is reported (one present but
/// unreadable was reported when it was read).
pub(super) fn pages(
    src: &CandidateSource,
    diags: &mut Diagnostics,
) -> (Option<EpreuvePage>, Option<EpreuvePage>) {
    let e5 = src.e5.as_ref().map(|p| epreuve_page(p, "Épreuve E5"));
    let e6 = src.e6.as_ref().map(|p| epreuve_page(p, "Épreuve E6"));
    for (page, name) in [(&e5, "epreuves/e5.md"), (&e6, "epreuves/e6.md")] {
        if page.is_none() && !src.folder.is_present(name) {
            diags.push(
                Diagnostic::warning("page d'épreuve absente : le dossier est produit sans elle")
                    .in_file(name),
            );
        }
    }
    (e5, e6)
}

/// A page titled by `title`, else its first level-1 heading, else `fallback`.
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
