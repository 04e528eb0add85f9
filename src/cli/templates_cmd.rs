//! `infraboard templates` and `infraboard new TEMPLATE -o FILE`.

use std::io::Write;
use std::path::PathBuf;

use super::{EXIT_BAD_INPUT, EXIT_OK};
use crate::io::templates::{TEMPLATES, template};
use crate::io::write_atomic;

/// Arguments of `new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Template name (see `infraboard templates`).
    pub template: String,
    /// File to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Lists the templates, one per line: name, then description.
pub fn list(out: &mut dyn Write) -> std::io::Result<u8> {
    let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for t in &TEMPLATES {
        writeln!(out, "{:width$}  {}", t.name, t.description)?;
    }
    Ok(EXIT_OK)
}

/// Writes a template to a file.
pub fn new(args: &NewArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let Some(t) = template(&args.template) else {
        let names: Vec<_> = TEMPLATES.iter().map(|t| t.name).collect();
        writeln!(
            err,
            "infraboard: no template called `{}`; choose one of: {}",
            args.template,
            names.join(", ")
        )?;
        return Ok(EXIT_BAD_INPUT);
    };
    if args.output.exists() && !args.force {
        writeln!(
            err,
            "infraboard: {} exists; pass --force to overwrite it",
            args.output.display()
        )?;
        return Ok(EXIT_BAD_INPUT);
    }
    if let Err(e) = write_atomic(&args.output, t.text.as_bytes()) {
        writeln!(
            err,
            "infraboard: {}: cannot write: {e}",
            args.output.display()
        )?;
        return Ok(EXIT_BAD_INPUT);
    }
    writeln!(out, "wrote {} to {}", t.name, args.output.display())?;
    Ok(EXIT_OK)
}
