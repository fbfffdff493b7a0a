//! Files a mission page names (its livrables, its image), checked to be in the candidate
//! folder. Every question to the file system goes through the confinement gate.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{Confined, Page};
use crate::model::Livrable;
use crate::validate::fields::{Spot, scalar, string_list};
use crate::validate::keys::lookup;

/// What to check when a file a page names is not in the folder.
pub const MISSING_FILE_HINT: &str = "vérifiez le nom (majuscules comprises) : un chemin qui commence par / part du dossier du candidat, par exemple /assets/img/photo.png";

/// What to do with a livrable path that leaves the candidate folder.
const LIVRABLE_HINT: &str = "copiez le fichier dans assets/ (par exemple assets/livrables/) et écrivez /assets/livrables/nom-du-fichier";

/// The page's livrables as virtual paths (`/assets/livrables/x.pdf`): those in the folder,
/// and those the tool produces itself. A missing one is a warning, one outside the folder an
/// error; both are left out.
pub(super) fn livrables(
    page: &Page,
    folder: &Confined,
    spot: Spot,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let Some((key, v)) = lookup(spot.fm, "livrables") else {
        return Vec::new();
    };
    let page_dir = page_dir(page);
    let mut livrables = Vec::new();
    for written in string_list(v) {
        match folder.virtual_path(&written, &page_dir) {
            Ok(vpath) => {
                if Livrable::of_path(&vpath).is_none()
                    && let Err(e) = folder.real_path(&vpath)
                {
                    diags.push(
                        spot.warn(format!("livrable : {e}"), key)
                            .about(written.as_str())
                            .with_hint(MISSING_FILE_HINT),
                    );
                    continue;
                }
                livrables.push(vpath);
            }
            Err(e) => diags.push(
                spot.at_key(
                    Diagnostic::error(format!("livrable : {e}"))
                        .about(written.as_str())
                        .with_hint(LIVRABLE_HINT),
                    key,
                ),
            ),
        }
    }
    livrables
}

/// Warns when the page's image (`img`) is not in the folder; the page is kept.
pub(super) fn check_image(page: &Page, folder: &Confined, spot: Spot, diags: &mut Diagnostics) {
    let Some((key, v)) = lookup(spot.fm, "img") else {
        return;
    };
    let Some(written) = scalar(v) else {
        return;
    };
    let checked = folder
        .virtual_path(&written, &page_dir(page))
        .and_then(|p| folder.real_path(&p));
    if let Err(e) = checked {
        diags.push(
            spot.warn(format!("image de la page : {e}"), key)
                .about(written.as_str())
                .with_hint(MISSING_FILE_HINT),
        );
    }
}

/// The virtual folder of a page (`/missions`), against which its relative paths are taken.
fn page_dir(page: &Page) -> String {
    page.rel
        .parent()
        .map_or("/".to_string(), |p| format!("/{}", p.to_string_lossy()))
}
