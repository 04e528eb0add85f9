//! `infraboard diff OLD NEW`: what changed between two versions of a design (components,
//! services, links, settings by stable id) and what that does to the analysis (findings fixed
//! and introduced, SPOFs per class, traffic per class). Text for a terminal, `--format
//! markdown` for a pull-request comment, or `--json`. OLD and NEW may each be a file or a git
//! revision `REV:path`.
//!
//! Exit codes: 0 (whatever changed), 2 on bad input or usage.

use std::io::{IsTerminal, Write};

use super::check_cmd::ColorWhen;
use super::{EXIT_BAD_INPUT, EXIT_OK, term_text};
use crate::diff::render::{self, document};
use crate::diff::{DesignDiff, diff_designs};
use crate::model::{Design, MAX_QPS};
use crate::sim::AnalysisOptions;

/// How to print a diff for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped text for a terminal.
    Text,
    /// Markdown tables for a pull-request comment.
    Markdown,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old design: a file, or `REV:path` read with `git show`.
    pub old: String,
    /// The new design: a file, or `REV:path`.
    pub new: String,
    /// Print one JSON object instead of text.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Text for a terminal or Markdown for a pull request.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Analyse both designs at this offered load, in QPS (default: each design's own).
    #[arg(long, value_name = "QPS", allow_negative_numbers = true)]
    pub qps: Option<f64>,
    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// Checks a `--qps` value; reports on `err` and returns `false` when it is out of range.
///
/// # Errors
/// Only if writing to `err` fails.
pub(super) fn qps_ok(qps: Option<f64>, err: &mut dyn Write) -> std::io::Result<bool> {
    if let Some(qps) = qps
        && !(qps.is_finite() && (0.0..=MAX_QPS).contains(&qps))
    {
        writeln!(
            err,
            "infraboard: --qps {}: give a rate between 0 and {MAX_QPS}",
            crate::model::limits::short_number(qps)
        )?;
        return Ok(false);
    }
    Ok(true)
}

/// Loads both designs (`None`: reported on `err`, exit 2).
///
/// # Errors
/// Only if writing to `err` fails.
pub(super) fn load_pair(
    old: &str,
    new: &str,
    err: &mut dyn Write,
) -> std::io::Result<Option<(Design, Design)>> {
    let Some(a) = super::design_source::load(old, err)? else {
        return Ok(None);
    };
    let Some(b) = super::design_source::load(new, err)? else {
        return Ok(None);
    };
    Ok(Some((a, b)))
}

/// Whether to colour text going to standard output.
pub(super) fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Prints `diff` between `old` and `new` for people.
///
/// # Errors
/// Only if writing fails.
pub(super) fn print_human(
    diff: &DesignDiff,
    (old, new): (&str, &str),
    format: DiffFormat,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let doc = document(diff, old, new);
    let text = match format {
        DiffFormat::Text => render::text::render(&doc, color, &term_text::clean),
        DiffFormat::Markdown => render::markdown::render(&doc, &term_text::clean),
    };
    out.write_all(text.as_bytes())
}

/// Runs `diff`.
///
/// # Errors
/// Only if writing the output fails.
pub fn run(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    if !qps_ok(args.qps, err)? {
        return Ok(EXIT_BAD_INPUT);
    }
    let Some((old, new)) = load_pair(&args.old, &args.new, err)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let options = AnalysisOptions {
        offered_qps: args.qps,
        ..AnalysisOptions::default()
    };
    let diff = diff_designs(&old, &new, &options);
    if args.json {
        let value = render::json::to_json(&diff, &args.old, &args.new);
        serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        print_human(
            &diff,
            (&args.old, &args.new),
            args.format,
            use_color(args.color),
            out,
        )?;
    }
    Ok(EXIT_OK)
}
