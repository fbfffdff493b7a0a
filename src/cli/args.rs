//! Every command's arguments, in one place: what `--help` shows, in French.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use sio_dossier::pipeline::Shard;

/// Dossiers des épreuves E5 et E6 du BTS SIO, à partir des pages Markdown du portfolio.
#[derive(Parser)]
#[command(name = "sio-dossier", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
pub struct CheckArgs {
    /// Dossier du candidat (candidat.yaml, epreuves/, missions/) ou de la classe (classe.yaml).
    pub folder: PathBuf,
    /// Format : `text` (pour une personne) ou `json` (pour un outil, sur la sortie standard).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// N'affiche que les erreurs (format text).
    #[arg(short, long)]
    pub quiet: bool,
    /// Nombre de tâches en parallèle (par défaut : une par cœur).
    #[arg(short, long)]
    pub jobs: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args)]
pub struct InitArgs {
    /// Dossier à créer (il peut exister, mais aucun des fichiers créés ne doit exister).
    pub folder: PathBuf,
    /// Option du BTS : SISR ou SLAM (choisit l'exemple de réalisation E6).
    #[arg(long, default_value = "SISR", value_parser = ["SISR", "SLAM", "sisr", "slam"])]
    pub option: String,
    /// NOM de famille du candidat.
    #[arg(long)]
    pub nom: Option<String>,
    /// Prénom du candidat.
    #[arg(long)]
    pub prenom: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Dossier du site (Astro : src/content/, public/ ; Hugo : content/, static/).
    pub site: PathBuf,
    /// Dossier du candidat à créer.
    #[arg(short, long, default_value = "candidat")]
    pub out: PathBuf,
    /// Affiche la correspondance sans rien écrire.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args)]
pub struct WatchArgs {
    /// Dossier du candidat (candidat.yaml, epreuves/, missions/).
    pub folder: PathBuf,
    /// Dossier de sortie.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Produit aussi dossier.pdf, les deux dossiers en un seul document à imprimer.
    #[arg(long)]
    pub print: bool,
    /// Dossier de modèles Typst qui remplacent ceux fournis (surveillé aussi).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Dossier de polices (TTF/OTF) à ajouter.
    #[arg(long)]
    pub font_path: Vec<PathBuf>,
}

#[derive(Args)]
pub struct BuildArgs {
    /// Dossier du candidat (candidat.yaml, epreuves/, missions/) ou de la classe (classe.yaml).
    pub folder: PathBuf,
    /// Dossier de sortie.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Nombre de tâches en parallèle (par défaut : une par cœur).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// N'affiche que les erreurs.
    #[arg(short, long)]
    pub quiet: bool,
    /// Reconstruit tout, même ce qui n'a pas changé.
    #[arg(long)]
    pub force: bool,
    /// Dossier de modèles Typst qui remplacent ceux fournis, fichier par fichier.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Dossier de polices (TTF/OTF) à ajouter.
    #[arg(long)]
    pub font_path: Vec<PathBuf>,
    /// Ne construit que la tranche K sur N des candidats (répartition sur plusieurs machines).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Produit aussi dossier.pdf : couverture, sommaire, E5 puis E6, pages numérotées.
    #[arg(long)]
    pub print: bool,
}
