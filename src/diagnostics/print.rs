//! Printing diagnostics, the one place every command (`check`, `build`, `class`) goes
//! through: compiler style for people, JSON for tools.
//!
//! The compiler style is rendered by `annotate-snippets` (the renderer rustc uses), with
//! French level names:
//!
//! ```text
//! attention: compétence inconnue « patrimonie » : ignorée
//!  --> rousseau-kevin/missions/wifi-invites.md:9:25
//!   |
//! 9 | competences: [service, patrimonie, incidents]
//!   |                        ^^^^^^^^^^
//!   = conseil: vouliez-vous dire « patrimoine » ?
//! ```
//!
//! The line shown is taken from the decoded text of the file (the text that was
//! validated), never re-read from the disk. Every piece of user text that reaches the
//! terminal has its control characters made visible, so a page cannot send escape
//! sequences to the teacher's terminal.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Severity};

/// How many diagnostics of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut c = Counts::default();
        for d in diags {
            match d.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }

    /// `2 erreurs, 1 avertissement, 0 information`.
    pub fn summary_fr(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
        format!(
            "{}, {}, {}",
            plural(self.error, "erreur", "erreurs"),
            plural(self.warning, "avertissement", "avertissements"),
            plural(self.info, "information", "informations")
        )
    }
}

/// Whether diagnostics on stderr are coloured: a terminal, and `NO_COLOR` unset.
pub fn color_for_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics on stderr, compiler style, a blank line after each. `quiet`: errors
/// only.
pub fn print_text(diags: &[Diagnostic], quiet: bool, color: bool) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        if quiet && !d.is_error() {
            continue;
        }
        // A closed stderr leaves nobody to tell: the exit code still says it.
        writeln!(err, "{}\n", render(d, color)).ok();
    }
}

