//! Tests: one per construct, escaping, and the output grammar (`check.rs`) that proves every
//! Typst-significant character coming from text is escaped, robustness.

use super::check::check_markup;
use super::*;

/// Test resolver: `http(s)`/`mailto` → External, `/assets/livrables/x` →
/// Local(x), other links → Text; images under `/assets/` exist except those
/// whose name contains `missing`.
struct TestResolver;

impl Resolver for TestResolver {
    fn link(&self, url: &str) -> LinkTarget {
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:") {
            LinkTarget::External(url.to_owned())
        } else if let Some(rest) = url.strip_prefix("/assets/livrables/") {
            LinkTarget::Local(rest.to_owned())
        } else {
            LinkTarget::Text
        }
    }

    fn image(&self, src: &str) -> ImageTarget {
        if src.contains("missing") {
            ImageTarget::Missing(Unplaced::NotFound(format!("Image introuvable : {src}")))
        } else {
            ImageTarget::Path(format!("/{}", src.trim_start_matches(['.', '/'])))
        }
    }
}

fn convert(md: &str) -> Converted {
    to_typst(md, &Options::default(), &TestResolver)
}

fn markup(md: &str) -> String {
    let out = convert(md);
    if let Err(e) = check_markup(&out.markup) {
        panic!("unsafe markup for {md:?}: {e}\n{}", out.markup);
    }
    out.markup.trim_end().to_owned()
}

// ----- escaping primitives ------------------------------------------------

#[test]
fn escape_text_escapes_every_ascii_symbol() {
    let all = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    let escaped = escape_text(all);
    let expected: String = all.chars().flat_map(|c| ['\\', c]).collect();
    assert_eq!(escaped, expected);
    assert_eq!(escape_text("Éloïse 📄 30 °C"), "Éloïse 📄 30 °C");
    assert_eq!(escape_text("a\nb\r\nc\td"), "a b  c d");
    assert_eq!(escape_text("x\u{2028}\u{2029}\u{85}y"), "x   y");
    assert_eq!(escape_text("\u{FEFF}a\u{0}\u{7}b"), "ab");
    assert_eq!(escape_text(r"\u{41}"), r"\\u\{41\}");
    assert_eq!(escape_text("https://x.fr"), r"https\:\/\/x\.fr");
}

