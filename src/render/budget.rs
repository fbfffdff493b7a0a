//! Resource budgets for images, enforced before anything is decoded.
//!
//! A 35-byte GIF can declare 65535 × 65535 pixels, a 1 MB gzip-compressed SVG can inflate
//! to gigabytes, an SVG can embed a huge PNG in a `data:` URL: decoding any of them takes
//! the whole machine's memory, and a class run with it. So every image is first *sniffed*
//! (its real format, from its bytes: the extension may lie) and *measured* (its size in
//! pixels, from its header), and refused with a French message when it is over budget.
//! Only then is it decoded. An image refused here becomes a placeholder in the dossier.

use std::cell::Cell;
use std::io::Read;

/// Largest image, in pixels: a 50-megapixel phone photo (8160 × 6120) fits; decoded, it
/// takes about 200 MB.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Pixels of all the distinct images of one candidate's dossiers (a dossier holds every
/// image of its pages at once until it is exported, and both dossiers of a candidate are
/// laid out together): 100 megapixels. Measured: 46 MB for a candidate without images,
/// 200 MB with one 48-megapixel JPEG, 615 MB with a 48-megapixel JPEG and a 48-megapixel
/// PNG (the PNG is compressed again for the PDF). A class run lays out at most `--jobs`
/// candidates at once.
pub const MAX_DOCUMENT_PIXELS: u64 = 100_000_000;

/// Most elements in an SVG: a detailed network diagram has a few thousand. Laying out an
/// SVG takes about 2 KB per element (680 000 `<rect/>` in 19 MB: 1.5 GB).
pub const MAX_SVG_ELEMENTS: usize = 100_000;

/// Largest SVG text, once a compressed SVG (`.svgz`) is inflated.
pub const MAX_SVG_BYTES: u64 = 20 * 1024 * 1024;

/// An image format Typst lays out, as found in the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Kind {
    /// The extension Typst picks the decoder by.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Svg => "svg",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Gif => "GIF",
            Kind::Webp => "WebP",
            Kind::Svg => "SVG",
        }
    }

    /// The format a file's extension announces.
    pub fn from_extension(ext: &str) -> Option<Kind> {
        match ext.to_ascii_lowercase().as_str() {
            "png" => Some(Kind::Png),
            "jpg" | "jpeg" => Some(Kind::Jpeg),
            "gif" => Some(Kind::Gif),
            "webp" => Some(Kind::Webp),
            "svg" | "svgz" => Some(Kind::Svg),
            _ => None,
        }
    }
}

/// What an image is, once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub kind: Kind,
    /// Pixels decoding it takes (for an SVG: the images it embeds).
    pub pixels: u64,
}

