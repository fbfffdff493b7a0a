//! The files and pages a page cites, found in the site as its generator would serve them,
//! and the page's text rewritten to cite their copies in the candidate folder.
//!
//! A written address is tried: as a path beside the page (Hugo bundles, Jekyll files next
//! to the page, `../../assets/x.png`), as the generator resolves it against the page's
//! address, in the folders served at the site's root (`public/`, `static/`, the site
//! folder for Jekyll), each with the site's base path stripped (`/bts/…`,
//! `{{ site.baseurl }}`) and percent-escapes decoded (`Capture%2010.png`).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::input::confine::Folder;
use crate::input::{ConfineError, Confined};
use crate::markdown::{self, ImageTarget, LinkTarget, Options, Resolver, Unplaced};

use super::site::Site;

/// Folders of assets that the site's build processes (`src/assets/` in Astro,
/// `assets/` in Hugo): their files keep their path under `assets/`.
const ASSET_ROOTS: &[&str] = &["src/assets", "assets"];

/// Records every link and image a body cites, in order; prints nothing.
#[derive(Default)]
struct Recorder {
    cited: RefCell<Vec<(String, bool)>>,
}

impl Resolver for Recorder {
    fn link(&self, url: &str) -> LinkTarget {
        self.cited.borrow_mut().push((url.to_string(), true));
        LinkTarget::Text
    }

    fn image(&self, src: &str) -> ImageTarget {
        self.cited.borrow_mut().push((src.to_string(), false));
        ImageTarget::Missing(Unplaced::Unusable(String::new()))
    }
}

/// What a body cites, with the converter itself (Markdown, HTML `<img>`, `<a href>`, Hugo
/// `figure` are all seen), then the front-matter files given: `(written, is_link)`, each
/// once.
pub fn citations(front_files: Vec<String>, body: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = front_files.into_iter().map(|s| (s, false)).collect();
    let recorder = Recorder::default();
    let _ = markdown::to_typst(body, &Options::default(), &recorder);
    out.extend(recorder.cited.into_inner());
    let mut seen = BTreeSet::new();
    out.retain(|(w, _)| !w.trim().is_empty() && seen.insert(w.clone()));
    out
}

pub enum Resolved {
    /// An address (`https:`, `mailto:`) or an anchor: nothing to copy.
    Skip,
    /// An image on another site: printed as its caption and address.
    Remote,
    /// A file of the site (virtual path).
    Asset(String),
    /// A Markdown page of the site (virtual path).
    Page(String),
    /// A link to a page of the site by its address: the last segment of the path.
    PageLink(String),
    /// A link to the list of réalisations (`/projets/`): `/missions/` in the candidate folder.
    Missions,
    NotFound,
    Refused(String),
}

/// Where a page is, for resolving what it cites.
pub struct Origin<'a> {
    /// The page's folder in the site (`/content/projets`).
    pub vdir: String,
    /// The page's folder as served (`/projets`).
    pub url_dir: String,
    pub pages: &'a BTreeSet<String>,
}

/// Where `written`, cited by the page at `from`, is in the site: a file to copy, a page,
/// an address to keep, or why not.
pub fn resolve(
    root: &Confined,
    site: &Site,
    written: &str,
    from: &Origin,
    is_link: bool,
) -> Resolved {
    let w = written.trim();
    if w.is_empty() || w.starts_with('#') {
        return Resolved::Skip;
    }
    let stripped = site.strip_base(w);
    let w = stripped.as_ref();
    if w.starts_with("http://") || w.starts_with("https://") || w.starts_with("//") {
        return if is_link {
            Resolved::Skip
        } else {
            Resolved::Remote
        };
    }
    let address = match Address::read(root, w, from) {
        Ok(address) => address,
        Err(resolved) => return resolved,
    };
    if is_link {
        let last = last_segment(address.url());
        if is_list_of_missions(last) && !last.contains('.') {
            return Resolved::Missions;
        }
    }
    let tried = places_to_try(site, written, &address);
    match find_in_site(root, &tried, from.pages) {
        Some(found) => found,
        None => not_in_site(&address, is_link),
    }
}

