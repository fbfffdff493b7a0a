//! Which generator built the site, told by its own files, and what that means for the
//! import: where pages are served from (to resolve relative links as the generator does),
//! which folders are served at the site's root, the base path every address carries
//! (`baseurl: /bts`), and the site's public address.
//!
//! Detection never refuses a site: without a known configuration file the site is a
//! plain folder of Markdown, and every page of it is read.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::input::Confined;
use crate::input::decode::decode;
use crate::input::folder::MAX_PAGE_BYTES;

/// The site generator, as far as its files tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Astro,
    Hugo,
    Jekyll,
    MkDocs,
    Docusaurus,
    VitePress,
    Next,
    Nuxt,
    Eleventy,
    /// No configuration file known: a folder of Markdown pages.
    Plain,
}

impl Flavour {
    pub fn label_fr(self) -> &'static str {
        match self {
            Flavour::Astro => "Astro",
            Flavour::Hugo => "Hugo",
            Flavour::Jekyll => "Jekyll",
            Flavour::MkDocs => "MkDocs",
            Flavour::Docusaurus => "Docusaurus",
            Flavour::VitePress => "VitePress",
            Flavour::Next => "Next.js",
            Flavour::Nuxt => "Nuxt",
            Flavour::Eleventy => "Eleventy",
            Flavour::Plain => "sans générateur reconnu (dossier de pages Markdown)",
        }
    }
}

/// The configuration files that name each generator, in the order they are tried.
const SIGNATURES: &[(Flavour, &[&str])] = &[
    (
        Flavour::Astro,
        &[
            "astro.config.mjs",
            "astro.config.ts",
            "astro.config.js",
            "astro.config.mts",
            "astro.config.cjs",
        ],
    ),
    (
        Flavour::Hugo,
        &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config/_default",
        ],
    ),
    (Flavour::Jekyll, &["_config.yml", "_config.yaml"]),
    (Flavour::MkDocs, &["mkdocs.yml", "mkdocs.yaml"]),
    (
        Flavour::Docusaurus,
        &[
            "docusaurus.config.js",
            "docusaurus.config.ts",
            "docusaurus.config.mjs",
        ],
    ),
    (
        Flavour::VitePress,
        &[
            ".vitepress/config.js",
            ".vitepress/config.ts",
            ".vitepress/config.mjs",
            ".vitepress/config.mts",
            "docs/.vitepress/config.js",
            "docs/.vitepress/config.ts",
            "docs/.vitepress/config.mjs",
            "docs/.vitepress/config.mts",
        ],
    ),
    (
        Flavour::Next,
        &["next.config.js", "next.config.mjs", "next.config.ts"],
    ),
    (Flavour::Nuxt, &["nuxt.config.js", "nuxt.config.ts"]),
    (
        Flavour::Eleventy,
        &[
            ".eleventy.js",
            "eleventy.config.js",
            "eleventy.config.mjs",
            "eleventy.config.cjs",
        ],
    ),
];

/// What the import needs to know about a site.
#[derive(Debug, Clone)]
pub struct Site {
    pub flavour: Flavour,
    /// The configuration file that told the generator (`_config.yml`), if any.
    pub config_file: Option<String>,
    /// Its text, searched for the option (`subtitle: BTS SIO option SISR`).
    pub config_text: String,
    /// Folders whose pages are served from the site's root (`content` for Hugo):
    /// `/content/projets/a.md` is served at `/projets/a/`.
    pub content_roots: Vec<String>,
    /// Folders served at the site's root, most likely first (`""` is the site folder).
    pub static_roots: Vec<String>,
    /// The path every address of the site starts with (`/bts`), without the final `/`.
    pub base: Option<String>,
    /// The site's public address (`https://lea.fr`), when it is a real one.
    pub address: Option<String>,
    /// Folders the generator writes (its output), never read as pages.
    pub output_dirs: Vec<&'static str>,
}

