//! `infraboard import FILE -o DESIGN.ron [--json] [--layout]`: a draw.io diagram, a Docker
//! Compose file or Mermaid `architecture-beta` as an Infraboard design, with a report of what
//! was guessed or skipped.

use std::io::Write;
use std::path::PathBuf;

use super::{EXIT_BAD_INPUT, EXIT_OK};
use crate::import::{ImportFormat, import_file};
use crate::io::save_design;

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import: .drawio, .xml, .drawio.svg, .drawio.png, compose .yml/.yaml, .mmd.
    pub file: PathBuf,
    /// The design file to write (RON).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The input format when the name and content do not say: drawio, compose or mermaid.
    #[arg(long)]
    pub format: Option<String>,
    /// Lay the design out automatically even when the file has positions.
    #[arg(long)]
    pub layout: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_format(text: &str) -> Result<ImportFormat, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "drawio" | "draw.io" => Ok(ImportFormat::Drawio),
        "compose" | "docker-compose" => Ok(ImportFormat::Compose),
        "mermaid" | "mmd" => Ok(ImportFormat::Mermaid),
        other => Err(format!(
            "unknown format `{other}`; use drawio, compose or mermaid"
        )),
    }
}

/// Imports the file and writes the design; exit 2 with a message naming the file on bad
/// input.
pub fn run(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let format = match args.format.as_deref().map(parse_format).transpose() {
        Ok(f) => f,
        Err(e) => {
            writeln!(err, "infraboard: {e}")?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let mut imported = match import_file(&args.file, format) {
        Ok(i) => i,
        Err(e) => {
            writeln!(err, "infraboard: {e}")?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if args.layout && !imported.report.laid_out {
        crate::layout::apply_auto_layout(&mut imported.design, None);
        imported.report.laid_out = true;
    }
    if let Err(e) = save_design(&imported.design, &args.output) {
        writeln!(err, "infraboard: {e}")?;
        return Ok(EXIT_BAD_INPUT);
    }
    if args.json {
        let json = serde_json::to_string_pretty(&imported.report)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{}", imported.report.to_text())?;
        writeln!(out, "wrote {}", args.output.display())?;
    }
    Ok(EXIT_OK)
}
