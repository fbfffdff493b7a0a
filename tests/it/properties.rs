//! Property tests of the Markdown → Typst path, compiled for real (in-process Typst,
//! shipped style) and read back from the PDF:
//!
//! * any text a student can type in a paragraph is printed exactly as typed;
//! * any Markdown document, however broken, converts to markup that follows the output
//!   grammar, compiles and exports to PDF.
//!
//! `PROPTEST_CASES=5000 cargo test --test properties` for a longer run.

use crate::common::render::{Layout, convert, pdf_bytes_text, render_markup};
use proptest::prelude::*;
use proptest::sample::select;
use sio_dossier::markdown::check::check_markup;

/// Seed of every property test here: each run tries the same cases, so a failure seen
/// once is seen again (`PROPTEST_RNG_SEED=<n>` tries others, `PROPTEST_CASES` more of them).
const SEED: u64 = 0x5105_D055_1E25;

/// Cases from a fixed seed; the environment can change both.
fn config() -> ProptestConfig {
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    // `cases` is proptest's default, 256, or `PROPTEST_CASES`.
    ProptestConfig {
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        // Shrinking compiles each candidate: bounded so that a failure is reported in
        // minutes, not hours.
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    }
}

// ----- (a) text is printed literally ------------------------------------------------

/// Pieces that Typst, Markdown or pdftotext might treat specially.
const TRICKY: &[&str] = &[
    "#include \"x\"",
    "#read(\"/etc/passwd\")",
    "]#set page(fill: red)[",
    "$HOME",
    "$x^2$",
    "@admin",
    "<label>",
    "a*b*c",
    "_config_",
    "C:\\Users\\admin",
    "\\u{41}",
    "\\",
    "[x]",
    "~",
    "=",
    "//srv-fichiers/inventaire",
    "/var/log/*.log",
    "/* */",
    "--no-interaction",
    "---",
    "...",
    "-?",
    "'quote'",
    "\"double\"",
    "`raw`",
    "```",
    "https://example.org/a_b?c=d#e",
    "<br>",
    "&amp;",
    "&#35;",
    "[^1]",
    "![img](x.png)",
    "[lien](https://x.fr)",
    "| a | b |",
    "{{",
    "}}",
    "1.",
    "2)",
    "- ",
    "+ ",
    "= ",
    "/ terme : def",
    "> ",
    "# ",
    "* ",
    "[ ] ",
    "    ",
    "\t",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
];

/// Characters of the shipped fonts beyond ASCII: accents, typography, symbols, Greek
/// and Cyrillic, emoji.
const UNICODE: &[&str] = &[
    "é", "è", "ê", "à", "ç", "ù", "ï", "ô", "œ", "Œ", "É", "À", "Ç", "ß", "ñ", "ø", "å", "«", "»",
    "“", "”", "‘", "’", "—", "–", "…", "•", "€", "°", "²", "±", "×", "÷", "≤", "≥", "≠", "→", "←",
    "✓", "№", "§", "¶", "©", "®", "™", "µ", "Ω", "π", "λ", "Ж", "д", "\u{a0}", "📄", "🚀", "✅",
    "📁", "😀", "👍", "🔒", "💾", "🖥",
];

/// Characters the converter is allowed to drop or turn into spaces (see `printable`).
const INVISIBLE: &[&str] = &[
    "\u{0}", "\u{7}", "\u{1b}", "\u{7f}", "\u{85}", "\u{9c}", "\u{b}", "\u{c}", "\u{2028}",
    "\u{2029}", "\u{feff}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::char::range(' ', '~').prop_map(String::from),
        3 => select(TRICKY).prop_map(str::to_owned),
        2 => select(UNICODE).prop_map(str::to_owned),
        1 => select(INVISIBLE).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9]{1,12}",
    ]
}

/// A paragraph as a student may type it, shortcode openers aside: `{{<` and `{{%` are
/// Hugo shortcodes, removed from the text by design (unit tests in crates/markdown).
fn student_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..40).prop_map(|pieces| {
        let mut s = pieces.concat();
        while let Some(p) = s.find("{{<").or_else(|| s.find("{{%")) {
            s.insert(p + 1, ' ');
        }
        s
    })
}