/// Why an image is refused before it is decoded. Each reads as a French sentence about
/// the image, without its name: the caller names it (`image « … » non mise : …`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error(
        "les images des dossiers de ce candidat dépassent ensemble {} mégapixels : celle-ci n'est pas mise ; réduisez les photos (2000 pixels de large suffisent à l'impression)",
        MAX_DOCUMENT_PIXELS / 1_000_000
    )]
    DocumentPixels,
    #[error("format inconnu : ni PNG, ni JPEG, ni GIF, ni WebP, ni SVG")]
    UnknownFormat,
    #[error("pas une image utilisable : en-tête {} illisible (fichier abîmé ?)", .0.name())]
    BadHeader(Kind),
    #[error(
        "image de {width} × {height} pixels ({} mégapixels) : plus que la limite de {} mégapixels par image ; réduisez-la",
        .pixels / 1_000_000,
        MAX_IMAGE_PIXELS / 1_000_000
    )]
    TooManyPixels {
        width: u64,
        height: u64,
        pixels: u64,
    },
    #[error("SVG compressé (gzip) abîmé")]
    BadGzip,
    #[error(
        "SVG compressé qui dépasse {} Mo une fois décompressé",
        MAX_SVG_BYTES / (1024 * 1024)
    )]
    GzipTooLarge,
    #[error("SVG qui n'est pas en UTF-8")]
    SvgNotUtf8,
    #[error("déclare des entités XML (<!ENTITY>, ou <!DOCTYPE [ … ]>) : refusé")]
    XmlEntities,
    #[error(
        "SVG de plus de {MAX_SVG_ELEMENTS} éléments : trop lourd à mettre en page ; simplifiez-le ou exportez-le en PNG"
    )]
    TooManyElements,
    #[error("SVG illisible : XML mal formé à la ligne {0}")]
    BadXml(u32),
    #[error(
        "les images qu'il contient dépassent {} mégapixels",
        MAX_DOCUMENT_PIXELS / 1_000_000
    )]
    EmbeddedPixels,
    /// The first 60 characters of the `href`.
    #[error(
        "cite un fichier ou une adresse (« {0} ») : une image SVG ne peut pas en charger une autre ; intégrez-la ou exportez le SVG en PNG"
    )]
    CitesFile(String),
    #[error("contient une image `data:` mal formée")]
    BadDataUrl,
    #[error("contient une image `data:` dont le base64 est abîmé")]
    BadBase64,
    #[error("contient une autre image SVG : non pris en charge, exportez-la en PNG")]
    SvgInSvg,
    #[error("images SVG imbriquées : non pris en charge")]
    NestedSvg,
    /// A raster image embedded in an SVG, refused for its own reason.
    #[error("contient une {0}")]
    Embedded(Box<BudgetError>),
    #[error("contient une image d'un format inconnu")]
    EmbeddedUnknown,
}

/// The pixels of the images of one candidate's dossiers, counted as they are accepted;
/// an image shown twice (in both dossiers) is decoded once, and counted once.
#[derive(Debug, Default)]
pub struct DocBudget {
    used: Cell<u64>,
    seen: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl DocBudget {
    /// Counts the pixels of the image at `vpath`, or tells why the dossiers have no room
    /// left for it.
    pub fn charge(&self, vpath: &str, pixels: u64) -> Result<(), BudgetError> {
        if self.seen.borrow().contains(vpath) {
            return Ok(());
        }
        let total = self.used.get().saturating_add(pixels);
        if total > MAX_DOCUMENT_PIXELS {
            return Err(BudgetError::DocumentPixels);
        }
        self.used.set(total);
        self.seen.borrow_mut().insert(vpath.to_string());
        Ok(())
    }
}

/// The format of an image, from its first bytes (`None`: not an image Typst reads).
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Kind::Gif)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Kind::Webp)
    } else if bytes.starts_with(&[0x1F, 0x8B]) || looks_like_svg(bytes) {
        Some(Kind::Svg)
    } else {
        None
    }
}

/// XML text holding an `<svg` element, wherever it starts (a comment or whitespace may
/// come first).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('<') && text.contains("<svg")
}

/// Checks an image before it is decoded: format, pixel size, and for an SVG what it
/// embeds or cites. The error is a French sentence about the image (without its name).
pub fn check_image(bytes: &[u8]) -> Result<Checked, BudgetError> {
    let kind = sniff(bytes).ok_or(BudgetError::UnknownFormat)?;
    let pixels = match kind {
        Kind::Svg => check_svg(&svg_text(bytes)?, 0)?,
        raster => raster_pixels(raster, bytes)?,
    };
    Ok(Checked { kind, pixels })
}

/// Width × height of a raster image from its header, refused over [`MAX_IMAGE_PIXELS`].
/// A GIF's frames are measured too: each may declare its own size.
fn raster_pixels(kind: Kind, bytes: &[u8]) -> Result<u64, BudgetError> {
    let size = imagesize::blob_size(bytes).map_err(|_| BudgetError::BadHeader(kind))?;
    let (w, h) = (size.width as u64, size.height as u64);
    let mut pixels = w.saturating_mul(h);
    if kind == Kind::Gif {
        pixels = pixels.max(gif_largest_frame(bytes));
    }
    if pixels > MAX_IMAGE_PIXELS {
        return Err(BudgetError::TooManyPixels {
            width: w,
            height: h,
            pixels,
        });
    }
    Ok(pixels)
}

