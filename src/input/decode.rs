//! Turns the raw bytes of a student's file into clean Unicode text.
//!
//! Students write their pages with whatever editor, CMS export or copy-paste chain
//! they have at hand, so the bytes that reach us are not always clean UTF-8:
//!
//! * a UTF-8 byte order mark (Windows Notepad, Excel CSV exports) that would hide the
//!   `---` of the front matter or the first CSV header;
//! * CRLF (or old Mac CR) line endings that leave a stray `\r` in titles and code;
//! * files saved in Windows-1252 / Latin-1, which are not valid UTF-8 at all;
//! * *mojibake*: UTF-8 text that some tool decoded with a legacy single-byte code page
//!   (Windows-1252, Windows-1254 or Mac Roman) and saved again as UTF-8, so that
//!   « é » became « Ã© » or « √© » and « 📄 » became « ðŸ“„ » or « ğŸ“„ ».
//!
//! [`decode`] undoes all of these and reports what it did as [`Repair`]s, so that the
//! caller can warn the user (the text of a jury document must not change silently).
//!
//! Mojibake is repaired **per file**, never per sequence: the whole text is encoded
//! back with the suspected code page and the bytes must form valid UTF-8. This is what
//! reverses the accident exactly, including text that legitimately *quotes* a
//! mojibake sequence (a student explaining that « Ã© » was shown instead of « é »):
//! a per-sequence fixer would "repair" the quotation too.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use encoding_rs::{Encoding, MACINTOSH, UTF_8, WINDOWS_1252, WINDOWS_1254};

/// A legacy single-byte code page that text was wrongly decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePage {
    /// Western European Windows (the usual culprit on French Windows machines).
    Windows1252,
    /// Turkish Windows: same as Windows-1252 except a few letters (`ğ`, `ş`, `İ`...),
    /// which is why emoji come out as « ğŸ“„ » instead of « ðŸ“„ ».
    Windows1254,
    /// Classic Mac OS Roman, still the default of some macOS tools (« √© »).
    MacRoman,
}

impl CodePage {
    /// Every code page tried by the mojibake repair, in order of preference: when two
    /// code pages give the same repaired text, the first one is reported.
    pub const ALL: [CodePage; 3] = [
        CodePage::Windows1252,
        CodePage::Windows1254,
        CodePage::MacRoman,
    ];

    /// Human-readable name, as shown to the user.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CodePage::Windows1252 => "Windows-1252",
            CodePage::Windows1254 => "Windows-1254",
            CodePage::MacRoman => "Mac Roman",
        }
    }

    /// The `encoding_rs` encoding (WHATWG definition) for this code page.
    #[must_use]
    pub fn encoding(self) -> &'static Encoding {
        match self {
            CodePage::Windows1252 => WINDOWS_1252,
            CodePage::Windows1254 => WINDOWS_1254,
            CodePage::MacRoman => MACINTOSH,
        }
    }

    /// The byte this code page uses for `c`, if any.
    ///
    /// Used only to *score* text (see [`mojibake_evidence`]); the repair itself goes
    /// through the `encoding_rs` encoder. The table is built from the `encoding_rs`
    /// decoder so that both agree, including the WHATWG C1 controls (U+0081...) that
    /// Windows-1252/1254 use for their undefined bytes.
    fn byte_of(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return u8::try_from(u32::from(c)).ok();
        }
        let table = self.high_half();
        table
            .binary_search_by_key(&c, |&(ch, _)| ch)
            .ok()
            .and_then(|i| table.get(i))
            .map(|&(_, b)| b)
    }

    /// `(char, byte)` pairs for bytes 0x80–0xFF, sorted by char, built once.
    fn high_half(self) -> &'static [(char, u8)] {
        static W1252: OnceLock<Vec<(char, u8)>> = OnceLock::new();
        static W1254: OnceLock<Vec<(char, u8)>> = OnceLock::new();
        static MAC: OnceLock<Vec<(char, u8)>> = OnceLock::new();
        let cell = match self {
            CodePage::Windows1252 => &W1252,
            CodePage::Windows1254 => &W1254,
            CodePage::MacRoman => &MAC,
        };
        cell.get_or_init(|| {
            let mut pairs: Vec<(char, u8)> = (0x80..=0xFFu8)
                .filter_map(|b| {
                    let byte = [b];
                    let (s, _) = self.encoding().decode_without_bom_handling(&byte);
                    s.chars()
                        .next()
                        .filter(|&c| c != char::REPLACEMENT_CHARACTER)
                        .map(|c| (c, b))
                })
                .collect();
            pairs.sort_unstable();
            pairs
        })
    }
}

impl fmt::Display for CodePage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What was done to the bytes to get the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// A leading byte order mark was removed (UTF-8, or UTF-16 whose text was then
    /// decoded as such). Harmless, but it would hide the front matter's `---`.
    BomStripped,
    /// CRLF (Windows) or lone CR (old Mac) line endings were turned into `\n`.
    CrlfNormalised,
    /// Bytes were not valid UTF-8 and were decoded as Windows-1252.
    DecodedAsWindows1252,
    /// The file is UTF-16 or UTF-32 without a byte order mark (or UTF-32 with one), as
    /// some Windows tools save "Unicode" text; decoded as such.
    DecodedAsUnicode {
        /// `UTF-16LE`, `UTF-16BE`, `UTF-32LE` or `UTF-32BE`.
        encoding: &'static str,
    },
    /// Bidirectional embedding, override or isolate controls (U+202A–U+202E,
    /// U+2066–U+2069) were removed: invisible, they reverse the text around them (a
    /// U+202E makes the rest of a paragraph print backwards).
    BidiControlsRemoved {
        /// How many were removed.
        count: usize,
    },
    /// Some lines look like mojibake but could not all be repaired: left as they are.
    MojibakeSuspected {
        /// First suspicious word, as it is in the file.
        example: String,
    },
    /// UTF-8 text had been misread as `CodePage` and saved again; reversed.
    Mojibake {
        /// The code page the text had been wrongly decoded with.
        misread_as: CodePage,
        /// First damaged word, as it was in the file.
        example_before: String,
        /// The same word after repair.
        example_after: String,
    },
}