/// The Markdown a student writes to get `text` printed as is: every ASCII punctuation
/// character backslash-escaped (CommonMark allows it for all of them), and each line's
/// leading whitespace left out, as Markdown ignores it in a paragraph anyway (an
/// indented first line would be a code block).
fn markdown_for(text: &str) -> String {
    let mut md = String::with_capacity(text.len() * 2);
    let lines = text.split("\r\n").flat_map(|l| l.split(['\n', '\r']));
    for (i, line) in lines.enumerate() {
        if i > 0 {
            md.push('\n');
        }
        let line = line.trim_start_matches([' ', '\t', '\u{b}', '\u{c}']);
        for c in line.chars() {
            if c.is_ascii_punctuation() {
                md.push('\\');
            }
            md.push(c);
        }
    }
    md
}

/// What must be printed for `text`: every character, in order, except the ones the
/// converter documents as dropped (control characters other than whitespace, and the
/// BOM: invisible). Whitespace is left out of the comparison: Markdown and Typst fold
/// it, and pdftotext rebuilds spaces from the gaps between glyphs (it finds none after
/// an emoji, whose glyphs are Type 3 pictures), so what can be compared is every other
/// character.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !c.is_control() && c != '\u{FEFF}')
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_is_printed_literally(text in student_text()) {
        let md = markdown_for(&text);
        let converted = convert(&md);
        prop_assert!(check_markup(&converted.markup).is_ok(), "{}", converted.markup);
        let pdf = render_markup(&converted.markup, Layout::Wide)
            .map_err(|e| TestCaseError::fail(format!("no PDF: {e:?}\n{}", converted.markup)))?;
        let printed = squeeze(&pdf_bytes_text(&pdf));
        prop_assert_eq!(printed, printable(&text), "markdown {:?}\nmarkup {}", md, converted.markup);
    }
}

proptest! {
    #![proptest_config(config())]

    /// Same in a table cell, where every word gets invisible break points: they must
    /// not change a character. The cell is the last of a ten-column table on an A4
    /// page, so that the break points are as dense as they get and are used.
    #[test]
    fn any_text_in_a_table_cell_is_printed_literally(text in student_text()) {
        let line = text.replace(['\n', '\r'], " ");
        let cell = markdown_for(&line);
        let md = format!("{}|\n{}|\n{}| {cell} |\n", "| h ".repeat(10), "|---".repeat(10), "| . ".repeat(9));
        let converted = convert(&md);
        prop_assert!(check_markup(&converted.markup).is_ok(), "{}", converted.markup);
        let pdf = render_markup(&converted.markup, Layout::A4)
            .map_err(|e| TestCaseError::fail(format!("no PDF: {e:?}\n{}", converted.markup)))?;
        let expected = format!("{}{}{}", "h".repeat(10), ".".repeat(9), printable(&line));
        prop_assert_eq!(squeeze(&pdf_bytes_text(&pdf)), expected, "markdown {:?}\nmarkup {}", md, converted.markup);
    }
}

// ----- (b) any document compiles --------------------------------------------------------

/// Inline pieces: words, markers, spans, links, HTML, shortcodes, Typst syntax.
fn inline() -> impl Strategy<Value = String> {
    const SNIPPETS: &[&str] = &[
        "mot",
        "é",
        "📄",
        " ",
        " ",
        " ",
        "*",
        "**",
        "_",
        "__",
        "~~",
        "`",
        "``",
        "\\",
        "#",
        "$",
        "@",
        "<",
        ">",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "|",
        "=",
        "-",
        "+",
        "/",
        "'",
        "\"",
        "&",
        "&amp;",
        "&#0;",
        "&nbsp;",
        "*em*",
        "**fort**",
        "~~barré~~",
        "`code`",
        "`` a`b ``",
        "[lien](https://exemple.fr/a_b)",
        "[mail](mailto:a@b.fr)",
        "<https://exemple.fr>",
        "<a@b.fr>",
        "[pro1](/assets/livrables/pro1.pdf)",
        "[doc](/assets/livrables/procedure.pdf)",
        "[absent](/assets/livrables/absent.pdf)",
        "[mission](/missions/autre/)",
        "[ancre](#haut)",
        "[sortie](../../etc/passwd)",
        "[fichier](file:///etc/passwd)",
        "![logo](/assets/img/logo.png)",
        "![absente](/assets/img/absente.png)",
        "![](../assets/img/logo.png)",
        "[![badge](/assets/img/logo.png)](https://x.fr)",
        "[ref][r]",
        "[^1]",
        "[^n]",
        "<br>",
        "<br/>",
        "<b>",
        "</b>",
        "<i>x</i>",
        "<kbd>Ctrl</kbd>",
        "<sup>2</sup>",
        "<sub>i</sub>",
        "<u>",
        "</u>",
        "<mark>m</mark>",
        "<code>c</code>",
        "<img src=\"/assets/img/logo.png\" alt=\"a\">",
        "<img src=\"absente.png\">",
        "<span>",
        "</span>",
        "<script>x</script>",
        "<nom-du-poste>",
        "<!-- c -->",
        "<!--",
        "{{< figure src=\"/assets/img/logo.png\" caption=\"Légende\" >}}",
        "{{< ref \"x\" >}}",
        "{{% note %}}",
        "{{<",
        ">}}",
        "#include \"x\"",
        "#set page(fill: red)",
        "]#[",
        "$HOME",
        "C:\\Users\\admin",
        "\\*",
        "\\#",
        "  \n",
        "\\\n",
        "\n",
        "a*b*c",
        "_config_",
        "//srv",
        "/var/log/*.log",
        "--no-interaction",
    ];
    proptest::collection::vec(select(SNIPPETS), 0..12).prop_map(|v| v.concat())
}

