//! The two escaping primitives every other part of the converter goes through.
//!
//! * [`escape_text`] makes a piece of text inert in Typst *markup* mode.
//! * [`string_literal`] makes any string a valid, inert Typst *string literal*.
//!
//! Both are total functions: whatever the input, the output can only ever be
//! read by Typst as text (resp. as one string), never as syntax.

use std::fmt::Write as _;

/// Escapes `s` so that Typst markup prints it literally.
///
/// Rule: **every ASCII punctuation or symbol character gets a backslash in
/// front of it** (`!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`, i.e.
/// [`char::is_ascii_punctuation`]). In Typst markup a backslash followed by any
/// non-whitespace character is an escape that prints that character, and the
/// only markup-significant characters are ASCII ones, so after this no
/// character of the input can start a function call (`#`), math (`$`), a
/// label or reference (`<`, `@`), strong/emph (`*`, `_`), raw (`` ` ``), a
/// content block (`[`, `]`), a comment (`//`, `/*`), a heading, list, enum or
/// term marker (`=`, `-`, `+`, `1.`, `/`), a shorthand (`~`, `--`, `...`,
/// `-?`), a smart quote (`'`, `"`, which therefore stay straight) or an
/// automatic link (`https://` needs an unescaped `:` and `/`). The backslash
/// itself is escaped too, so a `\u{..}` in the input can never form a Unicode
/// escape. Escaping the harmless rest (`,`, `;`, `!`, `(`, ...) costs nothing
/// and means there is no list to keep in sync with future Typst versions.
///
/// Whitespace: tab, CR, LF, vertical tab, form feed, NEL, LINE SEPARATOR and
/// PARAGRAPH SEPARATOR (all of which Typst treats as spaces or newlines)
/// become a plain space, so escaped text never contains a line break and can
/// never create a paragraph break. Other control characters and the BOM are
/// invisible and are dropped. Everything else (accents, emoji, NBSP, ...)
/// passes through unchanged: Typst gives no meaning to non-ASCII characters in
/// markup.
#[must_use]
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 8);
    push_text(&mut out, s);
    out
}

/// [`escape_text`] appending to an existing buffer (no intermediate String).
pub(super) fn push_text(out: &mut String, s: &str) {
    let mut clean_from = 0;
    for (i, c) in s.char_indices() {
        let replacement: &str = if c.is_ascii_punctuation() {
            ""
        } else if matches!(
            c,
            '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            " "
        } else if c == '\u{FEFF}' || c.is_control() {
            ""
        } else {
            continue;
        };
        // Flush the clean run before the special character.
        out.push_str(s.get(clean_from..i).unwrap_or_default());
        clean_from = i + c.len_utf8();
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else {
            out.push_str(replacement);
        }
    }
    out.push_str(s.get(clean_from..).unwrap_or_default());
}

/// An invisible line-break opportunity. Typst's line breaker treats spacing
/// as a break point, and a thousandth of a point of spacing has no glyph and
/// no visible width, so the text that PDF readers extract (search, copy and
/// paste) is exactly the text written. (`h(0pt)` would be simpler, but Typst
/// drops zero spacing before line breaking. A zero-width space would look the
/// same on paper, but it ends up in copied text, where it breaks a pasted
/// path or command.)
pub(super) const BREAK: &str = "#h(0.001pt)";

/// Where [`push_text_breakable`] adds invisible break opportunities.
#[derive(Debug, Clone, Copy)]
pub(super) struct Breaks {
    /// Only words (runs without whitespace) longer than this many characters
    /// get break opportunities; 0 for all of them.
    pub long_word: usize,
    /// In those words, at most this many letters or digits in a row stay
    /// unbreakable.
    pub chunk: usize,
}

/// [`push_text`] plus invisible break opportunities ([`BREAK`]) inside long
/// words, so that paths, addresses, URLs and identifiers wrap instead of
/// running past a table column or the page: after an ASCII punctuation
/// character followed by a letter or digit (`/`, `\`, `_`, `.`, `-`, `:`,
/// `@`, `=`..., but not after an opening bracket or quote), and, as a last
/// resort, every `chunk` letters or digits. Typst breaks there only when the
/// line is full. The characters printed are unchanged. Last-resort breaks are
/// only placed between two letters or digits below U+0300, never inside a
/// grapheme cluster (accents written as combining marks, emoji sequences).
pub(super) fn push_text_breakable(out: &mut String, s: &str, breaks: Breaks) {
    let mut word_len = 0;
    let mut run = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        out_text(out, s, i, c);
        if c.is_whitespace() || c.is_control() {
            word_len = 0;
            run = 0;
            continue;
        }
        if word_len == 0 {
            // A new word: measure it, to leave short ones alone.
            word_len = s
                .get(i..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| !c.is_whitespace() && !c.is_control())
                .count();
        }
        run += 1;
        let Some(&(_, next)) = chars.peek() else {
            break;
        };
        if word_len <= breaks.long_word || next.is_whitespace() || next.is_control() {
            continue;
        }
        let joint = c.is_ascii_punctuation()
            && !matches!(c, '(' | '[' | '{' | '<' | '"' | '\'' | '`')
            && next.is_alphanumeric();
        let simple = |c: char| c.is_alphanumeric() && (c as u32) < 0x300;
        if joint || (run >= breaks.chunk && simple(c) && simple(next)) {
            out.push_str(BREAK);
            run = 0;
        }
    }
}

/// Escapes the single character `c` found at `i` in `s`.
fn out_text(out: &mut String, s: &str, i: usize, c: char) {
    push_text(out, s.get(i..i + c.len_utf8()).unwrap_or_default());
}

/// Returns `s` as a quoted Typst string literal, e.g. `"C:\\Users"`.
///
/// Inside a Typst string only `\` and `"` are special; both are escaped.
/// Newline, carriage return and tab use their short escapes; every other
/// control character (and the Unicode line/paragraph separators and the BOM,
/// which are invisible or confusing in a source file) uses `\u{hex}`. The
/// result is therefore always a single-line, well-formed literal whose value
/// is exactly `s`.
#[must_use]
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string_literal(&mut out, s);
    out
}

/// [`string_literal`] appending to an existing buffer.
pub(super) fn push_string_literal(out: &mut String, s: &str) {
    out.push('"');
    let mut clean_from = 0;
    for (i, c) in s.char_indices() {
        let special =
            matches!(c, '\\' | '"' | '\u{2028}' | '\u{2029}' | '\u{FEFF}') || c.is_control();
        if !special {
            continue;
        }
        out.push_str(s.get(clean_from..i).unwrap_or_default());
        clean_from = i + c.len_utf8();
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", other as u32);
            }
        }
    }
    out.push_str(s.get(clean_from..).unwrap_or_default());
    out.push('"');
}
