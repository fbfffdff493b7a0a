//! The per-document Typst world: templates and generated files from memory, images from
//! the candidate folder (confined), nothing else.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::input::{ConfineError, Confined};
use crate::render::engine::Engine;

/// Generated files live under this virtual folder; a candidate's own `_sio` folder, if
/// any, is never read.
pub const GENERATED_DIR: &str = "/_sio";

/// An image over this size is refused with a message (a phone photo is 3-8 MB).
pub const MAX_ASSET_BYTES: u64 = 20 * 1024 * 1024;

/// Typst picks an image's decoder by its extension. An image whose extension lies (a
/// JPEG named `.png`) is given to Typst as `/_sio/sniffed/<its path>.<real extension>`,
/// which this world serves from the candidate's file.
pub const SNIFFED_DIR: &str = "/_sio/sniffed";

/// The path under which Typst gets an image of the candidate folder: its own, or the
/// [`SNIFFED_DIR`] alias carrying the extension of the format its bytes are in.
pub fn image_path(vpath: &str, extension: &str) -> String {
    let own = vpath
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let same = crate::render::budget::Kind::from_extension(&own)
        .is_some_and(|k| k.extension() == extension);
    if same {
        vpath.to_string()
    } else {
        format!("{SNIFFED_DIR}{vpath}.{extension}")
    }
}

/// The candidate file behind a path Typst asks for: itself, or the file an alias of
/// [`SNIFFED_DIR`] stands for.
fn candidate_path(vpath: &str) -> Option<&str> {
    match vpath.strip_prefix(SNIFFED_DIR) {
        Some(rest) => rest.rsplit_once('.').map(|(file, _)| file),
        None => Some(vpath),
    }
}

/// Interns a virtual path of the project root. Ids are global and never freed, so the
/// generated names are the same for every document (bounded, reused).
pub fn file_id(vpath: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(vpath).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A file served from memory.
#[derive(Clone)]
pub enum MemFile {
    Source(Source),
    Bytes(Bytes),
}

/// One document's world. Cheap: it borrows the engine and the candidate folder.
pub struct DocWorld<'a> {
    pub(crate) engine: &'a Engine,
    pub(crate) folder: &'a Confined,
    pub(crate) main: FileId,
    pub(crate) files: HashMap<FileId, MemFile>,
    pub(crate) today: Option<Datetime>,
    /// Candidate files Typst asked for (found or not): what the document depends on
    /// besides its generated sources, for `watch`.
    pub(crate) reads: Mutex<BTreeSet<String>>,
    /// Templates Typst asked for (`dossier-e5.typ`, `style.typ`…): the ones written beside
    /// the PDFs as the document's sources, and no other.
    pub(crate) templates_used: Mutex<BTreeSet<String>>,
}

impl DocWorld<'_> {
    fn mem(&self, id: FileId) -> Option<MemFile> {
        self.files.get(&id).cloned().or_else(|| {
            let template = self.engine.template(id)?;
            if let Ok(mut used) = self.templates_used.lock() {
                let vpath = id.vpath().get_with_slash();
                let name = vpath.rsplit('/').next().unwrap_or(vpath);
                used.insert(name.to_string());
            }
            Some(MemFile::Source(template))
        })
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.engine.library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts().book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    /// Only generated sources: no Typst file of the candidate's is ever evaluated.
    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.mem(id) {
            Some(MemFile::Source(s)) => Ok(s),
            Some(MemFile::Bytes(_)) | None => Err(FileError::AccessDenied),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match self.mem(id) {
            Some(MemFile::Source(s)) => return Ok(Bytes::from_string(s.text().to_string())),
            Some(MemFile::Bytes(b)) => return Ok(b),
            None => {}
        }
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let asked = id.vpath().get_with_slash();
        let vpath = match candidate_path(asked) {
            Some(v) if !v.starts_with(GENERATED_DIR) => v,
            _ => return Err(FileError::AccessDenied),
        };
        if let Ok(mut reads) = self.reads.lock() {
            reads.insert(vpath.to_string());
        }
        let bytes = match self.folder.read(vpath, MAX_ASSET_BYTES) {
            Ok(bytes) => bytes,
            Err(ConfineError::NotFound(p)) => return Err(FileError::NotFound(p.into())),
            Err(e) => return Err(FileError::Other(Some(e.to_string().into()))),
        };
        // Checked again here, whatever asked for it: the file may have changed since the
        // page was converted, and no image over budget is ever decoded.
        if crate::render::budget::sniff(&bytes).is_some()
            && let Err(e) = crate::render::budget::check_image(&bytes)
        {
            return Err(FileError::Other(Some(
                format!("image « {vpath} » : {e}").into(),
            )));
        }
        Ok(Bytes::new(bytes))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts().font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