impl Repair {
    /// One French sentence describing the repair, meant for the user's warnings.
    #[must_use]
    pub fn message_fr(&self) -> String {
        match self {
            Repair::BomStripped => {
                "marque d'ordre des octets (BOM) supprimée en début de fichier".to_string()
            }
            Repair::CrlfNormalised => {
                "fins de ligne Windows (CRLF) ou Mac (CR) converties en fins de ligne Unix (LF)"
                    .to_string()
            }
            Repair::DecodedAsWindows1252 => "le fichier n'est pas en UTF-8 : lu comme \
                 Windows-1252 (Latin-1) ; vérifiez les caractères accentués et \
                 réenregistrez-le en UTF-8"
                .to_string(),
            Repair::DecodedAsUnicode { encoding } => {
                format!("fichier en {encoding} (« Unicode » de Windows) : lu comme tel")
            }
            Repair::BidiControlsRemoved { count } => format!(
                "{count} caractère(s) invisible(s) de sens d'écriture (U+202A–U+202E, U+2066–U+2069) supprimé(s) : ils inversaient l'affichage du texte qui les suit"
            ),
            Repair::MojibakeSuspected { example } => format!(
                "texte peut-être mal encodé (« {example} ») : certaines lignes ressemblent à de l'UTF-8 lu à tort comme Windows-1252, mais toutes ne peuvent pas être réparées ; laissé tel quel"
            ),
            Repair::Mojibake {
                misread_as,
                example_before,
                example_after,
            } => {
                if example_before.is_empty() && example_after.is_empty() {
                    format!("texte réparé : UTF-8 lu à tort comme {misread_as}")
                } else {
                    format!(
                        "texte réparé : UTF-8 lu à tort comme {misread_as} \
                         (« {example_before} » → « {example_after} »)"
                    )
                }
            }
        }
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_fr())
    }
}

/// Clean text plus the list of what had to be done to obtain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text: no BOM, `\n` line endings only, no U+FFFD.
    pub text: String,
    /// Repairs applied, in the order they were applied; empty for a clean file.
    pub repairs: Vec<Repair>,
}

/// Doubly (or triply) encoded text exists (a file that went through two bad tools);
/// beyond three rounds it is more likely that we are chasing noise.
const MAX_MOJIBAKE_ROUNDS: usize = 3;

/// Longest example shown in a [`Repair::Mojibake`] message, in characters.
const MAX_EXAMPLE_CHARS: usize = 40;

/// Decodes a file's bytes into clean text, repairing the usual encoding accidents.
///
/// Never fails and never panics: any byte sequence yields some text. Clean UTF-8
/// (accents, emoji, « », ’, —) comes back unchanged with no repair reported.
///
/// Steps, in order:
/// 1. strip a byte order mark (UTF-8; UTF-16 is decoded as UTF-16); UTF-32, and UTF-16
///    without a BOM, are told by their zero bytes ([`Repair::DecodedAsUnicode`]);
/// 2. UTF-8, or — if the bytes are not valid UTF-8 — Windows-1252
///    ([`Repair::DecodedAsWindows1252`]);
/// 3. reverse mojibake, per file, up to three rounds ([`Repair::Mojibake`]); else line by
///    line when every damaged line can be repaired, else warn
///    ([`Repair::MojibakeSuspected`]);
///    then remove bidirectional controls ([`Repair::BidiControlsRemoved`]);
/// 4. remove any BOM that the previous steps uncovered (« ï»¿ » once repaired);
/// 5. turn CRLF and lone CR into `\n` ([`Repair::CrlfNormalised`]);
/// 6. replace any U+FFFD already present in the file by `?`, so that the
///    replacement character never reaches the PDF (the original character is lost
///    anyway; this is not reported as a repair).
#[must_use]
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut repairs = Vec::new();
    let text = decode_encoding(bytes, &mut repairs);
    let text = repair_mojibake(text, &mut repairs);
    let text = tidy(text, &mut repairs);
    Decoded { text, repairs }
}

/// Bytes → text: UTF-32/16 by BOM or by their zero bytes, else UTF-8 (with or without a
/// BOM), else Windows-1252.
fn decode_encoding(bytes: &[u8], repairs: &mut Vec<Repair>) -> String {
    if let Some((name, text)) = decode_unicode(bytes) {
        if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
            repairs.push(Repair::BomStripped);
        }
        repairs.push(Repair::DecodedAsUnicode { encoding: name });
        return text;
    }
    match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            repairs.push(Repair::BomStripped);
            let rest = bytes.get(bom_len..).unwrap_or_default();
            if encoding == UTF_8 {
                decode_utf8_or_windows_1252(rest, repairs)
            } else {
                // UTF-16 (Notepad's "Unicode"): the BOM makes this unambiguous.
                encoding.decode_without_bom_handling(rest).0.into_owned()
            }
        }
        None => decode_utf8_or_windows_1252(bytes, repairs),
    }
}

/// Undoes mojibake: the whole text when it was misread as a whole (possibly several
/// times), else line by line when enough words are damaged; a damage that cannot be
/// undone is reported as suspected.
fn repair_mojibake(text: String, repairs: &mut Vec<Repair>) -> String {
    let mut previous = text;
    let whole = mojibake_repairs(&previous, MAX_MOJIBAKE_ROUNDS);
    let repaired_whole = !whole.is_empty();
    for (misread_as, repaired) in whole {
        previous = record_mojibake(previous, misread_as, repaired, repairs);
    }
    if repaired_whole || damaged_words(&previous) < MIN_LINE_REPAIR_EVIDENCE {
        return previous;
    }
    match repair_lines(&previous) {
        Some((misread_as, repaired)) => record_mojibake(previous, misread_as, repaired, repairs),
        None => {
            let word = previous
                .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''))
                .find(|w| looks_damaged(w))
                .unwrap_or_default();
            repairs.push(Repair::MojibakeSuspected {
                example: shorten(word),
            });
            previous
        }
    }
}

/// Records one mojibake repair, with an example word before and after; returns the
/// repaired text.
fn record_mojibake(
    before: String,
    misread_as: CodePage,
    repaired: String,
    repairs: &mut Vec<Repair>,
) -> String {
    let (example_before, example_after) = example(&before, &repaired);
    repairs.push(Repair::Mojibake {
        misread_as,
        example_before,
        example_after,
    });
    repaired
}

