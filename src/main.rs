//! The `infraboard` binary: parses the command line, then runs a headless subcommand or opens
//! the window. Everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;
use infraboard::cli::{Cli, EXIT_BAD_INPUT, run};

/// mimalloc, as rerun's viewer uses: egui builds and frees megabytes of meshes every frame, and
/// glibc's malloc hands such blocks back to the kernel each time, so every frame page-faults
/// them in again (a third of a frame's CPU time on the canvas benchmark).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => {
            let code = run(command, &mut std::io::stdout(), &mut std::io::stderr());
            ExitCode::from(code)
        }
        None => match infraboard::ui::run_app(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("infraboard: cannot open the window: {e}");
                ExitCode::from(EXIT_BAD_INPUT)
            }
        },
    }
}
