//! The one SHA-256 hasher of the candidate build: the stamp of a package and the key of a
//! cached document are both made of fields hashed the same way.

use sha2::{Digest, Sha256};

/// SHA-256 over a sequence of fields, each prefixed by its length, so that two different
/// sequences (`"ab" "c"` and `"a" "bc"`) never hash alike.
pub(super) struct FieldHasher(Sha256);

impl FieldHasher {
    pub(super) fn new() -> Self {
        Self(Sha256::new())
    }

    /// Adds one field: its length, then its bytes.
    pub(super) fn field(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The hash, in lowercase hexadecimal.
    pub(super) fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// Lowercase hexadecimal, as stamps and cache entries store hashes.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a file's content, streamed (hashed, not loaded into memory). An unreadable
/// file hashes as empty, as it always has: the stamp then changes when it becomes readable.
pub(super) fn file_digest(path: &std::path::Path) -> Vec<u8> {
    let mut content = Sha256::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = std::io::copy(&mut file, &mut DigestWriter(&mut content));
    }
    content.finalize().to_vec()
}

/// Feeds what `std::io::copy` writes into a hasher: `sha2` 0.11 no longer implements
/// `io::Write` itself, and copying keeps a large file out of memory.
struct DigestWriter<'a>(&'a mut Sha256);

impl std::io::Write for DigestWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SHA-256 of bytes in memory, in hexadecimal.
pub(super) fn digest_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
