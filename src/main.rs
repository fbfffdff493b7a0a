//! Command line of sio-dossier. Everything else lives in the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use sio_dossier::diagnostics::print::{Counts, color_for_stderr, print_text, to_json};
use sio_dossier::diagnostics::{Diagnostic, Severity};
use sio_dossier::input::is_class_folder;
use sio_dossier::pipeline::class::enclosing_class;
use sio_dossier::pipeline::{
    BuildOptions, CandidateReport, ClassOptions, ClassReport, INTERRUPTED, RunSettings, School,
    Shard, build_candidate_with, build_class, check_candidate, check_class, stale_staging_notice,
};
use sio_dossier::render::Engine;
use sio_dossier::student;

/// Dossiers des épreuves E5 et E6 du BTS SIO, à partir des pages Markdown du portfolio.
#[derive(Parser)]
#[command(name = "sio-dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Produit les dossiers PDF et le zip d'un candidat (ou de toute une classe).
    Build(BuildArgs),
    /// Produit les dossiers de toute une classe et le rapport de classe.
    Class(BuildArgs),
    /// Vérifie un candidat (ou une classe) sans rien produire, et affiche les problèmes.
    ///
    /// Code de sortie : 0 sans erreur (avertissements et informations permis), 1 s'il y a
    /// au moins une erreur, 2 si la commande est mal employée.
    Check(CheckArgs),
    /// Crée un dossier de candidat prêt à construire, avec des exemples commentés.
    Init(InitArgs),
    /// Crée un dossier de candidat à partir d'un portfolio Astro ou Hugo.
    Import(ImportArgs),
    /// Reconstruit les dossiers à chaque enregistrement d'un fichier du candidat.
    Watch(WatchArgs),
}