/// Last touches on decoded text: bidi overrides removed, a BOM that surfaced only after
/// repair stripped, line endings made LF, replacement characters made `?`.
fn tidy(mut text: String, repairs: &mut Vec<Repair>) -> String {
    let bidi = text.chars().filter(|&c| is_bidi_control(c)).count();
    if bidi > 0 {
        text.retain(|c| !is_bidi_control(c));
        repairs.push(Repair::BidiControlsRemoved { count: bidi });
    }
    // A BOM can surface only now: doubled BOMs, or « ï»¿ » turned back into U+FEFF.
    if text.starts_with('\u{feff}') {
        text = text.trim_start_matches('\u{feff}').to_string();
        if !repairs.contains(&Repair::BomStripped) {
            repairs.insert(0, Repair::BomStripped);
        }
    }
    if text.contains('\r') {
        text = normalise_line_endings(&text);
        repairs.push(Repair::CrlfNormalised);
    }
    if text.contains(char::REPLACEMENT_CHARACTER) {
        text = text.replace(char::REPLACEMENT_CHARACTER, "?");
    }
    text
}

/// Damaged words (see [`damaged_words`]) a file must hold before it is repaired line by
/// line: one damaged word may be a quotation.
const MIN_LINE_REPAIR_EVIDENCE: usize = 2;

/// Words that read as mojibake (« sÃ©curitÃ© »): ASCII letters around sequences that
/// one code page turns back into usual characters (« sécurité »). A quoted sequence on
/// its own (« `Ã©` », a README explaining the accident) or clean French that happens to
/// form a sequence in Mac Roman (« d’é » is D5 8E, valid UTF-8) is not counted.
fn damaged_words(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''))
        .filter(|w| looks_damaged(w))
        .count()
}

fn looks_damaged(word: &str) -> bool {
    if !word.chars().any(|c| c.is_ascii_alphabetic()) || badness(word) == 0 {
        return false;
    }
    CodePage::ALL.iter().any(|&cp| {
        reencode(word, cp)
            .is_some_and(|r| r != word && r.chars().all(is_usual) && badness(&r) < badness(word))
    })
}

/// A file mixing clean lines and mojibake lines (two pages pasted together): each line
/// holding a damaged word is repaired on its own, but only if *every* such line has a
/// repair into usual characters; else nothing is changed (the caller warns). Returns the
/// code page of the first repaired line and the text.
fn repair_lines(text: &str) -> Option<(CodePage, String)> {
    let mut out = String::with_capacity(text.len());
    let mut first = None;
    for line in text.split_inclusive('\n') {
        if damaged_words(line) == 0 {
            out.push_str(line);
            continue;
        }
        let chain = mojibake_repairs(line, MAX_MOJIBAKE_ROUNDS);
        let (code_page, repaired) = chain.last()?;
        let plausible = repaired.chars().all(|c| is_usual(c) || line.contains(c));
        if !plausible || damaged_words(repaired) > 0 {
            return None;
        }
        first.get_or_insert(chain.first().map_or(*code_page, |(cp, _)| *cp));
        out.push_str(repaired);
    }
    Some((first?, out))
}

/// Bidirectional embedding, override and isolate controls.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// UTF-32 (with or without a BOM) and UTF-16 without a BOM, told by where the zero bytes
/// fall: text in these encodings is mostly Latin letters, so every other byte (UTF-16)
/// or three bytes in four (UTF-32) are zero, which UTF-8 text never has.
fn decode_unicode(bytes: &[u8]) -> Option<(&'static str, String)> {
    if bytes.len() < 4 || !bytes.contains(&0) {
        return None;
    }
    let utf32 = |big: bool, body: &[u8]| -> String {
        body.chunks_exact(4)
            .map(|q| {
                let n = if big {
                    u32::from_be_bytes([q[0], q[1], q[2], q[3]])
                } else {
                    u32::from_le_bytes([q[0], q[1], q[2], q[3]])
                };
                char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect()
    };
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return Some(("UTF-32LE", utf32(false, body)));
    }
    if let Some(body) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        return Some(("UTF-32BE", utf32(true, body)));
    }
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    // Share of zero bytes at each position modulo 4.
    let mut zeros = [0usize; 4];
    for (i, b) in bytes.iter().enumerate() {
        if *b == 0 {
            zeros[i % 4] += 1;
        }
    }
    let quads = bytes.len() / 4;
    let mostly = |n: usize| n * 10 >= quads * 9;
    let rarely = |n: usize| n * 10 <= quads;
    if bytes.len().is_multiple_of(4) {
        if mostly(zeros[2]) && mostly(zeros[3]) && rarely(zeros[0]) {
            return Some(("UTF-32LE", utf32(false, bytes)));
        }
        if mostly(zeros[0]) && mostly(zeros[1]) && rarely(zeros[3]) {
            return Some(("UTF-32BE", utf32(true, bytes)));
        }
    }
    let pairs = bytes.len() / 2;
    let (even, odd) = (zeros[0] + zeros[2], zeros[1] + zeros[3]);
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        let text = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes).0;
        return Some(("UTF-16LE", text.into_owned()));
    }
    if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        let text = encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0;
        return Some(("UTF-16BE", text.into_owned()));
    }
    None
}

/// UTF-8 if valid; otherwise Windows-1252, reporting [`Repair::DecodedAsWindows1252`].
///
/// Two readings of invalid bytes are compared: the whole file as Windows-1252, and a
/// mixed reading that keeps the valid UTF-8 sequences and reads only the invalid bytes
/// as Windows-1252 (a UTF-8 page into which a Latin-1 fragment was pasted). The
/// mixed reading wins only when it is strictly less [`badness`]-y and all the
/// characters of its UTF-8 runs are [usual](is_usual): a genuine Windows-1252 file
/// is then decoded exactly as Windows-1252 even where two of its bytes happen to
/// form valid UTF-8, since such accidents give Latin Extended-B, IPA, Greek,
/// Cyrillic... (`Ç’` is C7 92, « ǒ »). The price: a UTF-8 page quoting Greek or
/// Cyrillic *and* holding a Latin-1 fragment is read wholly as Windows-1252.
fn decode_utf8_or_windows_1252(bytes: &[u8], repairs: &mut Vec<Repair>) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    repairs.push(Repair::DecodedAsWindows1252);
    let whole = WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned();
    let (mixed, utf8_parts_usual) = decode_mixed(bytes);
    if utf8_parts_usual && badness(&mixed) < badness(&whole) {
        mixed
    } else {
        whole
    }
}

