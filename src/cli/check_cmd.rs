//! `infraboard check FILE`: every analysis rule and the traffic model on one design file.
//!
//! Human output (findings grouped by severity with why and fix, then a per-component QPS
//! table; colour only on a terminal) or `--json`: one object with `design`, `summary`,
//! `findings` and `traffic`. The words mean the same everywhere (here, `drill --json`, the
//! canvas and the charts): `served_qps` completed or passed on, `dropped_qps` refused for lack
//! of capacity, `failed_qps` lost to a failure (a dead component, no way onwards), and
//! `offered_qps = served_qps + dropped_qps + failed_qps`. A saturated component's latency is
//! unbounded: `null` in JSON, "saturated" on screen.
//!
//! With `--baseline OLD` it judges the change instead ([`super::gate_cmd`]).
//!
//! Exit codes: 0, or 1 when a finding reaches `--fail-on` (with a baseline: when the change is
//! worse); 2 on bad input or usage.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::term_text::{self, clean};
use super::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK};
use crate::sim::availability::{MAX_WORK, availability_under};

use crate::sim::{
    Analysis, AnalysisOptions, Finding, FindingSeverity, NodeTraffic, RequestClass, analyze,
    check_failed_ids,
};

/// From which severity `check` exits with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 if there is an error.
    Error,
    /// Exit 1 if there is an error or a warning.
    Warning,
    /// Always exit 0 (unless the input is bad).
    Never,
}

/// When to colour the human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Only when standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The design file to analyse.
    pub file: PathBuf,
    /// Print one JSON object instead of the human report.
    #[arg(long)]
    pub json: bool,
    /// Offered load at the entry, in QPS (default: the design's traffic profile).
    #[arg(long, value_name = "QPS", allow_negative_numbers = true)]
    pub qps: Option<f64>,
    /// Analyse with these components, services (`server/service`) or zones down,
    /// comma-separated (`ID:all`: every instance).
    #[arg(
        long,
        value_name = "ID[,ID...]",
        value_delimiter = ',',
        conflicts_with = "baseline"
    )]
    pub fail: Vec<String>,
    /// Exit with 1 when a finding of this severity (or worse) exists.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colour the human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Also compute each class's availability (exactly, with `--fail` applied: what is failed
    /// stays down): nines, downtime per year, the cut sets and what to fix first.
    #[arg(long, conflicts_with = "baseline")]
    pub availability: bool,
    /// Judge the change from this design instead (a file or a git revision `REV:path`):
    /// exit 1 only when the change makes things worse.
    #[arg(long, value_name = "OLD")]
    pub baseline: Option<String>,
}

/// Runs `check`.
///
/// # Errors
/// Only if writing the output fails.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    if let Some(baseline) = &args.baseline {
        return super::gate_cmd::run(args, baseline, out, err);
    }
    let Some(design) = super::load_design_or_report(&args.file, err)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    if !super::diff_cmd::qps_ok(args.qps, err)? {
        return Ok(EXIT_BAD_INPUT);
    }
    let failed: BTreeSet<String> = args
        .fail
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if let Err(e) = check_failed_ids(&design, &failed) {
        writeln!(
            err,
            "infraboard: --fail: {} ({})",
            clean(&e.to_string()),
            term_text::path(&args.file)
        )?;
        return Ok(EXIT_BAD_INPUT);
    }
    let options = AnalysisOptions {
        failed,
        offered_qps: args.qps,
        ..AnalysisOptions::default()
    };
    let analysis = analyze(&design, &options);
    let availability = if args.availability {
        match availability_under(&design, &options.failed, MAX_WORK) {
            Ok(classes) => Some(classes),
            Err(e) => {
                writeln!(
                    err,
                    "{}: availability: {}; `infraboard availability --monte-carlo SAMPLES` gives \
                     an estimate",
                    term_text::path(&args.file),
                    clean(&e.to_string())
                )?;
                return Ok(EXIT_BAD_INPUT);
            }
        }
    } else {
        None
    };
    if args.json {
        let mut value = to_json(&design.name, &analysis);
        if let Some(classes) = &availability {
            value["availability"] = super::availability_cmd::availability_json(classes);
        }
        serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        let color = super::diff_cmd::use_color(args.color);
        human(&design.name, &args.file, &analysis, color, out)?;
        if let Some(classes) = &availability {
            writeln!(out, "\nAvailability:")?;
            for c in classes {
                super::availability_cmd::text(out, c)?;
            }
        }
    }
    let count = |s: FindingSeverity| analysis.findings.iter().filter(|f| f.severity == s).count();
    let fails = match args.fail_on {
        FailOn::Error => count(FindingSeverity::Error) > 0,
        FailOn::Warning => count(FindingSeverity::Error) + count(FindingSeverity::Warning) > 0,
        FailOn::Never => false,
    };
    Ok(if fails { EXIT_FAILED } else { EXIT_OK })
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// A latency for JSON: `null` when unbounded (a saturated queue on the way).
fn latency_json(latency_ms: f64) -> Value {
    if latency_ms.is_finite() {
        json!(latency_ms)
    } else {
        Value::Null
    }
}

/// A latency for people: "saturated" when unbounded.
fn latency_text(latency_ms: f64) -> String {
    if latency_ms.is_finite() {
        format!("{latency_ms:.2}ms")
    } else {
        "saturated".to_owned()
    }
}