/// A written address (base stripped) as paths of the site.
struct Address {
    /// Taken against the page's folder in the site: a file beside the page.
    beside: String,
    /// Taken against the page's address, as the generator serves it (`None` when that
    /// is refused).
    served: Option<String>,
    /// Written from the site's root (`/img/x.png`).
    absolute: bool,
}

impl Address {
    /// Refused or skipped (`mailto:`) addresses give their verdict instead.
    fn read(root: &Confined, w: &str, from: &Origin) -> Result<Address, Resolved> {
        let beside = match root.virtual_path(w, &from.vdir) {
            Ok(v) => v,
            Err(ConfineError::NotAFile(..)) => return Err(Resolved::Skip),
            Err(e) => return Err(Resolved::Refused(e.message_in(Folder::Site))),
        };
        let absolute = w.starts_with('/');
        // A relative path is also tried as the generator reads it: against the page's
        // address, in the folders served at the site's root.
        let served = if absolute {
            Some(beside.clone())
        } else {
            root.virtual_path(w, &from.url_dir).ok()
        };
        Ok(Address {
            beside,
            served,
            absolute,
        })
    }

    /// The address as served, or beside the page when it cannot be served.
    fn url(&self) -> &str {
        self.served.as_deref().unwrap_or(&self.beside)
    }
}