/// Valid UTF-8 runs as UTF-8, every invalid byte run as Windows-1252; also tells
/// whether all the characters of the UTF-8 runs are [usual](is_usual).
///
/// Windows-1252 (WHATWG) maps all 256 bytes, so no U+FFFD is ever produced.
fn decode_mixed(bytes: &[u8]) -> (String, bool) {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut usual = true;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                usual &= s.chars().all(is_usual);
                out.push_str(s);
                break;
            }
            Err(err) => {
                let Some((valid, after)) = rest.split_at_checked(err.valid_up_to()) else {
                    // Cannot happen (valid_up_to <= len); stay total anyway.
                    out.push_str(&WINDOWS_1252.decode_without_bom_handling(rest).0);
                    break;
                };
                let valid = String::from_utf8_lossy(valid);
                usual &= valid.chars().all(is_usual);
                out.push_str(&valid);
                // `None`: truncated sequence at the very end, i.e. the rest.
                let bad_len = err.error_len().unwrap_or(after.len()).max(1);
                let (bad, tail) = after.split_at_checked(bad_len).unwrap_or((after, &[]));
                out.push_str(&WINDOWS_1252.decode_without_bom_handling(bad).0);
                rest = tail;
            }
        }
    }
    (out, usual)
}

/// The most plausible reversal of mojibake, as successive rounds `(code page, text
/// after the round)`; empty when the text is best left as it is.
///
/// One round: the *whole* text is encoded with a code page (losslessly: one
/// unmappable character and the code page is out) and the bytes must be valid UTF-8;
/// the result must be strictly less [`badness`]-y than the text it came from.
/// Rounds are chained (at most `rounds_left`) for text damaged twice. The final text
/// must contain no junk (C1 controls, noncharacters); an intermediate one may, as
/// the Windows-1252 mojibake of « 📁 » contains U+0081. Among the code pages, the
/// chain ending with the least bad text wins, ties going to the first code page of
/// [`CodePage::ALL`].
///
/// Clean French text practically never passes: any accented letter next to ASCII
/// (« é » followed by « t ») encodes to a byte that is not valid UTF-8. The one
/// undecidable case is a text whose *only* non-ASCII characters are quoted
/// mojibake (ASCII prose plus « Ã© »): it is indistinguishable from real mojibake
/// and gets repaired.
fn mojibake_repairs(text: &str, rounds_left: usize) -> Vec<(CodePage, String)> {
    let current = badness(text);
    if rounds_left == 0 || current == 0 {
        return Vec::new();
    }
    let mut best: Option<(usize, Vec<(CodePage, String)>)> = None;
    for code_page in CodePage::ALL {
        let Some(candidate) = reencode(text, code_page) else {
            continue;
        };
        if candidate == text || badness(&candidate) >= current {
            continue;
        }
        let further = mojibake_repairs(&candidate, rounds_left - 1);
        let mut chain = vec![(code_page, candidate)];
        chain.extend(further);
        let Some((_, last)) = chain.last() else {
            continue;
        };
        if has_junk(last) {
            continue;
        }
        let score = badness(last);
        if best
            .as_ref()
            .is_none_or(|(best_score, _)| score < *best_score)
        {
            best = Some((score, chain));
        }
    }
    best.map(|(_, chain)| chain).unwrap_or_default()
}

/// `text` encoded with `code_page` then read as UTF-8, or `None` if either step is
/// lossy (unmappable character, invalid UTF-8).
fn reencode(text: &str, code_page: CodePage) -> Option<String> {
    let (bytes, _, had_unmappable) = code_page.encoding().encode(text);
    if had_unmappable {
        return None;
    }
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(str::to_string),
        Cow::Owned(b) => String::from_utf8(b).ok(),
    }
}

/// Characters that no repaired text should contain: C1 controls (a sign that the
/// bytes were not meant as UTF-8) and Unicode noncharacters.
fn has_junk(text: &str) -> bool {
    text.chars().any(|c| {
        is_c1(c) || matches!(c, '\u{fdd0}'..='\u{fdef}') || (u32::from(c) & 0xFFFE) == 0xFFFE
    })
}

/// Characters expected in a French student's page: ASCII, Latin-1, Latin
/// Extended-A (œ), combining accents (macOS decomposed « é »), punctuation and
/// symbols (’ — … € → ✓), and emoji.
fn is_usual(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{7f}'
            | '\u{a0}'..='\u{17f}'
            | '\u{300}'..='\u{36f}'
            | '\u{2000}'..='\u{2bff}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{1f000}'..='\u{1faff}'
    )
}

fn is_c1(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}')
}

/// How much `text` looks like mojibake: C1 controls, plus the largest number of
/// [`mojibake_evidence`] sequences found for any one code page.
///
/// The mojibake of a text with `n` non-ASCII characters scores at least `n` (each
/// of them left one sequence), while the text itself scores at most `n / 2` plus
/// its C1 controls (a sequence needs two non-ASCII characters), so a real repair
/// lowers the score, even when the clean text quotes a « Ã© ».
fn badness(text: &str) -> usize {
    let c1 = text.chars().filter(|&c| is_c1(c)).count();
    let evidence = CodePage::ALL
        .iter()
        .map(|&code_page| mojibake_evidence(text, code_page))
        .max()
        .unwrap_or(0);
    c1 + evidence
}

