//! `infraboard diff OLD NEW`: what changed between two versions of a design (components,
//! services, links, settings by stable id) and what that does to the analysis (findings fixed
//! and introduced, SPOFs per class, traffic per class). Text for a terminal, `--format
//! markdown` for a pull-request comment, or `--json`; `-o OUT.svg|png|pdf` draws the new
//! design with the changes marked on it instead. OLD and NEW may each be a file or a git
//! revision `REV:path`.
//!
//! Exit codes: 0 (whatever changed), 2 on bad input or usage.

use std::io::{IsTerminal, Write};

use super::check_cmd::ColorWhen;
use super::{EXIT_BAD_INPUT, EXIT_OK, term_text};
use crate::diff::render::{self, document};
use crate::diff::{DesignDiff, diff_analysed};
use crate::export::{Background, ExportFormat, ExportOptions, Scale};
use crate::model::{Design, MAX_QPS};
use crate::sim::{Analysis, AnalysisOptions, analyze};

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
    /// Draw the comparison into this image (.svg, .png or .pdf) instead of printing it.
    #[arg(short, long, value_name = "OUT", conflicts_with_all = ["json", "format"])]
    pub output: Option<std::path::PathBuf>,
    /// PNG pixels per canvas unit with `-o`: 1, 2 or 4.
    #[arg(long, default_value_t = 1, requires = "output")]
    pub scale: u32,
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
    let (old_analysis, new_analysis) = (analyze(&old, &options), analyze(&new, &options));
    let diff = diff_analysed(&old, &old_analysis, &new, &new_analysis);
    if let Some(output) = &args.output {
        return write_image(args, output, (&old, &new, &new_analysis), &diff, out, err);
    }
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

/// Draws the comparison into `output`.
///
/// # Errors
/// Only if writing the messages fails.
fn write_image(
    args: &DiffArgs,
    output: &std::path::Path,
    (old, new, new_analysis): (&Design, &Design, &Analysis),
    diff: &DesignDiff,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let name = term_text::path(output);
    let format = output
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ExportFormat::from_extension)
        .filter(|f| matches!(f, ExportFormat::Png | ExportFormat::Svg | ExportFormat::Pdf));
    let Some(format) = format else {
        writeln!(
            err,
            "infraboard: {name}: name the comparison image .svg, .png or .pdf"
        )?;
        return Ok(EXIT_BAD_INPUT);
    };
    let Some(scale) = Scale::from_factor(args.scale) else {
        writeln!(err, "infraboard: --scale {} is not 1, 2 or 4", args.scale)?;
        return Ok(EXIT_BAD_INPUT);
    };
    let options = ExportOptions {
        format,
        scale,
        background: Background::White,
        overlays: crate::scene::Overlays::ALL,
        selection_only: None,
        no_legend: false,
    };
    let title = format!("{} → {}", args.old, args.new);
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let bytes = match crate::export::compare::export_comparison(
        old,
        new,
        Some(new_analysis),
        diff,
        &options,
        &title,
        &cancel,
    ) {
        Ok(b) => b,
        Err(e) => {
            writeln!(
                err,
                "infraboard: {name}: {}",
                term_text::clean(&e.to_string())
            )?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if let Err(e) = crate::io::write_atomic(output, &bytes) {
        writeln!(err, "infraboard: {name}: cannot write: {e}")?;
        return Ok(EXIT_BAD_INPUT);
    }
    writeln!(out, "wrote {name} ({} bytes)", bytes.len())?;
    Ok(EXIT_OK)
}
