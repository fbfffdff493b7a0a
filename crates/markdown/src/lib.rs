//! Markdown (CommonMark + GFM, as students write it for Astro/Hugo portfolios)
//! to Typst markup.
//!
//! # Why this design
//!
//! The Markdown body is untrusted student text that ends up inside a Typst
//! document compiled in-process. Typst markup is a programming language
//! (`#read("/etc/passwd")`, `#set page(...)`, `#include`, `$...$`, labels,
//! references, comments...), so **no byte of student text may ever be read
//! as Typst syntax**. Two rules give that guarantee:
//!
//! 1. *Structure never relies on Typst's markup syntax.* Every Markdown
//!    construct becomes a function call with content-block arguments
//!    (`#strong[..]`, `#heading(level: 2)[..]`, `#list(tight: true, [..],
//!    [..])`, `#raw("..", block: true)`...). We never emit `*`, `_`, `=`, `-`
//!    or `+` markers, so nothing depends on line starts or on where spaces
//!    fall, and student text cannot "close" or "open" a construct.
//! 2. *Every piece of text goes through [`escape_text`] and every string
//!    through [`string_literal`].* `escape_text` puts a backslash before every
//!    ASCII punctuation character (all markup-significant characters are ASCII
//!    punctuation; a backslash before a non-space character is always a plain
//!    escape) and turns every line-breaking character into a space, so escaped
//!    text is a single line of inert characters. `string_literal` escapes `\`,
//!    `"` and control characters. Together, the only `#`, `[`, `]`, `(`, `)`
//!    and `"` that Typst sees unescaped are the ones this module wrote.
//!
//! Why not escape only the characters that are special today, or emit Typst
//! markup (`*bold*`, `- item`) and escape around it? Because Typst's markup
//! depends on context (line starts, spacing, what precedes a `#`), and a
//! list of special characters must follow every new Typst version: both
//! fail silently, by printing the wrong thing or running student text as
//! code. Escaping every ASCII symbol is context-free and costs one byte per
//! symbol; calls with content blocks make the structure explicit.
//!
//! How it is checked, in this repository: [`check::check_markup`] is an
//! independent lexer of the only output this crate may produce, applied to
//! every unit test, to thousands of generated pages (`src/tests.rs`, run by
//! `cargo test -p sio-markdown` in seconds), to the property tests and to the
//! fuzz target (`fuzz/`, which depends on this crate). This crate has no Typst
//! in it; the main crate (`sio-dossier`, the workspace root) does: its property
//! tests (`tests/it/properties.rs`) compile with the real Typst: any text typed
//! in a paragraph comes out of the PDF character for character, and any Markdown
//! document compiles. The corpus (`tests/fixtures/corpus/`) holds the tricky pages
//! students write, each with the text its PDF must show.
//!
//! The output is balanced by construction: each call is opened and closed by
//! the same frame of an explicit stack (no recursion, so deep input cannot
//! overflow the Rust stack), unbalanced raw HTML is closed automatically at
//! the end of its Markdown container, and the emitted nesting is capped
//! ([`MAX_NESTING`]): deeper levels are flattened (a bulleted paragraph per
//! item) so that Typst's own depth limits are never reached.
//!
//! # Markup conventions (for template authors)
//!
//! Blocks are separated by a blank line (a single newline before a nested
//! block inside a tight list item); a paragraph is one line. Only these calls
//! are emitted, so templates style them with `show`/`set` rules:
//!
//! | Markdown | Typst |
//! |---|---|
//! | `#`..`######` | `heading(level: n)[..]` (level = `heading_offset` + depth − 1, ≤ 6) |
//! | `*x*`, `**x**`, `~~x~~` | `emph[..]`, `strong[..]`, `strike[..]` |
//! | hard break, `<br>` | `linebreak()` |
//! | lists | `list(tight: bool, [..], ..)`, `enum(start: n, tight: bool, ..)`; task items start with `☐ ` / `☑ ` |
//! | `> quote` | `quote(block: true)[..]`; GFM alerts add a first `strong[Remarque]` (Astuce, Important, Attention, Prudence) |
//! | fenced / indented code | `raw("..", block: true, lang: "bash")` (lang only if a simple identifier) |
//! | `` `code` `` | `raw("..")` |
//! | tables | `table(columns: n, align: (..), table.header([strong[..]], ..), [..], ..)`, wrapped in `text(size: 0.9em)[..]` (≥ 5 columns or > 90 characters per row), `0.8em` (≥ 7 or > 160) or `0.7em` (when even the longest words would not fit); a table too wide for a line gets `columns: (..fr, ..)` sized from its text (`table_layout`), otherwise `auto` columns |
//! | long words (in table cells: every word) | `h(0.001pt)` between characters: an invisible break opportunity after `/`, `\`, `.`, `_`, `-`... and every few letters, so that paths, addresses and URLs wrap instead of overflowing (see `escape::push_text_breakable`); the extracted text is unchanged |
//! | `[t](url)` | `link("url")[t]`, + ` text(size: 0.8em)[(url)]` for an external URL differing from `t`; `Text` targets print `t` only |
//! | `![alt](src)`, `<img>`, Hugo `figure` | `figure(image("/path"), caption: [alt])`; inside a link or emphasis: `box(image("/path"))`; in a heading, `height: 1em` |
//! | missing image | `block(width: 100%, inset: 8pt, stroke: (paint: red, thickness: 1pt, dash: "dashed"))[text(fill: red)[message]]` (`box` when inline) |
//! | footnotes | `footnote[..]` at the reference |
//! | `---` | `line(length: 100%)` |
//! | `<kbd>` | `box(stroke: 0.5pt + luma(120), inset: (x: 3pt), outset: (y: 3pt), radius: 2pt)[raw("..")]` |
//! | `<sup>`, `<sub>`, `<u>`, `<mark>`, `<s>` | `super`, `sub`, `underline`, `highlight`, `strike` |
//! | `<code>`, `<pre>` | `raw("..")`, `raw("..", block: true)` |
//!
//! Quotes in text are escaped, so they print straight whatever
//! `smartquote` says. Block-level elements are never placed inside inline
//! calls (a link, `emph`...): besides being odd, Typst 0.15's tagged-PDF
//! export can fail on some of those combinations.
//!
//! Dropped with a [`Warning`]: HTML tags other than the above (their text is
//! kept; `<script>`, `<style>`, `<iframe>`... lose their content), Hugo
//! shortcodes other than `figure`, links whose URL is a shortcode, undefined
//! footnotes (printed as `[^x]`), an unclosed `<!--`. HTML comments are
//! dropped silently. A `<tag>` whose name is not an HTML element
//! (`<nom-du-poste>`) is a placeholder the student meant as text: it is
//! printed as written, with a warning.

pub mod check;
mod dom;
mod escape;
mod html;
mod html_block;
mod mdx;
mod shortcode;
#[cfg(test)]
mod tests;

pub use escape::{escape_text, string_literal};

use escape::{push_string_literal, push_text};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, LinkType, Options as MdOptions, Parser,
    Tag as MdTag,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// How a link or image URL in the Markdown maps to something in the candidate
/// folder. Implemented by the caller, which knows the folder layout.
pub trait Resolver {
    /// `url` as written (email autolinks are given as `mailto:address`).
    /// Return what to print.
    fn link(&self, url: &str) -> LinkTarget;
    /// Same as [`Resolver::link`], told the 1-based line of the body the link is on
    /// (for the resolver's own messages).
    fn link_at(&self, url: &str, _line: usize) -> LinkTarget {
        self.link(url)
    }
    /// `src` as written (Markdown image, `<img src>` or Hugo `figure`).
    fn image(&self, src: &str) -> ImageTarget;
}

/// What a link becomes in the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Clickable URL; when the link text differs from it, the URL is also
    /// printed in small text so it survives on paper.
    External(String),
    /// Relative path of a produced or bundled file, e.g. `"SYNTHESE.pdf"`:
    /// emitted as `#link("SYNTHESE.pdf")[text]`.
    Local(String),
    /// Not linkable: print the text only.
    Text,
}

/// What an image becomes in the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageTarget {
    /// Virtual absolute path (e.g. `/assets/img/x.png`) given to Typst's
    /// `image()`. The file must exist in the Typst world.
    Path(String),
    /// Print a visible placeholder box with the problem's French message (and record a
    /// [`Warning`] with it).
    Missing(Unplaced),
}

/// Why an image is not placed. Its French message goes into the placeholder and the
/// warning; the variant tells the caller which advice fits (a misspelt name for
/// [`Unplaced::NotFound`]) without searching the French text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// The image has no address (`src=""`).
    NoAddress,
    /// No file at the address: the message (worded by whoever looked) names what is missing.
    NotFound(String),
    /// The address or the file cannot be used (refused, unreadable, not an image, over a
    /// budget): the message says why.
    Unusable(String),
}

impl Unplaced {
    /// The French message printed in the placeholder and the warning.
    pub fn message(&self) -> &str {
        match self {
            Unplaced::NoAddress => "Image sans adresse (src vide)",
            Unplaced::NotFound(message) | Unplaced::Unusable(message) => message,
        }
    }