/// One block, possibly nested in containers.
fn block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        inline(),
        (1..8usize, inline()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        inline().prop_map(|t| format!("{t}\n===")),
        inline().prop_map(|t| format!("{t}\n---")),
        (
            select(&["- ", "* ", "+ ", "1. ", "7) ", "0. ", "- [ ] ", "- [x] "][..]),
            inline()
        )
            .prop_map(|(m, t)| format!("{m}{t}")),
        (
            select(
                &[
                    "",
                    "bash",
                    "PowerShell",
                    "php",
                    "c++",
                    "mermaid",
                    "{.x}",
                    "a b"
                ][..]
            ),
            inline()
        )
            .prop_map(|(l, t)| format!("```{l}\n{t}\n```")),
        inline().prop_map(|t| format!("    {t}")),
        inline().prop_map(|t| format!("~~~\n{t}")),
        (1..12usize, 0..5usize, inline()).prop_map(|(cols, rows, t)| {
            let aligns = [":--", "--:", ":-:", "---"];
            let head: Vec<String> = (0..cols).map(|i| format!("h{i} {t}")).collect();
            let sep: Vec<&str> = (0..cols).map(|i| aligns[i % 4]).collect();
            let mut s = format!("| {} |\n|{}|", head.join(" | "), sep.join("|"));
            for r in 0..rows {
                let cells: Vec<String> = (0..cols.saturating_sub(r)).map(|_| t.clone()).collect();
                s.push_str(&format!("\n| {} |", cells.join(" | ")));
            }
            s
        }),
        Just("---".to_string()),
        Just("***".to_string()),
        inline().prop_map(|t| format!("[^1]: {t}")),
        inline().prop_map(|t| format!("[^n]: {t}\n\n    suite [^1]")),
        Just("[r]: https://exemple.fr \"titre\"".to_string()),
        inline().prop_map(|t| format!("<div>\n{t}\n</div>")),
        inline().prop_map(|t| format!("<details><summary>{t}</summary>")),
        inline().prop_map(|t| format!("<pre>\n{t}\n</pre>")),
        inline().prop_map(|t| format!("> [!WARNING]\n> {t}")),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|b| prefix_lines(&b, "> ", "> ")),
            inner.clone().prop_map(|b| prefix_lines(&b, "- ", "  ")),
            inner.clone().prop_map(|b| prefix_lines(&b, "3. ", "   ")),
            inner.clone().prop_map(|b| prefix_lines(&b, "  ", "  ")),
            proptest::collection::vec(inner, 1..4).prop_map(|v| v.join("\n")),
        ]
    })
}

