//! `infraboard validate FILE...`: one line per problem, exit 2 if any file has an error.

use std::io::Write;
use std::path::PathBuf;

use super::term_text::{clean, path as shown};
use super::{EXIT_BAD_INPUT, EXIT_OK};
use crate::io::{LoadError, load_design_with_warnings};
use crate::model::Severity;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Design files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Checks every file; prints `FILE: ok`, or one line per problem.
pub fn run(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let mut code = EXIT_OK;
    for path in &args.files {
        match load_design_with_warnings(path) {
            Ok((_, warnings)) => {
                if warnings.is_empty() {
                    writeln!(out, "{}: ok", shown(path))?;
                }
                for w in warnings {
                    let label = match w.severity() {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    writeln!(out, "{}: {label}: {}", shown(path), clean(&w.to_string()))?;
                }
            }
            Err(LoadError::Invalid { path, problems }) => {
                code = EXIT_BAD_INPUT;
                for p in problems {
                    writeln!(err, "{}: error: {}", shown(&path), clean(&p.to_string()))?;
                }
            }
            Err(e) => {
                code = EXIT_BAD_INPUT;
                writeln!(err, "{}", clean(&e.to_string()))?;
            }
        }
    }
    Ok(code)
}
