//! Front matter: YAML between `---` lines (Astro, Hugo) or TOML between `+++` lines (Hugo).
//!
//! Both become one map of JSON values so that the model reads a single shape; TOML dates
//! become strings, as YAML leaves them.

use std::collections::BTreeMap;

use serde_json::Value;

/// The keys of a page's front matter, with the line each key starts on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub fields: BTreeMap<String, Value>,
    /// 1-based line of each top-level key in the file, for diagnostics.
    pub key_lines: BTreeMap<String, usize>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }

    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.key_lines.get(key).copied()
    }
}

/// A syntax error in the front matter, placed in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

/// A page split into its front matter and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

/// Splits `text` (already decoded, `\n` line endings) into front matter and body.
/// A page without front matter is all body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let (fence, toml) = if text.starts_with("---") {
        ("---", false)
    } else if text.starts_with("+++") {
        ("+++", true)
    } else {
        return Ok(Split {
            front: FrontMatter::default(),
            body: text,
            body_line: 1,
        });
    };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != fence {
        return Ok(Split {
            front: FrontMatter::default(),
            body: text,
            body_line: 1,
        });
    }
    // Find the closing fence on a line of its own.
    let mut offset = first_line_end + 1;
    let mut line_no = 2;
    let mut close = None;
    while offset <= text.len() {
        let rest = &text[offset..];
        let end = rest.find('\n').map_or(text.len(), |i| offset + i);
        let line = &text[offset..end];
        if line.trim_end() == fence || (!toml && line.trim_end() == "...") {
            close = Some((offset, end, line_no));
            break;
        }
        if end >= text.len() {
            break;
        }
        offset = end + 1;
        line_no += 1;
    }
    let Some((close_start, close_end, close_line)) = close else {
        return Err(FrontMatterError {
            line: 1,
            column: Some(1),
            message: format!("l'en-tête ouvert par « {fence} » n'est jamais fermé"),
        });
    };
    let source = text.get(first_line_end + 1..close_start).unwrap_or("");
    let fields = if toml {
        parse_toml(source)?
    } else {
        parse_yaml(source)?
    };
    let key_lines = key_lines(source, toml);
    let body_start = (close_end + 1).min(text.len());
    Ok(Split {
        front: FrontMatter { fields, key_lines },
        body: &text[body_start..],
        body_line: close_line + 1,
    })
}

/// Line numbers in errors are relative to the file: the front matter starts on line 2.
const FIRST_LINE: usize = 2;

/// Parses a whole YAML file (`candidat.yaml`, `classe.yaml`) as a map of keys.
pub fn parse_yaml_file(text: &str) -> Result<FrontMatter, FrontMatterError> {
    let fields = parse_yaml_at(text, 1)?;
    Ok(FrontMatter {
        fields,
        key_lines: key_lines_at(text, false, 1),
    })
}

fn parse_yaml(source: &str) -> Result<BTreeMap<String, Value>, FrontMatterError> {
    parse_yaml_at(source, FIRST_LINE)
}

fn parse_yaml_at(
    source: &str,
    first_line: usize,
) -> Result<BTreeMap<String, Value>, FrontMatterError> {
    if source.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    check_nesting(source, first_line)?;
    let quoted = quote_huge_integers(source);
    let value: serde_yaml::Value = serde_yaml::from_str(&quoted).map_err(|e| {
        let (line, column) = e.location().map_or((first_line, None), |l| {
            (l.line() + first_line - 1, Some(l.column()))
        });
        // serde_yaml places a duplicate key at the start of its map: point at the second
        // occurrence instead, the line to delete or rename.
        let (line, column) = match duplicate_key_line(source, &e.to_string()) {
            Some(i) => (i + first_line, Some(1)),
            None => (line, column),
        };
        FrontMatterError {
            line,
            column,
            message: format!("en-tête YAML invalide : {}", yaml_message(&e)),
        }
    })?;
    // `<<: *defaults`: the merge keys YAML 1.1 defined and students copy from
    // generators' docs; serde_yaml keeps `<<` as a plain key unless asked.
    let mut value = value;
    value.apply_merge().map_err(|e| FrontMatterError {
        line: first_line,
        column: Some(1),
        message: format!("en-tête YAML invalide : {}", yaml_message(&e)),
    })?;
    match value {
        serde_yaml::Value::Mapping(map) => Ok(map
            .into_iter()
            .filter_map(|(k, v)| Some((yaml_key(k)?, yaml_to_json(v))))
            .collect()),
        serde_yaml::Value::Null => Ok(BTreeMap::new()),
        _ => Err(FrontMatterError {
            line: first_line,
            column: Some(1),
            message: "l'en-tête YAML doit être une liste de clés « clé: valeur »".into(),
        }),
    }
}

