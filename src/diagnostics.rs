//! One diagnostic type for every stage: severity, place, French message, hint.
//!
//! Stages return diagnostics beside their values instead of printing them, so that a
//! whole batch can be reported once, at the edge (the CLI), in a stable order. Printing
//! (compiler style, or JSON for tools) is in [`print`], the one place every command uses.

pub mod print;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The decoded text of a file, exactly as it was validated (encoding repaired, `\n` line
/// endings): diagnostics show their line from it.
pub type SourceText = Arc<str>;

/// Decoded texts by file (relative to the candidate folder), kept as files are read.
pub type Sources = BTreeMap<PathBuf, SourceText>;

/// How bad a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The French word printed before the message.
    pub fn label_fr(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "attention",
            Severity::Error => "erreur",
        }
    }
}

/// A message for the user about one place in the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the candidate folder (or absolute when outside any).
    pub file: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The message, in French.
    pub message: String,
    /// A suggestion, in French.
    pub hint: Option<String>,
    /// What is needed to show the line (not serialised); boxed, to keep diagnostics small.
    #[serde(skip)]
    pub excerpt: Option<Box<Excerpt>>,
}

/// The line a diagnostic points at, and the text the diagnostic is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    /// The diagnostic's line, from the decoded text of its file, to print it with a caret.
    /// Only that line is kept, not the file: a class of 1000 candidates holds its
    /// diagnostics until the end of the run, and whole files would weigh tens of MB.
    pub line_text: Option<String>,
    /// The text the diagnostic is about (`patrimonie`): once the source is attached, the
    /// column points at it and the caret underlines it.
    pub focus: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            excerpt: None,
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    pub fn info(message: impl Into<String>) -> Self {
        Self::new(Severity::Info, message)
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the text the diagnostic is about, to underline it in the source line.
    pub fn about(mut self, text: impl Into<String>) -> Self {
        self.excerpt.get_or_insert_default().focus = Some(text.into());
        self
    }

    /// The text of the diagnostic's line, once a source is attached.
    pub fn line_text(&self) -> Option<&str> {
        self.excerpt.as_ref()?.line_text.as_deref()
    }

    /// The text the diagnostic is about.
    pub fn focus(&self) -> Option<&str> {
        self.excerpt.as_ref()?.focus.as_deref()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Takes the diagnostic's line from the decoded text of its file, after moving the
    /// line and column onto the focus text: its first occurrence from the diagnostic's line
    /// on (a YAML list may span several lines; a link is somewhere in the body).
    pub fn attach_source(&mut self, text: &str) {
        let excerpt = self.excerpt.get_or_insert_default();
        if let Some(focus) = excerpt.focus.as_deref().filter(|f| !f.is_empty()) {
            let first = self.line.unwrap_or(1).max(1);
            let found = text
                .lines()
                .enumerate()
                .skip(first - 1)
                .find_map(|(i, line)| {
                    let byte = line.find(focus)?;
                    Some((i + 1, line.get(..byte)?.chars().count() + 1))
                });
            if let Some((line, column)) = found {
                self.line = Some(line);
                self.column = Some(column);
            }
        }
        excerpt.line_text = self
            .line
            .filter(|&n| n >= 1)
            .and_then(|n| text.lines().nth(n - 1))
            .map(str::to_owned);
    }
}

/// Diagnostics collected along the way, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// Attaches to each diagnostic the decoded text of its file, when it was read.
    pub fn attach_sources(&mut self, sources: &Sources) {
        attach_sources(&mut self.0, sources);
    }
}

/// Attaches to each diagnostic without one the line of its file it points at, when the
/// file was read.
pub fn attach_sources(diags: &mut [Diagnostic], sources: &Sources) {
    for d in diags {
        if d.line_text().is_none()
            && let Some(text) = d.file.as_ref().and_then(|f| sources.get(f))
        {
            d.attach_source(text);
        }
    }
}

/// Names every diagnostic's file from `base`, as the reader finds it: a path relative to
/// the candidate folder is joined to `base`, an absolute one is kept, and a diagnostic
/// about no particular file names `base` itself. The CLI relocates to the folder given on
/// the command line, a class run to the candidate's folder name.
pub fn relocate(diags: &mut [Diagnostic], base: &Path) {
    for d in diags {
        d.file = Some(match d.file.take() {
            Some(f) if f.is_relative() => base.join(f),
            Some(f) => f,
            None => base.to_path_buf(),
        });
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
