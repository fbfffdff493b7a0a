//! Command line of sio-dossier: parses the arguments and hands each command to its file
//! in `cli/`. Everything else lives in the library.

mod cli;

use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::Parser;

use cli::args::{Cli, Command};
use sio_dossier::input::is_class_folder;
use sio_dossier::pipeline::INTERRUPTED;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Ctrl-C: no new candidate starts; running ones finish their atomic writes.
    if ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst)).is_err() {
        eprintln!(
            "avertissement : Ctrl-C ne pourra pas être intercepté ; un arrêt en cours de route peut laisser un dossier « .tmp- », retiré au lancement suivant"
        );
    }
    match cli.command {
        Command::Build(args) if is_class_folder(&args.folder) => cli::class::run(args),
        Command::Build(args) => cli::build::run(args),
        Command::Class(args) => cli::class::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Init(args) => cli::init::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Watch(args) => cli::watch::run(args),
    }
}
