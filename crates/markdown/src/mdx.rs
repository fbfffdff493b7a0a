//! MDX pages (Astro, Docusaurus, Next.js): the parts of MDX that are not Markdown.
//!
//! * `import` / `export` lines at the top level configure the site's build: they are
//!   not printed ([`without_esm_lines`]).
//! * JSX components (`<Image src alt />`, `<YouTube id="…" />`, `<Callout>…</Callout>`)
//!   are tags whose name starts with a capital letter: the common ones become an image
//!   or a link, the others keep their text children, with one warning per component
//!   name ([`Emitter::mdx_component`]).

use super::{Ctx, Emitter, Kind, collapse_whitespace, html, resolve_link};

/// `markdown` with its top-level ESM lines (`import x from "y"`, `export const a = 1`)
/// blanked, line breaks kept so that every other line keeps its number. Lines inside
/// fenced code blocks are kept. Returns `None` when there are none (the common case).
pub(super) fn without_esm_lines(markdown: &str) -> Option<String> {
    if !markdown.contains("import") && !markdown.contains("export") {
        return None;
    }
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<&str> = None;
    let mut changed = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        if fence.is_none() && marker.is_none() && is_esm(line) {
            changed = true;
            if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
    }
    changed.then_some(out)
}

/// A line holding one JSX tag and nothing else (`<Callout type="info">`, `</Callout>`,
/// `<Image src="x" alt="y" />`), rewritten so that CommonMark reads the lines around it
/// as Markdown, as MDX does (a line starting with a tag would otherwise open an HTML
/// block swallowing the next lines as raw text): an image or video component becomes
/// the Markdown image or link it stands for, any other tag an empty line, and its name
/// is returned to be warned about. Lines keep their numbers.
pub(super) fn component_lines(markdown: &str) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(markdown.len());
    let mut names = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in markdown.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        let tag = match html::tokenize(trimmed).as_slice() {
            [(_, html::Token::Tag(tag))] if fence.is_none() && is_component(tag) => tag.clone(),
            _ => {
                out.push_str(line);
                continue;
            }
        };
        let attr = |k: &str| tag.attr(k).filter(|v| !v.trim().is_empty());
        let md_text = |s: &str| {
            s.chars()
                .flat_map(|c| {
                    let escape = c.is_ascii_punctuation();
                    escape.then_some('\\').into_iter().chain([c])
                })
                .collect::<String>()
        };
        let md_url = |s: &str| s.replace(['<', '>', '\n'], "");
        match (tag.closing, tag.name.as_str()) {
            (false, "image" | "img" | "picture") if attr("src").is_some() => {
                let src = attr("src").unwrap_or_default();
                let alt = attr("alt").or_else(|| attr("title")).unwrap_or_default();
                out.push_str(&format!("![{}](<{}>)", md_text(&alt), md_url(&src)));
            }
            (false, "youtube" | "youtubeembed" | "liteyoutube" | "vimeo" | "video" | "embed") => {
                match attr("id")
                    .or_else(|| attr("videoid"))
                    .or_else(|| attr("src"))
                    .or_else(|| attr("url"))
                {
                    Some(id) => {
                        let url = if id.contains("://") {
                            id
                        } else if tag.name == "vimeo" {
                            format!("https://vimeo.com/{id}")
                        } else {
                            format!("https://www.youtube.com/watch?v={id}")
                        };
                        let url = md_url(&url);
                        out.push_str(&format!("[Vidéo : {}](<{url}>)", md_text(&url)));
                    }
                    None => names.push((i + 1, written_name(&tag).to_owned())),
                }
            }
            (true, _) | (false, "figure" | "fragment") => {}
            _ => names.push((i + 1, written_name(&tag).to_owned())),
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    (out, names)
}

