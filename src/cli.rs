//! The command line: the same library serves it and the GUI. Each subcommand lives in its own
//! file under `cli/`; [`run`] dispatches and returns the process exit code.
//!
//! Exit codes: 0 success, 1 a check or drill failed its bar, 2 bad input or usage.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod availability_cmd;
mod check_cmd;
mod design_source;
mod diff_cmd;
mod drill_cmd;
mod export_cmd;
mod gate_cmd;
mod import_cmd;
mod templates_cmd;
pub mod term_text;
mod validate_cmd;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code when an analysis or drill fails the bar the user set.
pub const EXIT_FAILED: u8 = 1;
/// Exit code for bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Infraboard: draw a web infrastructure and watch it live.
#[derive(Debug, Parser)]
#[command(
    name = "infraboard",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A design to open in the window (default: the reference design).
    pub file: Option<PathBuf>,
    /// What to do instead of opening the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check design files; print one line per problem.
    Validate(validate_cmd::ValidateArgs),
    /// List the built-in templates.
    Templates,
    /// Write a built-in template to a file.
    New(templates_cmd::NewArgs),
    /// Analyse a design: SPOFs, plaintext hops, exposure, monitoring, shared fate, capacity.
    Check(check_cmd::CheckArgs),
    /// How available each request class is (exact, from each component's availability),
    /// with the single components and pairs whose failure stops it.
    Availability(availability_cmd::AvailabilityArgs),
    /// Compare two versions of a design: what changed, and what that does to the analysis
    /// (each may be a file or a git revision `REV:path`).
    Diff(diff_cmd::DiffArgs),
    /// Run a failure drill headless: timeline summary and verdict (exit 1 if the hypothesis
    /// fails).
    Drill(drill_cmd::DrillArgs),
    /// Export a design as an image (PNG or SVG, with the design inside; PDF) or as a diagram
    /// (draw.io, Mermaid, DOT).
    Export(export_cmd::ExportArgs),
    /// Import a draw.io diagram, a Docker Compose file or Mermaid architecture-beta as a
    /// design (exit 2 on a malformed file).
    Import(import_cmd::ImportArgs),
}

/// Loads the design in `path` for a subcommand, or reports on `err` why it cannot: one line
/// per problem for an invalid design, else the load error (which names the file). `None`
/// means the caller should exit with [`EXIT_BAD_INPUT`].
///
/// # Errors
/// Only if writing to `err` fails.
fn load_design_or_report(
    path: &std::path::Path,
    err: &mut dyn Write,
) -> std::io::Result<Option<crate::model::Design>> {
    let loaded = report_load(crate::io::load_design(path), err)?;
    if loaded.is_none()
        && let crate::import::route::Route::Import(format) = crate::import::route::route_file(path)
    {
        writeln!(
            err,
            "infraboard: {} is a {} diagram: import it first with `infraboard import {} -o design.ron`",
            term_text::path(path),
            format.label(),
            term_text::path(path)
        )?;
    }
    Ok(loaded)
}

/// The design `loaded`, or why not reported on `err` as [`load_design_or_report`] does.
///
/// # Errors
/// Only if writing to `err` fails.
fn report_load(
    loaded: Result<crate::model::Design, crate::io::LoadError>,
    err: &mut dyn Write,
) -> std::io::Result<Option<crate::model::Design>> {
    match loaded {
        Ok(design) => Ok(Some(design)),
        Err(crate::io::LoadError::Invalid { path, problems }) => {
            for p in problems {
                writeln!(
                    err,
                    "{}: error: {}",
                    term_text::path(&path),
                    term_text::clean(&p.to_string())
                )?;
            }
            Ok(None)
        }
        Err(e) => {
            writeln!(err, "infraboard: {}", term_text::clean(&e.to_string()))?;
            Ok(None)
        }
    }
}

/// Runs a headless subcommand, writing its output to `out` and its diagnostics to `err`.
/// Returns the process exit code.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match command {
        Command::Validate(args) => validate_cmd::run(&args, out, err),
        Command::Templates => templates_cmd::list(out),
        Command::New(args) => templates_cmd::new(&args, out, err),
        Command::Check(args) => check_cmd::run(&args, out, err),
        Command::Availability(args) => availability_cmd::run(&args, out, err),
        Command::Diff(args) => diff_cmd::run(&args, out, err),
        Command::Drill(args) => drill_cmd::run(&args, out, err),
        Command::Export(args) => export_cmd::run(&args, out, err),
        Command::Import(args) => import_cmd::run(&args, out, err),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Output failed (closed pipe): nothing more useful can be said.
            let _ = writeln!(err, "infraboard: {}", term_text::clean(&e.to_string()));
            EXIT_BAD_INPUT
        }
    }
}