    /// What a warning about this image is about.
    fn kind(&self) -> WarningKind {
        match self {
            Unplaced::NotFound(_) => WarningKind::ImageNotFound,
            Unplaced::NoAddress | Unplaced::Unusable(_) => WarningKind::ImageUnusable,
        }
    }
}

/// Conversion options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// If the first block is a level-1 heading whose text equals this
    /// (trimmed, case-insensitive, whitespace-collapsed), drop it: portfolio
    /// pages often repeat the front-matter title as `# Title`.
    pub drop_title: Option<String>,
    /// Typst heading level of a Markdown `#` (`##` is one more, etc.),
    /// clamped to 1..=6. Default 1.
    pub heading_offset: u8,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            drop_title: None,
            heading_offset: 1,
        }
    }
}

/// Result of [`to_typst`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Converted {
    /// Typst markup, safe to splice into a document in markup mode.
    pub markup: String,
    /// Problems worth telling the candidate about, in source order.
    pub warnings: Vec<Warning>,
    /// Plain text of the first level-1 heading (even if dropped), for pages
    /// that have no title in their front matter.
    pub first_h1: Option<String>,
}

/// A problem found while converting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the Markdown body.
    pub line: usize,
    /// French message.
    pub message: String,
    /// What it is about, so the caller picks its advice from a type, not from the words.
    pub kind: WarningKind,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// An image whose file does not exist ([`Unplaced::NotFound`]).
    ImageNotFound,
    /// An image not placed for another reason ([`Unplaced`]).
    ImageUnusable,
    /// Anything else the converter dropped or changed (HTML, shortcodes, notes…).
    Other,
}

/// Budget for the nesting of emitted Typst containers, in the units of
/// `nesting_cost`. Typst stops with "maximum show rule depth exceeded" at
/// 64 nested realizations (measured with Typst 0.15: 16 nested `quote`s or
/// tables, 32 nested lists; only 11 quotes or 15 lists once the template
/// adds a `show quote: it => block(..)` or `show list: ..` rule) and also
/// limits parser (256) and layout (72) depth. Deeper input is flattened
/// rather than risking a compile error: with this budget at most 6 nested
/// quotes or 10 nested lists are emitted, far beyond what a portfolio page
/// needs, and half of Typst's limit stays free for the template.
pub const MAX_NESTING: usize = 40;

/// Call head of an emphasis nested in another one (see [`Emitter::open`]).
const ITALIC: &str = "text(style: \"italic\")";

/// Most times one footnote is printed in full; later calls print its mark only.
pub const MAX_NOTE_COPIES: usize = 20;

/// Footnote markup allowed on any page, whatever its size (bytes). Larger pages may emit
/// twice their own size: footnotes never make the output more than linear in the input.
const FOOTNOTE_BUDGET_MIN: usize = 64 * 1024;

/// Cost of one frame against [`MAX_NESTING`]: about twice the depth Typst
/// spends on it without show rules (4 per quote or table, 2 per list), so
/// that template show rules on those elements still fit.
fn nesting_cost(kind: &Kind) -> usize {
    match kind {
        Kind::Quote | Kind::Table { .. } => 6,
        Kind::Collect(_) => 5,
        Kind::List { .. } => 3,
        Kind::Heading { .. } | Kind::Link(_) => 2,
        Kind::Item | Kind::Cell { .. } | Kind::Inline(_) => 1,
        Kind::Block(_) => 3,
        Kind::Root
        | Kind::Paragraph
        | Kind::Row { .. }
        | Kind::HtmlBlock
        | Kind::Transparent { .. }
        | Kind::Inert => 0,
    }
}

/// Converts a Markdown body to Typst markup. Never panics; linear in the
/// input size.
#[must_use]
pub fn to_typst(markdown: &str, options: &Options, resolver: &dyn Resolver) -> Converted {
    // An MDX page (one with `import`/`export` lines): its JSX component lines are
    // rewritten as MDX reads them.
    let esm_free = mdx::without_esm_lines(markdown);
    let (mdx_text, mdx_names) = match &esm_free {
        Some(text) => mdx::component_lines(text),
        None => (String::new(), Vec::new()),
    };
    let markdown = if esm_free.is_some() {
        mdx_text.as_str()
    } else {
        markdown
    };
    let md_options = MdOptions::ENABLE_TABLES
        | MdOptions::ENABLE_FOOTNOTES
        | MdOptions::ENABLE_STRIKETHROUGH
        | MdOptions::ENABLE_TASKLISTS
        | MdOptions::ENABLE_GFM;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(markdown, md_options)
        .into_offset_iter()
        .collect();

    let mut ctx = Ctx {
        resolver,
        options,
        lines: LineIndex::new(markdown),
        footnotes: HashMap::new(),
        def_end: HashMap::new(),
        warnings: Vec::new(),
        first_h1: None,
        flatten_warned: false,
        footnote_markup: HashMap::new(),
        footnote_copies: HashMap::new(),
        footnote_bytes: 0,
        footnote_budget: markdown.len().saturating_mul(2).max(FOOTNOTE_BUDGET_MIN),
        footnote_capped: false,
        components_warned: std::collections::HashSet::new(),
        mdx: esm_free.is_some(),
    };
    for (line, name) in mdx_names {
        if ctx.components_warned.insert(name.clone()) {
            ctx.warn(
                line,
                format!("composant MDX <{name}> : seul le texte qu'il contient est imprimé"),
            );
        }
    }
    collect_footnotes(&events, &mut ctx);

    let mut emitter = Emitter::new(0, false, markdown.len());
    emitter.run(&events, 0, events.len(), &mut ctx);
    let markup = emitter.finish(&mut ctx);

    let mut warnings = std::mem::take(&mut ctx.warnings);
    // A footnote referenced twice is rendered twice: keep one copy of each
    // warning, in line order.
    warnings.sort_by_key(|w| w.line);
    warnings.dedup();
    Converted {
        markup,
        warnings,
        first_h1: ctx.first_h1,
    }
}

/// Shared state of one conversion.
struct Ctx<'a> {
    resolver: &'a dyn Resolver,
    options: &'a Options,
    lines: LineIndex,
    /// Footnote label (lower-cased) → (index of its Start event, index of its
    /// End event).
    footnotes: HashMap<String, (usize, usize)>,
    /// Start index → End index of every footnote definition, to skip them.
    def_end: HashMap<usize, usize>,
    warnings: Vec<Warning>,
    first_h1: Option<String>,
    flatten_warned: bool,
    /// Converted footnotes, by (label, nesting of the call).
    footnote_markup: HashMap<(String, usize), String>,
    /// Calls of each footnote so far.
    footnote_copies: HashMap<String, usize>,
    /// Bytes of footnote markup emitted so far, and the most allowed.
    footnote_bytes: usize,
    footnote_budget: usize,
    footnote_capped: bool,
    /// An MDX page (it has `import`/`export` lines): capitalised tags are components.
    mdx: bool,
    /// MDX components already warned about, by name.
    components_warned: std::collections::HashSet<String>,
}

impl Ctx<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            message: message.into(),
            kind: WarningKind::Other,
        });
    }

    /// Records why an image is not placed, its reason kept as a type.
    fn warn_unplaced(&mut self, line: usize, problem: &Unplaced) {
        self.warnings.push(Warning {
            line,
            message: problem.message().to_owned(),
            kind: problem.kind(),
        });
    }
}

