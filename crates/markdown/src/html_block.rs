//! Raw HTML blocks (a Hugo page written in HTML, `<details>`, `<table>`, `<p align>`…)
//! printed with the structure a browser gives them: the block is parsed by html5ever
//! ([`super::dom`]) and its elements become the same frames as their Markdown
//! counterparts (headings, paragraphs, lists, tables, quotes, code, links, images).
//!
//! Block elements are only emitted where a block may stand (the body, a quote, a list
//! item, a cell): inside a heading, a paragraph or an inline call (a link, `<strong>`)
//! they are read as inline text, so the output never nests a block in an inline call
//! (see [`Emitter::inline_context`]). The text is still only ever written through the
//! escaping primitives.

use super::dom::{Data, Dom, NodeId, Step};
use super::{Collect, Ctx, Emitter, Kind, Seg, SegKind, collapse_whitespace, resolve_link};
use pulldown_cmark::Alignment;
use std::collections::HashSet;

/// Elements whose content is never printed (scripts, embedded players, form controls).
const DROPPED: &[&str] = &[
    "script", "style", "template", "textarea", "iframe", "object", "embed", "svg", "math",
    "noscript", "title", "select", "head", "video", "audio", "canvas", "input", "map",
];

/// Elements that group blocks and print only their content.
const BLOCK_GROUPS: &[&str] = &[
    "div", "section", "article", "header", "footer", "main", "nav", "aside", "center", "address",
    "hgroup", "fieldset", "form", "details", "search", "dialog", "figure", "dl", "body", "html",
    "picture",
];

/// Highest column count kept for an HTML table (wider tables are cut, with a warning).
const MAX_COLUMNS: usize = 32;

/// Deepest element nesting given to the HTML parser. Its tree builder scans the stack of
/// open elements at each tag, so time grows with the square of the depth (100 000 nested
/// `<div>` took 50 s); browsers cap the depth too, and no page nests this deep on purpose.
const MAX_HTML_DEPTH: usize = 512;

/// Elements whose end tag may be left out (`<li>a<li>b`): they do not deepen the tree.
const OPTIONAL_END: &[&str] = &[
    "li", "p", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rt", "rp", "caption",
];

