//! An independent checker of the converter's output: the executable form of
//! the safety argument in the module documentation.
//!
//! [`check_markup`] is a tiny lexer that knows only the Typst syntax the
//! converter is allowed to write. It fails on anything else: an unescaped
//! ASCII symbol in markup, a call that is not in [`CALLS`], an identifier in
//! code that is not in [`IDENTS`], a malformed string literal, unbalanced
//! brackets, a line that starts with text (where a `-`, `=` or `1.` could
//! have become a marker). It is public so that the unit tests, the property
//! tests (`tests/properties.rs`) and the fuzz target (`fuzz/`) hold every
//! output to the same grammar; the pipeline itself never needs it.

/// Functions the converter may call from markup.
pub const CALLS: &[&str] = &[
    "emph",
    "strong",
    "strike",
    "underline",
    "highlight",
    "super",
    "sub",
    "linebreak",
    "h",
    "list",
    "enum",
    "quote",
    "raw",
    "link",
    "text",
    "footnote",
    "line",
    "table",
    "figure",
    "heading",
    "block",
    "box",
    "pad",
];

/// Identifiers the converter may write in code mode (argument names and
/// values, nested calls, units).
pub const IDENTS: &[&str] = &[
    "level",
    "tight",
    "start",
    "block",
    "lang",
    "columns",
    "align",
    "left",
    "right",
    "center",
    "auto",
    "true",
    "false",
    "table.header",
    "table.cell",
    "colspan",
    "size",
    "em",
    "pt",
    "fill",
    "red",
    "width",
    "height",
    "inset",
    "outset",
    "stroke",
    "paint",
    "thickness",
    "dash",
    "length",
    "image",
    "caption",
    "luma",
    "x",
    "y",
    "radius",
    "style",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Markup: top level (`false`) or inside a content block (`true`).
    Markup(bool),
    /// Code inside parentheses, with depth.
    Code(usize),
}

/// Scans converter output and fails if any character could have been
/// interpreted by Typst other than as: an escape, plain text, a call from
/// [`CALLS`] with arguments made of [`IDENTS`], numbers, well-formed string
/// literals and content blocks. Also checks that a single newline in markup
/// is only ever followed by a call (so no text line can start with a
/// marker) and that blocks are balanced. Returns the maximum bracket depth.
///
/// # Errors
/// A French-free, developer-facing description of the first violation and
/// its character offset.
pub fn check_markup(s: &str) -> Result<usize, String> {
    let chars: Vec<char> = s.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let word = |from: usize, to: usize| -> String {
        chars
            .get(from..to)
            .map_or_else(String::new, |w| w.iter().collect())
    };
    let mut stack = vec![Mode::Markup(false)];
    let mut max_depth = 0;
    let mut i = 0;
    while let Some(c) = at(i) {
        max_depth = max_depth.max(stack.len());
        let mode = *stack.last().ok_or("empty stack")?;
        match mode {
            Mode::Markup(in_block) => match c {
                '\\' => match at(i + 1) {
                    Some(n) if n.is_ascii_punctuation() => i += 2,
                    other => return Err(format!("backslash before {other:?} at {i}")),
                },
                '#' => {
                    let start = i + 1;
                    let mut j = start;
                    while at(j).is_some_and(|c| c.is_ascii_alphabetic()) {
                        j += 1;
                    }
                    let name = word(start, j);
                    if !CALLS.contains(&name.as_str()) {
                        return Err(format!("call to #{name} at {i}"));
                    }
                    match at(j) {
                        Some('(') => stack.push(Mode::Code(1)),
                        Some('[') => stack.push(Mode::Markup(true)),
                        other => return Err(format!("#{name} followed by {other:?}")),
                    }
                    i = j + 1;
                }
                ']' if in_block => {
                    stack.pop();
                    i += 1;
                    // A content block directly after a call's `)` or `]`
                    // would be another argument: we never emit that.
                    if at(i) == Some('[') {
                        return Err(format!("two content blocks at {i}"));
                    }
                }
                '\n' => {
                    if at(i + 1) == Some('\n') {
                        if at(i + 2) == Some('\n') {
                            return Err(format!("three newlines at {i}"));
                        }
                        i += 2;
                    } else {
                        if at(i + 1) != Some('#') && at(i + 1).is_some() {
                            return Err(format!("newline followed by text at {i}"));
                        }
                        i += 1;
                    }
                }
                c if c.is_ascii_punctuation() => {
                    return Err(format!("unescaped {c:?} at {i}"));
                }
                c if c.is_control()
                    || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}') =>
                {
                    return Err(format!("control character {c:?} at {i}"));
                }
                _ => i += 1,
            },
            Mode::Code(depth) => match c {
                '"' => {
                    i = string_end(&chars, i + 1)?;
                }
                '[' => {
                    stack.push(Mode::Markup(true));
                    i += 1;
                }
                '(' => {
                    if let Some(Mode::Code(d)) = stack.last_mut() {
                        *d += 1;
                    }
                    i += 1;
                }
                ')' => {
                    i += 1;
                    if depth == 1 {
                        stack.pop();
                        // Trailing content block of the call.
                        if at(i) == Some('[') && matches!(stack.last(), Some(Mode::Markup(_))) {
                            stack.push(Mode::Markup(true));
                            i += 1;
                        }
                    } else if let Some(Mode::Code(d)) = stack.last_mut() {
                        *d -= 1;
                    }
                }
                c if c.is_ascii_alphabetic() => {
                    let start = i;
                    while at(i).is_some_and(|c| c.is_ascii_alphabetic() || c == '.') {
                        i += 1;
                    }
                    let name = word(start, i);
                    let prev_digit = start
                        .checked_sub(1)
                        .and_then(at)
                        .is_some_and(|c| c.is_ascii_digit());
                    if !IDENTS.contains(&name.as_str()) && !prev_digit {
                        return Err(format!("identifier {name} in code"));
                    }
                    if prev_digit && !["em", "pt", "fr"].contains(&name.as_str()) {
                        return Err(format!("unit {name}"));
                    }
                }
                c if c.is_ascii_digit()
                    || matches!(c, ' ' | '\n' | ',' | ':' | '.' | '%' | '+') =>
                {
                    i += 1;
                }
                other => return Err(format!("unexpected {other:?} in code at {i}")),
            },
        }
    }
    if stack.len() != 1 {
        return Err(format!("unbalanced output, open: {stack:?}"));
    }
    Ok(max_depth)
}