fn prefix_lines(block: &str, first: &str, rest: &str) -> String {
    block
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
        .collect::<Vec<_>>()
        .join("\n")
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (block(), select(&["\n", "\n\n", "\r\n\r\n", "\n\n\n"][..])),
        0..8,
    )
    .prop_map(|blocks| {
        blocks
            .into_iter()
            .map(|(b, sep)| format!("{b}{sep}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_document_compiles(md in document()) {
        let converted = convert(&md);
        if let Err(e) = check_markup(&converted.markup) {
            return Err(TestCaseError::fail(format!("{e}\n{}", converted.markup)));
        }
        if let Err(e) = render_markup(&converted.markup, Layout::A4) {
            return Err(TestCaseError::fail(format!("{e:?}\n{}", converted.markup)));
        }
    }
}

// ----- wide tables fit the page ---------------------------------------------------------

/// A ten-column table with long cells (paths, URLs, sentences) stays within the right
/// margin: no word of it is laid out past the text width.
#[test]
fn wide_tables_fit_the_page() {
    let mut md = String::from("| ");
    for i in 0..10 {
        md.push_str(&format!("Colonne numéro {i} | "));
    }
    md.push_str("\n|");
    md.push_str(&":--|--:|:-:|---|".repeat(3)[..40]);
    md.push('\n');
    let cells = [
        "C:\\Users\\administrateur\\AppData\\Roaming\\Microsoft\\Windows",
        "/etc/nginx/sites-available/portfolio-etudiant.conf",
        "https://portfolio.example.org/missions/supervision-centreon/",
        "Installation et configuration du serveur de supervision avec les sondes SNMP",
        "Get-ADUser -Filter * -SearchBase 'OU=Utilisateurs,DC=lycee,DC=local'",
        "inventaire_materiel_salle_B204_version_finale_corrigee.xlsx",
        "192.168.100.254/24",
        "anticonstitutionnellementextraordinairementlong",
        "ok",
        "Remarque : le pare-feu bloque le port 10050 entre les deux VLAN",
    ];
    for _ in 0..4 {
        md.push_str("| ");
        md.push_str(&cells.join(" | "));
        md.push_str(" |\n");
    }
    let converted = convert(&md);
    assert!(converted.markup.contains("#table("), "{}", converted.markup);
    let pdf = render_markup(&converted.markup, Layout::A4).expect("the table compiles");
    let words = crate::common::render::pdf_word_boxes(&pdf);
    assert!(words.iter().any(|w| w.0.contains("SNMP")));
    // A4 is 595.3 pt wide; the style's side margins are 1.6 cm (45.4 pt).
    let right_edge = 595.3 - 45.3;
    for (text, _, x_max, width) in &words {
        assert!((width - 595.3).abs() < 1.0, "A4 page expected, got {width}");
        assert!(
            *x_max <= right_edge + 1.0,
            "« {text} » ends at {x_max} pt, past the right margin ({right_edge} pt)"
        );
    }
    // Every cell's text is there (the long ones wrapped, not cut).
    let text: String = pdf_bytes_text(&pdf).split_whitespace().collect();
    for cell in cells {
        let cell: String = cell.split_whitespace().collect();
        assert!(text.contains(&cell), "cell {cell:?} missing from the PDF");
    }
}

/// A long run without a space in code (a JWT, a URL with its query) wraps inside the
/// page instead of running past its edge, and its text is copied back unchanged.
#[test]
fn long_code_tokens_wrap_inside_the_page() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJVadQssw5c";
    let url = "https://depot.example.org/outils/installation/agent-supervision/derniere-version/install.sh?jeton=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let md = format!(
        "```bash\nexport JETON={jwt}\ncurl -fsSL {url} | sudo bash\n```\n\nLa clé `{jwt}` est \
         à renouveler.\n"
    );
    let pdf = render_markup(&convert(&md).markup, Layout::A4).expect("compiles");
    let words = crate::common::render::pdf_word_boxes(&pdf);
    // A4 is 595.3 pt wide; the style's side margins are 1.6 cm (45.4 pt).
    let right_edge = 595.3 - 45.3;
    for (text, _, x_max, _) in &words {
        assert!(
            *x_max <= right_edge + 1.0,
            "« {text} » ends at {x_max} pt, past the right margin ({right_edge} pt)"
        );
    }
    let text: String = pdf_bytes_text(&pdf).split_whitespace().collect();
    assert!(!text.contains('\u{200b}'), "no invisible character added");
    assert_eq!(
        text.matches(jwt).count(),
        2,
        "the token is copied back whole: {text}"
    );
    assert!(text.contains(url), "{text}");
}

/// A portrait picture (a phone screenshot) is capped in height: it shares its page with
/// the text around it instead of taking a page of its own.
#[test]
fn tall_images_share_their_page() {
    let md =
        "Texte avant l'image.\n\n![Capture d'écran](/assets/img/haute.svg)\n\nTexte après l'image.";
    let converted = convert(md);
    assert!(converted.warnings.is_empty(), "{:?}", converted.warnings);
    let pdf = render_markup(&converted.markup, Layout::A4).expect("the page compiles");
    let text = pdf_bytes_text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 1, "one page expected: {pages:?}");
    for want in [
        "Texte avant l'image.",
        "Capture d'écran",
        "Texte après l'image.",
    ] {
        assert!(text.contains(want), "{want:?} missing");
    }
}