fn node_json(n: &NodeTraffic) -> Value {
    json!({
        "kind": n.kind,
        "offered_qps": finite(n.offered_qps),
        "served_qps": finite(n.served_qps),
        "dropped_qps": finite(n.dropped_qps),
        "failed_qps": finite(n.failed_qps),
        "utilization": finite(n.utilization),
        "latency_ms": latency_json(n.latency_ms),
        "down": n.down,
    })
}

/// The `--json` document for an analysis of the design called `name`.
pub fn to_json(name: &str, analysis: &Analysis) -> Value {
    let count = |s: FindingSeverity| analysis.findings.iter().filter(|f| f.severity == s).count();
    let findings: Vec<Value> = analysis
        .findings
        .iter()
        .map(|f| serde_json::to_value(f).unwrap_or(Value::Null))
        .collect();
    let t = &analysis.traffic;
    let mut classes = Map::new();
    for (class, c) in &t.classes {
        classes.insert(
            class.key().to_owned(),
            json!({
                "offered_qps": finite(c.offered_qps),
                "served_qps": finite(c.served_qps),
                "latency_ms": latency_json(c.latency_ms),
            }),
        );
    }
    let components: Map<String, Value> = t
        .nodes
        .iter()
        .map(|(id, n)| (id.to_owned(), node_json(n)))
        .collect();
    json!({
        "design": name,
        "summary": {
            "errors": count(FindingSeverity::Error),
            "warnings": count(FindingSeverity::Warning),
            "infos": count(FindingSeverity::Info),
        },
        "findings": findings,
        "traffic": {
            "offered_qps": finite(t.offered_qps),
            "served_qps": finite(t.served_qps),
            "dropped_qps": finite(t.dropped_qps),
            "failed_qps": finite(t.failed_qps),
            "classes": classes,
            "components": components,
        },
    })
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn human(
    name: &str,
    path: &std::path::Path,
    analysis: &Analysis,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let style = Style { color };
    let count = |s: FindingSeverity| analysis.findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "{} ({})",
        style.paint("1", &clean(name)),
        term_text::path(path)
    )?;
    writeln!(
        out,
        "{} errors, {} warnings, {} infos",
        count(FindingSeverity::Error),
        count(FindingSeverity::Warning),
        count(FindingSeverity::Info)
    )?;
    for (severity, title, code) in [
        (FindingSeverity::Error, "Errors", "1;31"),
        (FindingSeverity::Warning, "Warnings", "1;33"),
        (FindingSeverity::Info, "Infos", "1;36"),
    ] {
        let group: Vec<&Finding> = analysis
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", style.paint(code, title))?;
        for f in group {
            let class = f.class.map_or(String::new(), |c| format!(" ({})", c.key()));
            writeln!(
                out,
                "  {} {}{class}: {}",
                style.paint(code, severity.key()),
                f.rule.id(),
                clean(&f.message)
            )?;
            writeln!(out, "      why: {}", clean(&f.why))?;
            writeln!(out, "      fix: {}", clean(&f.fix))?;
        }
    }
    let t = &analysis.traffic;
    writeln!(out)?;
    writeln!(
        out,
        "{}: {:.1} QPS offered, {:.1} served, {:.1} dropped (over capacity), {:.1} failed",
        style.paint("1", "Traffic"),
        t.offered_qps,
        t.served_qps,
        t.dropped_qps,
        t.failed_qps
    )?;
    for class in RequestClass::ALL {
        if let Some(c) = t.classes.get(&class) {
            writeln!(
                out,
                "  {:<6} {:>10.1} of {:>10.1} QPS served, {:>10} mean latency",
                format!("{}s", class.key()),
                c.served_qps,
                c.offered_qps,
                latency_text(c.latency_ms)
            )?;
            if c.accepted_async_qps > 0.0 {
                writeln!(
                    out,
                    "         {:>10.1} accepted by a queue (asynchronous), {:.1} applied",
                    c.accepted_async_qps, c.applied_qps
                )?;
            }
        }
    }
    let width = t.nodes.keys().map(String::len).max().unwrap_or(9).max(9);
    writeln!(out)?;
    writeln!(
        out,
        "{:<width$}  {:<18} {:>10} {:>10} {:>10} {:>10} {:>7} {:>10}",
        "COMPONENT", "KIND", "OFFERED", "SERVED", "DROPPED", "FAILED", "UTIL", "LATENCY"
    )?;
    for (id, n) in &t.nodes {
        let util = format!("{:.0}%", finite(n.utilization) * 100.0);
        let latency = latency_text(n.latency_ms);
        let line = format!(
            "{id:<width$}  {:<18} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>7} {:>10}{}",
            n.kind,
            n.offered_qps,
            n.served_qps,
            n.dropped_qps,
            n.failed_qps,
            util,
            latency,
            if n.down { "  down" } else { "" }
        );
        let code = if n.down || n.dropped_qps > 0.0 {
            "31"
        } else if n.utilization > crate::sim::capacity::UTILIZATION_WARNING {
            "33"
        } else {
            ""
        };
        if code.is_empty() {
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{}", style.paint(code, &line))?;
        }
    }
    Ok(())
}