/// Index just after the closing quote of a string literal whose content
/// starts at `i`; only the escapes `string_literal` writes are accepted.
fn string_end(chars: &[char], mut i: usize) -> Result<usize, String> {
    let at = |i: usize| chars.get(i).copied();
    loop {
        match at(i) {
            None => return Err("unterminated string".into()),
            Some('"') => return Ok(i + 1),
            Some('\\') => match at(i + 1) {
                Some('\\' | '"' | 'n' | 'r' | 't') => i += 2,
                Some('u') if at(i + 2) == Some('{') => {
                    i += 3;
                    while at(i).is_some_and(|c| c.is_ascii_hexdigit()) {
                        i += 1;
                    }
                    if at(i) != Some('}') {
                        return Err("bad unicode escape".into());
                    }
                    i += 1;
                }
                other => return Err(format!("bad string escape {other:?}")),
            },
            Some(c) if c.is_control() => {
                return Err(format!("raw control {c:?} in string"));
            }
            Some(_) => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_markup;

    #[test]
    fn checker_rejects_unsafe_markup() {
        assert!(check_markup("a \\#b").is_ok());
        assert!(check_markup("#include \"x\"").is_err());
        assert!(check_markup("a #read(\"/etc/passwd\")").is_err());
        assert!(check_markup("a $x$").is_err());
        assert!(check_markup("#strong[a").is_err());
        assert!(check_markup("#strong[a]]").is_err());
        assert!(check_markup("a\n- b").is_err());
        assert!(check_markup("#raw(\"a\nb\")").is_err());
        assert!(check_markup("#raw(\"a\\q\")").is_err());
        assert!(check_markup("#raw(\"a").is_err());
        assert!(check_markup("#text(size: 3cm)[a]").is_err());
        assert!(check_markup("#text(fill: blue)[a]").is_err());
        assert!(check_markup("a\\ b").is_err());
        assert!(check_markup("#heading(level: 2)[T]\n\ntext").is_ok());
        assert!(check_markup("#raw(\"\\u{1f}\\\\\\\"\")").is_ok());
    }
}
