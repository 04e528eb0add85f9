//! `infraboard check NEW --baseline OLD`: the regression gate. Prints the diff, then the
//! verdict with one line per reason; exits 1 when the change makes the design worse — a new
//! SPOF, a class serving a smaller share of its load, or a finding at or above `--fail-on`
//! that is new or more serious (`--fail-on never`: report, exit 0). Findings the baseline
//! already had never fail the gate. OLD may be a file or a git revision `REV:path`.

use std::io::Write;

use super::check_cmd::{CheckArgs, FailOn};
use super::diff_cmd::{DiffFormat, load_pair, print_human, qps_ok, use_color};
use super::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, term_text};
use crate::diff::render::json;
use crate::diff::{diff_designs, regressions};
use crate::sim::{AnalysisOptions, FindingSeverity};

/// Runs `check` against `baseline`.
///
/// # Errors
/// Only if writing the output fails.
pub(super) fn run(
    args: &CheckArgs,
    baseline: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if !qps_ok(args.qps, err)? {
        return Ok(EXIT_BAD_INPUT);
    }
    let new_label = args.file.display().to_string();
    let Some((old, new)) = load_pair(baseline, &new_label, err)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let options = AnalysisOptions {
        offered_qps: args.qps,
        ..AnalysisOptions::default()
    };
    let diff = diff_designs(&old, &new, &options);
    let at_least = match args.fail_on {
        FailOn::Warning => FindingSeverity::Warning,
        FailOn::Error | FailOn::Never => FindingSeverity::Error,
    };
    let reasons = regressions(&diff, at_least);
    let fails = args.fail_on != FailOn::Never && !reasons.is_empty();
    if args.json {
        let value = json::with_verdict(json::to_json(&diff, baseline, &new_label), fails, &reasons);
        serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        let color = use_color(args.color);
        print_human(&diff, (baseline, &new_label), DiffFormat::Text, color, out)?;
        writeln!(out)?;
        let (old, new) = (term_text::clean(baseline), term_text::clean(&new_label));
        if reasons.is_empty() {
            writeln!(out, "Verdict: {new} is no worse than {old}.")?;
        } else {
            let verdict = if fails {
                "worse than"
            } else {
                "worse than (not failing: --fail-on never)"
            };
            writeln!(out, "Verdict: {new} is {verdict} {old}:")?;
            for r in &reasons {
                writeln!(out, "  ✗ {}", term_text::clean(&r.describe()))?;
            }
        }
    }
    Ok(if fails { EXIT_FAILED } else { EXIT_OK })
}