/// One diagnostic, compiler style: level and message, `--> file:line:col`, the source
/// line with a caret under what is wrong, and the hint.
pub fn render(d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR.with_name(Some("erreur")),
        Severity::Warning => Level::WARNING.with_name(Some("attention")),
        Severity::Info => Level::INFO.with_name(Some("info")),
    };
    let message = visible(&d.message);
    let path = d
        .file
        .as_ref()
        .map(|f| visible(&f.to_string_lossy()).into_owned());
    let hint = d.hint.as_deref().map(visible);
    let line_text = d.line.and(d.line_text());
    let mut group = Group::with_title(level.primary_title(message));
    match (&path, d.line, line_text) {
        (Some(path), Some(line), Some(text)) => {
            let span = span_on_line(text, d.column, d.focus());
            group = group.element(
                Snippet::source(text)
                    .line_start(line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        (Some(path), line, _) => {
            let mut origin = Origin::path(path.as_str());
            if let Some(line) = line {
                origin = origin.line(line);
                if let Some(column) = d.column {
                    origin = origin.char_column(column);
                }
            }
            group = group.element(origin);
        }
        (None, _, _) => {}
    }
    if let Some(hint) = hint {
        group = group.element(Level::HELP.with_name(Some("conseil")).message(hint));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// One diagnostic on one line, for a place with no room for the source line (the watch's
/// report, a flag of the class report): `attention : missions/x.md:12:3 : message
/// (conseil)`.
pub fn one_line(d: &Diagnostic) -> String {
    let mut out = format!("{} : ", d.severity.label_fr());
    if let Some(file) = &d.file {
        out.push_str(&file.display().to_string());
        if let Some(line) = d.line {
            out.push_str(&format!(":{line}"));
            if let Some(col) = d.column {
                out.push_str(&format!(":{col}"));
            }
        }
        out.push_str(" : ");
    }
    out.push_str(&d.message);
    if let Some(hint) = &d.hint {
        out.push_str(&format!(" ({hint})"));
    }
    out
}

/// The byte range to underline on a line: the focus text when it is at the column, else
/// the word at the column, else the whole (trimmed) line.
fn span_on_line(line: &str, column: Option<usize>, focus: Option<&str>) -> Range<usize> {
    let Some(column) = column else {
        let start = line.len() - line.trim_start().len();
        let end = line.trim_end().len().max(start);
        return start..end;
    };
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = line.get(start..).unwrap_or("");
    if let Some(focus) = focus.filter(|f| !f.is_empty() && rest.starts_with(*f)) {
        return start..start + focus.len();
    }
    let word = rest
        .find(|c: char| c.is_whitespace() || ":,[]".contains(c))
        .unwrap_or(rest.len());
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    start..start + len
}

/// User text as it may safely reach a terminal: control characters (escape sequences,
/// carriage returns) and bidirectional overrides are replaced by visible symbols.
fn visible(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
                c if bad(c) => '�',
                c => c,
            })
            .collect(),
    )
}

/// One JSON document for tools: every diagnostic (severity, file, line, column, message,
/// hint) and the counts.
pub fn to_json(diags: &[Diagnostic]) -> serde_json::Value {
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "file": d.file.as_ref().map(|f| f.to_string_lossy().into_owned()),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::json!({
        "diagnostics": list,
        "counts": Counts::of(diags),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn unknown_code() -> Diagnostic {
        let text: Arc<str> =
            Arc::from("---\ntitle: Wifi\ncompetences: [service, patrimonie]\n---\ncorps\n");
        let mut d = Diagnostic::warning("compétence inconnue « patrimonie » : ignorée")
            .in_file("missions/wifi.md")
            .at(3, Some(1))
            .about("patrimonie")
            .with_hint("vouliez-vous dire « patrimoine » ?");
        d.attach_source(&text);
        d
    }

    #[test]
    fn a_warning_shows_the_line_a_caret_and_the_hint() {
        let d = unknown_code();
        assert_eq!((d.line, d.column), (Some(3), Some(24)));
        let text = render(&d, false);
        let expected = "\
attention: compétence inconnue « patrimonie » : ignorée
 --> missions/wifi.md:3:24
  |
3 | competences: [service, patrimonie]
  |                        ^^^^^^^^^^
  |
  = conseil: vouliez-vous dire « patrimoine » ?";
        assert_eq!(text.trim_end(), expected, "\n{text}");
    }

    #[test]
    fn the_line_is_shown_after_the_file_text_is_dropped() {
        // A class keeps its diagnostics to the end of the run, not the files they point at.
        let mut d = Diagnostic::warning("lien cassé")
            .in_file("missions/x.md")
            .at(2, None)
            .about("img.png");
        {
            let text: Arc<str> =
                Arc::from(format!("titre\n![](img.png)\n{}", "x\n".repeat(10_000)));
            d.attach_source(&text);
            assert_eq!(
                Arc::strong_count(&text),
                1,
                "the diagnostic holds the whole file"
            );
        }
        let out = render(&d, false);
        assert!(out.contains("2 | ![](img.png)"), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
    }

    #[test]
    fn without_a_line_the_file_is_named() {
        let d = Diagnostic::error("fichier « candidat.yaml » absent ou illisible")
            .in_file("candidat.yaml");
        let text = render(&d, false);
        assert!(
            text.starts_with("erreur: fichier « candidat.yaml »"),
            "{text}"
        );
        assert!(text.contains("--> candidat.yaml"), "{text}");
        let d = Diagnostic::info("brouillon")
            .in_file("missions/x.md")
            .at(4, None);
        assert!(render(&d, false).contains("--> missions/x.md:4"));
    }

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        let text: Arc<str> = Arc::from("titre: \u{1b}[2J\u{202e}abc\n");
        let mut d = Diagnostic::warning("clé « \u{1b}[31m » inconnue")
            .in_file("missions/\u{1b}x.md")
            .at(1, None)
            .with_hint("\u{1b}]0;titre\u{7}");
        d.attach_source(&text);
        let out = render(&d, false);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
        assert!(!out.contains('\u{7}'), "{out:?}");
    }

    #[test]
    fn a_very_long_line_is_cut_around_the_caret() {
        let line = format!("{}ERREUR{}", "a ".repeat(50_000), " b".repeat(50_000));
        let text: Arc<str> = Arc::from(line.as_str());
        let mut d = Diagnostic::warning("x")
            .in_file("m.md")
            .at(1, None)
            .about("ERREUR");
        d.attach_source(&text);
        let out = render(&d, false);
        assert!(out.contains("ERREUR"), "{out}");
        assert!(out.len() < 2_000, "{} bytes", out.len());
    }

    #[test]
    fn spans() {
        assert_eq!(span_on_line("  abc  ", None, None), 2..5);
        assert_eq!(span_on_line("clé: x", Some(1), None), 0..4);
        assert_eq!(span_on_line("é", Some(5), None), 2..2);
        assert_eq!(span_on_line("a b", Some(2), None), 1..2);
    }

    #[test]
    fn json_has_the_fields_and_counts() {
        let v = to_json(&[unknown_code(), Diagnostic::error("e")]);
        assert_eq!(v["counts"]["warning"], 1);
        assert_eq!(v["counts"]["error"], 1);
        let d = &v["diagnostics"][0];
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["file"], "missions/wifi.md");
        assert_eq!(d["line"], 3);
        assert_eq!(d["column"], 24);
        assert_eq!(d["hint"], "vouliez-vous dire « patrimoine » ?");
        assert!(v["diagnostics"][1]["file"].is_null());
    }

    #[test]
    fn counts_in_french() {
        let c = Counts {
            error: 2,
            warning: 1,
            info: 0,
        };
        assert_eq!(c.summary_fr(), "2 erreurs, 1 avertissement, 0 information");
    }
}
