//! `infraboard drill DESIGN --drill DRILL.ron [--json]`, the quick form
//! `infraboard drill DESIGN --fail ID --at 10 --for 60 [--duration 120] [--json]`, and
//! `--chaos RATE --seed N`: runs a failure drill headless and prints a timeline summary and the
//! verdict, or one JSON object (`drill`, `verdict`, `series` with one entry per simulated
//! second, `timeline`).
//!
//! Exit codes: 0 the hypothesis held, 1 it did not, 2 bad input or usage.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use super::term_text::clean;
use super::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK};
use crate::io::load_drill;
use crate::sim::RequestClass;
use crate::sim::drill::{
    Drill, DrillOptions, DrillResult, MomentKind, SecondSample, chaos, run_drill,
};

/// Arguments of `drill`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["drill", "fail", "chaos"])))]
pub struct DrillArgs {
    /// The design file.
    pub design: PathBuf,
    /// A drill file (events and hypothesis).
    #[arg(long, value_name = "DRILL.ron")]
    pub drill: Option<PathBuf>,
    /// Quick form: the component, `server/service` or link `from -> to` to fail.
    #[arg(long, value_name = "ID")]
    pub fail: Option<String>,
    /// Quick form: when it fails, seconds.
    #[arg(long, value_name = "S", default_value_t = 10.0, requires = "fail")]
    pub at: f64,
    /// Quick form: how long it stays failed, seconds.
    #[arg(
        long = "for",
        value_name = "S",
        default_value_t = 60.0,
        requires = "fail"
    )]
    pub for_s: f64,
    /// Chaos: random single failures per hour (replayable with `--seed`).
    #[arg(long, value_name = "PER_HOUR")]
    pub chaos: Option<f64>,
    /// Chaos: the seed.
    #[arg(long, default_value_t = 1, requires = "chaos")]
    pub seed: u64,
    /// Quick form and chaos: length of the drill, seconds.
    #[arg(long, value_name = "S", conflicts_with = "drill")]
    pub duration: Option<f64>,
    /// Print one JSON object instead of the human report.
    #[arg(long)]
    pub json: bool,
}

