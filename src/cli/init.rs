//! `init`: a candidate folder ready to build, with commented examples.

use std::path::Path;
use std::process::ExitCode;

use sio_dossier::model::OptionSio;
use sio_dossier::scaffold::{InitOptions, init};

use super::args::InitArgs;

/// Exit 1 when a file exists already (nothing is written then).
pub fn run(args: InitArgs) -> ExitCode {
    let option = OptionSio::parse(&args.option).unwrap_or(OptionSio::Sisr);
    let options = InitOptions {
        nom: args.nom,
        prenom: args.prenom,
        option,
    };
    match init(&args.folder, &options) {
        Ok(files) => {
            print_next_steps(&args.folder, &files);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            ExitCode::FAILURE
        }
    }
}

/// The files created, then what to do with them, in order.
fn print_next_steps(folder: &Path, files: &[std::path::PathBuf]) {
    let dir = folder.display();
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
    println!("  3. remplacez les missions d'exemple par les vôtres (une page par réalisation) ;");
    println!(
        "  4. sio-dossier build {dir} -o sortie --print   produit le zip à rendre et dossier.pdf à imprimer."
    );
}
