//! `infraboard export DESIGN -o OUT.png|svg|pdf|drawio|mmd|dot`: the diagram as an image (PNG
//! and SVG embed the design, so they open again as a design) or as diagram text.

use std::io::Write;
use std::path::PathBuf;

use super::{EXIT_BAD_INPUT, EXIT_OK};
use crate::export::{Background, ExportFormat, ExportOptions, Scale, export_design};
use crate::io::write_atomic;
use crate::scene::Overlays;
use crate::sim::{AnalysisOptions, analyze};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The design file (RON, or an image exported by Infraboard).
    pub design: PathBuf,
    /// The file to write; the format follows the extension: `.png`, `.svg`, `.pdf`, `.drawio`,
    /// `.mmd` (Mermaid) or `.dot` (Graphviz). An existing file there is replaced without asking
    /// (atomically; a symbolic link is written through).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Pixels per canvas unit: 1, 2 or 4.
    #[arg(long, default_value_t = 1)]
    pub scale: u32,
    /// Overlays, comma-separated: spof, tls, qps, monitoring; or `none`.
    #[arg(long, default_value = "spof,tls,qps,monitoring")]
    pub overlays: String,
    /// Background: white, dark or transparent.
    #[arg(long, default_value = "white")]
    pub background: String,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

/// Parses `spof,tls,qps,monitoring` or `none`.
pub fn parse_overlays(text: &str) -> Result<Overlays, String> {
    let mut overlays = Overlays::NONE;
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match word.to_ascii_lowercase().as_str() {
            "none" => {}
            "all" => overlays = Overlays::ALL,
            "spof" => overlays.spof = true,
            "tls" => overlays.tls = true,
            "qps" => overlays.qps = true,
            "monitoring" => overlays.monitoring = true,
            other => {
                return Err(format!(
                    "unknown overlay `{other}`; use spof, tls, qps, monitoring or none"
                ));
            }
        }
    }
    Ok(overlays)
}

fn parse_background(text: &str) -> Result<Background, String> {
    Background::ALL
        .into_iter()
        .find(|b| b.key().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| format!("unknown background `{text}`; use white, dark or transparent"))
}

/// Exports the design; exit 2 with a message naming the file on bad input.
pub fn run(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let out_name = args.output.display();
    let Some(format) = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ExportFormat::from_extension)
    else {
        writeln!(
            err,
            "infraboard: {out_name}: unknown export format; name the output .png, .svg, .pdf, .drawio, .mmd or .dot"
        )?;
        return Ok(EXIT_BAD_INPUT);
    };
    let Some(scale) = Scale::from_factor(args.scale) else {
        writeln!(err, "infraboard: --scale {} is not 1, 2 or 4", args.scale)?;
        return Ok(EXIT_BAD_INPUT);
    };
    let (overlays, background) = match (
        parse_overlays(&args.overlays),
        parse_background(&args.background),
    ) {
        (Ok(o), Ok(b)) => (o, b),
        (Err(e), _) | (_, Err(e)) => {
            writeln!(err, "infraboard: {e}")?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let Some(design) = super::load_design_or_report(&args.design, err)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let analysis = overlays
        .any()
        .then(|| analyze(&design, &AnalysisOptions::default()));
    let options = ExportOptions {
        format,
        scale,
        background,
        overlays,
        selection_only: None,
        no_legend: args.no_legend,
    };
    let bytes = match export_design(&design, analysis.as_ref(), &options) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "infraboard: {}: {e}", args.design.display())?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if let Err(e) = write_atomic(&args.output, &bytes) {
        writeln!(err, "infraboard: {out_name}: cannot write: {e}")?;
        return Ok(EXIT_BAD_INPUT);
    }
    writeln!(out, "wrote {out_name} ({} bytes)", bytes.len())?;
    let embeds_design = matches!(format, ExportFormat::Png | ExportFormat::Svg);
    if embeds_design && let Err(why) = crate::export::check_reopens(&bytes) {
        writeln!(
            err,
            "infraboard: warning: {out_name} will not open again as a design: {why}"
        )?;
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_parse() {
        assert_eq!(parse_overlays("none"), Ok(Overlays::NONE));
        assert_eq!(parse_overlays("spof,tls,qps,monitoring"), Ok(Overlays::ALL));
        let o = parse_overlays("tls").unwrap();
        assert!(o.tls && !o.spof);
        assert!(parse_overlays("colour").is_err());
    }
}