/// Deepest nesting of the block's elements, as written (void and self-closing elements and
/// those with an optional end tag do not count): a linear scan with the flat tokenizer.
fn written_depth(raw: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (_, token) in super::html::tokenize(raw) {
        let super::html::Token::Tag(tag) = token else {
            continue;
        };
        if tag.self_closing
            || super::html::is_void_element(&tag.name)
            || OPTIONAL_END.contains(&tag.name.as_str())
        {
            continue;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

impl Emitter {
    /// Emits one raw HTML block (its lines as Markdown found them). Returns `false`,
    /// having emitted nothing, for a block that is not really HTML and is better read
    /// as text by the flat tokenizer: one whose last tag is cut by the end of the block
    /// (`<div id="x"` then text: a browser would swallow the text), one holding an
    /// invented tag (`<nom-du-poste>`), printed as typed, or an MDX component
    /// (`<Image />`, capitalised), handled by [`super::mdx`].
    pub(super) fn html_block(&mut self, raw: &str, line: usize, ctx: &mut Ctx<'_>) -> bool {
        let jsx = ctx.mdx
            && raw.match_indices('<').any(|(i, _)| {
                raw.get(i + 1..).is_some_and(|r| {
                    r.trim_start_matches('/')
                        .starts_with(|c: char| c.is_ascii_uppercase())
                })
            });
        if jsx || unterminated_tag(raw) || starts_with_broken_tag(raw) {
            return false;
        }
        if written_depth(raw) > MAX_HTML_DEPTH {
            ctx.warn(
                line,
                format!(
                    "HTML imbriqué sur plus de {MAX_HTML_DEPTH} niveaux : le bloc est lu comme du texte, sans sa structure"
                ),
            );
            return false;
        }
        let dom = Dom::parse(raw);
        let invented = (0..dom.nodes.len())
            .filter(|&n| dom.is_html(n))
            .filter_map(|n| dom.name(n))
            .any(|name| !super::html::is_known_element(name));
        if invented {
            return false;
        }
        if unclosed_comment(raw) {
            ctx.warn(
                line,
                "commentaire HTML « <!-- » non fermé : la suite de la page est ignorée",
            );
        }
        self.in_dom = true;
        let head_rows = header_rows(&dom);
        // Frame count before each open element, to close what it opened.
        let mut depths: Vec<usize> = Vec::new();
        dom.walk(0, &mut |dom, step| match step {
            Step::Enter(id) => {
                let node_line = line + dom.nodes.get(id).map_or(0, |n| n.line);
                match dom.nodes.get(id).map(|n| &n.data) {
                    Some(Data::Text(text)) => {
                        self.html_text(text, node_line);
                        false
                    }
                    Some(Data::Element { .. }) => {
                        self.flush_run(ctx);
                        let before = self.frames.len();
                        let descend = self.html_element(dom, id, node_line, &head_rows, ctx);
                        if descend {
                            depths.push(before);
                        } else {
                            self.close_to(before, ctx);
                        }
                        descend
                    }
                    _ => false,
                }
            }
            Step::Leave(id) => {
                if matches!(
                    dom.nodes.get(id).map(|n| &n.data),
                    Some(Data::Element { .. })
                ) && let Some(before) = depths.pop()
                {
                    self.flush_run(ctx);
                    self.close_to(before, ctx);
                }
                true
            }
        });
        self.flush_run(ctx);
        self.in_dom = false;
        true
    }

    /// Closes frames until `depth` are left.
    fn close_to(&mut self, depth: usize, ctx: &mut Ctx<'_>) {
        while self.frames.len() > depth.max(1) {
            self.close_top(ctx);
        }
    }

    /// Text of the block: queued like Markdown text (Hugo shortcodes are found in it),
    /// except where only rows, items or cells may stand.
    fn html_text(&mut self, text: &str, line: usize) {
        if self.collect_at.is_none() && !self.text_allowed() {
            return;
        }
        self.run.push(Seg {
            kind: SegKind::Text(text.to_owned()),
            line,
        });
    }

    /// Whether text may be written to the current target (not directly into a list,
    /// table or row, whose markup is a list of arguments).
    fn text_allowed(&self) -> bool {
        !matches!(
            self.frames.get(self.target_index()).map(|f| &f.kind),
            Some(Kind::List { .. } | Kind::Table { .. } | Kind::Row { .. })
        )
    }

    /// Whether a block element may be emitted here: not inside a heading, a paragraph
    /// or an inline call, where it is read as inline text instead. (In a list, a table
    /// or a row, only items, rows and cells reach this point.)
    fn blocks_allowed(&self) -> bool {
        matches!(
            self.frames.get(self.target_index()).map(|f| &f.kind),
            Some(
                Kind::Root
                    | Kind::List { .. }
                    | Kind::Table { .. }
                    | Kind::Row { .. }
                    | Kind::HtmlBlock
                    | Kind::Quote
                    | Kind::Item
                    | Kind::Cell { .. }
                    | Kind::Block(_)
            )
        )
    }

    /// Opens the frames of one element; returns whether to walk its children.
    fn html_element(
        &mut self,
        dom: &Dom,
        id: NodeId,
        line: usize,
        head_rows: &HashSet<NodeId>,
        ctx: &mut Ctx<'_>,
    ) -> bool {
        let Some(name) = dom.name(id) else {
            return false;
        };
        if DROPPED.contains(&name) {
            ctx.warn(
                line,
                format!("balise HTML <{name}> ignorée (son contenu n'est pas imprimé)"),
            );
            return false;
        }
        if let Some(c) = self.collect_at {
            // Inside `<pre>`, `<code>`, `<kbd>`: text only.
            if name == "br" {
                let pre = matches!(
                    self.frames.get(c).map(|f| &f.kind),
                    Some(Kind::Collect(Collect::Pre))
                );
                self.write_text(if pre { "\n" } else { " " });
                return false;
            }
            return true;
        }
        // Where only rows and cells may stand, anything else is skipped.
        let in_table = matches!(
            self.frames.get(self.target_index()).map(|f| &f.kind),
            Some(Kind::Table { .. } | Kind::Row { .. })
        );
        if in_table && !matches!(name, "thead" | "tbody" | "tfoot" | "tr" | "td" | "th") {
            return false;
        }
        let in_list = matches!(
            self.frames.get(self.target_index()).map(|f| &f.kind),
            Some(Kind::List { .. })
        );
        if in_list && name != "li" {
            return false;
        }
        if let Some(descend) = self.html_inline_element(dom, id, name, line, ctx) {
            return descend;
        }
        if !self.blocks_allowed() {
            // A block inside a heading, a paragraph or an inline call: its text only,
            // kept apart from its neighbours.
            self.write_text(" ");
            return true;
        }
        self.html_block_element(dom, id, name, head_rows, ctx)
    }

    /// Elements that are the same wherever they stand. `None` for block elements.
    fn html_inline_element(
        &mut self,
        dom: &Dom,
        id: NodeId,
        name: &str,
        line: usize,
        ctx: &mut Ctx<'_>,
    ) -> Option<bool> {
        let kind = if let Some(kind) = super::phrasing_kind(name) {
            kind
        } else {
            match name {
                "br" => {
                    self.write_inline("#linebreak()");
                    return Some(false);
                }
                "hr" => {
                    if self.blocks_allowed() {
                        self.write_block("#line(length: 100%)");
                    }
                    return Some(false);
                }
                "img" => {
                    match dom.attr(id, "src") {
                        Some(src) => {
                            let alt = dom.attr(id, "alt").or_else(|| dom.attr(id, "title"));
                            let alt = collapse_whitespace(alt.unwrap_or_default());
                            self.image(ctx, src, &alt, line);
                        }
                        None => ctx.warn(line, "balise HTML <img> sans src ignorée"),
                    }
                    return Some(false);
                }
                "wbr" | "source" | "track" | "col" | "colgroup" | "area" | "param" | "meta"
                | "link" | "base" => return Some(false),
                "a" => match dom.attr(id, "href") {
                    Some(href) => Kind::Link(resolve_link(ctx, href, line)),
                    None => return Some(true),
                },
                _ if !super::html::is_known_element(name) => {
                    // `<nom-du-poste>`: a placeholder the student meant as text.
                    ctx.warn(
                        line,
                        format!("balise HTML inconnue <{name}> imprimée telle quelle"),
                    );
                    self.write_text(&format!("<{name}>"));
                    return Some(true);
                }
                _ if is_block(name) => return None,
                // `<span>`, `<small>`, `<abbr>`, `<time>`…: their text.
                _ => return Some(true),
            }
        };
        self.open(kind, None, ctx);
        Some(true)
    }

    /// Block elements, where a block may stand.
    fn html_block_element(
        &mut self,
        dom: &Dom,
        id: NodeId,
        name: &str,
        head_rows: &HashSet<NodeId>,
        ctx: &mut Ctx<'_>,
    ) -> bool {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let md_level = name
                    .get(1..)
                    .and_then(|n| n.parse::<u8>().ok())
                    .unwrap_or(1);
                let offset = ctx.options.heading_offset.max(1);
                let level = md_level
                    .saturating_sub(1)
                    .saturating_add(offset)
                    .clamp(1, 6);
                self.open(
                    Kind::Heading {
                        level,
                        md_level,
                        first_block: false,
                    },
                    None,
                    ctx,
                );
            }
            "p" => self.open(Kind::Paragraph, None, ctx),
            "summary" | "dt" | "legend" => {
                self.open(Kind::Paragraph, None, ctx);
                self.open(Kind::Inline("strong"), None, ctx);
            }
            "figcaption" => {
                self.open(Kind::Paragraph, None, ctx);
                self.open(Kind::Inline("emph"), None, ctx);
            }
            "figure" => {
                if self.html_figure(dom, id, ctx) {
                    return false;
                }
                self.open(Kind::Transparent { block: true }, None, ctx);
            }
            "dd" => self.open(Kind::Block("#pad(left: 1.5em)"), None, ctx),
            "blockquote" => self.open(Kind::Quote, None, ctx),
            "ul" | "ol" | "menu" | "dir" => {
                if only_items(dom, id) {
                    let start = (name == "ol").then(|| {
                        dom.attr(id, "start")
                            .and_then(|s| s.trim().parse::<u64>().ok())
                            .unwrap_or(1)
                    });
                    let loose = dom
                        .element_children(id)
                        .any(|li| dom.element_children(li).any(|c| dom.name(c) == Some("p")));
                    self.open(
                        Kind::List {
                            start,
                            loose,
                            items: 0,
                        },
                        None,
                        ctx,
                    );
                } else {
                    // `<ul>- texte</ul>`: a browser shows the text as a block.
                    self.open(Kind::Transparent { block: true }, None, ctx);
                }
            }
            "li" => self.open(Kind::Item, None, ctx),
            "table" => self.html_table(dom, id, ctx),
            "thead" | "tbody" | "tfoot" => {}
            "tr" => {
                let head = head_rows.contains(&id);
                self.open(Kind::Row { head, cells: 0 }, None, ctx);
            }
            "td" | "th" => {
                let span = dom
                    .attr(id, "colspan")
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_COLUMNS);
                self.open(Kind::Cell { span }, None, ctx);
                let head_row = matches!(
                    self.frames.iter().rev().nth(1).map(|f| &f.kind),
                    Some(Kind::Row { head: true, .. })
                );
                if name == "th" && !head_row {
                    self.open(Kind::Inline("strong"), None, ctx);
                }
            }
            "pre" => self.open(Kind::Collect(Collect::Pre), None, ctx),
            _ => self.open(Kind::Transparent { block: true }, None, ctx),
        }
        true
    }

    /// `<figure><img><figcaption>`: one image with its caption. Returns whether the
    /// figure was that simple and has been emitted.
    fn html_figure(&mut self, dom: &Dom, id: NodeId, ctx: &mut Ctx<'_>) -> bool {
        let mut imgs = Vec::new();
        let mut caption = None;
        let mut other_text = false;
        dom.walk(id, &mut |dom, step| {
            if let Step::Enter(n) = step {
                match dom.name(n) {
                    Some("img") => imgs.push(n),
                    Some("figcaption") => {
                        caption = Some(dom.text_of(n));
                        return false;
                    }
                    None if !dom.is_blank_text(n)
                        && matches!(dom.nodes.get(n).map(|n| &n.data), Some(Data::Text(_))) =>
                    {
                        other_text = true;
                    }
                    _ => {}
                }
            }
            true
        });
        let ([img], false) = (imgs.as_slice(), other_text) else {
            return false;
        };
        let Some(src) = dom.attr(*img, "src") else {
            return false;
        };
        let caption = caption
            .or_else(|| dom.attr(*img, "alt").map(str::to_owned))
            .unwrap_or_default();
        let line = self.line;
        self.image(ctx, src, &collapse_whitespace(&caption), line);
        true
    }

    /// `<table>`: its caption as a paragraph, then a table whose column count is the
    /// widest row's (cells spanning columns counted).
    fn html_table(&mut self, dom: &Dom, id: NodeId, ctx: &mut Ctx<'_>) {
        for caption in dom
            .element_children(id)
            .filter(|&c| dom.name(c) == Some("caption"))
        {
            let text = collapse_whitespace(&dom.text_of(caption));
            if !text.is_empty() {
                self.open(Kind::Paragraph, None, ctx);
                self.open(Kind::Inline("strong"), None, ctx);
                self.write_text(&text);
                self.close_top(ctx);
                self.close_top(ctx);
            }
        }
        let width = rows(dom, id)
            .iter()
            .map(|&tr| {
                dom.element_children(tr)
                    .filter(|&c| matches!(dom.name(c), Some("td" | "th")))
                    .map(|c| {
                        dom.attr(c, "colspan")
                            .and_then(|s| s.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_COLUMNS)
                    })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        if width > MAX_COLUMNS {
            let line = self.line;
            ctx.warn(
                line,
                format!("tableau HTML de {width} colonnes : seules les {MAX_COLUMNS} premières sont imprimées"),
            );
        }
        let cols = width.clamp(1, MAX_COLUMNS);
        self.open(
            Kind::Table {
                aligns: vec![Alignment::None; cols],
                col_max: vec![0; cols],
                col_word: vec![0; cols],
            },
            None,
            ctx,
        );
    }
}

/// Whether an element's children are all `<li>` (blank text and comments aside): only
/// then is it printed as a list.
fn only_items(dom: &Dom, id: NodeId) -> bool {
    let Some(node) = dom.nodes.get(id) else {
        return false;
    };
    node.children
        .iter()
        .all(|&c| match dom.nodes.get(c).map(|n| &n.data) {
            Some(Data::Text(t)) => t.trim().is_empty(),
            Some(Data::Element { .. }) => dom.name(c) == Some("li"),
            _ => true,
        })
}

/// The rows of a table, in order (direct or in `thead`/`tbody`/`tfoot`).
fn rows(dom: &Dom, table: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    for c in dom.element_children(table) {
        match dom.name(c) {
            Some("tr") => out.push(c),
            Some("thead" | "tbody" | "tfoot") => {
                out.extend(
                    dom.element_children(c)
                        .filter(|&r| dom.name(r) == Some("tr")),
                );
            }
            _ => {}
        }
    }
    out
}

/// The header row of each table of the fragment: its first row, when it is in a
/// `<thead>` or made of `<th>` cells only (Typst's header must come first).
fn header_rows(dom: &Dom) -> HashSet<NodeId> {
    let mut out = HashSet::new();
    let tables: Vec<NodeId> = (0..dom.nodes.len())
        .filter(|&n| dom.name(n) == Some("table"))
        .collect();
    for table in tables {
        let Some(&first) = rows(dom, table).first() else {
            continue;
        };
        let in_thead = dom
            .element_children(table)
            .find(|&c| matches!(dom.name(c), Some("tr" | "thead" | "tbody" | "tfoot")))
            .is_some_and(|c| dom.name(c) == Some("thead"));
        let mut cells = dom
            .element_children(first)
            .filter(|&c| matches!(dom.name(c), Some("td" | "th")))
            .peekable();
        let all_th = cells.peek().is_some() && cells.all(|c| dom.name(c) == Some("th"));
        if in_thead || all_th {
            out.insert(first);
        }
    }
    out
}

/// Block-level elements (printed as blocks where blocks may stand).
fn is_block(name: &str) -> bool {
    BLOCK_GROUPS.contains(&name)
        || matches!(
            name,
            "h1" | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "p"
                | "summary"
                | "dt"
                | "dd"
                | "legend"
                | "figcaption"
                | "blockquote"
                | "ul"
                | "ol"
                | "menu"
                | "dir"
                | "li"
                | "table"
                | "caption"
                | "thead"
                | "tbody"
                | "tfoot"
                | "tr"
                | "td"
                | "th"
                | "pre"
        )
}

/// Whether the block ends inside a tag: its last `<` starts a tag name and no `>`
/// follows it.
fn unterminated_tag(raw: &str) -> bool {
    let Some(lt) = raw.rfind('<') else {
        return false;
    };
    let after = raw.get(lt + 1..).unwrap_or_default();
    let starts_tag = after
        .trim_start_matches('/')
        .starts_with(|c: char| c.is_ascii_alphabetic());
    starts_tag && !after.contains('>')
}

/// Whether the block opens with something that only looks like a tag (`<div *???-`):
/// the flat tokenizer, stricter than a browser, reads it as text.
fn starts_with_broken_tag(raw: &str) -> bool {
    let trimmed = raw.trim_start();
    let opens_tag = trimmed
        .strip_prefix('<')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()));
    opens_tag
        && matches!(
            super::html::tokenize(trimmed).first(),
            Some((_, super::html::Token::Text(_)))
        )
}

/// Whether a `<!--` of the block has no end (`<!-->` and `<!--->` are whole comments).
pub(super) fn unclosed_comment(raw: &str) -> bool {
    let mut rest = raw;
    while let Some(p) = rest.find("<!--") {
        let body = rest.get(p + 4..).unwrap_or_default();
        if let Some(after) = body.strip_prefix('>').or_else(|| body.strip_prefix("->")) {
            rest = after;
            continue;
        }
        match body.find("-->") {
            Some(end) => rest = body.get(end + 3..).unwrap_or_default(),
            None => return true,
        }
    }
    false
}
