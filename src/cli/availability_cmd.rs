//! `infraboard availability FILE [--json]`: per request class, how available the design is
//! (exactly, from each component's availability), in nines and downtime per year, with the
//! single components and pairs whose failure stops the class, most probable first.

use std::io::Write;
use std::path::PathBuf;

use super::term_text::{clean, path as shown};
use super::{EXIT_BAD_INPUT, EXIT_OK, load_design_or_report};
use crate::sim::availability::{ClassAvailability, Estimate, availability, monte_carlo};

/// Arguments of `availability`.
#[derive(Debug, clap::Args)]
pub struct AvailabilityArgs {
    /// The design file.
    pub file: PathBuf,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also estimate each class's availability from this many random states (for designs
    /// too large for the exact method, or to compare).
    #[arg(long, value_name = "SAMPLES", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub monte_carlo: Option<u64>,
    /// Seed of the Monte Carlo estimate (same seed, same answer).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Most Monte Carlo work accepted: samples × (components + links), about a minute.
const MAX_MONTE_CARLO_WORK: u64 = 500_000_000;

/// How many cut sets the text lists per class.
const SHOWN_CUTS: usize = 10;

/// How many components the text names as worth fixing first.
const SHOWN_FIRST: usize = 3;

/// Minutes in a (365-day) year.
const MINUTES_PER_YEAR: f64 = 365.0 * 24.0 * 60.0;

/// Computes and prints the availability of each class.
pub fn run(
    args: &AvailabilityArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(design) = load_design_or_report(&args.file, err)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let size = (design.components.len() + design.links.len()).max(1) as u64;
    if let Some(samples) = args.monte_carlo
        && samples.saturating_mul(size) > MAX_MONTE_CARLO_WORK
    {
        writeln!(
            err,
            "{}: --monte-carlo {samples} is too many samples for a design of {size} components \
             and links (at most {} here)",
            shown(&args.file),
            MAX_MONTE_CARLO_WORK / size
        )?;
        return Ok(EXIT_BAD_INPUT);
    }
    let estimates = args
        .monte_carlo
        .map(|samples| monte_carlo(&design, samples, args.seed));
    let classes = match availability(&design) {
        Ok(classes) => classes,
        Err(e) if estimates.is_some() => {
            writeln!(err, "{}: {}", shown(&args.file), clean(&e.to_string()))?;
            Vec::new()
        }
        Err(e) => {
            writeln!(
                err,
                "{}: {}; `--monte-carlo SAMPLES` gives an estimate",
                shown(&args.file),
                clean(&e.to_string())
            )?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if args.json {
        let value = serde_json::json!({
            "design": design.name,
            "availability": availability_json(&classes),
            "monte_carlo": estimates,
        });
        writeln!(out, "{value:#}")?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "{}", clean(&design.name))?;
    for c in &classes {
        text(out, c)?;
    }
    for e in estimates.iter().flatten() {
        estimate_text(out, e)?;
    }
    Ok(EXIT_OK)
}

/// The classes as `check --json` and `availability --json` write them: `{"read": {...},
/// "write": {...}}`, each with `availability`, `nines` (`null` when it never stops),
/// `downtime_min_per_year` (with `steady_availability` and `failover_downtime_min_per_year`,
/// the part lost while failures are being noticed, and `failover`, what costs it), `cut_sets` (`[{"items": [ids], "probability", "share"}]`, most
/// probable first) and `importance` (`{id: availability gained if it never failed}`).
pub(crate) fn availability_json(classes: &[ClassAvailability]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for c in classes {
        let cut_sets: Vec<serde_json::Value> = c
            .cuts
            .iter()
            .map(|cut| {
                serde_json::json!({
                    "items": cut.components,
                    "probability": cut.probability,
                    "share": cut.share,
                })
            })
            .collect();
        let importance: serde_json::Map<String, serde_json::Value> = c
            .importance
            .iter()
            .map(|i| (i.component.clone(), serde_json::json!(i.gain)))
            .collect();
        map.insert(
            c.class.key().to_owned(),
            serde_json::json!({
                "availability": c.availability,
                "steady_availability": c.steady_availability,
                "nines": c.nines.is_finite().then_some(c.nines),
                "downtime_min_per_year": c.downtime_min_per_year,
                "failover_downtime_min_per_year": c.failover_downtime_min_per_year,
                "failover": c.failover,
                "cut_sets": cut_sets,
                "importance": importance,
            }),
        );
    }
    serde_json::Value::Object(map)
}

fn estimate_text(out: &mut dyn Write, e: &Estimate) -> std::io::Result<()> {
    writeln!(
        out,
        "{} (Monte Carlo, {} samples): {:.4} % ± {:.4} % (95 %)",
        e.class.key(),
        e.samples,
        e.availability * 100.0,
        1.96 * e.std_error * 100.0
    )
}

/// One class in words: availability, nines, downtime, the likeliest cut sets and what to fix
/// first.
pub(crate) fn text(out: &mut dyn Write, c: &ClassAvailability) -> std::io::Result<()> {
    let nines = if c.nines.is_finite() {
        format!("{:.2} nines", c.nines)
    } else {
        "never stops".to_owned()
    };
    writeln!(
        out,
        "{}: {:.6} % available ({nines}), {:.1} min down per year",
        c.class.key(),
        c.availability * 100.0,
        c.downtime_min_per_year
    )?;
    for cut in c.cuts.iter().take(SHOWN_CUTS) {
        writeln!(
            out,
            "  {:>5.1} %  {}  (p = {:.2e})",
            cut.share * 100.0,
            clean(&cut.components.join(" + ")),
            cut.probability
        )?;
    }
    if c.cuts.len() > SHOWN_CUTS {
        writeln!(out, "  … and {} more", c.cuts.len() - SHOWN_CUTS)?;
    }
    if c.failover_downtime_min_per_year > 0.0 {
        let top: Vec<String> = c
            .failover
            .iter()
            .take(SHOWN_FIRST)
            .map(|s| format!("{} {:.2}", clean(&s.component), s.downtime_min_per_year))
            .collect();
        writeln!(
            out,
            "  {:.1} min/year lost while failures are noticed (health checks, promotion): {}",
            c.failover_downtime_min_per_year,
            top.join(", ")
        )?;
    }
    let first: Vec<String> = c
        .importance
        .iter()
        .filter(|i| i.gain > 0.0)
        .take(SHOWN_FIRST)
        .map(|i| {
            format!(
                "{} (+{:.1} min/year)",
                clean(&i.component),
                i.gain * MINUTES_PER_YEAR
            )
        })
        .collect();
    if !first.is_empty() {
        writeln!(out, "  fix first: {}", first.join(", "))?;
    }
    Ok(())
}
