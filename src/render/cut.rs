//! Livrables cut from an exported dossier at the PDF level: the pages are copied as
//! they are (content streams, fonts and images untouched), nothing is laid out or
//! exported again.
//!
//! A second Typst export of a page range re-subsets and re-compresses every font and
//! page for each livrable: about a tenth of a class run's instructions, for pages that
//! were already in the dossier. Here the dossier is parsed once (`lopdf`), and each cut
//! copies its pages, and the objects they use, under a page tree of its own.
//!
//! What refers to the whole document is dropped from a cut: the accessibility structure
//! (its tags point into every page), the bookmarks, named destinations and links to pages
//! left out. The cut says in its metadata how many pages it has, and its pages keep the
//! numbers they have in the dossier (page labels), as Typst's own page-range export does.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

/// A dossier's PDF, parsed once for all its cuts.
pub struct Cutter {
    doc: Document,
    /// Page objects, in order.
    pages: Vec<ObjectId>,
}

/// Why a cut could not be made (a PDF that Typst wrote but lopdf cannot read: a bug).
#[derive(Debug, thiserror::Error)]
#[error("découpage du PDF : {0}")]
pub struct CutError(String);

impl From<CutError> for crate::render::CompileError {
    fn from(e: CutError) -> Self {
        Self::one(e.to_string())
    }
}

/// Catalog entries a cut keeps; the others (structure tree, bookmarks, destinations)
/// describe the whole dossier.
const CATALOG_KEPT: &[&[u8]] = &[b"Lang", b"ViewerPreferences", b"Metadata"];

impl Cutter {
    pub fn new(pdf: &[u8]) -> Result<Self, CutError> {
        let doc = Document::load_mem(pdf).map_err(|e| CutError(e.to_string()))?;
        let pages = doc.page_iter().collect();
        Ok(Self { doc, pages })
    }

    /// Pages `first..=last` (1-based) as a PDF of their own. `ident` makes the file
    /// identifier: the same cut of the same dossier always gives the same bytes.
    ///
    /// Only what the kept pages use is copied (a new page tree and catalog over the same
    /// objects), rather than the whole document being copied and then pruned.
    pub fn cut(&self, first: usize, last: usize, ident: &str) -> Result<Vec<u8>, CutError> {
        if first == 0 || first > last || last > self.pages.len() {
            return Err(CutError(format!(
                "pages {first} à {last} hors du document ({} pages)",
                self.pages.len()
            )));
        }
        let range = &self.pages[first - 1..last];
        let mut out = Document::with_version(self.doc.version.clone());
        out.max_id = self.doc.max_id;
        let pages_id = out.new_object_id();
        let mut todo: Vec<ObjectId> = Vec::new();
        self.copy_pages(&mut out, range, pages_id, &mut todo)?;
        out.objects
            .insert(pages_id, Object::Dictionary(page_tree(range)));
        let catalog = self.catalog(pages_id, first);
        push_entries(&catalog, &mut todo);
        let catalog_id = out.add_object(Object::Dictionary(catalog));
        out.trailer.set("Root", Object::Reference(catalog_id));
        if let Ok(info) = self.doc.trailer.get(b"Info") {
            out.trailer.set("Info", info.clone());
            push_references(info, &mut todo);
        }
        self.copy_referenced(&mut out, todo);
        set_page_count(&mut out, range.len());
        out.renumber_objects();
        let id = Sha256::digest(format!("{ident}\0{first}\0{last}").as_bytes());
        let id = Object::String(id[..16].to_vec(), StringFormat::Hexadecimal);
        out.trailer.set("ID", Object::Array(vec![id.clone(), id]));
        let mut bytes = Vec::new();
        out.save_to(&mut bytes)
            .map_err(|e| CutError(e.to_string()))?;
        Ok(bytes)
    }