/// Deepest `[`/`{` nesting accepted in a YAML header. The YAML parser takes a time
/// quadratic in the depth (100 000 levels: 23 s) before refusing it.
pub const MAX_YAML_DEPTH: usize = 64;

/// A linear pre-scan of the flow collections' depth (brackets outside quotes and
/// comments), refusing a header nested deeper than [`MAX_YAML_DEPTH`] before the parser
/// sees it.
fn check_nesting(source: &str, first_line: usize) -> Result<(), FrontMatterError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut line = first_line;
    let mut prev = ' ';
    for c in source.chars() {
        match (quote, c) {
            // A flow collection, or a quoted value, may span lines.
            (_, '\n') => {
                line += 1;
                comment = false;
            }
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':' | '\n' | '-') => {
                quote = Some(c)
            }
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Err(FrontMatterError {
                        line,
                        column: None,
                        message: format!(
                            "en-tête YAML imbriqué sur plus de {MAX_YAML_DEPTH} niveaux de « [ » ou « {{ » : refusé"
                        ),
                    });
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    Ok(())
}

/// `key: <digits>` with more digits than a 64-bit integer holds is quoted (same line,
/// same column): the YAML parser would refuse the whole file, where a candidate number
/// typed with 30 digits is only a wrong number, reported as such by the model.
fn quote_huge_integers(source: &str) -> std::borrow::Cow<'_, str> {
    let huge = |v: &str| v.len() > 18 && v.bytes().all(|b| b.is_ascii_digit());
    let is_huge_line = |line: &str| {
        line.split_once(": ")
            .is_some_and(|(key, v)| !key.trim().is_empty() && huge(v.trim()))
    };
    if !source.lines().any(is_huge_line) {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len() + 8);
    for line in source.split_inclusive('\n') {
        match line.split_once(": ") {
            Some((key, v)) if is_huge_line(line) => {
                let end = if line.ends_with('\n') { "\n" } else { "" };
                out.push_str(&format!("{key}: \"{}\"{end}", v.trim()));
            }
            _ => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The 0-based line of the second top-level `key:` of a YAML source, when serde_yaml
/// reports that key as duplicated.
fn duplicate_key_line(source: &str, message: &str) -> Option<usize> {
    let (_, rest) = message.split_once("duplicate entry with key ")?;
    let key = rest.split(" at line ").next()?.trim_matches('"');
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim_end();
            [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
                .iter()
                .any(|k| {
                    line.strip_prefix(k.as_str())
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                })
        })
        .nth(1)
        .map(|(i, _)| i)
}

/// The YAML parser's usual messages (English substrings) and what a student reads instead.
const YAML_FRENCH: &[(&str, &str)] = &[
    (
        "mapping values are not allowed",
        "« : » inattendu ; une valeur qui contient « : » doit être entre guillemets",
    ),
    (
        "cannot start any token",
        "caractère interdit en début de valeur (« @ », « ` », « % »…) ; mettez la valeur entre guillemets",
    ),
    (
        "did not find expected ',' or ']'",
        "liste entre crochets non fermée : « ] » ou « , » attendu",
    ),
    (
        "did not find expected ',' or '}'",
        "accolades non fermées : « } » ou « , » attendu",
    ),
    (
        "did not find expected key",
        "clé attendue : indentation incohérente, ou valeur à mettre entre guillemets",
    ),
    ("could not find expected ':'", "« : » attendu après la clé"),
    (
        "tab character",
        "tabulation dans l'indentation : indentez avec des espaces",
    ),
    (
        "unknown escape character",
        "échappement inconnu entre guillemets doubles : écrivez \\\\ pour une barre oblique inverse, ou utilisez des guillemets simples",
    ),
    (
        "hexadecimal number",
        "échappement incomplet entre guillemets doubles (\\U, \\u ou \\x, comme dans \"C:\\Users\") : écrivez \\\\ pour une barre oblique inverse, ou utilisez des guillemets simples",
    ),
    (
        "found unexpected end of stream",
        "fin de l'en-tête inattendue : guillemet ou crochet non fermé",
    ),
    (
        "block sequence entries are not allowed",
        "« - » inattendu : élément de liste mal indenté",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste attendu (« - ») : indentation incohérente",
    ),
    ("did not find expected node content", "valeur attendue"),
    (
        "did not find expected alphabetic or numeric character",
        "« & » ou « * » en début de valeur : mettez la valeur entre guillemets",
    ),
    ("duplicate entry", "clé en double"),
    (
        "recursion limit exceeded",
        "en-tête imbriqué sur trop de niveaux",
    ),
    (
        "repetition limit exceeded",
        "trop de reprises d'alias (« * ») : en-tête refusé",
    ),
    (
        "unknown anchor",
        "alias « * » sans ancre « & » correspondante",
    ),
    (
        "control characters are not allowed",
        "caractère de contrôle invisible interdit dans l'en-tête",
    ),
    (
        "found undefined tag handle",
        "étiquette « ! » inconnue : mettez la valeur entre guillemets",
    ),
];

/// serde_yaml's message in French, without its own « at line X column Y » (we print
/// the place). The parser's messages are English: the usual ones are translated, with
/// what to do; an unusual one follows a French sentence, still placed in the file.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(&msg).to_string(),
        None => msg,
    };
    match YAML_FRENCH.iter().find(|(en, _)| msg.contains(en)) {
        Some((_, fr)) => match msg.split_once("duplicate entry with key ") {
            Some((_, key)) => format!("clé {} en double", key.trim_matches('"').replace('"', "")),
            None => (*fr).to_string(),
        },
        // Never the parser's English alone: a French sentence first, its words after.
        None => format!("syntaxe non reconnue (détail du lecteur YAML : {msg})"),
    }
}

