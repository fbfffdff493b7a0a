//! Command line of sio-dossier. Everything else lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use sio_dossier::model::build::Defaults;
use sio_dossier::pipeline::{RunSettings, build_candidate};
use sio_dossier::render::Engine;

/// Dossiers des épreuves E5 et E6 du BTS SIO, à partir des pages Markdown du portfolio.
#[derive(Parser)]
#[command(name = "sio-dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Produit les dossiers PDF et le zip d'un candidat.
    Build {
        /// Dossier du candidat (candidat.yaml, epreuves/, missions/, assets/).
        folder: PathBuf,
        /// Dossier de sortie.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// N'affiche que les erreurs.
        #[arg(short, long)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { folder, out, quiet } => build(folder, out, quiet),
    }
}

fn build(folder: PathBuf, out: PathBuf, quiet: bool) -> ExitCode {
    let engine = Engine::new(&[], &[]);
    let settings = RunSettings { engine: &engine, out, defaults: Defaults::default(), source_date: source_date_epoch() };
    let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new(2) };
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} documents").unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.set_message(folder.display().to_string());
    let report = build_candidate(&folder, &settings, &|| bar.inc(1));
    bar.finish_and_clear();
    for d in &report.diagnostics {
        if !quiet || d.is_error() {
            eprintln!("{d}");
        }
    }
    match &report.zip {
        Some(zip) => {
            if !quiet {
                let pages: Vec<String> = report.pages.iter().map(|(f, n)| format!("{f} ({n} pages)")).collect();
                println!("{} : {} → {}", report.name.as_deref().unwrap_or("?"), pages.join(", "), zip.display());
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("échec : aucun paquet produit pour « {} »", folder.display());
            ExitCode::FAILURE
        }
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible builds), as a date.
fn source_date_epoch() -> Option<chrono::NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}
