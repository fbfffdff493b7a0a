//! TEMPORARY STUB (replaced by the real converter from the markdown work in progress).
pub trait Resolver {
    fn link(&self, url: &str) -> LinkTarget;
    fn image(&self, src: &str) -> ImageTarget;
}
pub enum LinkTarget { External(String), Local(String), Text }
pub enum ImageTarget { Path(String), Missing(String) }
#[derive(Debug, Clone)]
pub struct Options { pub drop_title: Option<String>, pub heading_offset: u8 }
impl Default for Options { fn default() -> Self { Self { drop_title: None, heading_offset: 1 } } }
#[derive(Debug, Clone)]
pub struct Converted { pub markup: String, pub warnings: Vec<Warning>, pub first_h1: Option<String> }
#[derive(Debug, Clone)]
pub struct Warning { pub line: usize, pub message: String }
pub fn to_typst(markdown: &str, _options: &Options, _resolver: &dyn Resolver) -> Converted {
    let mut out = String::new();
    for c in markdown.chars() {
        if c.is_ascii_punctuation() { out.push('\\'); }
        if c == '\n' { out.push(' '); } else { out.push(c); }
    }
    Converted { markup: out, warnings: vec![], first_h1: None }
}