impl Site {
    /// Reads the site's configuration. Never fails: an unknown site is a plain folder.
    pub fn detect(root: &Confined) -> Site {
        let exists = |rel: &str| root.real_path(&format!("/{rel}")).is_ok();
        let found = SIGNATURES.iter().find_map(|(flavour, files)| {
            files
                .iter()
                .find(|f| exists(f))
                .map(|f| (*flavour, f.to_string()))
        });
        let (flavour, config_file) = match found {
            Some((f, file)) => (f, Some(file)),
            // Older Hugo sites: `config.toml` beside `content/`; content collections
            // without their configuration file are Astro's.
            None if exists("src/content") => (Flavour::Astro, None),
            None if exists("content")
                && ["config.toml", "config.yaml", "config.yml"]
                    .iter()
                    .any(|f| exists(f)) =>
            {
                let file = ["config.toml", "config.yaml", "config.yml"]
                    .iter()
                    .find(|f| exists(f))
                    .map(|f| f.to_string());
                (Flavour::Hugo, file)
            }
            None => (Flavour::Plain, None),
        };
        let read = |rel: &str| -> Option<String> {
            root.read(&format!("/{rel}"), MAX_PAGE_BYTES)
                .ok()
                .map(|b| decode(&b).text)
        };
        let mut config_text = config_file.as_deref().and_then(read).unwrap_or_default();
        if flavour == Flavour::Hugo {
            // `config/_default/` is a folder of files.
            for f in [
                "config.toml",
                "config.yaml",
                "config/_default/config.toml",
                "config/_default/config.yaml",
                "config/_default/hugo.toml",
                "config/_default/params.toml",
                "config/_default/params.yaml",
                "config/_default/params.yml",
            ] {
                if let Some(t) = read(f) {
                    config_text.push('\n');
                    config_text.push_str(&t);
                }
            }
        }
        let mut site = Site {
            flavour,
            config_file,
            config_text,
            content_roots: Vec::new(),
            static_roots: Vec::new(),
            base: None,
            address: None,
            output_dirs: Vec::new(),
        };
        site.fill_layout(root);
        site
    }

    /// Content and static folders, base path and address, by generator: what the
    /// configuration says, then only the content folders that exist, a base path that is
    /// one, and a public address that is real.
    fn fill_layout(&mut self, root: &Confined) {
        let layout = Layout::of(self.flavour, self.config_file.as_deref(), &self.config_text);
        self.content_roots = layout
            .content
            .into_iter()
            .filter(|r| r.is_empty() || root.real_path(&format!("/{r}")).is_ok())
            .collect();
        self.static_roots = layout.statics;
        self.base = layout
            .base
            .map(|b| format!("/{}", b.trim_matches('/')))
            .filter(|b| b.len() > 1);
        self.address = layout
            .address
            .map(|a| a.trim().trim_end_matches('/').to_string())
            .filter(|u| {
                u.starts_with("http")
                    && !["example.org", "example.com", "localhost", "127.0.0.1"]
                        .iter()
                        .any(|p| u.contains(p))
            });
        self.output_dirs = match self.flavour {
            Flavour::Hugo => vec!["public", "resources"],
            Flavour::Jekyll => vec!["_site"],
            Flavour::MkDocs => vec!["site"],
            _ => vec![],
        };
    }

    /// `/bts/assets/x.png` → `/assets/x.png`; `https://lea.fr/bts/x.pdf` → `/x.pdf`: an
    /// address of the site itself, as a path from its root. Other text is given back.
    pub fn strip_base<'a>(&self, written: &'a str) -> std::borrow::Cow<'a, str> {
        let mut w = written;
        if let Some(addr) = &self.address {
            let bare = addr.split_once("://").map_or(addr.as_str(), |(_, r)| r);
            for scheme in ["https://", "http://", "//"] {
                let host = bare.split('/').next().unwrap_or(bare);
                if let Some(rest) = w.strip_prefix(scheme).and_then(|r| r.strip_prefix(host))
                    && (rest.is_empty() || rest.starts_with('/'))
                {
                    w = rest;
                    break;
                }
            }
        }
        if let Some(base) = &self.base
            && let Some(rest) = w.strip_prefix(base.as_str())
            && (rest.is_empty() || rest.starts_with('/'))
        {
            let rest = rest.trim_start_matches('/');
            return format!("/{rest}").into();
        }
        if w.len() != written.len() {
            return if w.is_empty() {
                "/".into()
            } else {
                w.to_string().into()
            };
        }
        written.into()
    }
}