#[test]
fn string_literal_escapes_quotes_backslashes_and_controls() {
    assert_eq!(string_literal(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
    assert_eq!(string_literal("a\nb\tc\rd"), r#""a\nb\tc\rd""#);
    assert_eq!(
        string_literal("\u{0}\u{1b}\u{2028}"),
        r#""\u{0}\u{1b}\u{2028}""#
    );
    assert_eq!(string_literal("é#$[]"), "\"é#$[]\"");
}

// ----- constructs ---------------------------------------------------------

#[test]
fn paragraphs_and_breaks() {
    assert_eq!(markup("Un\ndeux\n\nTrois"), "Un deux\n\nTrois");
    assert_eq!(markup("Un  \ndeux"), "Un#linebreak()deux");
    assert_eq!(markup("Un\\\ndeux"), "Un#linebreak()deux");
}

#[test]
fn headings_levels_offset_and_clamp() {
    assert_eq!(
        markup("# A\n## B"),
        "#heading(level: 1)[A]\n\n#heading(level: 2)[B]"
    );
    let opts = Options {
        drop_title: None,
        heading_offset: 2,
    };
    let out = to_typst("# A\n\n###### F", &opts, &TestResolver);
    assert_eq!(
        out.markup.trim_end(),
        "#heading(level: 2)[A]\n\n#heading(level: 6)[F]"
    );
}

#[test]
fn first_h1_and_drop_title() {
    let out = convert("Intro\n\n# Application de *gestion*  des congés\n\n# Autre");
    assert_eq!(
        out.first_h1.as_deref(),
        Some("Application de gestion des congés")
    );

    let opts = Options {
        drop_title: Some("  mise en place de GLPI ".into()),
        heading_offset: 1,
    };
    let out = to_typst("# Mise en place de  GLPI\n\nTexte", &opts, &TestResolver);
    assert_eq!(out.markup.trim_end(), "Texte");
    assert_eq!(out.first_h1.as_deref(), Some("Mise en place de GLPI"));

    // Not the first block, or a different title: kept.
    let out = to_typst("Texte\n\n# Mise en place de GLPI", &opts, &TestResolver);
    assert!(
        out.markup
            .contains("#heading(level: 1)[Mise en place de GLPI]")
    );
    let out = to_typst("# Autre titre", &opts, &TestResolver);
    assert!(out.markup.contains("#heading"));
    // Only the first one is dropped.
    let out = to_typst(
        "# Mise en place de GLPI\n\n# Mise en place de GLPI",
        &opts,
        &TestResolver,
    );
    assert_eq!(out.markup.matches("#heading").count(), 1);
}

#[test]
fn emphasis_strong_strike() {
    assert_eq!(
        markup("*a* **b** ~~c~~ ***d***"),
        "#emph[a] #strong[b] #strike[c] #emph[#strong[d]]"
    );
}

#[test]
fn lists_nested_ordered_and_start() {
    assert_eq!(
        markup("- a\n- b\n  1. c\n  2. d"),
        "#list(tight: true, [a], [b\n#enum(tight: true, [c], [d])])"
    );
    assert_eq!(
        markup("3. x\n4. y"),
        "#enum(start: 3, tight: true, [x], [y])"
    );
    assert_eq!(markup("- a\n\n- b"), "#list(tight: false, [a], [b])");
}

#[test]
fn task_lists() {
    assert_eq!(
        markup("- [x] fait\n- [ ] à faire"),
        "#list(tight: true, [☑ fait], [☐ à faire])"
    );
}

#[test]
fn block_quotes_and_alerts() {
    assert_eq!(
        markup("> Citation\n>\n> suite"),
        "#quote(block: true)[Citation\n\nsuite]"
    );
    assert_eq!(
        markup("> [!WARNING]\n> Attention au VLAN"),
        "#quote(block: true)[#strong[Attention]\n\nAttention au VLAN]"
    );
}

#[test]
fn code_blocks() {
    assert_eq!(
        markup("```bash\necho \"$HOME\"\r\n```"),
        "#raw(\"echo \\\"$HOME\\\"\", block: true, lang: \"bash\")"
    );
    assert_eq!(
        markup("```mermaid\ngraph TD\n```"),
        "#raw(\"graph TD\", block: true, lang: \"mermaid\")"
    );
    assert_eq!(markup("```{r} \"weird\nx\n```"), "#raw(\"x\", block: true)");
    assert_eq!(
        markup("    indented\n    code"),
        "#raw(\"indented\\ncode\", block: true)"
    );
    assert_eq!(
        markup("Voir `#include <stdio.h>`"),
        "Voir #raw(\"#include <stdio.h>\")"
    );
}

#[test]
fn code_lang_rules() {
    assert_eq!(code_lang("PowerShell"), Some("powershell".into()));
    assert_eq!(code_lang("c++ title=x"), Some("c++".into()));
    assert_eq!(code_lang("c#"), Some("c#".into()));
    assert_eq!(code_lang("{.python}"), None);
    assert_eq!(code_lang("\"x\""), None);
    assert_eq!(code_lang(""), None);
}

#[test]
fn tables_with_alignment() {
    let md = "| VLAN | Nom | Réseau |\n|-----:|:---:|--------|\n| 10 | AGENTS | 192.168.10.0/24 |\n| 20 |";
    assert_eq!(
        markup(md),
        "#table(columns: 3, align: (right, center, auto, ), \ntable.header([#strong[VLAN]], [#strong[Nom]], [#strong[Réseau]], ),\n[10], [AGENTS], [192\\.#h(0.001pt)168\\.#h(0.001pt)10\\.#h(0.001pt)0\\/#h(0.001pt)24], \n[20], [], [], \n)"
    );
    // Many columns: smaller text.
    let wide = "|a|b|c|d|e|f|g|\n|-|-|-|-|-|-|-|\n|1|2|3|4|5|6|7|";
    assert!(markup(wide).starts_with("#text(size: 0.8em)[#table(columns: 7, \n"));
    let five = "|a|b|c|d|e|\n|-|-|-|-|-|\n|1|2|3|4|5|";
    assert!(markup(five).starts_with("#text(size: 0.9em)[#table(columns: 5,"));
}

#[test]
fn long_words_can_wrap_without_changing_the_text() {
    // In cells, every word may wrap at its joints, invisibly.
    let m = markup("|a|\n|-|\n|C:\\Users\\admin /etc/x_y (x86) l'a|");
    assert!(
        m.contains(
            "[C\\:\\\\#h(0.001pt)Users\\\\#h(0.001pt)admin \\/#h(0.001pt)etc\\/#h(0.001pt)x\\_#h(0.001pt)y \\(x86\\) l\\'a]"
        ),
        "{m}"
    );
    // Last resort: unbroken runs of letters are cut, shorter with more
    // columns (7 letters with 10 columns), never inside a grapheme.
    let ten = format!(
        "{}\n{}\n|{}|",
        "|a".repeat(10) + "|",
        "|-".repeat(10) + "|",
        "x".repeat(16)
    );
    assert!(
        markup(&ten).contains("[xxxxxxx#h(0.001pt)xxxxxxx#h(0.001pt)xx]"),
        "{}",
        markup(&ten)
    );
    let accents = "|a|\n|-|\n|".to_owned() + &"e\u{301}".repeat(40) + "|";
    assert!(!markup(&accents).contains("#h(0.001pt)"));
    // Outside tables, only words too long for a line get break points.
    assert_eq!(
        markup("a/b et 192.168.10.0/24"),
        "a\\/b et 192\\.168\\.10\\.0\\/24"
    );
    let url = "https://exemple.fr/un/chemin/assez/long/pour/deborder";
    assert_eq!(
        markup(url).matches("#h(0.001pt)").count(),
        8,
        "{}",
        markup(url)
    );
    // The printed text is unchanged: only break calls were added.
    let m = markup(&format!("|a|\n|-|\n|{url} (x86)|"));
    let plain = m.replace("#h(0.001pt)", "");
    assert!(
        plain.contains(&format!("[{}]", escape_text(url))) && plain.contains("] \\(x86\\)]"),
        "{m}"
    );
}

#[test]
fn footnotes() {
    let md = "Texte[^1] et[^n].\n\n[^1]: Voir <https://cyber.gouv.fr/>\n[^n]: Deux\n[^x]: jamais utilisée";
    assert_eq!(
        markup(md),
        "Texte#footnote[Voir #link(\"https://cyber.gouv.fr/\")[https\\:\\/\\/cyber\\.gouv\\.fr\\/]] et#footnote[Deux]\\."
    );
}

#[test]
fn links_external_local_text() {
    assert_eq!(
        markup("<https://glpi.fr/>"),
        "#link(\"https://glpi.fr/\")[https\\:\\/\\/glpi\\.fr\\/]"
    );
    assert_eq!(
        markup("[doc](https://glpi.fr/a_b)"),
        "#link(\"https://glpi.fr/a_b\")[doc] #text(size: 0.8em)[\\(https\\:\\/\\/glpi\\.fr\\/a\\_b\\)]"
    );
    assert_eq!(
        markup("[procédure](/assets/livrables/glpi.pdf)"),
        "#link(\"glpi.pdf\")[procédure]"
    );
    assert_eq!(markup("mission [GLPI](/missions/glpi/)"), "mission GLPI");
    assert_eq!(
        markup("<contact@exemple.fr>"),
        "#link(\"mailto:contact@exemple.fr\")[contact\\@exemple\\.fr]"
    );
    // A URL with a quote cannot escape the string literal.
    assert_eq!(
        markup("[x](https://a.fr/\"]#set)"),
        "#link(\"https://a.fr/\\\"]#set\")[x] #text(size: 0.8em)[\\(https\\:\\/\\/a\\.fr\\/\\\"\\]\\#set\\)]"
    );
}

#[test]
fn images_path_and_missing() {
    assert_eq!(
        markup("![Schéma réseau](/assets/img/vlan.png)"),
        "#figure(image(\"/assets/img/vlan.png\"), caption: [Schéma réseau])"
    );
    assert_eq!(
        markup("![](../assets/img/vpn.png)"),
        "#figure(image(\"/assets/img/vpn.png\"))"
    );
    let out = convert("Texte\n\n![NAS](/assets/img/missing-nas.png)");
    assert!(out.markup.contains(
        "#block(width: 100%, inset: 8pt, stroke: (paint: red, thickness: 1pt, dash: \"dashed\"))[#text(fill: red)[Image introuvable \\: \\/assets\\/img\\/missing\\-nas\\.png]#linebreak()NAS]"
    ));
    assert_eq!(
        out.warnings,
        vec![Warning {
            line: 3,
            message: "Image introuvable : /assets/img/missing-nas.png".into(),
            kind: WarningKind::ImageNotFound,
        }]
    );
}

/// Why an image is missing is a type the caller reads, not words it searches.
#[test]
fn unplaced_images_keep_their_reason() {
    struct EmptyPath;
    impl Resolver for EmptyPath {
        fn link(&self, _: &str) -> LinkTarget {
            LinkTarget::Text
        }
        fn image(&self, _: &str) -> ImageTarget {
            ImageTarget::Path(String::new())
        }
    }
    let out = to_typst("![a](x.png)", &Options::default(), &EmptyPath);
    assert_eq!(out.warnings[0].kind, WarningKind::ImageNotFound);
    assert_eq!(out.warnings[0].message, "Image introuvable : x.png");
    let out = convert("<img src=\"\" alt=\"a\">\n\n![b](/assets/missing.png) <blink>y</blink>");
    let kinds: Vec<WarningKind> = out.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            WarningKind::ImageUnusable,
            WarningKind::ImageNotFound,
            WarningKind::Other
        ],
        "{:?}",
        out.warnings
    );
    assert_eq!(out.warnings[0].message, "Image sans adresse (src vide)");
}

#[test]
fn horizontal_rule() {
    assert_eq!(markup("a\n\n---\n\nb"), "a\n\n#line(length: 100%)\n\nb");
}

#[test]
fn raw_html_mapping() {
    assert_eq!(markup("a<br>b<br/>c"), "a#linebreak()b#linebreak()c");
    assert_eq!(
        markup("<kbd>Ctrl</kbd>+<kbd>C</kbd>"),
        "#box(stroke: 0.5pt + luma(120), inset: (x: 3pt), outset: (y: 3pt), radius: 2pt)[#raw(\"Ctrl\")]\\+#box(stroke: 0.5pt + luma(120), inset: (x: 3pt), outset: (y: 3pt), radius: 2pt)[#raw(\"C\")]"
    );
    assert_eq!(
        markup("H<sub>2</sub>O, m<sup>2</sup>"),
        "H#sub[2]O\\, m#super[2]"
    );
    assert_eq!(
        markup("<u>u</u> <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <mark>m</mark>"),
        "#underline[u] #strong[b] #strong[s] #emph[i] #emph[e] #highlight[m]"
    );
    assert_eq!(
        markup("<img src=\"/assets/img/a.png\" alt=\"Un &amp; deux\">"),
        "#figure(image(\"/assets/img/a.png\"), caption: [Un \\& deux])"
    );
    let out = convert("avant <!-- commentaire --> après\n\n<!--\nbloc\n-->\n\nfin");
    assert_eq!(out.markup.trim_end(), "avant  après\n\nfin");
    assert!(out.warnings.is_empty());
    let out = convert("a\n\n<!-- TODO\n\nb");
    assert_eq!(out.markup.trim_end(), "a");
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, 3);
}