    /// Copies the kept pages under the new page tree `pages_id`, with what they inherited
    /// from the dossier's tree and only the annotations that stay meaningful; what they
    /// refer to is queued in `todo`.
    fn copy_pages(
        &self,
        out: &mut Document,
        range: &[ObjectId],
        pages_id: ObjectId,
        todo: &mut Vec<ObjectId>,
    ) -> Result<(), CutError> {
        let src = &self.doc;
        let kept: BTreeSet<ObjectId> = range.iter().copied().collect();
        for &id in range {
            let mut page = src
                .get_dictionary(id)
                .map_err(|e| CutError(e.to_string()))?
                .clone();
            // Attributes a page may inherit from the dossier's page tree, now left behind.
            for key in [b"Resources".as_slice(), b"MediaBox", b"CropBox", b"Rotate"] {
                if !page.has(key)
                    && let Some(value) = inherited(src, &page, key)
                {
                    page.set(key.to_vec(), value);
                }
            }
            page.set("Parent", Object::Reference(pages_id));
            page.remove(b"StructParents");
            if let Ok(annots) = page.get(b"Annots") {
                let annots = kept_annotations(src, annots, &kept);
                page.set("Annots", Object::Array(annots));
            }
            push_entries(&page, todo);
            out.objects.insert(id, Object::Dictionary(page));
        }
        Ok(())
    }

    /// The new catalog: the dossier's kept entries, and page labels so the pages keep
    /// their numbers in the dossier.
    fn catalog(&self, pages_id: ObjectId, first: usize) -> Dictionary {
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages_id));
        if let Ok(source) = self.doc.catalog() {
            for key in CATALOG_KEPT {
                if let Ok(value) = source.get(key) {
                    catalog.set(key.to_vec(), value.clone());
                }
            }
        }
        let mut label = Dictionary::new();
        label.set("S", Object::Name(b"D".to_vec()));
        label.set("St", Object::Integer(first as i64));
        let mut labels = Dictionary::new();
        labels.set(
            "Nums",
            Object::Array(vec![Object::Integer(0), Object::Dictionary(label)]),
        );
        catalog.set("PageLabels", Object::Dictionary(labels));
        catalog
    }

    /// Copies everything the kept pages, the catalog and the info dictionary refer to,
    /// transitively.
    fn copy_referenced(&self, out: &mut Document, mut todo: Vec<ObjectId>) {
        while let Some(id) = todo.pop() {
            if out.objects.contains_key(&id) {
                continue;
            }
            // A dangling reference in the dossier stays dangling in the cut.
            let Ok(object) = self.doc.get_object(id) else {
                continue;
            };
            push_references(object, &mut todo);
            out.objects.insert(id, object.clone());
        }
    }
}

/// The page tree of the cut: the kept pages, in order.
fn page_tree(range: &[ObjectId]) -> Dictionary {
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", Object::Integer(range.len() as i64));
    pages.set(
        "Kids",
        Object::Array(range.iter().map(|&id| Object::Reference(id)).collect()),
    );
    pages
}

