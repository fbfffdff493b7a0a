//! `watch`: rebuilds one candidate on every save, until Ctrl-C.

use std::io::IsTerminal;
use std::process::ExitCode;

use sio_dossier::pipeline::INTERRUPTED;
use sio_dossier::pipeline::watch::{Watch, WatchEvent, WatchOptions, describe, run as watch_until};

use super::args::WatchArgs;
use super::{source_date_epoch, usage_error};

/// Exit 0 when stopped by Ctrl-C, 1 when the watcher fails, 2 when misused.
pub fn run(args: WatchArgs) -> ExitCode {
    let options = WatchOptions {
        out: args.out,
        print: args.print,
        templates: args.templates,
        font_paths: args.font_path,
        source_date: source_date_epoch(),
    };
    let mut watch = match Watch::new(&args.folder, options) {
        Ok(w) => w,
        Err(m) => return usage_error(&m),
    };
    let tty = std::io::stderr().is_terminal();
    eprintln!(
        "surveillance de « {} » : enregistrez un fichier pour reconstruire (Ctrl-C pour arrêter)",
        args.folder.display()
    );
    let mut on_event = |event: WatchEvent| match event {
        WatchEvent::Rebuilt(r) => {
            if tty && !r.changed.is_empty() {
                // The report replaces the previous one, as a compiler's watch mode does.
                eprint!("\x1b[2J\x1b[H");
            }
            eprintln!("{}", describe(r));
        }
        WatchEvent::WatcherError(m) => eprintln!("attention : surveillance : {m}"),
    };
    match watch_until(&mut watch, &INTERRUPTED, &mut on_event) {
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
