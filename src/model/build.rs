//! Names of the livrables the tool itself produces (`SYNTHESE.pdf`, `SYNTHESE.xlsx`,
//! `proN.pdf`): a page may link them although they are not on disk yet. Kept under this
//! name until the one type that owns livrable names (issue 18, item 3) replaces it; turning
//! raw pages into the model is the `validate` stage's job.

use std::path::Path;

/// Livrables the tool itself produces (the E5 page links them): not looked for on disk.
pub fn is_produced_livrable(vpath: &str) -> bool {
    let name = Path::new(vpath)
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    name == "SYNTHESE.pdf" || name == "SYNTHESE.xlsx" || produced_pro_index(name).is_some()
}

/// `pro3.pdf` → 3.
pub fn produced_pro_index(name: &str) -> Option<usize> {
    name.strip_prefix("pro")?
        .strip_suffix(".pdf")?
        .parse()
        .ok()
        .filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produced_livrables() {
        assert!(is_produced_livrable("/assets/livrables/SYNTHESE.pdf"));
        assert!(is_produced_livrable("/assets/livrables/pro2.pdf"));
        assert!(!is_produced_livrable("/assets/livrables/procedure.pdf"));
        assert_eq!(produced_pro_index("pro0.pdf"), None);
    }
}