/// The last segment of a path (`/a/b/` → `b`).
fn last_segment(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

/// The paths of the site where the file may be, in the order tried, each once: absolute
/// paths are the site's addresses first, relative ones are files beside the page; Astro
/// aliases (`@/assets/x.png`, `~/assets/x.png`) last.
fn places_to_try(site: &Site, written: &str, address: &Address) -> Vec<String> {
    let mut tried = Vec::new();
    if let Some(url) = &address.served {
        for v in [url.clone(), percent_decode(url)] {
            for s in &site.static_roots {
                tried.push(join(s, &v));
            }
            if address.absolute {
                for s in &site.content_roots {
                    tried.push(join(s, &v));
                }
            }
        }
    }
    let beside = [address.beside.clone(), percent_decode(&address.beside)];
    if address.absolute {
        tried.extend(beside);
    } else {
        tried.splice(0..0, beside);
    }
    for alias in ["@/", "~/"] {
        if let Some(rest) = written.trim().strip_prefix(alias) {
            tried.push(format!("/src/{}", percent_decode(rest)));
        }
    }
    let mut seen = BTreeSet::new();
    tried.retain(|c| seen.insert(c.clone()));
    tried
}

/// The first place that holds a file (a page of the site, or an asset) or a folder with
/// an index page; a symlink leaving the site is refused.
fn find_in_site(root: &Confined, tried: &[String], pages: &BTreeSet<String>) -> Option<Resolved> {
    for c in tried {
        match root.real_path(c) {
            Ok(real) if real.is_file() => {
                return Some(if pages.contains(c) {
                    Resolved::Page(c.clone())
                } else {
                    Resolved::Asset(c.clone())
                });
            }
            Ok(real) if real.is_dir() => {
                for index in ["index.md", "_index.md", "README.md"] {
                    let page = format!("{}/{index}", c.trim_end_matches('/'));
                    if pages.contains(&page) {
                        return Some(Resolved::Page(page));
                    }
                }
            }
            Err(e @ ConfineError::Symlink(_)) => {
                return Some(Resolved::Refused(e.message_in(Folder::Site)));
            }
            _ => {}
        }
    }
    None
}

/// An address found nowhere: a link to a page by its address (the last segment), to
/// the list of réalisations, or a file not found.
fn not_in_site(address: &Address, is_link: bool) -> Resolved {
    let last = last_segment(address.url());
    if is_link && last.is_empty() {
        return Resolved::Skip;
    }
    if is_link && is_list_of_missions(last) {
        return Resolved::Missions;
    }
    let page_like = !last.contains('.') || last.ends_with(".md") || last.ends_with(".html");
    if is_link && page_like {
        let name = last.trim_end_matches(".md").trim_end_matches(".html");
        Resolved::PageLink(name.to_string())
    } else {
        Resolved::NotFound
    }
}

fn join(root: &str, vpath: &str) -> String {
    if root.is_empty() {
        vpath.to_string()
    } else {
        format!("/{}{vpath}", root.trim_matches('/'))
    }
}

fn is_list_of_missions(name: &str) -> bool {
    let n = super::classify::normalise(name);
    matches!(
        n.as_str(),
        "missions" | "mission" | "projets" | "projet" | "projects" | "project"
    ) || n.starts_with("realisation")
}

/// Where a cited file goes under `assets/`: files served at the site's root and the
/// site's asset folders keep their path (under `assets/`); files beside a page go in a
/// folder named after the page. Every name is made safe to write in a Markdown link
/// (no space, no parenthesis, no accent).
pub fn asset_target(vpath: &str, owner: &str, site: &Site) -> String {
    let decoded = percent_decode(vpath);
    let vpath = decoded.as_str();
    let mut rest = None;
    for s in site.static_roots.iter().filter(|s| !s.is_empty()) {
        if let Some(r) = vpath.strip_prefix(&format!("/{}/", s.trim_matches('/'))) {
            rest = Some(r.to_string());
            break;
        }
    }
    if rest.is_none() {
        for s in ASSET_ROOTS {
            if let Some(r) = vpath.strip_prefix(&format!("/{s}/")) {
                rest = Some(r.to_string());
                break;
            }
        }
    }
    if rest.is_none() && vpath.starts_with("/assets/") {
        rest = vpath.strip_prefix("/assets/").map(str::to_string);
    }
    let rest = rest.unwrap_or_else(|| {
        let name = vpath.rsplit('/').next().unwrap_or("fichier");
        format!("{owner}/{name}")
    });
    let rest = rest.strip_prefix("assets/").unwrap_or(&rest);
    let safe: Vec<String> = rest.split('/').map(safe_name).collect();
    format!("/assets/{}", safe.join("/"))
}

/// `Capture d'écran (2).png` → `Capture-d-ecran-2.png`.
fn safe_name(segment: &str) -> String {
    let ascii = deunicode::deunicode(segment);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').replace("-.", ".");
    if out.is_empty() {
        "fichier".into()
    } else {
        out
    }
}

/// `target`, or `target-2`, `-3`… (before the extension) when another file has it.
pub fn unique_target(target: &str, taken: &BTreeMap<String, String>) -> String {
    if !taken.contains_key(target) {
        return target.to_string();
    }
    let (stem, ext) = split_ext(target);
    (2..)
        .map(|i| format!("{stem}-{i}{ext}"))
        .find(|t| !taken.contains_key(t))
        .unwrap_or_default()
}

/// `/a/b.pdf` → (`/a/b`, `.pdf`).
pub fn split_ext(target: &str) -> (String, String) {
    match target.rsplit_once('.') {
        Some((s, e)) if !s.ends_with('/') && !e.contains('/') => (s.to_string(), format!(".{e}")),
        _ => (target.to_string(), String::new()),
    }
}

/// `%20` and other escapes of a URL path, decoded (when the result is UTF-8).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |c| c.into_owned())
}

/// Replaces `from` by `to` where `from` stands as a whole path: between delimiters of
/// Markdown, HTML, YAML or TOML (`(`, `"`, `[`, `=`, `:`, `,`, spaces…), never inside a
/// longer word or path.
pub fn replace_bounded(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = text[i..].find(from) {
        let start = i + pos;
        let end = start + from.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let left = before.is_none_or(|c| c.is_whitespace() || "(\"'<[=:,".contains(c));
        let right = after.is_none_or(|c| c.is_whitespace() || ")\"'>],#?".contains(c));
        out.push_str(&text[i..start]);
        out.push_str(if left && right { to } else { from });
        i = end;
    }
    out.push_str(&text[i..]);
    out
}

