//! Fonts shipped inside the binary, so that no system font is ever needed.
//!
//! typst-kit's embedded set has no sans-serif text face and no emoji; we add Liberation
//! Sans (Arial metrics, like the official Word/Excel forms), Noto Color Emoji (📄 ✅ must
//! show, not as empty boxes) and Noto Sans Arabic (candidates' names). Licences are in
//! `templates/fonts/`.

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

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