/// An ESM statement as MDX reads it: `import` or `export` at the start of a line,
/// followed by the shapes JavaScript gives them.
fn is_esm(line: &str) -> bool {
    let l = line.trim_end();
    if let Some(rest) = l.strip_prefix("import ") {
        let rest = rest.trim();
        return (rest.contains(" from ") && rest.trim_end_matches(';').ends_with(['"', '\'']))
            || rest.starts_with(['"', '\'']);
    }
    if let Some(rest) = l.strip_prefix("export ") {
        return [
            "const ",
            "let ",
            "var ",
            "default ",
            "function ",
            "async ",
            "{",
        ]
        .iter()
        .any(|k| rest.trim_start().starts_with(k));
    }
    false
}

/// Whether a tag is a JSX component (`<Image`, `</Callout>`): its name, as written,
/// starts with a capital letter (HTML's are case-insensitive and written lower case).
pub(super) fn is_component(tag: &html::Tag) -> bool {
    tag.raw
        .trim_start_matches('<')
        .trim_start_matches('/')
        .starts_with(|c: char| c.is_ascii_uppercase())
}

/// The component's name as written (`YouTube`).
fn written_name(tag: &html::Tag) -> &str {
    let s = tag.raw.trim_start_matches('<').trim_start_matches('/');
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_'))
        .unwrap_or(s.len());
    s.get(..end).unwrap_or(s)
}

impl Emitter {
    /// One JSX component tag of an MDX page.
    pub(super) fn mdx_component(&mut self, tag: &html::Tag, line: usize, ctx: &mut Ctx<'_>) {
        let name = tag.name.as_str();
        if tag.closing {
            self.close_html(name, ctx);
            return;
        }
        let attr = |k: &str| tag.attr(k).filter(|v| !v.trim().is_empty());
        match name {
            "image" | "img" | "picture" => match attr("src") {
                Some(src) => {
                    let alt = attr("alt").or_else(|| attr("title")).unwrap_or_default();
                    self.image(ctx, &src, &collapse_whitespace(&alt), line);
                }
                None => ctx.warn(
                    line,
                    format!("composant MDX <{}> sans src ignoré", written_name(tag)),
                ),
            },
            "youtube" | "youtubeembed" | "vimeo" | "video" | "liteyoutube" | "embed" => {
                let id = attr("id")
                    .or_else(|| attr("videoid"))
                    .or_else(|| attr("src"))
                    .or_else(|| attr("url"));
                match id {
                    Some(id) => {
                        let url = if id.contains("://") {
                            id
                        } else if name == "vimeo" {
                            format!("https://vimeo.com/{id}")
                        } else {
                            format!("https://www.youtube.com/watch?v={id}")
                        };
                        let target = resolve_link(ctx, &url, line);
                        self.open(Kind::Link(target), None, ctx);
                        self.write_text(&format!("Vidéo : {url}"));
                        self.close_top(ctx);
                    }
                    None => ctx.warn(
                        line,
                        format!(
                            "composant MDX <{}> sans identifiant de vidéo ignoré",
                            written_name(tag)
                        ),
                    ),
                }
            }
            "link" | "a" => {
                if let Some(href) = attr("href").or_else(|| attr("to")) {
                    let target = resolve_link(ctx, &href, line);
                    if !tag.self_closing {
                        self.open(Kind::Link(target), Some(name.to_owned()), ctx);
                    }
                }
            }
            // Wrappers whose children say it all.
            "figure" | "fragment" => {}
            _ => {
                let written = written_name(tag).to_owned();
                if ctx.components_warned.insert(written.clone()) {
                    ctx.warn(
                        line,
                        format!(
                            "composant MDX <{written}> : seul le texte qu'il contient est imprimé"
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esm_lines_are_blanked_outside_code() {
        let md = "import Image from '../components/Image.astro';\nexport const x = 1;\n\nTexte import x from 'y'\n```js\nimport a from 'b';\n```\n";
        assert_eq!(
            without_esm_lines(md).as_deref(),
            Some("\n\n\nTexte import x from 'y'\n```js\nimport a from 'b';\n```\n")
        );
        assert_eq!(without_esm_lines("Rien à importer ici.\n"), None);
    }
}