/// Byte offset → 1-based line number, by binary search.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(s: &str) -> Self {
        let mut starts = Vec::with_capacity(s.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            s.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// Footnote definitions may come after their references, so they are located
/// first and rendered at the reference.
fn collect_footnotes(events: &[(Event<'_>, Range<usize>)], ctx: &mut Ctx<'_>) {
    let mut open: Vec<(usize, String)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(MdTag::FootnoteDefinition(label)) => {
                open.push((i, label.to_lowercase()));
            }
            Event::End(pulldown_cmark::TagEnd::FootnoteDefinition) => {
                if let Some((start, label)) = open.pop() {
                    ctx.def_end.insert(start, i);
                    ctx.footnotes.entry(label).or_insert((start, i));
                }
            }
            _ => {}
        }
    }
}

/// What a frame of the output stack is.
#[derive(Debug)]
enum Kind {
    Root,
    Paragraph,
    Heading {
        level: u8,
        md_level: u8,
        first_block: bool,
    },
    Quote,
    List {
        start: Option<u64>,
        loose: bool,
        items: usize,
    },
    Item,
    Table {
        aligns: Vec<Alignment>,
        /// Longest text of each column, in characters.
        col_max: Vec<usize>,
        /// Longest word of each column, in characters.
        col_word: Vec<usize>,
    },
    Row {
        head: bool,
        cells: usize,
    },
    /// A table cell spanning `span` columns.
    Cell {
        span: usize,
    },
    /// A block call with a content body, e.g. `#pad(left: 1.5em)` (`<dd>`).
    Block(&'static str),
    /// `#name[...]`.
    Inline(&'static str),
    Link(LinkTarget),
    /// Raw HTML block: behaves like a paragraph.
    HtmlBlock,
    /// Writes into its parent's buffer (flattened level); `block` means it
    /// must be separated from what surrounds it.
    Transparent {
        block: bool,
    },
    /// Collects plain text instead of emitting markup.
    Collect(Collect),
    /// Inside a collecting frame: only matches its End event.
    Inert,
}

/// Frames whose content is gathered as plain text.
#[derive(Debug)]
enum Collect {
    CodeBlock {
        lang: Option<String>,
    },
    Image {
        src: String,
        title: String,
        line: usize,
    },
    Kbd,
    InlineCode,
    Pre,
    /// `<script>`, `<style>`, metadata: content dropped.
    Suppress,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    /// Own output (or collected text for `Collect`).
    buf: String,
    /// Index of the frame whose `buf` receives this frame's output.
    target: usize,
    /// Emitted container depth.
    nesting: usize,
    /// Set when opened by an HTML tag (lower-case tag name).
    html: Option<String>,
    /// Plain-text collector (headings, links, table cells).
    plain: Option<String>,
    /// A block separator is due before the next content.
    need_sep: bool,
}

impl Frame {
    /// Inline content after a block starts a new paragraph: always a blank
    /// line, so that no line of the output ever starts with text.
    fn start_inline(&mut self) {
        if self.need_sep {
            self.push_sep("\n\n");
            self.need_sep = false;
        }
    }

    /// Ends the current line of blocks: trailing spaces and newlines are
    /// insignificant there, so the separator is always exact.
    fn push_sep(&mut self, sep: &str) {
        let kept = self.buf.trim_end_matches([' ', '\n']).len();
        self.buf.truncate(kept);
        if !self.buf.is_empty() {
            self.buf.push_str(sep);
        }
    }
}

/// One piece of an inline run: text is buffered until the next structural
/// event so that Hugo shortcodes split over several events can be found.
#[derive(Debug)]
struct Seg {
    kind: SegKind,
    line: usize,
}

#[derive(Debug)]
enum SegKind {
    Text(String),
    Soft,
    Tag(html::Tag),
    Ignored,
    UnclosedComment,
}

impl Seg {
    fn scan_text(&self) -> &str {
        match &self.kind {
            SegKind::Text(t) => t,
            SegKind::Soft => "\n",
            SegKind::Tag(t) => &t.raw,
            SegKind::Ignored | SegKind::UnclosedComment => "",
        }
    }
}

struct Emitter {
    frames: Vec<Frame>,
    run: Vec<Seg>,
    /// Index of the outermost collecting frame, if any.
    collect_at: Option<usize>,
    /// Indices of frames with a plain-text collector.
    plain_frames: Vec<usize>,
    /// Raw HTML of the HTML block being read, with its first line.
    html_block: Option<(String, usize)>,
    in_footnote: bool,
    /// Inside a raw HTML block (no Markdown autolinks there).
    in_dom: bool,
    title_checked: bool,
    /// Line of the event being processed.
    line: usize,
}

impl Emitter {
    fn new(base_nesting: usize, in_footnote: bool, capacity: usize) -> Self {
        Emitter {
            frames: vec![Frame {
                kind: Kind::Root,
                buf: String::with_capacity(capacity + capacity / 4 + 64),
                target: 0,
                nesting: base_nesting,
                html: None,
                plain: None,
                need_sep: false,
            }],
            run: Vec::new(),
            collect_at: None,
            plain_frames: Vec::new(),
            html_block: None,
            in_footnote,
            in_dom: false,
            title_checked: in_footnote,
            line: 1,
        }
    }

    /// Processes `events[from..to]`.
    fn run(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        from: usize,
        to: usize,
        ctx: &mut Ctx<'_>,
    ) {
        let mut i = from;
        while i < to {
            let Some((event, range)) = events.get(i) else {
                break;
            };
            let line = ctx.lines.line(range.start);
            self.line = line;
            match event {
                // Inside an HTML block, pulldown-cmark reports the lines as
                // `Html` and their indentation as `Text`: keep them in order.
                Event::Html(h) | Event::Text(h) if self.html_block.is_some() => {
                    if let Some((raw, _)) = &mut self.html_block {
                        raw.push_str(h);
                    }
                }
                Event::Text(t) => {
                    if self.collect_at.is_some() {
                        self.write_text(t);
                    } else {
                        self.run.push(Seg {
                            kind: SegKind::Text(t.to_string()),
                            line,
                        });
                    }
                }
                Event::SoftBreak => {
                    if self.collect_at.is_some() {
                        self.write_text(" ");
                    } else {
                        self.run.push(Seg {
                            kind: SegKind::Soft,
                            line,
                        });
                    }
                }

                Event::Html(h) | Event::InlineHtml(h) => {
                    self.push_html(h, line);
                    if self.collect_at.is_some() {
                        self.flush_run(ctx);
                    }
                }
                Event::Start(MdTag::FootnoteDefinition(_)) => {
                    self.flush_run(ctx);
                    // Rendered at the reference; skipped here.
                    i = ctx.def_end.get(&i).copied().unwrap_or(i) + 1;
                    continue;
                }
                _ => {
                    self.flush_run(ctx);
                    self.structural(events, i, line, ctx);
                }
            }
            i += 1;
        }
    }

    /// Closes everything and returns the markup.
    fn finish(mut self, ctx: &mut Ctx<'_>) -> String {
        self.flush_run(ctx);
        while self.frames.len() > 1 {
            self.close_top(ctx);
        }
        let mut out = self.frames.pop().map(|f| f.buf).unwrap_or_default();
        if !out.is_empty() && !self.in_footnote {
            out.push('\n');
        }
        out
    }

    /// Every event that is not inline text.
    fn structural(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        index: usize,
        line: usize,
        ctx: &mut Ctx<'_>,
    ) {
        let Some((event, _)) = events.get(index) else {
            return;
        };
        match event {
            Event::Start(tag) => self.start(tag, line, ctx),
            Event::End(_) => self.end_markdown(ctx),
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => {
                if self.collect_at.is_some() {
                    self.write_text(code);
                } else {
                    self.add_plain(code);
                    let mut s = String::with_capacity(code.len() + 8);
                    s.push_str("#raw(");
                    push_string_literal(&mut s, &code.replace('\r', ""));
                    s.push(')');
                    self.write_inline(&s);
                }
            }
            Event::FootnoteReference(label) => self.footnote_ref(events, label, line, ctx),
            Event::HardBreak => {
                if self.collect_at.is_some() {
                    self.write_text("\n");
                } else {
                    self.write_inline("#linebreak()");
                }
            }
            Event::Rule => {
                if self.collect_at.is_none() {
                    self.write_block("#line(length: 100%)");
                }
            }
            Event::TaskListMarker(checked) => {
                self.write_text(if *checked { "☑ " } else { "☐ " });
            }
            // Text-like events are handled in `run`.
            Event::Text(_) | Event::SoftBreak | Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }

    fn start(&mut self, tag: &MdTag<'_>, line: usize, ctx: &mut Ctx<'_>) {
        match tag {
            MdTag::Paragraph => {
                self.mark_list_loose();
                self.open(Kind::Paragraph, None, ctx);
            }
            MdTag::Heading { level, .. } => {
                let md_level = *level as u8;
                let offset = ctx.options.heading_offset.max(1);
                let level = md_level
                    .saturating_sub(1)
                    .saturating_add(offset)
                    .clamp(1, 6);
                let first_block = !self.title_checked
                    && self.frames.len() == 1
                    && self.frames.first().is_some_and(|f| f.buf.is_empty());
                self.title_checked = true;
                self.open(
                    Kind::Heading {
                        level,
                        md_level,
                        first_block,
                    },
                    None,
                    ctx,
                );
            }
            MdTag::BlockQuote(kind) => {
                self.open(Kind::Quote, None, ctx);
                if let Some(kind) = kind {
                    let label = match kind {
                        BlockQuoteKind::Note => "Remarque",
                        BlockQuoteKind::Tip => "Astuce",
                        BlockQuoteKind::Important => "Important",
                        BlockQuoteKind::Warning => "Attention",
                        BlockQuoteKind::Caution => "Prudence",
                    };
                    if self.collect_at.is_none() {
                        self.write_block(&format!("#strong[{label}]"));
                    }
                }
            }
            MdTag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => code_lang(info),
                    CodeBlockKind::Indented => None,
                };
                if lang.as_deref() == Some("mermaid") && self.collect_at.is_none() {
                    ctx.warn(
                        line,
                        "diagramme Mermaid imprimé comme son code : exportez-le en image (sur mermaid.live, « Actions » puis « PNG » ou « SVG », ou `mmdc -i schema.mmd -o schema.svg`) et insérez l'image avec ![légende](schema.svg)",
                    );
                }
                self.open(Kind::Collect(Collect::CodeBlock { lang }), None, ctx);
            }
            MdTag::HtmlBlock => {
                self.open(Kind::HtmlBlock, None, ctx);
                self.html_block = Some((String::new(), line));
            }
            MdTag::List(start) => self.open(
                Kind::List {
                    start: *start,
                    loose: false,
                    items: 0,
                },
                None,
                ctx,
            ),
            MdTag::Item => self.open(Kind::Item, None, ctx),
            MdTag::FootnoteDefinition(_) | MdTag::MetadataBlock(_) => {
                self.open(Kind::Collect(Collect::Suppress), None, ctx);
            }
            MdTag::DefinitionList => self.open(Kind::Transparent { block: true }, None, ctx),
            MdTag::DefinitionListTitle | MdTag::DefinitionListDefinition => {
                self.open(Kind::Paragraph, None, ctx);
            }
            MdTag::Table(aligns) => self.open(
                Kind::Table {
                    aligns: aligns.clone(),
                    col_max: vec![0; aligns.len()],
                    col_word: vec![0; aligns.len()],
                },
                None,
                ctx,
            ),
            MdTag::TableHead => self.open(
                Kind::Row {
                    head: true,
                    cells: 0,
                },
                None,
                ctx,
            ),
            MdTag::TableRow => self.open(
                Kind::Row {
                    head: false,
                    cells: 0,
                },
                None,
                ctx,
            ),
            MdTag::TableCell => self.open(Kind::Cell { span: 1 }, None, ctx),
            MdTag::Emphasis => self.open(Kind::Inline("emph"), None, ctx),
            MdTag::Strong => self.open(Kind::Inline("strong"), None, ctx),
            MdTag::Strikethrough => self.open(Kind::Inline("strike"), None, ctx),
            MdTag::Superscript => self.open(Kind::Inline("super"), None, ctx),
            MdTag::Subscript => self.open(Kind::Inline("sub"), None, ctx),
            MdTag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let kind = if self.collect_at.is_some() {
                    Kind::Inert
                } else {
                    let url = if *link_type == LinkType::Email {
                        format!("mailto:{dest_url}")
                    } else {
                        dest_url.to_string()
                    };
                    Kind::Link(resolve_link(ctx, &url, line))
                };
                self.open(kind, None, ctx);
            }
            MdTag::Image {
                dest_url, title, ..
            } => self.open(
                Kind::Collect(Collect::Image {
                    src: dest_url.to_string(),
                    title: title.to_string(),
                    line,
                }),
                None,
                ctx,
            ),
        }
    }

    /// End of a Markdown container: auto-close the HTML frames opened inside
    /// it, then close it.
    fn end_markdown(&mut self, ctx: &mut Ctx<'_>) {
        while self.frames.len() > 1 && self.frames.last().is_some_and(|f| f.html.is_some()) {
            self.close_top(ctx);
        }
        if self.frames.len() > 1 {
            self.close_top(ctx);
        }
    }

    /// A loose list item wraps its content in paragraphs: remember it, the
    /// list is then emitted with `tight: false`.
    fn mark_list_loose(&mut self) {
        let n = self.frames.len();
        if n < 2 || !matches!(self.frames.get(n - 1).map(|f| &f.kind), Some(Kind::Item)) {
            return;
        }
        if let Some(Frame {
            kind: Kind::List { loose, .. },
            ..
        }) = self.frames.get_mut(n - 2)
        {
            *loose = true;
        }
    }

    /// Pushes a frame, flattening it when the nesting cap is reached.
    fn open(&mut self, kind: Kind, html: Option<String>, ctx: &mut Ctx<'_>) {
        let idx = self.frames.len();
        let (parent_target, parent_nesting) =
            self.frames.last().map_or((0, 0), |f| (f.target, f.nesting));

        let mut kind = kind;
        let mut prefix = "";
        // Typst's `emph` toggles italics: an emphasis inside an emphasis would print
        // upright. It stays italic, as in a browser.
        if matches!(kind, Kind::Inline("emph"))
            && self
                .frames
                .iter()
                .any(|f| matches!(f.kind, Kind::Inline("emph")))
        {
            kind = Kind::Inline(ITALIC);
        }
        // An item, row or cell whose list or table was flattened is
        // flattened too.
        let parent_kind = self.frames.last().map(|f| &f.kind);
        let orphan = match kind {
            Kind::Item => !matches!(parent_kind, Some(Kind::List { .. })),
            Kind::Row { .. } => !matches!(parent_kind, Some(Kind::Table { .. })),
            Kind::Cell { .. } => !matches!(parent_kind, Some(Kind::Row { .. })),
            _ => false,
        };
        let over_budget = parent_nesting + nesting_cost(&kind) > MAX_NESTING
            && !matches!(
                kind,
                Kind::Collect(_) | Kind::Transparent { .. } | Kind::Inert
            );
        if self.collect_at.is_some() {
            kind = Kind::Inert;
        } else if over_budget || orphan {
            if over_budget && !ctx.flatten_warned {
                ctx.flatten_warned = true;
                let line = self.line;
                ctx.warn(
                    line,
                    "imbrication trop profonde : les niveaux les plus profonds sont aplatis",
                );
            }
            let (block, p) = match kind {
                Kind::Item => (true, "• "),
                Kind::Cell { .. } => (false, " | "),
                Kind::Inline(_) | Kind::Link(_) => (false, ""),
                _ => (true, ""),
            };
            kind = Kind::Transparent { block };
            prefix = p;
        }

        let owns = !matches!(kind, Kind::Transparent { .. } | Kind::Inert);
        let cost = nesting_cost(&kind);
        if let Kind::Transparent { block: true } = kind {
            self.mark_sep();
        }
        let plain = matches!(
            kind,
            Kind::Heading { .. } | Kind::Link(_) | Kind::Cell { .. }
        )
        .then(String::new);
        if plain.is_some() {
            self.plain_frames.push(idx);
        }
        if matches!(kind, Kind::Collect(_)) && self.collect_at.is_none() {
            self.collect_at = Some(idx);
        }
        self.frames.push(Frame {
            kind,
            buf: String::new(),
            target: if owns { idx } else { parent_target },
            nesting: parent_nesting + cost,
            html,
            plain,
            need_sep: false,
        });
        if !prefix.is_empty() {
            self.write_text(prefix);
        }
    }

    /// Pops the top frame and writes its markup into its parent.
    fn close_top(&mut self, ctx: &mut Ctx<'_>) {
        if self.frames.len() <= 1 {
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let idx = self.frames.len();
        if self.plain_frames.last() == Some(&idx) {
            self.plain_frames.pop();
        }
        if self.collect_at == Some(idx) {
            self.collect_at = None;
        }
        let Frame {
            kind, buf, plain, ..
        } = frame;
        match kind {
            Kind::Root | Kind::Inert => {}
            Kind::Transparent { block } => {
                if block {
                    self.mark_sep();
                }
            }
            Kind::Paragraph | Kind::HtmlBlock => {
                let content = buf.trim();
                if !content.is_empty() {
                    self.write_block(content);
                }
            }
            Kind::Heading {
                level,
                md_level,
                first_block,
            } => {
                let text = collapse_whitespace(plain.as_deref().unwrap_or_default());
                let mut drop = false;
                if md_level == 1 && !self.in_footnote {
                    if ctx.first_h1.is_none() && !text.is_empty() {
                        ctx.first_h1 = Some(text.clone());
                    }
                    if first_block && let Some(title) = &ctx.options.drop_title {
                        drop = collapse_whitespace(title).to_lowercase() == text.to_lowercase();
                    }
                }
                if !drop {
                    self.write_block(&format!("#heading(level: {level})[{}]", buf.trim()));
                }
            }
            Kind::Quote => {
                self.write_block(&format!("#quote(block: true)[{}]", buf.trim()));
            }
            Kind::List {
                start,
                loose,
                items,
            } => {
                if items > 0 {
                    let mut s = String::with_capacity(buf.len() + 32);
                    match start {
                        Some(n) => {
                            s.push_str("#enum(");
                            if n != 1 {
                                let _ = write!(s, "start: {n}, ");
                            }
                        }
                        None => s.push_str("#list("),
                    }
                    s.push_str(if loose {
                        "tight: false, "
                    } else {
                        "tight: true, "
                    });
                    s.push_str(&buf);
                    s.push(')');
                    self.write_block(&s);
                }
            }
            Kind::Item => {
                let content = buf.trim();
                match self.frames.last_mut() {
                    Some(Frame {
                        kind: Kind::List { items, .. },
                        buf: list_buf,
                        ..
                    }) => {
                        if *items > 0 {
                            list_buf.push_str(", ");
                        }
                        list_buf.push('[');
                        list_buf.push_str(content);
                        list_buf.push(']');
                        *items += 1;
                    }
                    _ => self.write_block(content),
                }
            }
            Kind::Table {
                aligns,
                col_max,
                col_word,
            } => self.close_table(&aligns, &table_layout(&col_max, &col_word), &buf),
            Kind::Row { head, cells } => {
                let n = self.frames.len();
                match self.frames.get_mut(n.wrapping_sub(1)) {
                    Some(Frame {
                        kind: Kind::Table { aligns, .. },
                        buf: table_buf,
                        ..
                    }) => {
                        let mut row = buf;
                        for _ in cells..aligns.len() {
                            row.push_str("[], ");
                        }
                        if head {
                            table_buf.push_str("table.header(");
                            table_buf.push_str(&row);
                            table_buf.push_str("),\n");
                        } else {
                            table_buf.push_str(&row);
                            table_buf.push('\n');
                        }
                    }
                    _ => {
                        let content = buf.trim();
                        if !content.is_empty() {
                            self.write_block(content);
                        }
                    }
                }
            }
            Kind::Cell { span } => {
                self.close_cell(buf.trim(), plain.as_deref().unwrap_or_default(), span);
            }
            Kind::Block(head) => {
                self.write_block(&format!("{head}[{}]", buf.trim()));
            }
            Kind::Inline(name) => {
                self.write_inline(&format!("#{name}[{buf}]"));
            }
            Kind::Link(target) => {
                self.close_link(target, &buf, plain.as_deref().unwrap_or_default());
            }
            Kind::Collect(collect) => self.close_collect(collect, buf, ctx),
        }
    }

    fn close_table(&mut self, aligns: &[Alignment], layout: &TableLayout, rows: &str) {
        let cols = aligns.len().max(1);
        let mut s = String::with_capacity(rows.len() + 64);
        match &layout.columns {
            Some(weights) => {
                s.push_str("#table(columns: (");
                for w in weights {
                    let _ = write!(s, "{w}fr, ");
                }
                s.push_str("), ");
            }
            None => {
                let _ = write!(s, "#table(columns: {cols}, ");
            }
        }
        if aligns.iter().any(|a| *a != Alignment::None) {
            s.push_str("align: (");
            for a in aligns {
                s.push_str(match a {
                    Alignment::None => "auto",
                    Alignment::Left => "left",
                    Alignment::Center => "center",
                    Alignment::Right => "right",
                });
                s.push_str(", ");
            }
            s.push_str("), ");
        }
        s.push('\n');
        s.push_str(rows);
        s.push(')');
        match layout.size {
            Some(size) => self.write_block(&format!("#text(size: {size})[{s}]")),
            None => self.write_block(&s),
        }
    }

    fn close_cell(&mut self, content: &str, plain: &str, span: usize) {
        let n = self.frames.len();
        let cols = match self.frames.get(n.wrapping_sub(2)).map(|f| &f.kind) {
            Some(Kind::Table { aligns, .. }) => aligns.len(),
            _ => 0,
        };
        let column = match self.frames.last_mut() {
            Some(Frame {
                kind: Kind::Row { head, cells },
                buf,
                ..
            }) if *cells < cols => {
                let span = span.clamp(1, cols - *cells);
                if span > 1 {
                    let _ = write!(buf, "table.cell(colspan: {span})");
                }
                buf.push('[');
                if *head && !content.is_empty() {
                    buf.push_str("#strong[");
                    buf.push_str(content);
                    buf.push(']');
                } else {
                    buf.push_str(content);
                }
                buf.push_str("], ");
                *cells += span;
                Some((*cells - span, *head))
            }
            Some(Frame {
                kind: Kind::Row { .. },
                ..
            }) => None,
            _ => {
                self.write_inline(content);
                None
            }
        };
        if let (
            Some((column, head)),
            Some(Frame {
                kind: Kind::Table {
                    col_max, col_word, ..
                },
                ..
            }),
        ) = (column, self.frames.get_mut(n.wrapping_sub(2)))
        {
            // Header cells are bold, hence wider: about 15 %.
            let bold = |n: usize| if head { n + n.div_ceil(7) } else { n };
            if let Some(max) = col_max.get_mut(column) {
                *max = (*max).max(bold(plain.chars().count()));
            }
            if let Some(word) = col_word.get_mut(column) {
                *word = (*word).max(bold(longest_word(plain)));
            }
        }
    }

    fn close_link(&mut self, target: LinkTarget, content: &str, plain: &str) {
        let empty = content.trim().is_empty();
        match target {
            LinkTarget::External(url) => {
                let shown = url.strip_prefix("mailto:").unwrap_or(&url);
                let mut s = String::with_capacity(content.len() + url.len() * 2 + 48);
                s.push_str("#link(");
                push_string_literal(&mut s, &url);
                s.push_str(")[");
                if empty {
                    push_text(&mut s, shown);
                } else {
                    s.push_str(content);
                }
                s.push(']');
                if !empty && !same_url(plain, &url) {
                    // On paper the link is dead: print where it goes.
                    s.push_str(" #text(size: 0.8em)[");
                    push_text(&mut s, "(");
                    escape::push_text_breakable(&mut s, shown, URL_BREAKS);
                    push_text(&mut s, ")");
                    s.push(']');
                }
                self.write_inline(&s);
            }
            LinkTarget::Local(path) => {
                let mut s = String::with_capacity(content.len() + path.len() * 2 + 16);
                s.push_str("#link(");
                push_string_literal(&mut s, &path);
                s.push_str(")[");
                if empty {
                    push_text(&mut s, &path);
                } else {
                    s.push_str(content);
                }
                s.push(']');
                self.write_inline(&s);
            }
            LinkTarget::Text => self.write_inline(content),
        }
    }

    fn close_collect(&mut self, collect: Collect, text: String, ctx: &mut Ctx<'_>) {
        match collect {
            Collect::CodeBlock { lang } => {
                let code = text.replace('\r', "");
                self.write_block(&raw_block(code.trim_end_matches('\n'), lang.as_deref()));
            }
            Collect::Pre => {
                let code = text.replace('\r', "");
                let code = code.strip_prefix('\n').unwrap_or(&code);
                let code = code.trim_end_matches('\n');
                if self.inline_context() {
                    let mut s = String::from("#raw(");
                    push_string_literal(&mut s, code);
                    s.push(')');
                    self.write_inline(&s);
                } else {
                    self.write_block(&raw_block(code, None));
                }
            }
            Collect::Image { src, title, line } => {
                let alt = collapse_whitespace(&text);
                let caption = if alt.is_empty() {
                    collapse_whitespace(&title)
                } else {
                    alt
                };
                self.image(ctx, &src, &caption, line);
            }
            Collect::Kbd => {
                let mut s = String::from(
                    "#box(stroke: 0.5pt + luma(120), inset: (x: 3pt), outset: (y: 3pt), radius: 2pt)[#raw(",
                );
                push_string_literal(&mut s, collapse_whitespace(&text).as_str());
                s.push_str(")]");
                self.add_plain(&text);
                self.write_inline(&s);
            }
            Collect::InlineCode => {
                let mut s = String::from("#raw(");
                push_string_literal(&mut s, collapse_whitespace(&text).as_str());
                s.push(')');
                self.add_plain(&text);
                self.write_inline(&s);
            }
            Collect::Suppress => {}
        }
    }

    /// Emits an image (Markdown, `<img>` or Hugo `figure`) through the
    /// resolver.
    fn image(&mut self, ctx: &mut Ctx<'_>, src: &str, caption: &str, line: usize) {
        if self.collect_at.is_some() {
            self.write_text(caption);
            return;
        }
        let target = if src.trim().is_empty() {
            ImageTarget::Missing(Unplaced::NoAddress)
        } else {
            match ctx.resolver.image(src) {
                ImageTarget::Path(p) if p.trim().is_empty() => {
                    ImageTarget::Missing(Unplaced::NotFound(format!("Image introuvable : {src}")))
                }
                other => other,
            }
        };
        self.add_plain(caption);
        let mut s = String::with_capacity(src.len() + caption.len() + 64);
        let inline = self.inline_context();
        match target {
            ImageTarget::Path(path) if inline => {
                // Inside a link or emphasis (badge, `[![img](x)](url)`): an
                // inline box, no caption. In a heading, as tall as the
                // heading's text: a heading is one tagged element, and a
                // screenshot at its natural size could push it across a
                // page break, which the tagged PDF export refuses.
                s.push_str("#box(image(");
                push_string_literal(&mut s, &path);
                if self.in_heading() {
                    s.push_str(", height: 1em");
                }
                s.push_str("))");
            }
            ImageTarget::Missing(problem) if inline => {
                s.push_str(
                    "#box(inset: 2pt, stroke: (paint: red, thickness: 1pt, dash: \"dashed\"))[#text(fill: red)[",
                );
                push_text(&mut s, problem.message());
                s.push_str("]]");
                ctx.warn_unplaced(line, &problem);
            }
            ImageTarget::Path(path) => {
                s.push_str("#figure(image(");
                push_string_literal(&mut s, &path);
                s.push(')');
                if !caption.is_empty() {
                    s.push_str(", caption: [");
                    push_text(&mut s, caption);
                    s.push(']');
                }
                s.push(')');
            }
            ImageTarget::Missing(problem) => {
                s.push_str(
                    "#block(width: 100%, inset: 8pt, stroke: (paint: red, thickness: 1pt, dash: \"dashed\"))[#text(fill: red)[",
                );
                push_text(&mut s, problem.message());
                s.push(']');
                if !caption.is_empty() {
                    s.push_str("#linebreak()");
                    push_text(&mut s, caption);
                }
                s.push(']');
                ctx.warn_unplaced(line, &problem);
            }
        }
        self.write_inline(&s);
    }

    fn footnote_ref(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        label: &str,
        line: usize,
        ctx: &mut Ctx<'_>,
    ) {
        if self.collect_at.is_some() {
            return;
        }
        if self.in_footnote {
            // A note inside a note: print the mark only (no recursion).
            let mut s = String::from("#super[");
            push_text(&mut s, label);
            s.push(']');
            self.write_inline(&s);
            return;
        }
        let key = label.to_lowercase();
        let Some(&(start, end)) = ctx.footnotes.get(&key) else {
            ctx.warn(line, format!("note de bas de page « {label} » non définie"));
            self.write_text(&format!("[^{label}]"));
            return;
        };
        // `footnote` costs like a quote.
        let nesting = self.frames.last().map_or(0, |f| f.nesting) + 6;
        // Converted once per place in the nesting, however often it is cited.
        let content = match ctx.footnote_markup.get(&(key.clone(), nesting)) {
            Some(content) => content.clone(),
            None => {
                let mut sub = Emitter::new(nesting, true, 0);
                sub.run(events, start + 1, end, ctx);
                let content = sub.finish(ctx).trim().to_owned();
                ctx.footnote_markup
                    .insert((key.clone(), nesting), content.clone());
                content
            }
        };
        // Every call prints the note again (Typst has no anonymous back-reference): the
        // copies are capped, so that a page citing one long note thousands of times
        // stays small. Calls past the cap print the note's mark only.
        let copies = ctx.footnote_copies.entry(key).or_insert(0);
        *copies += 1;
        let over_copies = *copies > MAX_NOTE_COPIES;
        let over_budget = ctx.footnote_bytes + content.len() > ctx.footnote_budget;
        if over_copies || over_budget {
            if !ctx.footnote_capped {
                ctx.footnote_capped = true;
                ctx.warn(
                    line,
                    format!(
                        "note de bas de page « {label} » appelée trop souvent : à partir d'ici les appels de note n'impriment plus que leur repère (au plus {MAX_NOTE_COPIES} impressions d'une même note)"
                    ),
                );
            }
            let mut s = String::from("#super[");
            push_text(&mut s, label);
            s.push(']');
            self.write_inline(&s);
            return;
        }
        ctx.footnote_bytes += content.len();
        self.write_inline(&format!("#footnote[{content}]"));
    }

    // ----- writing -------------------------------------------------------

    /// Whether output currently goes inside an inline call (emphasis, link,
    /// `<sup>`...). Block-level elements (figure, block, raw block, line)
    /// are never put there: besides being odd, Typst 0.15's tagged-PDF
    /// export can fail on some of them (found by compiling fuzzed output).
    ///
    /// A heading counts as inline too: a figure inside a heading (an image in a setext
    /// heading's text) splits the heading's PDF tag, which the tagged export refuses.
    /// Whether the output goes into a heading, at any depth (emphasis in a heading too).
    fn in_heading(&self) -> bool {
        self.frames
            .iter()
            .any(|f| matches!(f.kind, Kind::Heading { .. }))
    }

    fn inline_context(&self) -> bool {
        matches!(
            self.frames.get(self.target_index()).map(|f| &f.kind),
            Some(
                Kind::Inline(_)
                    | Kind::Heading { .. }
                    | Kind::Link(LinkTarget::External(_) | LinkTarget::Local(_))
            )
        )
    }

    fn target_index(&self) -> usize {
        self.frames.last().map_or(0, |f| f.target)
    }

    /// Separator before a block in frame `t`: a blank line, except in the
    /// items of a tight list where a newline keeps the item tight (as
    /// Typst's own `- a` / `  - b` markup does).
    fn separator(&self, t: usize) -> &'static str {
        let is_item = matches!(self.frames.get(t).map(|f| &f.kind), Some(Kind::Item));
        let tight_parent = matches!(
            t.checked_sub(1)
                .and_then(|p| self.frames.get(p))
                .map(|f| &f.kind),
            Some(Kind::List { loose: false, .. })
        );
        if is_item && tight_parent {
            "\n"
        } else {
            "\n\n"
        }
    }

    /// Appends already-built inline markup.
    fn write_inline(&mut self, markup: &str) {
        let t = self.target_index();
        if let Some(f) = self.frames.get_mut(t) {
            f.start_inline();
            f.buf.push_str(markup);
        }
    }

    /// Appends already-built block markup, separated from its neighbours.
    fn write_block(&mut self, markup: &str) {
        let t = self.target_index();
        // A block starting with text (HTML block) is a new paragraph.
        let sep = if markup.starts_with('#') {
            self.separator(t)
        } else {
            "\n\n"
        };
        if let Some(f) = self.frames.get_mut(t) {
            f.push_sep(sep);
            f.buf.push_str(markup);
            f.need_sep = true;
        }
    }

    /// The next content written to the current target starts a new block.
    fn mark_sep(&mut self) {
        let t = self.target_index();
        if let Some(f) = self.frames.get_mut(t) {
            f.need_sep = true;
        }
    }

    /// Student text: escaped into the output, or gathered by the
    /// collecting frame.
    fn write_text(&mut self, text: &str) {
        if let Some(c) = self.collect_at {
            if let Some(f) = self.frames.get_mut(c)
                && !matches!(f.kind, Kind::Collect(Collect::Suppress))
            {
                f.buf.push_str(text);
            }
            return;
        }
        if text.chars().all(|c| c.is_control() || c == '\u{FEFF}') {
            // Nothing visible: must not start a paragraph, but `&#10;` between two
            // words is a space.
            let t = self.target_index();
            if text.chars().any(char::is_whitespace)
                && let Some(f) = self.frames.get_mut(t)
                && !f.buf.is_empty()
                && !f.need_sep
            {
                f.buf.push(' ');
            }
            return;
        }
        self.add_plain(text);
        let t = self.target_index();
        let breaks = match self.table_columns() {
            Some(columns) => cell_breaks(columns),
            None => TEXT_BREAKS,
        };
        if let Some(f) = self.frames.get_mut(t) {
            // Spaces that would start a block (an HTML block's line breaks) are not
            // printed.
            let at_start = f.need_sep || f.buf.is_empty() || f.buf.ends_with('\n');
            let text = if at_start { text.trim_start() } else { text };
            if text.is_empty() {
                return;
            }
            f.start_inline();
            escape::push_text_breakable(&mut f.buf, text, breaks);
        }
    }

    /// Number of columns of the table whose cell the text goes into, if any
    /// (cells are narrow: their words get break opportunities).
    fn table_columns(&self) -> Option<usize> {
        let cell =
            self.plain_frames.iter().rev().find(|&&i| {
                matches!(self.frames.get(i).map(|f| &f.kind), Some(Kind::Cell { .. }))
            })?;
        match self.frames.get(cell.checked_sub(2)?).map(|f| &f.kind) {
            Some(Kind::Table { aligns, .. }) => Some(aligns.len()),
            _ => None,
        }
    }

    /// Feeds the plain-text collectors (heading text, link text, cell width).
    fn add_plain(&mut self, text: &str) {
        for &i in &self.plain_frames {
            if let Some(p) = self.frames.get_mut(i).and_then(|f| f.plain.as_mut()) {
                p.push_str(text);
            }
        }
    }

    // ----- inline runs: text, HTML and Hugo shortcodes -------------------

    /// Tokenizes raw HTML into the current run.
    fn push_html(&mut self, raw: &str, line: usize) {
        let mut line = line;
        let mut counted = 0;
        for (offset, token) in html::tokenize(raw) {
            line += raw
                .get(counted..offset)
                .map_or(0, |s| s.bytes().filter(|&b| b == b'\n').count());
            counted = offset.max(counted);
            let kind = match token {
                html::Token::Text(t) => SegKind::Text(t.into_owned()),
                html::Token::Tag(tag) => SegKind::Tag(tag),
                html::Token::Ignored => SegKind::Ignored,
                html::Token::UnclosedComment => SegKind::UnclosedComment,
            };
            self.run.push(Seg { kind, line });
        }
    }

    /// Emits the buffered run, replacing Hugo shortcodes.
    fn flush_run(&mut self, ctx: &mut Ctx<'_>) {
        if let Some((raw, line)) = self.html_block.take() {
            self.flush_run(ctx);
            if !self.html_block(&raw, line, ctx) {
                self.push_html(&raw, line);
            }
        }
        if self.run.is_empty() {
            return;
        }
        let segs = std::mem::take(&mut self.run);
        if self.collect_at.is_none() {
            leftovers(&segs, ctx);
        }
        if !segs.iter().any(|s| s.scan_text().contains("{{")) {
            // Consecutive texts are joined, so that an address split by the parser
            // (`www.a_b.fr`) is found whole.
            let mut text = String::new();
            let mut text_line = 0;
            for seg in segs {
                if let SegKind::Text(t) = &seg.kind {
                    if text.is_empty() {
                        text_line = seg.line;
                    }
                    text.push_str(t);
                    continue;
                }
                if !text.is_empty() {
                    self.autolinked_text(&std::mem::take(&mut text), text_line, ctx);
                }
                self.emit_seg(seg, ctx);
            }
            if !text.is_empty() {
                self.autolinked_text(&text, text_line, ctx);
            }
            return;
        }

        let mut scan = String::new();
        let mut bounds = Vec::with_capacity(segs.len());
        for seg in &segs {
            let a = scan.len();
            scan.push_str(seg.scan_text());
            bounds.push((a, scan.len()));
        }
        let regions = shortcode::find_all(&scan);
        let mut ri = 0;
        for (seg, (a, b)) in segs.into_iter().zip(bounds) {
            let mut pos = a;
            let line = seg.line;
            let mut whole = true;
            while let Some(region) = regions.get(ri) {
                if region.end <= pos {
                    ri += 1;
                    continue;
                }
                if region.start >= b {
                    break;
                }
                whole = false;
                if region.start > pos {
                    self.emit_piece(&seg, scan.get(pos..region.start).unwrap_or_default());
                }
                if region.start >= a {
                    self.shortcode(region, line, ctx);
                }
                pos = region.end.min(b).max(pos);
                if region.end <= b {
                    ri += 1;
                } else {
                    break;
                }
            }
            if whole {
                self.emit_seg(seg, ctx);
            } else if pos < b {
                self.emit_piece(&seg, scan.get(pos..b).unwrap_or_default());
            }
        }
    }

    /// Part of a segment cut by a shortcode: text and soft breaks are kept,
    /// a tag cut in two belongs to the shortcode and is dropped.
    fn emit_piece(&mut self, seg: &Seg, text: &str) {
        match seg.kind {
            SegKind::Text(_) => self.write_text(text),
            SegKind::Soft => self.write_text(" "),
            SegKind::Tag(_) | SegKind::Ignored | SegKind::UnclosedComment => {}
        }
    }

    /// Text with GFM's extended autolinks (`www.…`, `https://…`, `nom@domaine.fr`) made
    /// links, as GitHub and most site generators show them. Not in HTML blocks, links
    /// or code.
    fn autolinked_text(&mut self, text: &str, line: usize, ctx: &mut Ctx<'_>) {
        let candidate = text.contains(['.', '@']);
        let in_link = self
            .frames
            .iter()
            .any(|f| matches!(f.kind, Kind::Link(_) | Kind::Inert));
        if !candidate || in_link || self.in_dom || self.collect_at.is_some() {
            self.write_text(text);
            return;
        }
        let mut finder = linkify::LinkFinder::new();
        finder.url_must_have_scheme(false);
        let mut last = 0;
        for link in finder.links(text) {
            let shown = link.as_str();
            let url = match link.kind() {
                linkify::LinkKind::Url => {
                    let lower = shown.to_ascii_lowercase();
                    if lower.starts_with("www.") {
                        format!("http://{shown}")
                    } else if ["http://", "https://", "ftp://"]
                        .iter()
                        .any(|p| lower.starts_with(p))
                    {
                        shown.to_owned()
                    } else {
                        continue;
                    }
                }
                linkify::LinkKind::Email => format!("mailto:{shown}"),
                _ => continue,
            };
            self.write_text(text.get(last..link.start()).unwrap_or_default());
            let target = resolve_link(ctx, &url, line);
            self.open(Kind::Link(target), None, ctx);
            self.write_text(shown);
            self.close_top(ctx);
            last = link.end();
        }
        self.write_text(text.get(last..).unwrap_or_default());
    }

    fn emit_seg(&mut self, seg: Seg, ctx: &mut Ctx<'_>) {
        match seg.kind {
            SegKind::Text(t) => self.write_text(&t),
            SegKind::Soft => self.write_text(" "),
            SegKind::Tag(tag) => self.html_tag(tag, seg.line, ctx),
            SegKind::Ignored => {}
            SegKind::UnclosedComment => ctx.warn(
                seg.line,
                "commentaire HTML « <!-- » non fermé : la suite de la page est ignorée",
            ),
        }
    }

    fn shortcode(&mut self, region: &shortcode::Region, line: usize, ctx: &mut Ctx<'_>) {
        if self.collect_at.is_some() {
            return;
        }
        let Some(inner) = &region.inner else {
            ctx.warn(line, "shortcode Hugo non fermé : « {{ » ignoré");
            return;
        };
        let code = shortcode::parse(inner);
        if code.closing {
            return;
        }
        if code.name == "figure" {
            match code.param("src") {
                Some(src) if !src.trim().is_empty() => {
                    let caption = code
                        .param("caption")
                        .or_else(|| code.param("title"))
                        .or_else(|| code.param("alt"))
                        .unwrap_or_default();
                    let caption = collapse_whitespace(caption);
                    self.image(ctx, src, &caption, line);
                }
                _ => ctx.warn(line, "shortcode Hugo « figure » sans src ignoré"),
            }
            return;
        }
        let name = if code.name.is_empty() {
            "?"
        } else {
            &code.name
        };
        ctx.warn(line, format!("shortcode Hugo « {name} » ignoré"));
    }

    /// One HTML tag: a few map to Typst, the rest are dropped (text kept).
    fn html_tag(&mut self, tag: html::Tag, line: usize, ctx: &mut Ctx<'_>) {
        if let Some(c) = self.collect_at {
            let (closes, pre) = match self.frames.get(c) {
                Some(f) => (
                    tag.closing && f.html.as_deref() == Some(tag.name.as_str()),
                    matches!(f.kind, Kind::Collect(Collect::Pre)),
                ),
                None => (false, false),
            };
            if closes {
                self.close_html(&tag.name, ctx);
            } else if tag.name == "br" {
                self.write_text(if pre { "\n" } else { " " });
            }
            return;
        }
        if ctx.mdx && mdx::is_component(&tag) {
            self.mdx_component(&tag, line, ctx);
            return;
        }
        let name = tag.name.as_str();
        if tag.closing {
            if !html::is_known_element(name) {
                self.write_text(&tag.raw);
            } else if !self.close_html(name, ctx) {
                // `</p>`, `</td>`...: keep the words on both sides apart.
                self.write_text(" ");
            }
            return;
        }
        let kind = if let Some(kind) = phrasing_kind(name) {
            kind
        } else {
            match name {
                "br" => {
                    self.write_inline("#linebreak()");
                    return;
                }
                "hr" => {
                    if !self.inline_context() {
                        self.write_block("#line(length: 100%)");
                    }
                    return;
                }
                "img" => {
                    match tag.attr("src") {
                        Some(src) => {
                            let alt = tag.attr("alt").or_else(|| tag.attr("title"));
                            let alt = collapse_whitespace(alt.as_deref().unwrap_or_default());
                            self.image(ctx, &src, &alt, line);
                        }
                        None => ctx.warn(line, "balise HTML <img> sans src ignorée"),
                    }
                    return;
                }
                "wbr" => return,
                "pre" => Kind::Collect(Collect::Pre),
                "a" => match tag.attr("href") {
                    Some(href) => Kind::Link(resolve_link(ctx, &href, line)),
                    // `<a name="...">` anchors: nothing to print.
                    None => return,
                },
                "script" | "style" | "template" | "textarea" | "iframe" | "object" | "svg"
                | "math" | "noscript" | "head" | "title" | "select" => {
                    ctx.warn(
                        line,
                        format!("balise HTML <{name}> ignorée (son contenu n'est pas imprimé)"),
                    );
                    Kind::Collect(Collect::Suppress)
                }
                _ if html::is_known_element(name) => {
                    ctx.warn(line, format!("balise HTML <{name}> ignorée"));
                    // Keep the words on both sides apart.
                    self.write_text(" ");
                    return;
                }
                _ => {
                    // `<ticket>`, `<ip-du-serveur>`: a placeholder, not HTML.
                    ctx.warn(
                        line,
                        format!("balise HTML inconnue <{name}> imprimée telle quelle"),
                    );
                    self.write_text(&tag.raw);
                    return;
                }
            }
        };
        if tag.self_closing {
            return;
        }
        self.open(kind, Some(tag.name.clone()), ctx);
    }

    /// `</name>`: closes the innermost frame opened by `<name>`, provided
    /// only HTML frames stand above it (Markdown frames are closed by their
    /// own End events only, which keeps the stack consistent).
    fn close_html(&mut self, name: &str, ctx: &mut Ctx<'_>) -> bool {
        let mut i = self.frames.len();
        while i > 1 {
            i -= 1;
            match self.frames.get(i).and_then(|f| f.html.as_deref()) {
                Some(h) if h == name => {
                    while self.frames.len() > i {
                        self.close_top(ctx);
                    }
                    return true;
                }
                Some(_) => {}
                None => return false,
            }
        }
        false
    }
}

/// Warns about what a chatbot or a site generator left in the text of a run: the
/// citation marks of an assistant (`:contentReference[oaicite:0]{index=0}`,
/// `【4:2†source】`) and Jekyll/Liquid tags (`{% include x %}`), printed as typed but
/// never meant for a reader. (Hugo shortcodes are handled with the run.)
fn leftovers(segs: &[Seg], ctx: &mut Ctx<'_>) {
    let mut scan = String::new();
    let mut starts = Vec::with_capacity(segs.len());
    for seg in segs {
        if let SegKind::Text(t) = &seg.kind {
            starts.push((scan.len(), seg.line));
            scan.push_str(t);
        }
    }
    if !scan.contains(['{', '【', ':']) {
        return;
    }
    let line_at = |offset: usize| {
        let i = starts.partition_point(|&(start, _)| start <= offset);
        starts.get(i.saturating_sub(1)).map_or(1, |&(_, line)| line)
    };
    let mut found: Vec<(usize, String)> = Vec::new();
    for (at, _) in scan.match_indices("oaicite:") {
        let from = scan.get(..at).and_then(|b| b.rfind(':')).unwrap_or(at);
        let shown = scan.get(from..).unwrap_or_default();
        let end = shown.find('}').map_or(shown.len().min(40), |p| p + 1);
        found.push((
            line_at(at),
            format!(
                "reste de citation d'un assistant conversationnel « {} » imprimé tel quel : à supprimer",
                shown.get(..end).unwrap_or(shown)
            ),
        ));
    }
    for (at, _) in scan.match_indices('【') {
        let rest = scan.get(at..).unwrap_or_default();
        if let Some(close) = rest.find('】')
            && rest.get(..close).is_some_and(|m| m.contains('†'))
        {
            found.push((
                line_at(at),
                format!(
                    "reste de citation d'un assistant conversationnel « {} » imprimé tel quel : à supprimer",
                    rest.get(..close + '】'.len_utf8()).unwrap_or(rest)
                ),
            ));
        }
    }
    for (at, _) in scan.match_indices("{%") {
        if scan.get(..at).is_some_and(|b| b.ends_with('{')) {
            continue;
        }
        let rest = scan.get(at..).unwrap_or_default();
        if let Some(close) = rest.find("%}") {
            found.push((
                line_at(at),
                format!(
                    "balise de modèle Jekyll/Liquid « {} » imprimée telle quelle : le générateur du site la remplaçait, écrivez son contenu",
                    collapse_whitespace(rest.get(..close + 2).unwrap_or(rest))
                ),
            ));
        }
    }
    for (line, message) in found {
        ctx.warn(line, message);
    }
}

/// Length in characters of the longest unbreakable piece of a cell's text:
/// a word, with the punctuation that stands alone beside it (« Bookworm »,
/// « : » in French typography), which the line breaker does not separate
/// from it.
fn longest_word(text: &str) -> usize {
    let tokens: Vec<(usize, bool)> = text
        .split_whitespace()
        .map(|t| (t.chars().count(), t.chars().any(char::is_alphanumeric)))
        .collect();
    let glued = |range: &mut dyn Iterator<Item = &(usize, bool)>| -> usize {
        range
            .take_while(|(_, word)| !word)
            .map(|(n, _)| n + 1)
            .sum()
    };
    tokens
        .iter()
        .enumerate()
        .map(|(i, &(n, word))| {
            if !word {
                return n;
            }
            let before = glued(&mut tokens.get(..i).unwrap_or_default().iter().rev());
            let after = glued(&mut tokens.get(i + 1..).unwrap_or_default().iter());
            before + n + after
        })
        .max()
        .unwrap_or(0)
}

/// How a table is laid out: its text size and, when its text cannot fit on
/// one line per cell, the relative widths of its columns.
#[derive(Debug, Clone, PartialEq)]
struct TableLayout {
    /// `0.9em`, `0.8em` or `0.7em`; `None` for the body size.
    size: Option<&'static str>,
    /// `fr` weights of the columns; `None` for `auto` columns.
    columns: Option<Vec<u32>>,
}

/// Characters of body text that fit on a line of a fiche (A4, 1.6 cm
/// margins, inside the description box; 0.55 em per character, a little
/// more than Liberation Sans' average, to be on the safe side).
const LINE_CHARS: f64 = 88.0;
/// Cell insets (4 pt on each side), in characters.
const CELL_PAD: f64 = 2.0;
/// Words up to this length are kept whole when the columns are sized.
const WORD_CAP: usize = 16;

/// Sizes a table from its text, measured in characters. Narrow tables keep
/// `auto` columns (as narrow as their text). For a table too wide for the
/// page, Typst would shrink every wide `auto` column to the same share of
/// the page, whatever its words, cutting a long word in a narrow column
/// while its neighbour has room to spare. The columns are then given `fr`
/// widths as an HTML table would be laid out: each at least its longest word
/// (up to [`WORD_CAP`], lowered if needed so that all fit), the rest of the
/// line shared in proportion to how much more text each column holds. Text
/// is made smaller first (down to 0.7 em) when even the longest words would
/// not fit. Longer words still wrap: their cells have break opportunities.
fn table_layout(col_max: &[usize], col_word: &[usize]) -> TableLayout {
    let cols = col_max.len().max(1);
    let total: usize = col_max.iter().sum();
    let pad = CELL_PAD * cols as f64;
    let available = |size: f64| LINE_CHARS / size - pad;
    let mins = |cap: usize| -> Vec<f64> {
        col_word
            .iter()
            .map(|&w| w.clamp(3, cap.max(3)) as f64)
            .collect()
    };
    let mut size: f64 = if cols >= 7 || total > 160 {
        0.8
    } else if cols >= 5 || total > 90 {
        0.9
    } else {
        1.0
    };
    while size > 0.75 && mins(WORD_CAP).iter().sum::<f64>() > available(size) {
        size -= 0.1;
    }
    let size_name = if size > 0.95 {
        None
    } else if size > 0.85 {
        Some("0.9em")
    } else if size > 0.75 {
        Some("0.8em")
    } else {
        Some("0.7em")
    };
    let avail = available(size);
    if (total as f64) <= avail {
        return TableLayout {
            size: size_name,
            columns: None,
        };
    }
    let mut cap = WORD_CAP;
    while cap > 4 && mins(cap).iter().sum::<f64>() > avail {
        cap -= 1;
    }
    let min = mins(cap);
    let max: Vec<f64> = col_max
        .iter()
        .zip(&min)
        .map(|(&m, &lo)| (m as f64).max(lo))
        .collect();
    let sum_min: f64 = min.iter().sum();
    let sum_max: f64 = max.iter().sum();
    let spare = (avail - sum_min).max(0.0);
    let widths: Vec<u32> = min
        .iter()
        .zip(&max)
        .map(|(&lo, &hi)| {
            let extra = if sum_max > sum_min {
                (hi - lo) * spare / (sum_max - sum_min)
            } else {
                0.0
            };
            // Tenths of a character, as whole numbers.
            ((lo + extra) * 10.0).round().max(1.0) as u32
        })
        .collect();
    TableLayout {
        size: size_name,
        columns: Some(widths),
    }
}

/// Break opportunities in a URL printed after its link text: it may wrap at
/// any joint once it is longer than a short word.
const URL_BREAKS: escape::Breaks = escape::Breaks {
    long_word: 20,
    chunk: 30,
};

/// Break opportunities in running text: only words too long for a line
/// (long URLs and paths) get them, so ordinary text wraps between words.
const TEXT_BREAKS: escape::Breaks = escape::Breaks {
    long_word: 30,
    chunk: 30,
};

/// Break opportunities in a table cell: every word may wrap at its joints,
/// and the more columns share the page, the shorter the unbreakable runs
/// (7 letters with 10 columns), so that no cell is ever wider than the
/// column Typst gives it: Typst shrinks overwide `auto` columns to a fair
/// share of the page without looking at their longest word, and a word
/// wider than its column would overlap the next one or leave the page.
fn cell_breaks(columns: usize) -> escape::Breaks {
    escape::Breaks {
        long_word: 0,
        chunk: (72 / columns.max(1)).clamp(6, 30),
    }
}

/// Resolves a link URL, refusing Hugo shortcodes (`{{< ref "x" >}}`).
fn resolve_link(ctx: &mut Ctx<'_>, url: &str, line: usize) -> LinkTarget {
    if url.contains("{{") {
        ctx.warn(line, format!("lien vers un shortcode Hugo ignoré : {url}"));
        return LinkTarget::Text;
    }
    match ctx.resolver.link_at(url, line) {
        LinkTarget::External(u) | LinkTarget::Local(u) if u.trim().is_empty() => LinkTarget::Text,
        other => other,
    }
}

/// `#raw("...", block: true, lang: "...")`.
fn raw_block(code: &str, lang: Option<&str>) -> String {
    let mut s = String::with_capacity(code.len() + code.len() / 16 + 48);
    s.push_str("#raw(");
    push_string_literal(&mut s, code);
    s.push_str(", block: true");
    if let Some(lang) = lang {
        s.push_str(", lang: ");
        push_string_literal(&mut s, lang);
    }
    s.push(')');
    s
}

/// Language of a fenced block, kept only when it is a simple identifier
/// (`bash`, `c++`, `c#`, `mermaid`): it is only a highlighting hint.
fn code_lang(info: &str) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()?
        .trim();
    let simple = !word.is_empty()
        && word.len() <= 32
        && word.starts_with(|c: char| c.is_ascii_alphanumeric())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-'));
    simple.then(|| word.to_ascii_lowercase())
}

