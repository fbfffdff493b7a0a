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

/// SHA-256 of a file's content, streamed (hashed, not loaded into memory). A file that
/// cannot be read is an error, never the digest of nothing: an unreadable image hashed as
/// empty would let a package laid out without it pass for up to date.
pub(super) fn file_digest(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut content = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    std::io::copy(&mut file, &mut DigestWriter(&mut content))?;
    Ok(content.finalize().to_vec())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_file_has_no_digest() {
        let dir = std::env::temp_dir();
        // Opening a folder works on Linux; reading it fails: neither is an empty file.
        assert!(file_digest(&dir).is_err());
        assert!(file_digest(&dir.join("sio-absent-9f8e7d")).is_err());
        // A regular file whose read fails (even for root).
        #[cfg(target_os = "linux")]
        assert!(file_digest(std::path::Path::new("/proc/self/mem")).is_err());
        let empty = dir.join(format!("sio-empty-{}", std::process::id()));
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(file_digest(&empty).unwrap(), Sha256::digest(b"").to_vec());
        std::fs::remove_file(&empty).unwrap();
    }
}
