//! Fonts shipped inside the binary, so that no system font is ever needed.
//!
//! typst-kit's embedded set has no sans-serif text face and no emoji; we add Liberation
//! Sans (Arial metrics, like the official Word/Excel forms), Noto Color Emoji (📄 ✅ must
//! show, not as empty boxes) and Noto Sans Arabic (candidates' names). Licences are in
//! `templates/fonts/`.

use std::collections::HashMap;
use std::path::PathBuf;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst_kit::fonts::FontStore;

use crate::input::overrides::{OverrideError, read_fonts};

const SHIPPED: &[&[u8]] = &[
    include_bytes!("../../templates/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-BoldItalic.ttf"),
    include_bytes!("../../templates/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../templates/fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../templates/fonts/NotoColorEmoji.ttf"),
];

/// All fonts: typst's embedded ones (serif, math, DejaVu Sans Mono for code and
/// checkboxes), ours, then any the user adds with `--font-path`.
pub fn font_store(extra: &[Vec<u8>]) -> FontStore {
    let mut store = FontStore::new();
    store.extend(typst_kit::fonts::embedded());
    for data in SHIPPED
        .iter()
        .map(|d| Bytes::new(*d))
        .chain(extra.iter().map(|d| Bytes::new(d.clone())))
    {
        for font in Font::iter(data) {
            let info = font.info().clone();
            store.push((font, info));
        }
    }
    store
}

/// Why the user's fonts (`--font-path`) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(transparent)]
    Read(#[from] OverrideError),
    /// A file named like a font that Typst cannot load (a web page saved as `.ttf`, a
    /// truncated download, a WOFF renamed): it would add no glyph, in silence.
    #[error(
        "police « {} » inutilisable : ce n'est pas une police TrueType ou OpenType valide",
        .0.display()
    )]
    NotAFont(PathBuf),
}

/// The fonts of `--font-path`, read and checked: each file must hold at least one font
/// Typst can load. Their bytes, for [`crate::render::Engine::new`].
pub fn load_user_fonts(paths: &[PathBuf]) -> Result<Vec<Vec<u8>>, FontError> {
    read_fonts(paths)?
        .into_iter()
        .map(
            |file| match Font::iter(Bytes::new(file.bytes.clone())).next() {
                Some(_) => Ok(file.bytes),
                None => Err(FontError::NotAFont(file.path)),
            },
        )
        .collect()
}

/// The book of the shipped fonts alone (for `check`, which loads no engine).
pub fn shipped_book() -> &'static FontBook {
    static BOOK: std::sync::LazyLock<FontBook> = std::sync::LazyLock::new(|| {
        let store = font_store(&[]);
        let book: &FontBook = store.book();
        book.clone()
    });
    &BOOK
}

/// What to do about characters no font has.
pub const FONT_PATH_HINT: &str = "ajoutez une police qui les contient avec --font-path <dossier> (par exemple Noto Sans CJK pour le chinois ou le japonais)";

/// Characters of a page that no font of `book` has, with the 1-based line of the page
/// where each first appears (each character reported once): Typst would print them as
/// empty boxes, and a PDF reader would lose them from the text.
///
/// Invisible characters (controls, spaces, joiners, variation selectors) are not
/// drawn, so they are never reported.
pub fn uncovered(text: &str, book: &FontBook) -> Vec<(usize, Vec<char>)> {
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut out: Vec<(usize, Vec<char>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut missing = Vec::new();
        for c in line.chars() {
            if c.is_ascii() || invisible(c) || known.contains_key(&c) {
                continue;
            }
            let covered = (0..)
                .map_while(|i| book.info(i))
                .any(|info| info.coverage.contains(c as u32));
            known.insert(c, covered);
            if !covered {
                missing.push(c);
            }
        }
        if !missing.is_empty() {
            out.push((i + 1, missing));
        }
    }
    out
}

/// Characters that take no glyph of their own.
fn invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c as u32,
            0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F
            | 0xFEFF | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_fonts_cover_french_and_emoji_not_cjk() {
        let store = font_store(&[]);
        let book = store.book();
        let text = "Élève à l'œuvre : 10 € — « ok » ✅ 📄\nligne deux 日本語 et 日本\n";
        assert_eq!(uncovered(text, book), vec![(2, vec!['日', '本', '語'])]);
    }

    #[test]
    fn a_file_named_like_a_font_that_is_none_is_an_error() {
        let dir = std::env::temp_dir().join(format!("sio-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fake = dir.join("Police.ttf");
        std::fs::write(&fake, "<html>404</html>").unwrap();
        let err = load_user_fonts(std::slice::from_ref(&dir)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "police « {} » inutilisable : ce n'est pas une police TrueType ou OpenType valide",
                fake.display()
            )
        );
        std::fs::write(&fake, SHIPPED[0]).unwrap();
        assert_eq!(
            load_user_fonts(std::slice::from_ref(&dir)).unwrap().len(),
            1
        );
    }
}
