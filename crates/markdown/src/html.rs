//! A deliberately small HTML tokenizer for the raw HTML that students paste in
//! Markdown (`<br>`, `<kbd>`, `<img>`, `<details>`, comments...).
//!
//! It never builds a tree: the converter maps a handful of tags to Typst calls
//! and treats everything else as text, so all we need is a flat list of
//! "text", "tag" and "ignorable" (comments, doctypes, processing
//! instructions) tokens. Anything that does not look exactly like a tag is
//! text, which is then escaped like any other text: a malformed tag can only
//! ever end up printed, never interpreted.

use std::borrow::Cow;

/// One HTML token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// Character data, entities already decoded.
    Text(Cow<'a, str>),
    /// `<name ...>`, `</name>` or `<name ... />`.
    Tag(Tag),
    /// Comment, `<!DOCTYPE>`, `<![CDATA[..]]>`, `<?..?>`: dropped silently.
    Ignored,
    /// `<!--` without `-->`: everything after it is a comment (as in a
    /// browser), which deserves a warning.
    UnclosedComment,
}

/// A start or end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tag {
    /// Lower-cased tag name.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// `<name ... />`.
    pub self_closing: bool,
    /// The attribute part, between the name and `>` / `/>`.
    pub attrs: String,
    /// The whole tag as written.
    pub raw: String,
}

impl Tag {
    /// Value of attribute `key` (case-insensitive), entities decoded.
    pub fn attr(&self, key: &str) -> Option<String> {
        attribute(&self.attrs, key)
    }
}

/// Longest tag we recognise; anything longer is text. Bounds the work done
/// per `<`, so tokenizing stays linear on hostile input.
const MAX_TAG_LEN: usize = 4096;

/// Splits `s` into tokens; each token comes with its byte offset in `s`.
pub(super) fn tokenize(s: &str) -> Vec<(usize, Token<'_>)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut text_from = 0;
    let mut i = 0;
    // Position of the next `>` at or after the current `<`, cached: a tag or
    // declaration cannot end before it, and computing it once per `>` keeps
    // tokenizing linear even on `<!<!<!...` without any `>`.
    let mut next_gt: Option<usize> = None;
    while let Some(rel) = s.get(i..).and_then(|rest| rest.find('<')) {
        let lt = i + rel;
        if next_gt.is_none_or(|g| g < lt) {
            next_gt = Some(
                s.get(lt..)
                    .and_then(|r| r.find('>'))
                    .map_or(usize::MAX, |p| lt + p),
            );
        }
        let candidate = next_gt.is_some_and(|g| g - lt <= MAX_TAG_LEN)
            || s.get(lt..)
                .is_some_and(|r| r.starts_with("<!--") || r.starts_with("<![CDATA["));
        let found = if candidate { markup_at(s, lt) } else { None };
        match found {
            Some((end, token)) => {
                if text_from < lt {
                    out.push((text_from, Token::Text(decode_entities(&s[text_from..lt]))));
                }
                out.push((lt, token));
                i = end;
                text_from = end;
            }
            None => i = lt + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    if text_from < s.len() {
        out.push((text_from, Token::Text(decode_entities(&s[text_from..]))));
    }
    out
}

/// If a comment, declaration or tag starts at byte `lt` (a `<`), returns its
/// end offset and the token.
fn markup_at(s: &str, lt: usize) -> Option<(usize, Token<'_>)> {
    let rest = s.get(lt..)?;
    if let Some(body) = rest.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are whole (empty) comments.
        if body.starts_with('>') {
            return Some((lt + 5, Token::Ignored));
        }
        if body.starts_with("->") {
            return Some((lt + 6, Token::Ignored));
        }
        // An unterminated comment swallows the rest, like a browser does.
        return Some(match body.find("-->") {
            Some(p) => (lt + 4 + p + 3, Token::Ignored),
            None => (s.len(), Token::UnclosedComment),
        });
    }
    if rest.starts_with("<![CDATA[") {
        let end = rest.find("]]>").map_or(s.len(), |p| lt + p + 3);
        return Some((end, Token::Ignored));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = rest
            .bytes()
            .take(MAX_TAG_LEN)
            .position(|b| b == b'>')
            .map(|p| lt + p + 1)?;
        return Some((end, Token::Ignored));
    }
    let (closing, name_from) = if rest.starts_with("</") {
        (true, 2)
    } else {
        (false, 1)
    };
    let after = rest.get(name_from..)?;
    let name_len = after
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphabetic() || (i > 0 && (c.is_ascii_digit() || c == '-'))))
        .map_or(after.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let name = &after[..name_len];
    let tail = &after[name_len..];
    // After the name: whitespace, `/` or `>`; otherwise it is not a tag
    // (`<stdio.h>` is text).
    match tail.chars().next() {
        Some(c) if c.is_ascii_whitespace() || c == '/' || c == '>' => {}
        _ => return None,
    }
    // Find the closing `>`, skipping quoted attribute values.
    let mut quote: Option<char> = None;
    let mut close = None;
    for (i, c) in tail.char_indices() {
        if i > MAX_TAG_LEN {
            // Not a tag: keeps `<a "<a "<a "...` linear.
            return None;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                close = Some(i);
                break;
            }
            (None, '<') => return None,
            _ => {}
        }
    }
    let close = close?;
    let inner = &tail[..close];
    let self_closing = inner.trim_end().ends_with('/');
    let attrs = inner.trim().trim_end_matches('/').trim();
    if closing && !attrs.is_empty() {
        return None;
    }
    let end = lt + name_from + name_len + close + 1;
    Some((
        end,
        Token::Tag(Tag {
            name: name.to_ascii_lowercase(),
            closing,
            self_closing,
            attrs: attrs.to_owned(),
            raw: s.get(lt..end)?.to_owned(),
        }),
    ))
}