#[test]
fn unknown_html_dropped_with_warning() {
    // Layout elements of an HTML block print their content, as in a browser.
    let out = convert("Texte\n\n<div align=\"center\">\n<span>centré</span>\n</div>");
    assert_eq!(out.markup.trim_end(), "Texte\n\ncentré");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let out = convert("a <script>alert(1)</script> b");
    assert_eq!(out.markup.trim_end(), "a  b");
    // A placeholder that is not an HTML element is printed.
    let out = convert("Le dossier <nom-du-poste> est créé");
    assert_eq!(
        out.markup.trim_end(),
        "Le dossier \\<nom\\-du\\-poste\\> est créé"
    );
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn unbalanced_html_is_closed() {
    assert_eq!(markup("<b>gras\n\nnormal</b>"), "#strong[gras]\n\nnormal");
    assert_eq!(markup("a</i>b"), "a b");
    assert_eq!(markup("*<b>x*</b>"), "#emph[#strong[x]]");
}

#[test]
fn hugo_shortcodes() {
    let out = convert(
        "Intro\n\n{{< figure src=\"/assets/img/vpn.png\" caption=\"Topologie du VPN\" >}}\n\nx {{< youtube abc >}} y {{% notice info %}}z{{% /notice %}}",
    );
    assert_eq!(
        out.markup.trim_end(),
        "Intro\n\n#figure(image(\"/assets/img/vpn.png\"), caption: [Topologie du VPN])\n\nx  y z"
    );
    let messages: Vec<_> = out
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        vec![
            (5, "shortcode Hugo « youtube » ignoré"),
            (5, "shortcode Hugo « notice » ignoré")
        ]
    );
    // Written without spaces, `<figure ...>` is seen as an HTML tag.
    let m = markup("{{<figure src=\"/assets/img/a.png\">}}");
    assert_eq!(m, "#figure(image(\"/assets/img/a.png\"))");
    // Over several lines, and never inside code.
    let m = markup("{{< figure\n  src=\"/assets/img/a.png\"\n  title=\"T\" >}}\n\n`{{< x >}}`");
    assert_eq!(
        m,
        "#figure(image(\"/assets/img/a.png\"), caption: [T])\n\n#raw(\"{{< x >}}\")"
    );
    let out = convert("texte {{< non fermé");
    assert!(!out.markup.contains("{{"));
    assert_eq!(out.warnings.len(), 1);
    // Not a link for CommonMark (spaces in the destination): text, minus
    // the shortcode.
    let out = convert("[page]({{< ref \"x.md\" >}})");
    assert_eq!(out.markup.trim_end(), "\\[page\\]\\(\\)");
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn emoji_and_accents_pass_through() {
    assert_eq!(markup("✅ 🚀 Épreuve « œuvre »"), "✅ 🚀 Épreuve « œuvre »");
}

// ----- safety ---------------------------------------------------------------

/// The trap strings of `ndiaye-eloise/missions/script-inventaire.md` and more.
const NASTY: &[&str] = &[
    "#include",
    "$HOME",
    "@admin",
    "<label>",
    "a*b*c",
    r"C:\Users\admin",
    "[x]",
    "_config_",
    "~",
    "=",
    "//srv-fichiers/inventaire",
    "/var/log/*.log",
    "--no-interaction",
    "1. April",
    r"\- item",
    "]#set page(fill: red)[",
    r#"#read("/etc/passwd")"#,
    "`",
    "``",
    "a ` b",
    r"\u{41}",
    "/* comment",
    "*/",
    "https://example.com/a_b",
    "= Titre",
    "+ plus",
    "/ term: x",
    "...",
    "---",
    "-?",
    "'quote' \"double\"",
    "<https://x.fr>",
    "$x^2$",
    "#let x = 1",
    "\\",
    "a\\",
    "#{ panic() }",
];

#[test]
fn nasty_text_is_escaped_everywhere() {
    let mut contexts: Vec<String> = Vec::new();
    for s in NASTY {
        // Escape Markdown so the student text reaches Typst verbatim.
        let md_escaped: String = s
            .chars()
            .flat_map(|c| {
                if c.is_ascii_punctuation() {
                    vec!['\\', c]
                } else {
                    vec![c]
                }
            })
            .collect();
        for template in [
            "{}",
            "Texte {} fin",
            "{}\n{}",
            "# {}",
            "- {}\n  - {}",
            "1. {}",
            "> {}",
            "*{}* **{}** ~~{}~~",
            "| a | b |\n|---|---|\n| {} | x |",
            "[{}](https://x.fr/)",
            "[{}](/missions/x/)",
            "![{}](/assets/img/a.png)",
            "![{}](/assets/missing.png)",
            "Note[^1]\n\n[^1]: {}",
            "<b>{}</b> <kbd>{}</kbd>",
            "{{< figure src=\"/assets/img/a.png\" caption=\"{}\" >}}",
        ] {
            contexts.push(template.replace("{}", s));
            contexts.push(template.replace("{}", &md_escaped));
        }
        contexts.push(format!("```\n{s}\n```"));
        contexts.push(format!("`` {s} ``"));
        contexts.push(format!("[a]({s})"));
        contexts.push(format!("![a]({s})"));
    }
    for md in &contexts {
        let out = convert(md);
        if let Err(e) = check_markup(&out.markup) {
            panic!("unsafe markup for {md:?}: {e}\n{}", out.markup);
        }
    }
    // Spot checks of the literal output.
    let line = "Le fichier #include, $HOME, @admin, \\<label>, a\\*b\\*c, C:\\Users\\admin, \\[x], \\_config\\_, ~, =, //srv-fichiers/inventaire, /var/log/\\*.log, --no-interaction.";
    let m = markup(line);
    for expected in [
        r"\#include",
        r"\$HOME",
        r"\@admin",
        r"\<label\>",
        r"a\*b\*c",
        r"C\:\\Users\\admin",
        r"\[x\]",
        r"\_config\_",
        r"\~",
        r"\=",
        r"\/\/srv\-fichiers\/inventaire",
        r"\/var\/log\/\*\.log",
        r"\-\-no\-interaction",
    ] {
        assert!(m.contains(expected), "{expected} missing in {m}");
    }
    assert!(!m.contains('\n'));
    assert_eq!(markup("1\\. April"), r"1\. April");
    assert_eq!(markup("\\- item"), r"\- item");
    assert_eq!(
        markup("]#set page(fill: red)["),
        r"\]\#set page\(fill\: red\)\["
    );
}

#[test]
fn no_newline_inside_paragraphs() {
    let out = markup("ligne un\nligne deux\n2. pas une liste\n+pas un enum\n\nautre");
    let paragraphs: Vec<&str> = out.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 2);
    assert!(!paragraphs[0].contains('\n'));
}

