//! Where a design for `diff` and `check --baseline` comes from: a file, or a file at a git
//! revision written `REV:path` (`HEAD~1:design.ron`, `main:./saves/x.ron`) and read through
//! `git show` in the current directory. A path that exists is always a file; git reads `path`
//! from the repository's root unless it starts with `./`.

use std::path::Path;
use std::process::Command;

/// Loads the design `spec` names, or reports on `err` why it cannot (`None`: exit with
/// [`super::EXIT_BAD_INPUT`]).
///
/// # Errors
/// Only if writing to `err` fails.
pub(super) fn load(
    spec: &str,
    err: &mut dyn std::io::Write,
) -> std::io::Result<Option<crate::model::Design>> {
    let path = Path::new(spec);
    let revision = spec
        .split_once(':')
        .filter(|(rev, file)| !rev.is_empty() && !file.is_empty() && !path.exists());
    let Some((rev, _)) = revision else {
        return super::load_design_or_report(path, err);
    };
    let shown = Command::new("git")
        .args(["show", "--no-textconv", "--end-of-options", spec])
        .output();
    let bytes = match shown {
        Ok(out) if out.status.success() => out.stdout,
        Ok(out) => {
            let why = String::from_utf8_lossy(&out.stderr);
            let why = why.trim();
            writeln!(
                err,
                "infraboard: {}: git cannot show this revision and path: {}",
                super::term_text::clean(spec),
                super::term_text::clean(if why.is_empty() {
                    "no reason given"
                } else {
                    why
                })
            )?;
            return Ok(None);
        }
        Err(e) => {
            writeln!(
                err,
                "infraboard: {}: no file of that name, and running `git show` for revision `{}` failed: {e}",
                super::term_text::clean(spec),
                super::term_text::clean(rev)
            )?;
            return Ok(None);
        }
    };
    super::report_load(crate::io::design_from_bytes(&bytes, path), err)
}