/// Parses `key="v"`, `key='v'`, `key=v` and bare `key` attributes.
fn attribute(attrs: &str, wanted: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if key_len == 0 {
            // Stray `=` or `/`: skip one character.
            let skip = rest.chars().next().map_or(1, char::len_utf8);
            rest = rest.get(skip..).unwrap_or_default();
            continue;
        }
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let value = if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let (value, remaining) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    match body.find(q) {
                        Some(p) => (&body[..p], &body[p + 1..]),
                        None => (body, ""),
                    }
                }
                _ => {
                    let p = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                    (&after_eq[..p], &after_eq[p..])
                }
            };
            rest = remaining;
            value
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(wanted) {
            return Some(decode_entities(value).into_owned());
        }
    }
}

/// Decodes HTML character references (`&amp;`, `&nbsp;`, `&eacute;`, `&#233;`,
/// `&#xE9;`...) with the HTML standard's table of named references, the one html5ever uses,
/// so a raw HTML block decodes what Markdown text around it decodes. Only references closed
/// by `;` are read; unknown ones are kept as written; a numeric reference to an invalid code
/// point is dropped (never turned into U+FFFD).
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // References are short: look for `;` in the next 32 bytes only.
        let semi = after
            .bytes()
            .take(33)
            .position(|b| b == b';')
            .filter(|&p| p > 0);
        let decoded = semi.and_then(|p| decode_one(&after[..p]).map(|text| (text, p + 1)));
        match decoded {
            Some((text, used)) => {
                out.extend(text);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The characters the reference `&name;` stands for (none for an invalid code point: it
/// is dropped), or `None` when it is not a reference, to keep the text as written.
fn decode_one(name: &str) -> Option<Vec<char>> {
    if let Some(num) = name.strip_prefix('#') {
        let value = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(value).filter(|c| *c != '\0' && !c.is_control());
        return Some(c.into_iter().collect());
    }
    // The table's keys carry the `;` (it also lists the legacy forms written without it).
    let &(first, second) = html5ever::data::NAMED_ENTITIES.get(format!("{name};").as_str())?;
    Some(
        [first, second]
            .into_iter()
            .filter(|&c| c != 0)
            .filter_map(char::from_u32)
            .collect(),
    )
}

/// Whether `name` is a void element (`<br>`, `<img>`…): it has no content and no end tag.
pub(super) fn is_void_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Whether `name` is a standard HTML element. Tags with other names
/// (`<ticket>`, `<ip-du-serveur>`) are placeholders the student meant as
/// text, so the converter prints them instead of dropping them.
pub(super) fn is_known_element(name: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "marquee",
        "menu",
        "meta",
        "meter",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "math",
    ];
    ELEMENTS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::decode_entities;

    #[test]
    fn references_decode_as_the_html_standard_says() {
        assert_eq!(decode_entities("A&amp;B &eacute;t&eacute;"), "A&B été");
        assert_eq!(decode_entities("&#233;&#xE9;&#XE9;"), "ééé");
        // Beyond the few names students type: the whole table, two-character ones included.
        assert_eq!(
            decode_entities("&hearts; &NotEqualTilde;"),
            "♥ \u{2242}\u{338}"
        );
    }

    #[test]
    fn what_is_not_a_reference_is_kept_and_invalid_code_points_dropped() {
        assert_eq!(decode_entities("&inconnu; &amp &;"), "&inconnu; &amp &;");
        assert_eq!(decode_entities("a&#0;b&#x1;c&#xD800;d"), "abcd");
        assert_eq!(decode_entities("R&D"), "R&D");
    }
}