/// Deterministic pseudo-random Markdown made of the characters and snippets
/// that matter; the output must always pass the mini-lexer.
#[test]
fn random_inputs_always_produce_safe_markup() {
    const PIECES: &[&str] = &[
        "#",
        "$",
        "@",
        "<",
        ">",
        "*",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "=",
        "-",
        "+",
        ".",
        "/",
        "~",
        "'",
        "\"",
        ":",
        ";",
        "\\",
        "{",
        "}",
        "|",
        "!",
        "?",
        "%",
        "&",
        "^",
        ",",
        " ",
        "\n",
        "\n\n",
        "a",
        "é",
        "1.",
        "- ",
        "> ",
        "# ",
        "```",
        "<b>",
        "</b>",
        "<kbd>",
        "</kbd>",
        "<br>",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        "{{<",
        ">}}",
        "{{%",
        "%}}",
        "figure",
        "src=\"/assets/img/a.png\"",
        "[^1]",
        "[^1]: ",
        "](",
        "![",
        "|---|",
        "http://",
        "    ",
        "\t",
        "\r\n",
        "&amp;",
        "&#0;",
        "<img src=x>",
        "<script>",
        "</script>",
        "~~",
        "- [ ] ",
        "<a href=\"https://x.fr\">",
        "</a>",
        "<pre>",
        "</pre>",
        "\u{2028}",
        "\u{0}",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // MD_FUZZ_ITERS=1000000 for a longer run.
    let iterations = std::env::var("MD_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    for _ in 0..iterations {
        let len = (next() % 60) as usize;
        let mut md = String::new();
        for _ in 0..len {
            md.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let out = convert(&md);
        if let Err(e) = check_markup(&out.markup) {
            panic!("unsafe markup for {md:?}: {e}\n{}", out.markup);
        }
    }
}

#[test]
fn deep_nesting_is_flattened() {
    let mut list = String::new();
    for depth in 0..100 {
        list.push_str(&"  ".repeat(depth));
        list.push_str("- niveau\n");
    }
    let out = convert(&list);
    let depth = check_markup(&out.markup).unwrap_or_else(|e| panic!("{e}"));
    assert!(depth <= 2 * MAX_NESTING + 4, "depth {depth}");
    assert_eq!(out.markup.matches("niveau").count(), 100);
    assert_eq!(out.markup.matches("#list(").count(), MAX_NESTING / 4);
    // Flattened items keep a bullet.
    assert_eq!(
        out.markup.matches("• niveau").count(),
        100 - MAX_NESTING / 4
    );

    let quotes = format!("{}fond", "> ".repeat(100));
    let out = convert(&quotes);
    let depth = check_markup(&out.markup).unwrap_or_else(|e| panic!("{e}"));
    assert!(depth <= 2 * MAX_NESTING + 4, "depth {depth}");
    assert!(out.markup.contains("fond"));
    assert_eq!(out.markup.matches("#quote(").count(), MAX_NESTING / 6);
    assert_eq!(out.warnings.len(), 1);

    let emphasis = format!("{}x{}", "*a ".repeat(500), " b*".repeat(500));
    assert!(check_markup(&convert(&emphasis).markup).is_ok());
    let brackets = format!("{}x{}", "[".repeat(10_000), "](u)".repeat(10_000));
    assert!(check_markup(&convert(&brackets).markup).is_ok());
    let html = "<b><i><u>".repeat(1000);
    assert!(check_markup(&convert(&html).markup).is_ok());
}

/// Huge inputs convert completely (speed is measured by `make bench`, never here).
#[test]
fn five_megabyte_paragraph_converts() {
    let unit = "Texte #include $HOME @admin a*b*c [x] _c_ ~ = // -- é 📄 ";
    let mut md = String::with_capacity(5_100_000);
    while md.len() < 5_000_000 {
        md.push_str(unit);
    }
    let out = convert(&md);
    assert!(!out.markup.trim_end().contains('\n'));
    assert!(out.markup.len() > md.len(), "every character kept, escaped");
    assert!(check_markup(&out.markup).is_ok());
}

/// Inputs that would be quadratic in a naive tokenizer convert to valid markup.
#[test]
fn hostile_inputs_convert() {
    let cases = [
        "<div>\n".to_owned() + &"<a \"".repeat(50_000),
        "<div>\n".to_owned() + &"<!<?".repeat(50_000),
        "x ".to_owned() + &"{{<".repeat(100_000),
        "x ".to_owned() + &"{{%".repeat(100_000),
        "&".repeat(200_000),
        "<div>\n".to_owned() + &"&amp".repeat(50_000),
        "[^1]".repeat(20_000) + "\n\n[^1]: note",
        "| a |\n|---|\n".to_owned() + &"| x |\n".repeat(50_000),
        "- x\n".repeat(50_000),
        "<b>".repeat(50_000),
    ];
    for md in &cases {
        let out = convert(md);
        assert!(check_markup(&out.markup).is_ok(), "{:?}", md.get(..20));
    }
}

#[test]
fn warnings_have_body_line_numbers() {
    let out = convert("a\n\nb <details>\n\n\n![x](/img/missing.png)\n\n[^z]");
    let lines: Vec<usize> = out.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![3, 6]);
    let out = convert("ref[^nope]");
    // Undefined footnotes are plain text for pulldown-cmark, or warned.
    assert!(check_markup(&out.markup).is_ok());
}

#[test]
fn crlf_input() {
    let out = markup("# T\r\n\r\nligne\r\nsuite\r\n\r\n```php\r\n<?php echo 1;\r\n```\r\n");
    assert_eq!(
        out,
        "#heading(level: 1)[T]\n\nligne suite\n\n#raw(\"<?php echo 1;\", block: true, lang: \"php\")"
    );
}

/// Every sample page converts to safe markup: the fixture class (some pages
/// are mojibake or not UTF-8: converted lossily here, decoding is the caller's
/// job) and the `inputs/` example, both at the root of the workspace this crate
/// lives in (`crates/markdown`).
#[test]
fn sample_pages() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = Vec::new();
    let class = manifest.join("tests/fixtures/classe");
    for candidate in std::fs::read_dir(&class)
        .expect("tests/fixtures/classe")
        .flatten()
    {
        if candidate.path().is_dir() {
            dirs.push(candidate.path().join("missions"));
            dirs.push(candidate.path().join("epreuves"));
        }
    }
    dirs.push(manifest.join("inputs/missions"));
    dirs.push(manifest.join("inputs/epreuves"));
    let mut converted = 0;
    for dir in dirs {
        let files = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            converted += 1;
            let out = convert(&String::from_utf8_lossy(&bytes));
            if let Err(e) = check_markup(&out.markup) {
                panic!("{}: {e}", path.display());
            }
            assert!(!out.markup.contains("{{<"), "{}", path.display());
        }
    }
    assert!(converted >= 30, "only {converted} sample pages found");
}