#[derive(Args)]
struct CheckArgs {
    /// Dossier du candidat (candidat.yaml, epreuves/, missions/) ou de la classe (classe.yaml).
    folder: PathBuf,
    /// Format : `text` (pour une personne) ou `json` (pour un outil, sur la sortie standard).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// N'affiche que les erreurs (format text).
    #[arg(short, long)]
    quiet: bool,
    /// Nombre de tâches en parallèle (par défaut : une par cœur).
    #[arg(short, long)]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Args)]
struct InitArgs {
    /// Dossier à créer (il peut exister, mais aucun des fichiers créés ne doit exister).
    folder: PathBuf,
    /// Option du BTS : SISR ou SLAM (choisit l'exemple de réalisation E6).
    #[arg(long, default_value = "SISR", value_parser = ["SISR", "SLAM", "sisr", "slam"])]
    option: String,
    /// NOM de famille du candidat.
    #[arg(long)]
    nom: Option<String>,
    /// Prénom du candidat.
    #[arg(long)]
    prenom: Option<String>,
}

#[derive(Args)]
struct ImportArgs {
    /// Dossier du site (Astro : src/content/, public/ ; Hugo : content/, static/).
    site: PathBuf,
    /// Dossier du candidat à créer.
    #[arg(short, long, default_value = "candidat")]
    out: PathBuf,
    /// Affiche la correspondance sans rien écrire.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
struct WatchArgs {
    /// Dossier du candidat (candidat.yaml, epreuves/, missions/).
    folder: PathBuf,
    /// Dossier de sortie.
    #[arg(short, long, default_value = "out")]
    out: PathBuf,
    /// Produit aussi dossier.pdf, les deux dossiers en un seul document à imprimer.
    #[arg(long)]
    print: bool,
    /// Dossier de modèles Typst qui remplacent ceux fournis (surveillé aussi).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Dossier de polices (TTF/OTF) à ajouter.
    #[arg(long)]
    font_path: Vec<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    /// Dossier du candidat (candidat.yaml, epreuves/, missions/) ou de la classe (classe.yaml).
    folder: PathBuf,
    /// Dossier de sortie.
    #[arg(short, long, default_value = "out")]
    out: PathBuf,
    /// Nombre de tâches en parallèle (par défaut : une par cœur).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// N'affiche que les erreurs.
    #[arg(short, long)]
    quiet: bool,
    /// Reconstruit tout, même ce qui n'a pas changé.
    #[arg(long)]
    force: bool,
    /// Dossier de modèles Typst qui remplacent ceux fournis, fichier par fichier.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Dossier de polices (TTF/OTF) à ajouter.
    #[arg(long)]
    font_path: Vec<PathBuf>,
    /// Ne construit que la tranche K sur N des candidats (répartition sur plusieurs machines).
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Produit aussi dossier.pdf : couverture, sommaire, E5 puis E6, pages numérotées.
    #[arg(long)]
    print: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Ctrl-C: no new candidate starts; running ones finish their atomic writes.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    match cli.command {
        Command::Build(args) if is_class_folder(&args.folder) => class(args),
        Command::Build(args) => build(args),
        Command::Class(args) => class(args),
        Command::Check(args) => check(args),
        Command::Init(args) => init(args),
        Command::Import(args) => import(args),
        Command::Watch(args) => watch(args),
    }
}

/// `check`: everything a build would read and validate; nothing is written.
fn check(args: CheckArgs) -> ExitCode {
    if !args.folder.is_dir() {
        return usage_error(&format!(
            "« {} » n'est pas un dossier de candidat ni de classe",
            args.folder.display()
        ));
    }
    let diags: Vec<Diagnostic> = if is_class_folder(&args.folder) {
        match check_class(&args.folder, args.jobs) {
            Ok(report) => report
                .diagnostics
                .into_iter()
                .chain(report.candidates.into_iter().flat_map(|c| c.diagnostics))
                .collect(),
            Err(d) => vec![d],
        }
    } else {
        let (defaults, _) = enclosing_class(&args.folder).unwrap_or_default();
        check_candidate(&args.folder, &defaults).diagnostics
    };
    let diags = locate(diags, &args.folder);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&to_json(&diags)) {
            Ok(json) => println!("{json}"),
            Err(e) => return usage_error(&e.to_string()),
        },
        Format::Text => {
            print_text(&diags, args.quiet, color_for_stderr());
            eprintln!(
                "vérification de « {} » : {}",
                args.folder.display(),
                Counts::of(&diags).summary_fr()
            );
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The engine: shipped templates unless overridden, shipped fonts plus the user's.
fn engine(args: &BuildArgs) -> Result<Engine, String> {
    let overrides = sio_dossier::input::school::read_templates(args.templates.as_deref())?;
    let fonts = sio_dossier::input::school::read_fonts(&args.font_path)?;
    Ok(Engine::new(&overrides, &fonts))
}

fn settings<'a>(engine: &'a Engine, args: &BuildArgs, school: School) -> RunSettings<'a> {
    RunSettings {
        engine,
        out: args.out.clone(),
        source_date: source_date_epoch(),
        force: args.force,
        school,
    }
}

/// Diagnostics of `build` and `class`: the same printer as `check`.
fn print_diagnostics(diags: &[Diagnostic], quiet: bool) {
    print_text(diags, quiet, color_for_stderr());
}

/// Files are named as the user can open them from where the command was run, like a
/// compiler does: the folder given on the command line, then the path inside it. A
/// diagnostic about the whole folder names the folder.
fn locate(mut diags: Vec<Diagnostic>, folder: &Path) -> Vec<Diagnostic> {
    for d in &mut diags {
        d.file = Some(match d.file.take() {
            Some(f) if f.is_relative() => folder.join(f),
            Some(f) => f,
            None => folder.to_path_buf(),
        });
    }
    diags
}

fn build(args: BuildArgs) -> ExitCode {
    let engine = match engine(&args) {
        Ok(e) => e,
        Err(m) => return usage_error(&m),
    };
    // A candidate folder inside a class folder: the class's classe.yaml and candidats.csv.
    let (defaults, school) = enclosing_class(&args.folder).unwrap_or_default();
    let settings = settings(&engine, &args, school);
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(if args.print { 3 } else { 2 })
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} documents")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(args.folder.display().to_string());
    let options = BuildOptions {
        print: args.print,
        cache: None,
    };
    let leftovers = stale_staging_notice(&args.out);
    let report = build_candidate_with(&args.folder, &defaults, &settings, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    let mut diags = report.diagnostics.clone();
    diags.extend(leftovers);
    print_diagnostics(&locate(diags, &args.folder), args.quiet);
    match &report.zip {
        Some(zip) => {
            if !args.quiet {
                println!("{}", candidate_line(&report, zip));
            }
            // The package is written; the exit code still tells that something is wrong.
            let errors = report.count(Severity::Error);
            if errors > 0 {
                eprintln!("paquet écrit, mais {errors} erreur(s) à corriger : voir ci-dessus");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "échec : aucun paquet produit pour « {} »",
                args.folder.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn candidate_line(report: &CandidateReport, zip: &Path) -> String {
    let pages: Vec<String> = report
        .pages
        .iter()
        .map(|(f, n)| format!("{f} ({n} pages)"))
        .collect();
    let state = if report.skipped { " [inchangé]" } else { "" };
    format!(
        "{} : {} → {}{state}",
        report.name.as_deref().unwrap_or("?"),
        pages.join(", "),
        zip.display()
    )
}

/// A class folder, or a folder of class folders (an académie): each class goes to
/// `<out>/<class folder name>/`.
fn classes(folder: &Path, out: &Path) -> Vec<(PathBuf, PathBuf)> {
    if is_class_folder(folder) {
        return vec![(folder.to_path_buf(), out.to_path_buf())];
    }
    let mut found: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir() && is_class_folder(p))
                .map(|p| {
                    let name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
                    (p, out.join(name))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn class(args: BuildArgs) -> ExitCode {
    let engine = match engine(&args) {
        Ok(e) => e,
        Err(m) => return usage_error(&m),
    };
    let list = classes(&args.folder, &args.out);
    if list.is_empty() {
        return usage_error(&format!(
            "« {} » n'est ni un dossier de classe (classe.yaml, candidats.csv) ni un dossier de classes",
            args.folder.display()
        ));
    }
    let options = ClassOptions {
        jobs: args.jobs,
        quiet: args.quiet,
        shard: args.shard,
        print: args.print,
    };
    let mut failed = 0;
    for (folder, out) in list {
        let settings = RunSettings {
            out: out.clone(),
            ..settings(&engine, &args, School::default())
        };
        let report = match build_class(&folder, &settings, &options) {
            Ok(r) => r,
            Err(d) => {
                print_diagnostics(&locate(vec![d], &folder), false);
                failed += 1;
                continue;
            }
        };
        print_diagnostics(&locate(report.diagnostics.clone(), &folder), args.quiet);
        for c in &report.candidates {
            print_diagnostics(&locate(c.diagnostics.clone(), &folder), args.quiet);
        }
        if !args.quiet {
            print_summary(&report, &out, args.shard);
        }
        if report.interrupted {
            eprintln!("interrompu : les candidats non commencés n'ont pas été construits");
            return ExitCode::from(130);
        }
        let with_errors = report
            .candidates
            .iter()
            .filter(|c| !c.failed() && c.count(Severity::Error) > 0)
            .count();
        if report.failed() > 0 {
            eprintln!(
                "{} candidat(s) en échec sur {}",
                report.failed(),
                report.candidates.len()
            );
            failed += 1;
        }
        if with_errors > 0 {
            eprintln!(
                "{with_errors} candidat(s) construit(s) avec des erreurs à corriger : voir ci-dessus"
            );
            failed += 1;
        }
        if report.diagnostics.iter().any(Diagnostic::is_error) {
            eprintln!("erreur(s) dans le dossier de classe : voir ci-dessus");
            failed += 1;
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The summary table: candidate, PDFs, warnings, errors, state.
fn print_summary(report: &ClassReport, out: &Path, shard: Option<Shard>) {
    let rows: Vec<(String, String, String, String, &str)> = report
        .candidates
        .iter()
        .map(|c| {
            let name = c
                .name
                .clone()
                .unwrap_or_else(|| c.dir.display().to_string());
            let state = if c.failed() {
                "ÉCHEC"
            } else if c.skipped {
                "inchangé"
            } else {
                "construit"
            };
            (
                name,
                c.pdfs.len().to_string(),
                c.count(Severity::Warning).to_string(),
                c.count(Severity::Error).to_string(),
                state,
            )
        })
        .collect();
    let width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    println!();
    println!(
        "{:<width$}  {:>4}  {:>13}  {:>7}  état",
        "candidat", "PDF", "avertissements", "erreurs"
    );
    for (name, pdfs, warnings, errors, state) in &rows {
        println!("{name:<width$}  {pdfs:>4}  {warnings:>13}  {errors:>7}  {state}");
    }
    let skipped = report.candidates.iter().filter(|c| c.skipped).count();
    let report_file = match shard {
        Some(s) => format!(
            "aucun (tranche {s} : relancer sans --shard une fois toutes les tranches réunies pour le produire)"
        ),
        None => out.join("rapport-classe.pdf").display().to_string(),
    };
    println!();
    println!(
        "{} candidat(s) : {} construit(s), {} inchangé(s) (non reconstruits), {} en échec. Rapport : {}",
        report.candidates.len(),
        report.candidates.len() - skipped - report.failed(),
        skipped,
        report.failed(),
        report_file
    );
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("erreur : {message}");
    ExitCode::from(2)
}

/// `SOURCE_DATE_EPOCH` (reproducible builds), as a date.
fn source_date_epoch() -> Option<chrono::NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}

/// `init`: exit 1 when a file exists already (nothing is written then).
fn init(args: InitArgs) -> ExitCode {
    let option = sio_dossier::model::OptionSio::parse(&args.option)
        .unwrap_or(sio_dossier::model::OptionSio::Sisr);
    let options = student::init::InitOptions {
        nom: args.nom,
        prenom: args.prenom,
        option,
    };
    match student::init::init(&args.folder, &options) {
        Ok(files) => {
            let dir = args.folder.display();
            println!("Dossier du candidat créé dans « {dir} » :");
            for f in files {
                println!("  {}", f.display());
            }
            println!();
            println!("Et maintenant :");
            println!("  1. complétez {dir}/candidat.yaml (nom, prénom, numéro de candidat…) ;");
            println!(
                "  2. sio-dossier watch {dir} -o sortie   reconstruit les PDF à chaque enregistrement ;"
            );
            println!(
                "  3. remplacez les missions d'exemple par les vôtres (une page par réalisation) ;"
            );
            println!(
                "  4. sio-dossier build {dir} -o sortie --print   produit le zip à rendre et dossier.pdf à imprimer."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            ExitCode::FAILURE
        }
    }
}

/// `import`: exit 1 when the site cannot be read or a file of the folder exists already.
fn import(args: ImportArgs) -> ExitCode {
    let plan = match student::import::plan_import(&args.site) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", plan.summary_fr(&args.out));
    if args.dry_run {
        println!();
        println!("Simulation (--dry-run) : rien n'a été écrit.");
        return ExitCode::SUCCESS;
    }
    match plan.write(&args.out) {
        Ok(n) => {
            println!();
            println!(
                "{n} fichier(s) écrit(s) dans « {} ». Vérifiez candidat.yaml, puis : sio-dossier build {} -o sortie",
                args.out.display(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            ExitCode::FAILURE
        }
    }
}

/// `watch`: rebuilds on every save until Ctrl-C (exit 0).
fn watch(args: WatchArgs) -> ExitCode {
    use std::io::IsTerminal;
    let options = student::watch::WatchOptions {
        out: args.out,
        print: args.print,
        templates: args.templates,
        font_paths: args.font_path,
        source_date: source_date_epoch(),
    };
    let mut watch = match student::watch::Watch::new(&args.folder, options) {
        Ok(w) => w,
        Err(m) => return usage_error(&m),
    };
    let tty = std::io::stderr().is_terminal();
    eprintln!(
        "surveillance de « {} » : enregistrez un fichier pour reconstruire (Ctrl-C pour arrêter)",
        args.folder.display()
    );
    let mut on_event = |event: student::watch::WatchEvent| match event {
        student::watch::WatchEvent::Rebuilt(r) => {
            if tty && !r.changed.is_empty() {
                // The report replaces the previous one, as a compiler's watch mode does.
                eprint!("\x1b[2J\x1b[H");
            }
            eprintln!("{}", student::watch::describe(r));
        }
        student::watch::WatchEvent::WatcherError(m) => eprintln!("attention : surveillance : {m}"),
    };
    match student::watch::run(&mut watch, &INTERRUPTED, &mut on_event) {
        Ok(()) => {
            eprintln!("surveillance arrêtée");
            ExitCode::SUCCESS
        }
        Err(m) => {
            eprintln!("erreur : {m}");
            ExitCode::FAILURE
        }
    }
}