/// Where a generator keeps its pages and serves its files, as its configuration says
/// (before the checks of [`Site::fill_layout`]).
struct Layout {
    /// Folders whose pages are served from the site's root.
    content: Vec<String>,
    /// Folders served at the site's root, most likely first.
    statics: Vec<String>,
    base: Option<String>,
    address: Option<String>,
}

impl Layout {
    fn new(
        content: &[&str],
        statics: &[&str],
        base: Option<String>,
        address: Option<String>,
    ) -> Self {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Layout {
            content: strings(content),
            statics: strings(statics),
            base,
            address,
        }
    }

    /// The layout of `flavour`, read from its configuration file's `text`.
    fn of(flavour: Flavour, config_file: Option<&str>, text: &str) -> Self {
        match flavour {
            Flavour::Astro => Layout::new(
                &["src/content", "src/pages"],
                &["public", ""],
                js_string(text, "base"),
                js_string(text, "site"),
            ),
            Flavour::Hugo => {
                let url = config_value(text, "baseurl");
                let base = url.as_deref().and_then(url_path);
                Layout::new(&["content"], &["static", "assets", ""], base, url)
            }
            Flavour::Jekyll => Layout::jekyll(text),
            Flavour::MkDocs => Layout::mkdocs(text),
            Flavour::Docusaurus => Layout::docusaurus(text),
            Flavour::VitePress => Layout::vitepress(config_file, text),
            Flavour::Next => Layout::new(
                &[
                    "_posts",
                    "posts",
                    "content",
                    "src/content",
                    "src/pages",
                    "pages",
                ],
                &["public", ""],
                js_string(text, "basePath"),
                None,
            ),
            Flavour::Nuxt => Layout::new(
                &["content"],
                &["public", "static", ""],
                js_string(text, "baseURL"),
                None,
            ),
            Flavour::Eleventy => Layout::new(
                &["src", ""],
                &["src", "public", ""],
                js_string(text, "pathPrefix"),
                None,
            ),
            Flavour::Plain => Layout::new(
                &["content", "docs", ""],
                &["public", "static", ""],
                None,
                None,
            ),
        }
    }

    /// `_config.yml`: `baseurl`, `url` (the address carries the base), and collections
    /// (`_projets/`) as content folders.
    fn jekyll(text: &str) -> Self {
        let map = yaml_map(text);
        let base = map.get("baseurl").and_then(Value::as_str).map(String::from);
        let url = map
            .get("url")
            .and_then(Value::as_str)
            .map(|u| with_base(u, base.as_deref()));
        let mut layout = Layout::new(&["_pages", "_posts", ""], &[""], base, url);
        if let Some(Value::Object(c)) = map.get("collections") {
            layout.content.extend(c.keys().map(|k| format!("_{k}")));
        }
        layout
    }

    /// `mkdocs.yml`: `docs_dir` (served at the root) and `site_url`.
    fn mkdocs(text: &str) -> Self {
        let map = yaml_map_lenient(text);
        let docs = map
            .get("docs_dir")
            .and_then(Value::as_str)
            .unwrap_or("docs")
            .trim_matches('/');
        let url = map
            .get("site_url")
            .and_then(Value::as_str)
            .map(String::from);
        let base = url.as_deref().and_then(url_path);
        Layout::new(&[docs], &[docs, ""], base, url)
    }

