//! `import`: a candidate folder from an Astro or Hugo portfolio.

use std::process::ExitCode;

use sio_dossier::import::plan_import;

use super::args::ImportArgs;

/// Exit 1 when the site cannot be read or a file of the folder exists already.
pub fn run(args: ImportArgs) -> ExitCode {
    let plan = match plan_import(&args.site) {
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