#[test]
fn wide_tables_get_column_widths_from_their_words() {
    // Words and the lone punctuation glued to them.
    assert_eq!(longest_word("Debian 12 « Bookworm »"), 12);
    assert_eq!(longest_word("a : b"), 3);
    assert_eq!(longest_word("—"), 1);
    assert_eq!(longest_word(""), 0);
    // Narrow: auto columns, body size.
    let narrow = table_layout(&[10, 20, 5], &[6, 8, 5]);
    assert_eq!(
        narrow,
        TableLayout {
            size: None,
            columns: None
        }
    );
    // Too wide for a line: fr columns, at least the longest word each, the
    // rest shared by how much more text a column holds.
    let wide = table_layout(&[12, 80, 60, 8], &[12, 10, 14, 8]);
    let w = wide.columns.expect("fr columns");
    assert_eq!(wide.size, Some("0.9em"));
    assert!(w[1] > w[2] && w[2] > w[0] && w[0] > w[3], "{w:?}");
    assert!(
        w[3] >= 80,
        "the shortest column keeps its 8-character word: {w:?}"
    );
    // Ten columns of long words: smaller text, and words capped so all fit.
    let ten = table_layout(&[40; 10], &[20; 10]);
    assert_eq!(ten.size, Some("0.7em"));
    let w = ten.columns.expect("fr columns");
    assert!(w.iter().all(|&x| x == w[0]), "{w:?}");
}