    /// `docusaurus.config.js`: `url` and `baseUrl` (the address carries the base).
    fn docusaurus(text: &str) -> Self {
        let base = js_string(text, "baseUrl");
        let address = js_string(text, "url").map(|u| with_base(&u, base.as_deref()));
        Layout::new(
            &["docs", "blog", "src/pages"],
            &["static", ""],
            base,
            address,
        )
    }

    /// VitePress serves the folder of its `.vitepress/` (`docs/` or the site folder).
    fn vitepress(config_file: Option<&str>, text: &str) -> Self {
        let src = if config_file.is_some_and(|f| f.starts_with("docs/")) {
            "docs"
        } else {
            ""
        };
        let public = format!("{src}/public");
        Layout::new(
            &[src],
            &[public.trim_start_matches('/'), src],
            js_string(text, "base"),
            None,
        )
    }
}

/// `https://lea.fr/` and `/bts` → `https://lea.fr/bts`.
fn with_base(url: &str, base: Option<&str>) -> String {
    format!("{}{}", url.trim_end_matches('/'), base.unwrap_or(""))
}

/// The path of an address, without its final `/` (`https://a.fr/bts/` → `/bts`).
fn url_path(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let path = rest.find('/').map(|i| &rest[i..])?;
    let path = path.trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

/// A YAML configuration as a map (empty when unreadable).
fn yaml_map(text: &str) -> BTreeMap<String, Value> {
    serde_yaml::from_str(text).unwrap_or_default()
}

/// MkDocs files use tags (`!!python/name:`) serde_yaml refuses: read line by line.
fn yaml_map_lenient(text: &str) -> BTreeMap<String, Value> {
    let strict = yaml_map(text);
    if !strict.is_empty() {
        return strict;
    }
    text.lines()
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| {
            let v = v.trim().trim_matches(['"', '\'']);
            (k.trim().to_string(), Value::String(v.to_string()))
        })
        .filter(|(_, v)| v.as_str().is_some_and(|s| !s.is_empty()))
        .collect()
}

/// A top-level key of a TOML or YAML configuration (`baseURL`), case ignored.
fn config_value(text: &str, key: &str) -> Option<String> {
    let from_toml = text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    });
    from_toml.or_else(|| {
        text.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            let v = v.split(" #").next().unwrap_or(v);
            (!line.starts_with([' ', '\t']) && k.trim().eq_ignore_ascii_case(key))
                .then(|| v.trim().trim_matches(['"', '\'']).to_string())
        })
    })
}

/// `key: 'value'` in a JavaScript configuration (`site: 'https://…'`, `base: "/x"`): the
/// first one whose key stands as a whole word.
pub fn js_string(text: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let start = from + i;
        let end = start + key.len();
        from = end;
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let after = text[end..].trim_start();
        let after = after
            .strip_prefix(['"', '\''])
            .map_or(after, |a| a.trim_start());
        let Some(value) = after.strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start();
        let Some(quote) = value
            .chars()
            .next()
            .filter(|q| matches!(q, '\'' | '"' | '`'))
        else {
            continue;
        };
        let inner = &value[1..];
        let close = inner.find(quote)?;
        return Some(inner[..close].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_strings() {
        let cfg = "export default defineConfig({\n  database: 'x',\n  site: 'https://lea.fr',\n  base: '/portfolio',\n});";
        assert_eq!(js_string(cfg, "site"), Some("https://lea.fr".into()));
        assert_eq!(js_string(cfg, "base"), Some("/portfolio".into()));
        assert_eq!(js_string("// no site here", "site"), None);
    }

    #[test]
    fn paths_of_addresses() {
        assert_eq!(url_path("https://a.fr/bts/"), Some("/bts".into()));
        assert_eq!(url_path("https://a.fr/"), None);
        assert_eq!(
            config_value("baseURL = 'https://a.fr/p/'\n", "baseurl"),
            Some("https://a.fr/p/".into())
        );
    }
}