/// Every `![caption](url …)` and `<img … src="url" …>` citing `url` becomes its caption and
/// its address as text: a jury's copy never shows a missing-image box for a picture that
/// lives on another site.
pub fn remote_image_as_text(text: &str, url: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let md = rest.find("![");
        let html = find_ci(rest, "<img");
        let next = match (md, html) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        out.push_str(&rest[..next]);
        let here = &rest[next..];
        let replaced = if here.starts_with("![") {
            markdown_image(here, url).map(|(caption, len)| {
                let caption = caption_or_name(caption, url);
                (
                    format!("*Image en ligne : {}* (<{url}>)", caption.trim()),
                    len,
                )
            })
        } else {
            html_image(here, url).map(|(caption, len)| {
                let caption = caption_or_name(caption, url);
                (
                    format!(
                        "<em>Image en ligne : {}</em> (<a href=\"{url}\">{url}</a>)",
                        caption.trim()
                    ),
                    len,
                )
            })
        };
        match replaced {
            Some((t, len)) => {
                out.push_str(&t);
                rest = &here[len..];
            }
            None => {
                let step = here.chars().next().map_or(1, char::len_utf8);
                out.push_str(&here[..step]);
                rest = &here[step..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The caption, or the image's file name when it has none.
fn caption_or_name(caption: String, url: &str) -> String {
    if caption.trim().is_empty() {
        let name = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
        percent_decode(name)
    } else {
        caption
    }
}

fn find_ci(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `![caption](url "title")` at the start of `s`: (caption, length) when it cites `url`.
fn markdown_image(s: &str, url: &str) -> Option<(String, usize)> {
    let close = s.find("](")?;
    let caption = &s[2..close];
    if caption.contains('\n') && caption.contains("\n\n") {
        return None;
    }
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let dest = after[..end].trim();
    let dest = dest.trim_start_matches('<');
    let dest = dest.split(['>', ' ']).next().unwrap_or(dest);
    (dest == url).then(|| (caption.to_string(), close + 2 + end + 1))
}

/// `<img … src="url" alt="…">` at the start of `s`: (alt, length) when it cites `url`.
fn html_image(s: &str, url: &str) -> Option<(String, usize)> {
    let end = s.find('>')?;
    let tag = &s[..end];
    if !tag.contains(url) {
        return None;
    }
    let alt = ["alt=\"", "alt='"].iter().find_map(|a| {
        let i = tag.find(a)? + a.len();
        let q = a.chars().last()?;
        let j = tag[i..].find(q)?;
        Some(tag[i..i + j].to_string())
    });
    Some((alt.unwrap_or_default(), end + 1))
}

/// `![caption](Capture 10.png)`: an image address with spaces is not an image in
/// CommonMark (the page would print it as text), yet some editors and generators accept
/// it. Such addresses are written `<Capture 10.png>`, as CommonMark allows: (the text, how
/// many were repaired). Only addresses ending with an image extension are touched.
pub fn repair_spaced_image_addresses(text: &str) -> (String, usize) {
    const EXTENSIONS: &[&str] = &[".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"];
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        out.push_str(&rest[..start]);
        let here = &rest[start..];
        let line_end = here.find('\n').unwrap_or(here.len());
        let line = &here[..line_end];
        let fixed = line.find("](").and_then(|open| {
            let dest_start = open + 2;
            let close = line[dest_start..].find(')')? + dest_start;
            let dest = &line[dest_start..close];
            let spaced = dest.contains(' ')
                && !dest.starts_with('<')
                && !dest.contains('"')
                && EXTENSIONS
                    .iter()
                    .any(|e| dest.trim_end().to_ascii_lowercase().ends_with(e));
            spaced.then(|| {
                (
                    format!("{}<{}>)", &line[..dest_start], dest.trim()),
                    close + 1,
                )
            })
        });
        match fixed {
            Some((t, len)) => {
                out.push_str(&t);
                repaired += 1;
                rest = &here[len..];
            }
            None => {
                out.push_str("![");
                rest = &here[2..];
            }
        }
    }
    out.push_str(rest);
    (out, repaired)
}

/// Jekyll's Liquid around addresses, taken away: `{{ site.baseurl }}/x.png` → `/x.png`,
/// `{{ '/x.png' | relative_url }}` → `/x.png`. Other Liquid is left as written.
pub fn strip_liquid_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let inner = rest[start + 2..start + len].trim();
        out.push_str(&rest[..start]);
        let replacement = if inner == "site.baseurl" || inner == "site.url" || inner == "base_path"
        {
            Some(String::new())
        } else if inner.contains("relative_url") || inner.contains("absolute_url") {
            let path = inner.split('|').next().unwrap_or("").trim();
            Some(path.trim_matches(['"', '\'']).to_string())
        } else {
            None
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_replacement_only_replaces_whole_paths() {
        let text = "img: /img/a.png\n![x](/img/a.png) [y](/img/a.png.bak) src=\"/img/a.png\"";
        let out = replace_bounded(text, "/img/a.png", "/assets/img/a.png");
        assert_eq!(
            out,
            "img: /assets/img/a.png\n![x](/assets/img/a.png) [y](/img/a.png.bak) src=\"/assets/img/a.png\""
        );
    }

    #[test]
    fn safe_names_and_escapes() {
        assert_eq!(
            percent_decode("/img/Capture%2010.png"),
            "/img/Capture 10.png"
        );
        assert_eq!(percent_decode("/img/100%"), "/img/100%");
        assert_eq!(
            safe_name("Capture d'écran (2).png"),
            "Capture-d-ecran-2.png"
        );
        let mut taken = BTreeMap::new();
        taken.insert("/assets/a.png".to_string(), "x".to_string());
        assert_eq!(unique_target("/assets/a.png", &taken), "/assets/a-2.png");
    }

    #[test]
    fn remote_images_become_text() {
        let t = "Avant ![Logo GLPI](https://x.org/l.png) après\n<p><img src=\"https://x.org/l.png\" alt=\"Logo\"/></p>";
        let out = remote_image_as_text(t, "https://x.org/l.png");
        assert_eq!(
            out,
            "Avant *Image en ligne : Logo GLPI* (<https://x.org/l.png>) après\n<p><em>Image en ligne : Logo</em> (<a href=\"https://x.org/l.png\">https://x.org/l.png</a>)</p>"
        );
    }

    #[test]
    fn spaced_image_addresses() {
        let (t, n) = repair_spaced_image_addresses(
            "![Écran](/image/Capture 10.png) ![ok](a.png) ![t](x y.png \"titre\") [lien](a b.png)",
        );
        assert_eq!(n, 1);
        assert_eq!(
            t,
            "![Écran](</image/Capture 10.png>) ![ok](a.png) ![t](x y.png \"titre\") [lien](a b.png)"
        );
    }

    #[test]
    fn a_refused_address_names_the_site_and_keeps_the_path_as_written() {
        let e = ConfineError::Escapes("../candidat/x.pdf".into());
        assert_eq!(
            e.message_in(Folder::Site),
            "« ../candidat/x.pdf » sort du dossier du site (« .. » ou chemin absolu) : refusé"
        );
        assert_eq!(
            e.to_string(),
            "« ../candidat/x.pdf » sort du dossier du candidat (« .. » ou chemin absolu) : refusé"
        );
    }

    #[test]
    fn liquid_addresses() {
        assert_eq!(
            strip_liquid_urls(
                "![a]({{ site.baseurl }}/assets/a.png) [b]({{ '/f.pdf' | relative_url }}) {{ page.title }}"
            ),
            "![a](/assets/a.png) [b](/f.pdf) {{ page.title }}"
        );
    }
}