/// The TOML parser's message in French (the usual ones; see [`yaml_message`]).
fn toml_message(message: &str) -> String {
    const FRENCH: &[(&str, &str)] = &[
        (
            "must be quoted",
            "une valeur texte doit être entre guillemets : titre = \"…\"",
        ),
        ("duplicate key", "clé en double"),
        (
            "invalid basic string",
            "guillemet « \" » non fermé (ou retour à la ligne dans la valeur)",
        ),
        (
            "invalid literal string",
            "apostrophe « ' » non fermée (ou retour à la ligne dans la valeur)",
        ),
        (
            "expected `]`",
            "liste entre crochets non fermée : « ] » attendu",
        ),
        ("expected `=`", "« = » attendu entre la clé et la valeur"),
        ("invalid key", "clé invalide"),
    ];
    match FRENCH.iter().find(|(en, _)| message.contains(en)) {
        Some((_, fr)) => (*fr).to_string(),
        None => message.trim().to_string(),
    }
}

fn yaml_key(k: serde_yaml::Value) -> Option<String> {
    match k {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map_or(Value::Null, Value::from)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(seq) => {
            Value::Array(seq.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| Some((yaml_key(k)?, yaml_to_json(v))))
                .collect(),
        ),
        serde_yaml::Value::Tagged(t) => yaml_to_json(t.value),
    }
}

