//! Hugo shortcodes: `{{< name params >}}` and `{{% name params %}}`.
//!
//! Hugo expands them before Markdown; we get the Markdown source, so to
//! pulldown-cmark they are ordinary text (or, written without spaces as
//! `{{<figure src="x">}}`, text around an inline HTML tag). The converter
//! therefore looks for them in the concatenated text of each inline run and
//! never prints them: `figure` becomes an image, everything else is dropped
//! with a warning.

/// A shortcode occurrence in a scanned string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Region {
    /// Byte offset of `{{`.
    pub start: usize,
    /// Byte offset just after `>}}` / `%}}` (or after the opener when
    /// unterminated).
    pub end: usize,
    /// Text between the delimiters; `None` when no closing delimiter was
    /// found in the run (only the opener is removed then).
    pub inner: Option<String>,
}

/// Finds every shortcode in `s`, in order, non-overlapping.
pub(super) fn find_all(s: &str) -> Vec<Region> {
    let mut out = Vec::new();
    let mut from = 0;
    // Once a closer is missing after some point, it is missing after every
    // later point too: remember it so `{{<{{<{{<...` stays linear.
    let mut no_closer = [false, false];
    while let Some(rel) = s.get(from..).and_then(|r| r.find("{{")) {
        let start = from + rel;
        let (closer, kind) = match s.as_bytes().get(start + 2) {
            Some(b'<') => (">}}", 0),
            Some(b'%') => ("%}}", 1),
            _ => {
                from = start + 1;
                continue;
            }
        };
        let body_from = start + 3;
        let found = if no_closer[kind] {
            None
        } else {
            s.get(body_from..).and_then(|r| r.find(closer))
        };
        if found.is_none() {
            no_closer[kind] = true;
        }
        match found {
            Some(p) => {
                let end = body_from + p + 3;
                out.push(Region {
                    start,
                    end,
                    inner: s.get(body_from..body_from + p).map(str::to_owned),
                });
                from = end;
            }
            None => {
                out.push(Region {
                    start,
                    end: body_from,
                    inner: None,
                });
                from = body_from;
            }
        }
    }
    out
}

/// A parsed shortcode call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Shortcode {
    /// Name, without a leading `/`.
    pub name: String,
    /// `{{< /name >}}`.
    pub closing: bool,
    /// `key="value"` parameters and positional ones (`None` key).
    pub params: Vec<(Option<String>, String)>,
}

impl Shortcode {
    /// The named parameter `key`.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the text between the delimiters.
pub(super) fn parse(inner: &str) -> Shortcode {
    // `{{</* figure */>}}` is Hugo's way to show a shortcode literally.
    let mut body = inner.trim();
    body = body.strip_prefix("/*").unwrap_or(body);
    body = body.strip_suffix("*/").unwrap_or(body).trim();
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b.trim_start()),
        None => (false, body),
    };
    let mut words = split_words(body).into_iter();
    let name = words.next().map(|(_, v)| v).unwrap_or_default();
    Shortcode {
        name,
        closing,
        params: words.collect(),
    }
}

/// Splits `a key="v v" 'x' key2=y` into (key, value) words.
fn split_words(s: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut key: Option<String> = None;
        let mut word = String::new();
        loop {
            match chars.peek().copied() {
                None => break,
                Some(c) if c.is_whitespace() => break,
                Some(q @ ('"' | '`' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        word.push(c);
                    }
                }
                Some('=') if key.is_none() => {
                    chars.next();
                    key = Some(std::mem::take(&mut word));
                }
                Some(c) => {
                    chars.next();
                    word.push(c);
                }
            }
        }
        out.push((key, word));
    }
}