/// The value of `key` on the nearest ancestor of `page` in the page tree that has it.
fn inherited(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<Object> {
    let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
    // A page tree is shallow; the bound only guards against a cycle.
    for _ in 0..64 {
        let node = doc.get_dictionary(parent?).ok()?;
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    None
}

/// Pushes the objects `object` refers to, except a page's parent (the page tree of the
/// whole dossier, replaced in a cut).
fn push_references(object: &Object, todo: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => todo.push(*id),
        Object::Array(items) => items.iter().for_each(|o| push_references(o, todo)),
        Object::Dictionary(dict) => push_entries(dict, todo),
        Object::Stream(stream) => push_entries(&stream.dict, todo),
        _ => {}
    }
}

fn push_entries(dict: &Dictionary, todo: &mut Vec<ObjectId>) {
    dict.iter()
        .filter(|(k, _)| k.as_slice() != b"Parent")
        .for_each(|(_, o)| push_references(o, todo));
}

/// The annotations of a kept page, without their structure entries and without the links
/// to pages left out of the cut.
fn kept_annotations(doc: &Document, annots: &Object, kept: &BTreeSet<ObjectId>) -> Vec<Object> {
    let list = match annots {
        Object::Array(a) => a.clone(),
        Object::Reference(id) => match doc.get_object(*id) {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|annot| {
            let mut dict = match &annot {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?.clone(),
                Object::Dictionary(d) => d.clone(),
                _ => return None,
            };
            if let Some(page) = destination_page(doc, &dict)
                && !kept.contains(&page)
            {
                return None;
            }
            dict.remove(b"StructParent");
            Some(Object::Dictionary(dict))
        })
        .collect()
}

/// The page an internal link goes to (`/Dest [page …]` or `/A << /S /GoTo /D [page …] >>`).
fn destination_page(doc: &Document, annot: &Dictionary) -> Option<ObjectId> {
    let dest = match annot.get(b"Dest") {
        Ok(d) => d.clone(),
        Err(_) => {
            let action = match annot.get(b"A").ok()? {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?.clone(),
                Object::Dictionary(d) => d.clone(),
                _ => return None,
            };
            action.get(b"D").ok()?.clone()
        }
    };
    let dest = match dest {
        Object::Reference(id) => doc.get_object(id).ok()?.clone(),
        other => other,
    };
    match dest.as_array().ok()?.first()? {
        Object::Reference(page) => Some(*page),
        _ => None,
    }
}

/// The page count in the XMP metadata (`xmpTPg:NPages`), which Typst writes uncompressed.
fn set_page_count(doc: &mut Document, pages: usize) {
    let Ok(Object::Reference(id)) = doc.catalog().and_then(|c| c.get(b"Metadata")).cloned() else {
        return;
    };
    let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
        return;
    };
    if stream.dict.has(b"Filter") {
        return;
    }
    let Ok(xml) = std::str::from_utf8(&stream.content) else {
        return;
    };
    let (open, close) = ("<xmpTPg:NPages>", "</xmpTPg:NPages>");
    let Some(start) = xml.find(open).map(|i| i + open.len()) else {
        return;
    };
    let Some(end) = xml[start..].find(close).map(|i| start + i) else {
        return;
    };
    let xml = format!("{}{pages}{}", &xml[..start], &xml[end..]);
    stream.set_content(xml.into_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// Two pages whose size and resources are inherited from the page tree.
    fn two_pages() -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
        );
        let kids: Vec<Object> = (0..2)
            .map(|_| {
                doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id })
                    .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => kids, "Count" => 2,
                "MediaBox" => vec![0.into(), 0.into(), 10.into(), 20.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn a_cut_keeps_what_its_pages_inherited() {
        let cutter = Cutter::new(&two_pages()).unwrap();
        let cut = Document::load_mem(&cutter.cut(2, 2, "x").unwrap()).unwrap();
        let pages = cut.get_pages();
        assert_eq!(pages.len(), 1);
        let page = cut.get_dictionary(pages[&1]).unwrap();
        let size = page.get(b"MediaBox").unwrap().as_array().unwrap();
        assert_eq!(size[3].as_i64().unwrap(), 20);
        let fonts = page
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .unwrap()
            .get(b"Font")
            .unwrap();
        let font = fonts
            .as_dict()
            .unwrap()
            .get(b"F1")
            .unwrap()
            .as_reference()
            .unwrap();
        assert!(
            cut.get_dictionary(font).is_ok(),
            "the font object is copied"
        );
        let labels = cut
            .catalog()
            .unwrap()
            .get(b"PageLabels")
            .unwrap()
            .as_dict()
            .unwrap();
        let first = labels.get(b"Nums").unwrap().as_array().unwrap()[1]
            .as_dict()
            .unwrap();
        assert_eq!(
            first.get(b"St").unwrap().as_i64().unwrap(),
            2,
            "numbered as in the dossier"
        );
    }

    #[test]
    fn a_page_range_outside_the_document_is_an_error() {
        let cutter = Cutter::new(&two_pages()).unwrap();
        let one = cutter.cut(1, 1, "x").unwrap();
        assert_eq!(Document::load_mem(&one).unwrap().get_pages().len(), 1);
        assert_eq!(one, cutter.cut(1, 1, "x").unwrap(), "same cut, same bytes");
        for (first, last) in [(0, 1), (3, 3), (2, 1), (1, 3)] {
            let e = cutter.cut(first, last, "x").unwrap_err();
            assert!(e.to_string().contains("hors du document"), "{e}");
        }
        assert!(Cutter::new(b"pas un PDF").is_err());
    }
}