fn parse_toml(source: &str) -> Result<BTreeMap<String, Value>, FrontMatterError> {
    let table: toml::Table = toml::from_str(source).map_err(|e| {
        let (line, column) = e.span().map_or((FIRST_LINE, None), |span| {
            let before = source.get(..span.start).unwrap_or("");
            let line = before.matches('\n').count() + FIRST_LINE;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, Some(column))
        });
        FrontMatterError {
            line,
            column,
            message: format!("en-tête TOML invalide : {}", toml_message(e.message())),
        }
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Where each top-level key starts: a line beginning with `key:` (YAML) or `key =` (TOML).
fn key_lines(source: &str, toml: bool) -> BTreeMap<String, usize> {
    key_lines_at(source, toml, FIRST_LINE)
}

fn key_lines_at(source: &str, toml: bool, first_line: usize) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (i, line) in source.lines().enumerate() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let sep = if toml { '=' } else { ':' };
        if let Some((key, _)) = line.split_once(sep) {
            let key = key.trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                lines.entry(key.to_string()).or_insert(i + first_line);
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_and_body() {
        let s = split("---\ntitle: Bonjour\ntags: [a, b]\n---\n\n# Corps\n").unwrap();
        assert_eq!(s.front.get("title"), Some(&Value::from("Bonjour")));
        assert_eq!(s.front.line_of("tags"), Some(3));
        assert_eq!(s.body, "\n# Corps\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn toml_front_matter_with_a_date() {
        let s = split("+++\ntitle = \"Zabbix\"\ndate = 2025-03-10\n+++\ncorps").unwrap();
        assert_eq!(s.front.get("title"), Some(&Value::from("Zabbix")));
        assert_eq!(s.front.get("date"), Some(&Value::from("2025-03-10")));
        assert_eq!(s.body, "corps");
    }

    #[test]
    fn yaml_error_is_placed_in_the_file() {
        let err = split("---\ntitle: ok\ncompetences: [a, b\n---\n").unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(err.message.starts_with("en-tête YAML invalide"));
    }

    #[test]
    fn syntax_errors_are_explained_in_french() {
        let cases = [
            ("---\nlieu: Vannes: salle B204\n---\n", "« : » inattendu"),
            (
                "---\ncompetences: [a, b\n---\n",
                "liste entre crochets non fermée",
            ),
            (
                "---\ntitle: @admin\n---\n",
                "caractère interdit en début de valeur",
            ),
            ("---\ntitle: \"C:\\Users\"\n---\n", "échappement incomplet"),
            ("---\ntitle: \"a\\qb\"\n---\n", "échappement inconnu"),
            ("---\ntitle: a\ntitle: b\n---\n", "clé title en double"),
            ("+++\nlieu = Vannes\n+++\n", "doit être entre guillemets"),
            (
                "+++\ntitle = \"a\ntitle = \"b\"\n+++\n",
                "guillemet « \" » non fermé",
            ),
            ("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", "clé en double"),
        ];
        for (page, french) in cases {
            let err = split(page).unwrap_err();
            assert!(err.message.contains(french), "{page:?}: {}", err.message);
        }
    }

    #[test]
    fn a_duplicate_key_is_placed_on_its_second_occurrence() {
        let err = split("---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n").unwrap_err();
        assert_eq!(err.line, 4, "{err:?}");
        assert!(err.message.contains("clé title en double"), "{err:?}");
        let err = parse_yaml_file("nom: A\nprenom: B\nnom: C\n").unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }

    #[test]
    fn toml_error_is_placed_in_the_file() {
        let err = split("+++\ntitle = \"ok\"\ndate = = 3\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }

    #[test]
    fn unclosed_or_absent_front_matter() {
        assert!(split("---\ntitle: x\n").is_err());
        let s = split("# Juste un titre\n").unwrap();
        assert!(s.front.fields.is_empty());
        assert_eq!(s.body_line, 1);
        // A thematic break in a body is not front matter.
        let s = split("----\ntexte").unwrap();
        assert!(s.front.fields.is_empty());
    }

    #[test]
    fn anchors_and_merge_keys_apply() {
        let s = split(
            "---\ndefaults: &defaults\n  lieu: Lycée Basch\n  modalite: equipe\ntitle: A\n<<: *defaults\nmodalite: seul\n---\n",
        )
        .unwrap();
        assert_eq!(
            s.front.get("lieu"),
            Some(&Value::String("Lycée Basch".into()))
        );
        // A key written in the page wins over the merged one.
        assert_eq!(s.front.get("modalite"), Some(&Value::String("seul".into())));
        assert!(s.front.get("<<").is_none());
    }
}