#[test]
fn html_blocks_that_are_not_html_are_printed_as_typed() {
    // A tag cut by the end of the block: a browser would swallow the text.
    assert_eq!(
        markup("<div id=\"foo\"\n*hi*"),
        "\\<div id\\=\\\"foo\\\" \\*hi\\*"
    );
    // An invented tag keeps the flat reading: printed as typed, with a warning.
    let out = convert("<ticket>\nNuméro du ticket\n</ticket>");
    assert!(out.markup.contains("\\<ticket\\>"), "{}", out.markup);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
}

#[test]
fn mdx_components_inside_text_keep_their_text() {
    let out =
        convert("import X from './x';\n\nAvec <Badge>Nouveau</Badge> et <Badge>Stable</Badge>.");
    assert_eq!(out.markup.trim_end(), "Avec Nouveau et Stable\\.");
    let messages: Vec<_> = out
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        vec![(
            3,
            "composant MDX <Badge> : seul le texte qu'il contient est imprimé"
        )]
    );
    // Without import/export lines the page is Markdown: a capitalised tag is a
    // placeholder, printed.
    let out = convert("Remplacer <NomDuServeur> par le vôtre.");
    assert!(out.markup.contains("\\<NomDuServeur\\>"), "{}", out.markup);
}

/// HTML nested deeper than a browser would nest it is not given to the HTML parser, whose
/// time grows with the square of the depth: it is read as text, with a warning.
#[test]
fn html_nested_past_the_cap_is_read_as_text_with_a_warning() {
    let md = format!("{}texte au fond\n", "<div>".repeat(100_000));
    let out = convert(&md);
    assert!(check_markup(&out.markup).is_ok());
    assert!(
        out.warnings
            .iter()
            .any(|w| w.message.contains("imbriqué sur plus de 512 niveaux")),
        "{:?}",
        out.warnings
    );
    // A long list whose items leave out their end tag is shallow: parsed with its structure.
    let list = format!("<ul>\n{}</ul>\n", "<li>point\n".repeat(600));
    let out = convert(&list);
    assert!(
        !out.warnings.iter().any(|w| w.message.contains("imbriqué")),
        "{:?}",
        out.warnings
    );
    assert_eq!(out.markup.matches("point").count(), 600);
}