/// Runs `drill`.
///
/// # Errors
/// Only if writing the output fails.
pub fn run(args: &DrillArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let Some(design) = super::load_design_or_report(&args.design, err)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let (drill, source) = match (&args.drill, &args.fail, args.chaos) {
        (Some(path), _, _) => match load_drill(path) {
            Ok(d) => (d, path.display().to_string()),
            Err(e) => {
                writeln!(err, "infraboard: {}", clean(&e.to_string()))?;
                return Ok(EXIT_BAD_INPUT);
            }
        },
        (None, Some(target), _) => {
            if !(args.for_s.is_finite() && args.for_s >= 0.0) {
                writeln!(
                    err,
                    "infraboard: --for {}: give a number of seconds, 0 or more",
                    args.for_s
                )?;
                return Ok(EXIT_BAD_INPUT);
            }
            let duration = args.duration.unwrap_or(120.0);
            (
                Drill::fail_for(target, args.at, args.for_s, duration),
                "the command line".to_owned(),
            )
        }
        (None, None, Some(rate)) => {
            if !(rate.is_finite() && (0.0..=3600.0 * 60.0).contains(&rate)) {
                writeln!(
                    err,
                    "infraboard: --chaos {rate}: give failures per hour, 0 to 216000"
                )?;
                return Ok(EXIT_BAD_INPUT);
            }
            let duration = args.duration.unwrap_or(3600.0);
            (
                chaos(&design, rate, args.seed, duration),
                "the command line".to_owned(),
            )
        }
        (None, None, None) => {
            writeln!(
                err,
                "infraboard: give --drill FILE, --fail ID or --chaos RATE"
            )?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let options = DrillOptions {
        record_nodes: false,
    };
    let result = match run_drill(&design, &drill, options) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "infraboard: {}", clean(&format!("{source}: {e}")))?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if args.json {
        let value = json!({
            "design": design.name,
            "drill": {
                "name": drill.name,
                "duration_s": drill.duration_s,
                "tick_ms": drill.tick_ms,
                "seed": drill.seed,
                "events": drill.events.len(),
            },
            "verdict": result.verdict,
            "series": result.series,
            "timeline": result.timeline,
        });
        serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        human(&design.name, &result, out)?;
    }
    Ok(if result.verdict.passed {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}

fn human(design: &str, r: &DrillResult, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Drill \"{}\" on \"{}\": {} s at {} ms ticks",
        clean(&r.name),
        clean(design),
        r.duration_s,
        r.tick_ms
    )?;
    writeln!(out, "\nTimeline")?;
    for m in &r.timeline {
        let kind = match m.kind {
            MomentKind::Event => "event",
            MomentKind::BackendDown => "lb-down",
            MomentKind::BackendUp => "lb-up",
            MomentKind::Promoted => "failover",
            MomentKind::Alert => "alert",
            MomentKind::Silent => "silent",
        };
        writeln!(out, "  {:>8.1} s  {kind:<8}  {}", m.t_s, clean(&m.detail))?;
    }
    writeln!(out, "\nTraffic (QPS; seconds with the same figures merged)")?;
    // With a queue, writes are accepted before they are applied: show both and the backlog.
    let queued = r.series.iter().any(|s| s.accepted_async_qps > 0.0);
    write!(
        out,
        "  {:>15}  {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "seconds", "offered", "served", "failed", "dropped", "reads", "writes", "latency ms"
    )?;
    if queued {
        write!(out, " {:>9} {:>9}", "applied", "backlog")?;
    }
    writeln!(out)?;
    let key = |s: &SecondSample| {
        let class =
            |c: RequestClass| s.classes.get(&c).map_or(0.0, |x| x.served_qps).round() as i64;
        [
            s.offered_qps.round() as i64,
            s.served_qps.round() as i64,
            s.failed_qps.round() as i64,
            s.dropped_qps.round() as i64,
            class(RequestClass::Read),
            class(RequestClass::Write),
            if s.latency_ms.is_finite() {
                (s.latency_ms * 10.0).round() as i64
            } else {
                i64::MIN
            },
            s.applied_write_qps.round() as i64,
            s.queue_backlog.round() as i64,
        ]
    };
    let mut i = 0;
    while let Some(first) = r.series.get(i) {
        let k = key(first);
        let mut j = i;
        while r.series.get(j + 1).is_some_and(|s| key(s) == k) {
            j += 1;
        }
        let last_t = r.series.get(j).map_or(first.t_s, |s| s.t_s);
        let span = if j > i {
            format!("{}–{}", first.t_s, last_t)
        } else {
            format!("{}", first.t_s)
        };
        write!(
            out,
            "  {span:>15}  {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
            k[0],
            k[1],
            k[2],
            k[3],
            k[4],
            k[5],
            latency_cell(first.latency_ms)
        )?;
        if queued {
            write!(out, " {:>9} {:>9}", k[7], k[8])?;
        }
        writeln!(out)?;
        i = j + 1;
    }
    let v = &r.verdict;
    writeln!(
        out,
        "\nVerdict: {}",
        if v.passed { "PASSED" } else { "FAILED" }
    )?;
    for (class, c) in &v.classes {
        writeln!(
            out,
            "  {:<6} availability {:>8.3} %  ({:.0} of {:.0} requests not served)",
            class.key(),
            c.availability * 100.0,
            c.failed_requests,
            c.offered_requests
        )?;
    }
    writeln!(
        out,
        "  requests lost {:.0} ({:.0} failed, {:.0} dropped); p95 latency {}",
        v.requests_lost,
        v.failed_requests,
        v.dropped_requests,
        latency_cell(v.p95_latency_ms)
    )?;
    let secs =
        |x: Option<f64>, none: &str| x.map_or_else(|| none.to_owned(), |s| format!("{s:.1} s"));
    writeln!(
        out,
        "  time to detect {}; time to recover {}",
        secs(v.time_to_detect_s, "never (no alert)"),
        secs(v.time_to_recover_s, "not recovered")
    )?;
    if v.silent.is_empty() {
        writeln!(out, "  silent failures: none")?;
    } else {
        writeln!(
            out,
            "  silent failures (no alert): {}",
            clean(&v.silent.join(", "))
        )?;
    }
    for p in &v.predicted_by {
        writeln!(out, "  predicted by {}: {}", p.rule, clean(&p.message))?;
    }
    for b in &v.broken {
        writeln!(out, "  hypothesis broken: {}", clean(&b.to_string()))?;
    }
    Ok(())
}

/// A latency for the table: "saturated" when unbounded, "-" when nothing was served.
fn latency_cell(latency_ms: f64) -> String {
    if latency_ms.is_nan() {
        "-".to_owned()
    } else if latency_ms.is_infinite() {
        "saturated".to_owned()
    } else {
        format!("{latency_ms:.1} ms")
    }
}
