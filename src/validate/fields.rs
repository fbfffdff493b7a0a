//! Front-matter values as the model wants them (text, lists, booleans), and where a
//! diagnostic about one of them points.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::input::FrontMatter;

/// Where diagnostics about a file's front matter point: the file, and the line of a key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spot<'a> {
    pub file: &'a str,
    pub fm: &'a FrontMatter,
}

impl Spot<'_> {
    /// `d`, in this file, at the line of `key` when the front matter has it.
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let d = d.in_file(self.file);
        match self.fm.line_of(key) {
            Some(line) => d.at(line, Some(1)),
            None => d,
        }
    }

    /// A warning at the line of `key`.
    pub fn warn(&self, message: String, key: &str) -> Diagnostic {
        self.at_key(Diagnostic::warning(message), key)
    }
}

/// A scalar as text (numbers too: `numero_candidat: 2635041187` is an integer in YAML).
/// Empty strings and nulls are absent.
pub(super) fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A list of strings: a YAML sequence, or one string with commas.
pub(super) fn string_list(v: &Value) -> Vec<String> {
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

/// A YAML boolean, or the words a student writes for one.
pub(super) fn is_true(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "oui"
        ),
        _ => false,
    }
}
