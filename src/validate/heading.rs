//! A page's first level-1 heading, the title of a page whose front matter has none.

/// First `# Title` of a body, outside code fences, as written.
///
/// A line scan on purpose, not pulldown-cmark: titles must stay what they have always
/// been, and a CommonMark parser would change some. It drops inline markup (`# **GLPI**`
/// gives `GLPI`, here `**GLPI**`), takes setext headings (`Titre` over `===`) and headings
/// inside block quotes or lists, and reads a line indented by four spaces as code; a `~~~`
/// line also closes a fence opened by backticks here. The tests below pin those cases.
pub(super) fn first_heading(body: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::first_heading;

    #[test]
    fn headings_outside_code() {
        assert_eq!(
            first_heading("```\n# pas un titre\n```\n# Titre\n"),
            Some("Titre".into())
        );
    }

    #[test]
    fn heading_text_as_written() {
        assert_eq!(first_heading("# **GLPI** #\n"), Some("**GLPI**".into()));
        assert_eq!(first_heading("    # Indenté\n"), Some("Indenté".into()));
        assert_eq!(first_heading("Titre\n===\n"), None);
        assert_eq!(first_heading("> # Citation\n"), None);
        assert_eq!(first_heading("#\n# \n#Collé\n"), None);
    }
}