/// Number of runs of characters whose bytes in `code_page` form one complete,
/// valid, multi-byte UTF-8 sequence (« Ã© » → C3 A9 → « é »).
fn mojibake_evidence(text: &str, code_page: CodePage) -> usize {
    let mut count = 0;
    let mut seq = [0u8; 4];
    let mut len = 0usize;
    let mut need = 0usize;
    for c in text.chars() {
        let byte = code_page.byte_of(c);
        if need > 0 {
            if let Some(b @ 0x80..=0xBF) = byte
                && let Some(slot) = seq.get_mut(len)
            {
                *slot = b;
                len += 1;
                if len == need {
                    if seq
                        .get(..len)
                        .is_some_and(|s| std::str::from_utf8(s).is_ok())
                    {
                        count += 1;
                    }
                    need = 0;
                    len = 0;
                }
                continue;
            }
            need = 0;
            len = 0;
        }
        let lead = match byte {
            Some(b @ 0xC2..=0xDF) => Some((b, 2)),
            Some(b @ 0xE0..=0xEF) => Some((b, 3)),
            Some(b @ 0xF0..=0xF4) => Some((b, 4)),
            _ => None,
        };
        if let Some((b, seq_len)) = lead {
            seq = [b, 0, 0, 0];
            len = 1;
            need = seq_len;
        }
    }
    count
}

/// First word that the repair changed, before and after (for the user message).
///
/// The repair maps ASCII to itself and non-ASCII to non-ASCII, so splitting both
/// texts on ASCII punctuation and spaces yields aligned words. A word that also has
/// ASCII letters (« Ã‰preuve ») is preferred to a lone character (« Ã  » → « à »),
/// which says less to the user.
fn example(before: &str, after: &str) -> (String, String) {
    let split = |c: char| c.is_ascii() && !c.is_ascii_alphanumeric();
    let changed = || {
        before
            .split(split)
            .zip(after.split(split))
            .filter(|(b, a)| b != a)
    };
    changed()
        .find(|(_, a)| a.chars().any(|c| c.is_ascii_alphanumeric()))
        .or_else(|| changed().next())
        .map(|(b, a)| (shorten(b), shorten(a)))
        .unwrap_or_default()
}

fn shorten(word: &str) -> String {
    if word.chars().count() <= MAX_EXAMPLE_CHARS {
        word.to_string()
    } else {
        let mut s: String = word.chars().take(MAX_EXAMPLE_CHARS).collect();
        s.push('…');
        s
    }
}