/// The largest frame a GIF declares (width × height of its image descriptors).
fn gif_largest_frame(bytes: &[u8]) -> u64 {
    let byte = |i: usize| bytes.get(i).copied();
    let table = |flags: u8| 3usize << ((flags & 7) + 1);
    let mut largest = 0u64;
    let mut pos = 13usize;
    match byte(10) {
        Some(flags) if flags & 0x80 != 0 => pos += table(flags),
        Some(_) => {}
        None => return 0,
    }
    let skip_blocks = |mut pos: usize| -> Option<usize> {
        loop {
            let len = byte(pos)? as usize;
            pos += 1 + len;
            if len == 0 {
                return Some(pos);
            }
        }
    };
    loop {
        match byte(pos) {
            Some(0x2C) => {
                let word = |i: usize| -> Option<u64> {
                    Some(u64::from(u16::from_le_bytes([byte(i)?, byte(i + 1)?])))
                };
                let (Some(w), Some(h), Some(flags)) = (word(pos + 5), word(pos + 7), byte(pos + 9))
                else {
                    return largest;
                };
                largest = largest.max(w * h);
                pos += 10;
                if flags & 0x80 != 0 {
                    pos += table(flags);
                }
                match skip_blocks(pos + 1) {
                    Some(next) => pos = next,
                    None => return largest,
                }
            }
            Some(0x21) => match skip_blocks(pos + 2) {
                Some(next) => pos = next,
                None => return largest,
            },
            _ => return largest,
        }
    }
}

/// The text of an SVG; a compressed one (`.svgz`) is inflated, up to [`MAX_SVG_BYTES`].
pub fn svg_text(bytes: &[u8]) -> Result<String, BudgetError> {
    let raw = if bytes.starts_with(&[0x1F, 0x8B]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_SVG_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|_| BudgetError::BadGzip)?;
        if out.len() as u64 > MAX_SVG_BYTES {
            return Err(BudgetError::GzipTooLarge);
        }
        out
    } else {
        bytes.to_vec()
    };
    String::from_utf8(raw).map_err(|_| BudgetError::SvgNotUtf8)
}

/// Whether a `<!DOCTYPE` anywhere has an internal subset (`[ … ]`, where entities are
/// declared). The bare `<!DOCTYPE svg PUBLIC "…" "…">` that Illustrator writes declares
/// nothing and is never fetched: it is accepted.
fn has_internal_dtd(text: &str) -> bool {
    let bytes = text.as_bytes();
    let needle = b"<!doctype";
    let mut from = 0;
    while let Some(i) = bytes.get(from..).and_then(|rest| {
        rest.windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    }) {
        let start = from + i;
        let decl = bytes.get(start..).unwrap_or_default();
        let end = decl.iter().position(|&b| b == b'>').unwrap_or(decl.len());
        if decl.get(..end).is_some_and(|d| d.contains(&b'[')) {
            return true;
        }
        from = start + needle.len();
    }
    false
}

/// Whether `haystack` contains `needle` (ASCII), whatever the case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Checks an SVG's text: no DTD or entity anywhere (their expansion is a memory bomb, and
/// an external entity a file read), well-formed XML, links to web pages only, no file
/// cited, images embedded as `data:` URLs within budget. Returns the embedded pixels.
fn check_svg(text: &str, depth: usize) -> Result<u64, BudgetError> {
    if contains_ignore_case(text, "<!ENTITY") || has_internal_dtd(text) {
        return Err(BudgetError::XmlEntities);
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        // Text and comments count too: twice the elements stops a bomb early enough.
        nodes_limit: u32::try_from(MAX_SVG_ELEMENTS * 2).unwrap_or(u32::MAX),
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => BudgetError::TooManyElements,
        e => BudgetError::BadXml(e.pos().row.max(1)),
    })?;
    if doc.descendants().filter(|n| n.is_element()).count() > MAX_SVG_ELEMENTS {
        return Err(BudgetError::TooManyElements);
    }
    let mut pixels = 0u64;
    for node in doc.descendants().filter(|n| n.is_element()) {
        for attr in node.attributes().filter(|a| a.name() == "href") {
            pixels =
                pixels.saturating_add(check_href(node.tag_name().name(), attr.value(), depth)?);
        }
    }
    if pixels > MAX_DOCUMENT_PIXELS {
        return Err(BudgetError::EmbeddedPixels);
    }
    Ok(pixels)
}