/// Trims and collapses runs of whitespace to one space.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether a link text is just its URL (then it is not printed twice).
fn same_url(text: &str, url: &str) -> bool {
    fn norm(s: &str) -> String {
        let mut s = s.trim().to_lowercase();
        for prefix in ["mailto:", "https://", "http://", "www."] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_owned();
            }
        }
        s.trim_end_matches('/').to_owned()
    }
    norm(text) == norm(url)
}

/// The Typst call for an HTML phrasing element, the same in a raw HTML block (parsed by
/// html5ever) and inline in a Markdown paragraph (read by the flat tokenizer).
fn phrasing_kind(name: &str) -> Option<Kind> {
    Some(match name {
        "b" | "strong" => Kind::Inline("strong"),
        "i" | "em" | "cite" | "var" | "dfn" => Kind::Inline("emph"),
        "u" | "ins" => Kind::Inline("underline"),
        "s" | "del" | "strike" => Kind::Inline("strike"),
        "mark" => Kind::Inline("highlight"),
        "sup" => Kind::Inline("super"),
        "sub" => Kind::Inline("sub"),
        "kbd" => Kind::Collect(Collect::Kbd),
        "code" | "tt" | "samp" => Kind::Collect(Collect::InlineCode),
        _ => return None,
    })
}