/// CRLF → LF, then any lone CR → LF.
fn normalise_line_endings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The repository's fixtures: `inputs/` (whose épreuve pages are the two original seeds)
    /// and `tests/fixtures/` (the test class and the clean text of its damaged files).
    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn sample_class() -> PathBuf {
        repo().join("tests/fixtures/classe")
    }

    fn read(path: &Path) -> Vec<u8> {
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Seed `000` (UTF-8 read as Windows-1254) is `inputs/epreuves/e5.md`, seed `004` (read as
    /// Mac Roman) is `inputs/epreuves/e6.md`, byte for byte.
    fn seed(prefix: &str) -> Vec<u8> {
        let page = match prefix {
            "000" => "e5.md",
            "004" => "e6.md",
            other => panic!("no seed {other}"),
        };
        read(&repo().join("inputs/epreuves").join(page))
    }

    /// `tests/fixtures/defauts.toml`: `(relative path, how, clean text)` of each damaged file.
    fn defect_files() -> Vec<(String, String, String)> {
        #[derive(serde::Deserialize)]
        struct Index {
            fichier: Vec<Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            chemin: String,
            defaut: String,
            propre: String,
        }
        let fixtures = repo().join("tests/fixtures");
        let text = String::from_utf8(read(&fixtures.join("defauts.toml"))).expect("utf-8");
        let index: Index = toml::from_str(&text).expect("defauts.toml parses");
        index
            .fichier
            .into_iter()
            .map(|e| {
                let clean = String::from_utf8(read(&fixtures.join(&e.propre))).expect("utf-8");
                (e.chemin, e.defaut, clean)
            })
            .collect()
    }

    fn is_mojibake(r: &Repair, cp: CodePage) -> bool {
        matches!(r, Repair::Mojibake { misread_as, .. } if *misread_as == cp)
    }

    fn assert_invariants(d: &Decoded) {
        assert!(!d.text.contains('\r'), "CR left");
        assert!(!d.text.starts_with('\u{feff}'), "BOM left");
        assert!(!d.text.contains(char::REPLACEMENT_CHARACTER), "U+FFFD");
    }

    #[test]
    fn seed_000_is_windows_1254_mojibake() {
        let d = decode(&seed("000"));
        assert_invariants(&d);
        for expected in ["Épreuve E5 BTS SIO", "épreuve", "📄 TABLEAU DE SYNTHESE"] {
            assert!(d.text.contains(expected), "missing {expected:?}");
        }
        for bad in ["Ã", "â€", "ğŸ"] {
            assert!(!d.text.contains(bad), "left {bad:?}");
        }
        assert_eq!(
            d.repairs,
            vec![Repair::Mojibake {
                misread_as: CodePage::Windows1254,
                example_before: "Ã‰preuve".to_string(),
                example_after: "Épreuve".to_string(),
            }]
        );
        assert_eq!(
            d.repairs[0].message_fr(),
            "texte réparé : UTF-8 lu à tort comme Windows-1254 (« Ã‰preuve » → « Épreuve »)"
        );
    }

    #[test]
    fn seed_004_is_mac_roman_mojibake() {
        let d = decode(&seed("004"));
        assert_invariants(&d);
        for expected in [
            "Épreuve E6 — Parcours de professionnalisation",
            "mise en œuvre",
            "📁",
        ] {
            assert!(d.text.contains(expected), "missing {expected:?}");
        }
        assert!(!d.text.contains('√'));
        assert!(!d.text.contains('\u{f8ff}'));
        assert_eq!(d.repairs.len(), 1);
        assert!(is_mojibake(&d.repairs[0], CodePage::MacRoman));
    }

    #[test]
    fn seeds_are_the_fixture_class_epreuves() {
        let dir = sample_class().join("martin-lucas/epreuves");
        assert_eq!(read(&dir.join("e5.md")), seed("000"));
        assert_eq!(read(&dir.join("e6.md")), seed("004"));
    }

    #[test]
    fn defect_files_decode_to_their_clean_text() {
        let defects = defect_files();
        assert_eq!(defects.len(), 6, "expected six defect files");
        for (rel, how, clean) in &defects {
            let d = decode(&read(&sample_class().join(rel)));
            assert_invariants(&d);
            // `encode_variant` only ever adds CRLF; the clean text itself is LF.
            assert_eq!(&d.text, clean, "{rel} ({how})");
            let expected: Vec<Repair> = match how.as_str() {
                "crlf" => vec![Repair::CrlfNormalised],
                "bom" => vec![Repair::BomStripped],
                "cp1252" => vec![Repair::DecodedAsWindows1252],
                _ => Vec::new(),
            };
            let code_page = match how.as_str() {
                "mojibake_cp1252" => Some(CodePage::Windows1252),
                "mojibake_cp1254" => Some(CodePage::Windows1254),
                "mojibake_mac" => Some(CodePage::MacRoman),
                _ => None,
            };
            match code_page {
                Some(cp) => {
                    assert_eq!(d.repairs.len(), 1, "{rel}: {:?}", d.repairs);
                    assert!(is_mojibake(&d.repairs[0], cp), "{rel}: {:?}", d.repairs);
                }
                None => assert_eq!(d.repairs, expected, "{rel}"),
            }
        }
    }

    #[test]
    fn defect_file_spot_checks() {
        let zabbix = decode(&read(
            &sample_class().join("le-goff-thomas/missions/zabbix.md"),
        ));
        for s in [
            "Supervision de l'infrastructure avec Zabbix",
            "30 °C",
            "📄 Procédure complète",
        ] {
            assert!(zabbix.text.contains(s), "zabbix: missing {s:?}");
        }
        let proxmox = decode(&read(
            &sample_class().join("rousseau-kevin/missions/proxmox-cluster.md"),
        ));
        for s in ["🚀", "📄", "✅", "Cluster Proxmox VE à haute disponibilité"] {
            assert!(proxmox.text.contains(s), "proxmox: missing {s:?}");
        }
        let wsus = decode(&read(
            &sample_class().join("le-goff-thomas/missions/wsus.md"),
        ));
        for s in [
            "«",
            "»",
            "€",
            "é",
            "Gestion des mises à jour Windows avec WSUS",
        ] {
            assert!(wsus.text.contains(s), "wsus: missing {s:?}");
        }
        let wordpress = decode(&read(
            &sample_class().join("ndiaye-eloise/missions/site-wordpress.md"),
        ));
        assert!(wordpress.text.starts_with("---\n"));
    }

    /// The trap: Mac Roman mojibake of a text that itself quotes « Ã© ».
    #[test]
    fn quoted_mojibake_survives_the_repair() {
        let d = decode(&read(
            &sample_class().join("ndiaye-eloise/missions/gestion-stock.md"),
        ));
        assert!(d.text.contains("(« Ã© » au lieu de « é »)"), "{}", d.text);
        assert!(!d.text.contains('√'));
        assert!(d.text.contains('Œ'));
        assert_eq!(d.repairs.len(), 1);
    }

    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read_dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
            {
                out.push(path);
            }
        }
    }

    #[test]
    fn clean_sample_files_are_untouched() {
        let root = sample_class();
        let mut skip: Vec<PathBuf> = defect_files()
            .into_iter()
            .map(|(rel, _, _)| root.join(rel))
            .collect();
        skip.push(root.join("martin-lucas/epreuves/e5.md"));
        skip.push(root.join("martin-lucas/epreuves/e6.md"));
        let mut files = Vec::new();
        walk(&root, &mut files);
        let mut checked = 0;
        for path in files.iter().filter(|p| !skip.contains(p)) {
            let bytes = read(path);
            let d = decode(&bytes);
            assert!(d.repairs.is_empty(), "{}: {:?}", path.display(), d.repairs);
            assert_eq!(d.text.as_bytes(), &bytes[..], "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 25, "only {checked} clean files found");
    }

    /// Decoding the output again changes nothing: every repair is final.
    #[test]
    fn decoding_is_idempotent_on_the_sample_class() {
        let mut files = Vec::new();
        walk(&sample_class(), &mut files);
        files.push(sample_class().join("candidats.csv"));
        for path in files {
            let once = decode(&read(&path));
            let twice = decode(once.text.as_bytes());
            assert!(
                twice.repairs.is_empty(),
                "{}: {:?}",
                path.display(),
                twice.repairs
            );
            assert_eq!(twice.text, once.text, "{}", path.display());
        }
    }

    #[test]
    fn candidats_csv_bom_and_crlf() {
        let d = decode(&read(&sample_class().join("candidats.csv")));
        assert!(d.text.starts_with("dossier;nom;prenom;"));
        assert!(d.text.contains("ndiaye-eloise;N'Diaye;Éloïse;"));
        assert_eq!(d.repairs, vec![Repair::BomStripped, Repair::CrlfNormalised]);
    }

    #[test]
    fn utf8_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBF---\r\ntitle: \"\xC3\x89preuve\"\r\n---\r\nCorps\r\n");
        assert_eq!(d.text, "---\ntitle: \"Épreuve\"\n---\nCorps\n");
        assert_eq!(d.repairs, vec![Repair::BomStripped, Repair::CrlfNormalised]);
    }

    #[test]
    fn double_bom_is_stripped_once_reported() {
        let d = decode(b"\xEF\xBB\xBF\xEF\xBB\xBF# Titre\n");
        assert_eq!(d.text, "# Titre\n");
        assert_eq!(d.repairs, vec![Repair::BomStripped]);
    }

    #[test]
    fn lone_cr_and_mixed_endings() {
        let d = decode(b"un\rdeux\r\ntrois\n\rquatre\r");
        assert_eq!(d.text, "un\ndeux\ntrois\n\nquatre\n");
        assert_eq!(d.repairs, vec![Repair::CrlfNormalised]);
    }

    #[test]
    fn empty_input() {
        let d = decode(b"");
        assert_eq!(d.text, "");
        assert!(d.repairs.is_empty());
        let d = decode(b"\xEF\xBB\xBF");
        assert_eq!(d.text, "");
        assert_eq!(d.repairs, vec![Repair::BomStripped]);
    }

    #[test]
    fn windows_1252_bytes() {
        // « Prix : 15 € » — été, in Windows-1252.
        let d = decode(b"\xABPrix : 15 \x80\xBB \x97 \xE9t\xE9, c\x92est \x9Cuvre");
        assert_eq!(d.text, "«Prix : 15 €» — été, c’est œuvre");
        assert_eq!(d.repairs, vec![Repair::DecodedAsWindows1252]);
        assert!(d.repairs[0].message_fr().contains("Windows-1252"));
    }

    #[test]
    fn windows_1252_with_crlf_and_truncated_tail() {
        let d = decode(b"caf\xE9\r\nfin \xC3");
        assert_eq!(d.text, "café\nfin Ã");
        assert_eq!(
            d.repairs,
            vec![Repair::DecodedAsWindows1252, Repair::CrlfNormalised]
        );
    }

    /// A UTF-8 page with one pasted Latin-1 fragment: keep the UTF-8, read only the
    /// invalid byte as Windows-1252.
    #[test]
    fn mostly_utf8_with_a_latin1_byte() {
        let mut bytes = "Déploiement de l’annuaire — « réussi » "
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"caf\xE9");
        let d = decode(&bytes);
        assert_eq!(d.text, "Déploiement de l’annuaire — « réussi » café");
        assert_eq!(d.repairs, vec![Repair::DecodedAsWindows1252]);
    }

    /// A genuine Windows-1252 file whose bytes `Ç’` (C7 92) happen to be valid UTF-8
    /// (U+01D2) is still read as Windows-1252.
    #[test]
    fn windows_1252_accidental_utf8_pair() {
        let d = decode(b"\xC7\x92 est l\xE0");
        assert_eq!(d.text, "Ç’ est là");
    }

    #[test]
    fn clean_french_is_untouched() {
        let texts = [
            "---\ntitle: \"Mise en place d'un serveur GLPI\"\n---\n\n# Épreuve E5 — « Support » \
             📄 📁 🚀 ✅ ✔️\n\nL’équipe a mis en œuvre l’annuaire : 30 °C, 15 €, à côté.\n",
            "Œuvre, ÇA, ÎLE, où, naïve, Noël, cœur, …\n",
            "→ ≥ ≤ ∞ √2 ≈ 1,414 ‰\n",
            "Ligne sans accent\n",
            "ı İ ğ ş Ğ Ş\n",
        ];
        for t in texts {
            let d = decode(t.as_bytes());
            assert_eq!(d.text, t);
            assert!(d.repairs.is_empty(), "{t:?}: {:?}", d.repairs);
        }
    }

    #[test]
    fn quoted_mojibake_in_clean_french_is_untouched() {
        let t = "Les libellés affichaient « Ã© » au lieu de « é » : conversion avec iconv.\n";
        let d = decode(t.as_bytes());
        assert_eq!(d.text, t);
        assert!(d.repairs.is_empty());
    }

    /// What `make_assets.py` does: UTF-8 bytes decoded with a code page, saved as UTF-8.
    fn mojibake(text: &str, cp: CodePage) -> String {
        cp.encoding()
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    const CLEAN: &str = "---\ntitle: \"Épreuve E6 — Parcours\"\n---\n\nL’équipe a mis en œuvre \
                         l’annuaire à 30 °C : « réussi », 15 € 📄 📁 🚀 ✅ 📍 Œ Ý ß.\n";

    #[test]
    fn synthetic_mojibake_each_code_page() {
        for cp in CodePage::ALL {
            let broken = mojibake(CLEAN, cp);
            assert_ne!(broken, CLEAN);
            let d = decode(broken.as_bytes());
            assert_eq!(d.text, CLEAN, "{cp}");
            assert_eq!(d.repairs.len(), 1, "{cp}: {:?}", d.repairs);
            assert!(is_mojibake(&d.repairs[0], cp), "{cp}: {:?}", d.repairs);
        }
    }

    /// `ðŸ“\u{8d}`: Windows-1252 mojibake of 📍 contains a C1 control (byte 0x8D),
    /// which the WHATWG encoder maps back to its byte.
    #[test]
    fn windows_1252_mojibake_with_c1_controls() {
        let clean = "📍 Lieu : Rennes, réunion à 9 h\n";
        let broken = mojibake(clean, CodePage::Windows1252);
        assert!(broken.contains('\u{8d}'));
        let d = decode(broken.as_bytes());
        assert_eq!(d.text, clean);
    }

    /// Windows-1252 and Windows-1254 agree on everything in this text: the repair
    /// is reported as the more common Windows-1252.
    #[test]
    fn ambiguous_code_page_prefers_windows_1252() {
        let d = decode(mojibake("Épreuve réussie à 100 %\n", CodePage::Windows1254).as_bytes());
        assert_eq!(d.text, "Épreuve réussie à 100 %\n");
        assert!(is_mojibake(&d.repairs[0], CodePage::Windows1252));
    }

    #[test]
    fn double_mojibake_is_reversed_twice() {
        let once = mojibake(CLEAN, CodePage::Windows1252);
        let twice = mojibake(&once, CodePage::MacRoman);
        let d = decode(twice.as_bytes());
        assert_eq!(d.text, CLEAN);
        assert_eq!(d.repairs.len(), 2, "{:?}", d.repairs);
        assert!(is_mojibake(&d.repairs[0], CodePage::MacRoman));
        assert!(is_mojibake(&d.repairs[1], CodePage::Windows1252));
    }

    /// A BOM that went through the mojibake (« ï»¿ ») is removed after repair.
    #[test]
    fn mojibake_of_a_bom() {
        let broken = mojibake(
            "\u{feff}---\ntitle: Épreuve\n---\r\n",
            CodePage::Windows1252,
        );
        assert!(broken.starts_with("ï»¿"));
        let d = decode(broken.as_bytes());
        assert_eq!(d.text, "---\ntitle: Épreuve\n---\n");
        assert!(matches!(
            d.repairs.as_slice(),
            [
                Repair::BomStripped,
                Repair::Mojibake { .. },
                Repair::CrlfNormalised
            ]
        ));
    }

    /// Text that cannot be re-encoded as a whole (a clean « é » next to « Ã© ») is
    /// left alone: the repair is per file, never per sequence.
    #[test]
    fn partially_damaged_text_is_left_alone() {
        let t = "Épreuve réussie, mais l’export donne Ã©t\u{e9} et â€™.\n";
        let d = decode(t.as_bytes());
        assert_eq!(d.text, t);
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Épreuve 📄\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.text, "Épreuve 📄\n");
        assert_eq!(d.repairs, vec![Repair::BomStripped, Repair::CrlfNormalised]);
    }

    fn encode_utf32(text: &str, big: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                if big {
                    u32::from(c).to_be_bytes()
                } else {
                    u32::from(c).to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_and_utf32_without_bom() {
        let text = "---\ntitre: Mission réseau\n---\nCorps 📄\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [
            (le, "UTF-16LE"),
            (be, "UTF-16BE"),
            (encode_utf32(text, false), "UTF-32LE"),
            (encode_utf32(text, true), "UTF-32BE"),
        ] {
            let d = decode(&bytes);
            assert_eq!(d.text, text, "{name}");
            assert_eq!(d.repairs, vec![Repair::DecodedAsUnicode { encoding: name }]);
        }
        let mut with_bom = vec![0xFF, 0xFE, 0, 0];
        with_bom.extend(encode_utf32(text, false));
        let d = decode(&with_bom);
        assert_eq!(d.text, text);
        assert!(d.repairs.contains(&Repair::BomStripped));
    }

    #[test]
    fn bidi_overrides_are_removed() {
        let d = decode("Réseau \u{202e}lanigiro\u{202c} fin, اسم \u{2067}x\u{2069}\n".as_bytes());
        assert_eq!(d.text, "Réseau lanigiro fin, اسم x\n");
        assert_eq!(d.repairs, vec![Repair::BidiControlsRemoved { count: 4 }]);
    }

    #[test]
    fn mixed_clean_and_mojibake_lines_are_repaired_line_by_line() {
        let clean = "Épreuve réussie, déjà vue.\n";
        let damaged = mojibake("Procédure de sécurité validée.\n", CodePage::Windows1252);
        let d = decode(format!("{clean}{damaged}").as_bytes());
        assert_eq!(d.text, format!("{clean}Procédure de sécurité validée.\n"));
        assert!(
            d.repairs
                .iter()
                .any(|r| is_mojibake(r, CodePage::Windows1252))
        );
    }

    #[test]
    fn a_mojibake_line_that_cannot_be_repaired_is_warned_about() {
        let clean = "Épreuve réussie.\n";
        // Clean « é » and mojibake on one line: no code page repairs that line.
        let mixed = "Procédure : sÃ©curitÃ© et dÃ©ploiement.\n";
        let d = decode(format!("{clean}{mixed}").as_bytes());
        assert_eq!(d.text, format!("{clean}{mixed}"));
        assert!(
            d.repairs
                .iter()
                .any(|r| matches!(r, Repair::MojibakeSuspected { .. })),
            "{:?}",
            d.repairs
        );
    }

    #[test]
    fn replacement_character_never_comes_out() {
        let d = decode("a\u{fffd}b".as_bytes());
        assert_eq!(d.text, "a?b");
        let d = decode(&[0xFF, 0xFE, 0x00]); // UTF-16LE BOM, odd length
        assert_invariants(&d);
    }

    #[test]
    fn messages_are_french() {
        let repair = Repair::Mojibake {
            misread_as: CodePage::MacRoman,
            example_before: "√©".to_string(),
            example_after: "é".to_string(),
        };
        assert_eq!(
            repair.message_fr(),
            "texte réparé : UTF-8 lu à tort comme Mac Roman (« √© » → « é »)"
        );
        assert_eq!(repair.to_string(), repair.message_fr());
        assert!(Repair::BomStripped.message_fr().contains("BOM"));
        assert!(Repair::CrlfNormalised.message_fr().contains("CRLF"));
    }

    #[test]
    fn long_examples_are_shortened() {
        let word = "é".repeat(100);
        let d = decode(mojibake(&word, CodePage::Windows1252).as_bytes());
        assert_eq!(d.text, word);
        match &d.repairs[..] {
            [Repair::Mojibake { example_after, .. }] => {
                assert_eq!(example_after.chars().count(), MAX_EXAMPLE_CHARS + 1);
            }
            other => panic!("{other:?}"),
        }
    }

    /// Every clean page of the sample class, damaged with each code page, comes back.
    #[test]
    fn sample_class_round_trips_through_each_code_page() {
        let root = sample_class();
        let defects: Vec<PathBuf> = defect_files()
            .into_iter()
            .map(|(rel, _, _)| root.join(rel))
            .collect();
        let mut files = Vec::new();
        walk(&root, &mut files);
        for path in files.iter().filter(|p| !defects.contains(p)) {
            let clean = decode(&read(path)).text;
            for cp in CodePage::ALL {
                let d = decode(mojibake(&clean, cp).as_bytes());
                assert_eq!(d.text, clean, "{} via {cp}", path.display());
            }
        }
    }

    /// Decomposed accents (macOS file names pasted in a page) are ordinary text.
    #[test]
    fn decomposed_accents_are_untouched() {
        let t = "Re\u{301}seau et se\u{301}curite\u{301}\n";
        let d = decode(t.as_bytes());
        assert_eq!(d.text, t);
        assert!(d.repairs.is_empty());
    }

    /// Mojibake whose U+00A0 (from « à ») was turned into a plain space by an editor
    /// cannot be re-encoded losslessly: it is left as it is rather than half-repaired.
    #[test]
    fn lossy_mojibake_is_left_alone() {
        let broken =
            mojibake("Mise à jour réussie\n", CodePage::Windows1252).replace('\u{a0}', " ");
        let d = decode(broken.as_bytes());
        assert_eq!(d.text, broken);
        assert!(d.repairs.is_empty());
    }

    /// Arbitrary bytes: never panics, and the output invariants always hold.
    #[test]
    fn arbitrary_bytes_keep_the_invariants() {
        for b in 0..=255u8 {
            assert_invariants(&decode(&[b]));
            assert_invariants(&decode(&[b, b'\r']));
            assert_invariants(&decode(&[0xEF, 0xBB, 0xBF, b, 0x80, b]));
        }
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for len in 0..400usize {
            let bytes: Vec<u8> = (0..len % 64)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    (state >> 56) as u8
                })
                .collect();
            assert_invariants(&decode(&bytes));
        }
    }
}