/// Elements whose `href` Typst loads (an image, a reused element, a filter input).
const LOADING_ELEMENTS: &[&str] = &["image", "use", "feImage"];

/// One `href` of an SVG: a fragment (`#id`) or, on a link, a web page is fine; a `data:`
/// image is measured; anything else would be a file read, refused.
fn check_href(element: &str, value: &str, depth: usize) -> Result<u64, BudgetError> {
    let value = value.trim();
    if value.is_empty() || value.starts_with('#') {
        return Ok(0);
    }
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("data:") {
        return check_data_url(value, depth);
    }
    let web = ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p));
    if web && !LOADING_ELEMENTS.contains(&element) {
        return Ok(0);
    }
    Err(BudgetError::CitesFile(value.chars().take(60).collect()))
}

/// An image embedded as a `data:` URL: a raster image within the pixel budget. An SVG
/// embedded in an SVG is refused (its own limits would have to be checked again at each
/// level, and Typst does not lay it out reliably).
fn check_data_url(url: &str, depth: usize) -> Result<u64, BudgetError> {
    use base64::Engine as _;
    let (meta, payload) = url.split_once(',').ok_or(BudgetError::BadDataUrl)?;
    let bytes = if meta.to_ascii_lowercase().ends_with(";base64") {
        let clean: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(clean.trim_end_matches('='))
            .map_err(|_| BudgetError::BadBase64)?
    } else {
        percent_encoding::percent_decode_str(payload).collect()
    };
    match sniff(&bytes) {
        Some(Kind::Svg) if depth == 0 => Err(BudgetError::SvgInSvg),
        Some(Kind::Svg) => Err(BudgetError::NestedSvg),
        Some(kind) => raster_pixels(kind, &bytes).map_err(|e| BudgetError::Embedded(Box::new(e))),
        None => Err(BudgetError::EmbeddedUnknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_the_french_sentences_they_replace() {
        let cases = [
            (
                BudgetError::TooManyPixels {
                    width: 10000,
                    height: 6000,
                    pixels: 60_000_000,
                },
                "image de 10000 × 6000 pixels (60 mégapixels) : plus que la limite de 50 mégapixels par image ; réduisez-la",
            ),
            (
                BudgetError::Embedded(Box::new(BudgetError::BadHeader(Kind::Png))),
                "contient une pas une image utilisable : en-tête PNG illisible (fichier abîmé ?)",
            ),
            (
                BudgetError::GzipTooLarge,
                "SVG compressé qui dépasse 20 Mo une fois décompressé",
            ),
            (
                BudgetError::TooManyElements,
                "SVG de plus de 100000 éléments : trop lourd à mettre en page ; simplifiez-le ou exportez-le en PNG",
            ),
            (
                BudgetError::BadXml(3),
                "SVG illisible : XML mal formé à la ligne 3",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }

    /// A PNG header (signature + IHDR) declaring `w` × `h`, no pixel data.
    pub fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    fn gif(screen: u16, frame: u16) -> Vec<u8> {
        let mut b = b"GIF89a".to_vec();
        b.extend(screen.to_le_bytes());
        b.extend(screen.to_le_bytes());
        b.extend([0, 0, 0]);
        b.push(0x2C);
        b.extend([0, 0, 0, 0]);
        b.extend(frame.to_le_bytes());
        b.extend(frame.to_le_bytes());
        b.extend([0, 2, 0, 0x3B]);
        b
    }

    fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
        b.extend(h.to_be_bytes());
        b.extend(w.to_be_bytes());
        b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
        b
    }

    #[test]
    fn headers_over_budget_are_refused_before_decoding() {
        let e = check_image(&png_header(65535, 65535))
            .unwrap_err()
            .to_string();
        assert!(e.contains("65535 × 65535"), "{e}");
        assert!(check_image(&gif(65535, 1)).is_err());
        assert!(check_image(&jpeg(65535, 65535)).is_err());
        let ok = check_image(&png_header(4000, 3000)).unwrap();
        assert_eq!(
            ok,
            Checked {
                kind: Kind::Png,
                pixels: 12_000_000
            }
        );
    }

    #[test]
    fn a_gif_frame_larger_than_its_screen_is_measured() {
        assert!(check_image(&gif(10, 10)).is_ok());
        assert!(check_image(&gif(10, 65535)).is_err());
    }

    #[test]
    fn the_format_is_sniffed_not_taken_from_the_name() {
        assert_eq!(sniff(&jpeg(10, 10)), Some(Kind::Jpeg));
        assert_eq!(sniff(b"<!-- x -->\n<svg></svg>"), Some(Kind::Svg));
        assert_eq!(sniff(b"%PDF-1.7"), None);
    }

    fn gz(text: &str) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn svg_policies() {
        let svg = |inner: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{inner}</svg>"
            )
        };
        assert!(check_image(svg("<a href=\"https://example.org\"><rect/></a>").as_bytes()).is_ok());
        let e = check_image(svg("<image href=\"../../x.png\"/>").as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("cite un fichier"), "{e}");
        assert!(check_image(&gz(&svg("<image xlink:href=\"/etc/passwd\"/>"))).is_err());
        let late = format!("{}<!ENTITY a \"b\">", " ".repeat(5000));
        assert!(check_image(svg(&late).as_bytes()).is_err());
        let subset = format!(
            "<!-- {} -->\n<!DOCTYPE svg [ ]>\n{}",
            " ".repeat(5000),
            svg("")
        );
        assert!(check_image(subset.as_bytes()).is_err());
        let illustrator = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{}",
            svg("<rect width=\"5\" height=\"5\"/>")
        );
        assert!(check_image(illustrator.as_bytes()).is_ok());
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(png_header(65535, 65535));
        let e =
            check_image(svg(&format!("<image href=\"data:image/png;base64,{b64}\"/>")).as_bytes())
                .unwrap_err()
                .to_string();
        assert!(e.contains("mégapixels"), "{e}");
        let small = base64::engine::general_purpose::STANDARD.encode(png_header(100, 100));
        let ok = check_image(
            svg(&format!("<image href=\"data:image/png;base64,{small}\"/>")).as_bytes(),
        )
        .unwrap();
        assert_eq!(ok.pixels, 10_000);
        let nested = base64::engine::general_purpose::STANDARD.encode(svg(""));
        assert!(
            check_image(
                svg(&format!(
                    "<image href=\"data:image/svg+xml;base64,{nested}\"/>"
                ))
                .as_bytes()
            )
            .is_err()
        );
    }

    #[test]
    fn an_svg_with_too_many_elements_is_refused() {
        let many = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            "<rect/>".repeat(MAX_SVG_ELEMENTS + 1)
        );
        let e = check_image(many.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("éléments"), "{e}");
        let fine = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            "<rect/>".repeat(1000)
        );
        assert!(check_image(fine.as_bytes()).is_ok());
    }

    #[test]
    fn a_compressed_svg_is_inflated_with_a_cap() {
        let huge = format!("<svg>{}</svg>", " ".repeat(21 * 1024 * 1024));
        let e = check_image(&gz(&huge)).unwrap_err().to_string();
        assert!(e.contains("décompressé"), "{e}");
    }

    #[test]
    fn the_document_budget_adds_up() {
        let b = DocBudget::default();
        assert!(b.charge("/a.png", 60_000_000).is_ok());
        assert!(
            b.charge("/a.png", 60_000_000).is_ok(),
            "the same image counts once"
        );
        assert!(b.charge("/b.png", 60_000_000).is_err());
        assert!(b.charge("/c.png", 40_000_000).is_ok());
    }
}
