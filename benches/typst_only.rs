//! The cost of Typst alone: compiles the `.typ` sources that a `sio-dossier class` run
//! wrote (`<package>/sources/dossier-e5|e6/_sio/…`), in-process, fonts and templates
//! already loaded, on the same rayon pool shape as the tool, and exports each PDF.
//! Everything else the tool does (reading, decoding, converting, zipping, the report, the
//! cut livrables) is what `make bench` compares against this floor.
//!
//! Usage: typst_only <class-corpus> <out-of-a-class-run> [jobs]

// A measuring tool run by `make bench` on its own corpus: a broken input is a failed
// benchmark, stopped with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use sio_dossier::input::Confined;
use sio_dossier::render::{Engine, RenderJob};

struct Doc {
    template: String,
    data: Vec<u8>,
    bodies: Vec<(String, String)>,
    folder: Confined,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage : typst_only <corpus> <sortie d'un class> [jobs]");
        std::process::exit(2);
    };
    let jobs: usize = args.get(3).and_then(|j| j.parse().ok()).unwrap_or(0);

    // Candidate folders by number, to serve their images.
    let mut folders: HashMap<String, PathBuf> = HashMap::new();
    for entry in std::fs::read_dir(corpus).expect("corpus").flatten() {
        let yaml = std::fs::read_to_string(entry.path().join("candidat.yaml")).unwrap_or_default();
        if let Some(line) = yaml.lines().find(|l| l.starts_with("numero_candidat:")) {
            let n = line
                .trim_start_matches("numero_candidat:")
                .trim()
                .trim_matches('"')
                .to_string();
            folders.insert(n, entry.path());
        }
    }

    let mut templates: Vec<(String, String)> = Vec::new();
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(out).expect("out").flatten() {
        let sources = entry.path().join("sources");
        for kind in ["dossier-e5", "dossier-e6"] {
            let sio = sources.join(kind).join("_sio");
            let Ok(data) = std::fs::read(sio.join("data.json")) else {
                continue;
            };
            let json: serde_json::Value = serde_json::from_slice(&data).expect("data.json");
            let numero = json["candidat"]["numero"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let Some(folder) = folders.get(&numero) else {
                continue;
            };
            if templates.is_empty() {
                templates = read_typ(&sio, "");
            }
            let bodies = read_typ(&sio.join("body"), "/_sio/body/");
            docs.push(Doc {
                template: format!("{kind}.typ"),
                data,
                bodies,
                folder: Confined::new(folder).expect("candidate folder"),
            });
        }
    }
    let templates: Vec<(String, String)> = templates
        .into_iter()
        .map(|(p, t)| (p.trim_start_matches('/').to_string(), t))
        .collect();
    let engine = Engine::new(&templates, &[]);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .expect("pool");
    let chunk = pool.current_num_threads() * 8;

    let start = Instant::now();
    let mut pages = 0;
    for batch in docs.chunks(chunk) {
        pages += pool.install(|| {
            batch
                .par_iter()
                .map(|d| {
                    let job = RenderJob {
                        template: &d.template,
                        data: d.data.clone(),
                        bodies: d.bodies.clone(),
                        files: Vec::new(),
                        body_sources: HashMap::new(),
                        folder: &d.folder,
                        today: None,
                        ident: d.template.clone(),
                    };
                    let r = engine.compile(&job).expect("compiles");
                    let pdf = r.pdf().expect("exports");
                    assert!(!pdf.is_empty());
                    r.page_count()
                })
                .sum::<usize>()
        });
        comemo::evict(0);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "typst_only documents={} pages={pages} seconds={secs:.3}",
        docs.len()
    );
}

/// `.typ` files of a folder as (virtual path, text).
fn read_typ(dir: &Path, prefix: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "typ"))
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (
                        format!("{prefix}{name}"),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
