//! The drill format: a named list of timed events and a steady-state hypothesis, versioned like
//! design files. Parsing from text lives here; reading and writing files is in
//! [`crate::io`]. Nothing here touches the file system.
//!
//! ```ron
//! (
//!     format_version: 1,
//!     drill: (
//!         name: "Fail server-2 for a minute",
//!         duration_s: 120.0,
//!         tick_ms: 100,
//!         seed: 0,
//!         events: [
//!             (at_s: 10.0, action: Fail("server-2")),
//!             (at_s: 70.0, action: Restore("server-2")),
//!         ],
//!         hypothesis: (min_served_ratio: 0.99, max_p95_latency_ms: Some(300.0)),
//!     ),
//! )
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{FirewallRule, MAX_QPS};

/// The drill format version this build writes and the newest it reads.
pub const DRILL_FORMAT_VERSION: u32 = 1;
/// Largest drill file accepted, in bytes.
pub const MAX_DRILL_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting accepted in a drill file.
pub const MAX_DRILL_NESTING: usize = 32;
/// Longest drill accepted, in simulated seconds (one week).
pub const MAX_DURATION_S: f64 = 7.0 * 24.0 * 3600.0;
/// Most ticks one drill may simulate.
pub const MAX_TICKS: u64 = 50_000_000;
/// Most events one drill may hold.
pub const MAX_EVENTS: usize = 100_000;

fn default_duration_s() -> f64 {
    120.0
}

fn default_tick_ms() -> u32 {
    100
}

fn default_min_served_ratio() -> f64 {
    0.99
}

/// A drill ("game day"): what happens when, and what users must still see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drill {
    /// Title shown in the GUI and the report.
    #[serde(default)]
    pub name: String,
    /// Simulated length, seconds.
    #[serde(default = "default_duration_s")]
    pub duration_s: f64,
    /// Simulation step, milliseconds (default 100; 1 to 1000, so every simulated second has
    /// at least one tick).
    #[serde(default = "default_tick_ms")]
    pub tick_ms: u32,
    /// The seed the events were generated with (chaos drills); recorded for replay. The
    /// simulation itself uses no randomness.
    #[serde(default)]
    pub seed: u64,
    /// Timed events, in any order (applied in time order, then file order).
    #[serde(default)]
    pub events: Vec<DrillEvent>,
    /// What must hold over the drill for it to pass.
    #[serde(default)]
    pub hypothesis: Hypothesis,
}

impl Default for Drill {
    fn default() -> Self {
        Self {
            name: String::new(),
            duration_s: default_duration_s(),
            tick_ms: default_tick_ms(),
            seed: 0,
            events: Vec::new(),
            hypothesis: Hypothesis::default(),
        }
    }
}

impl Drill {
    /// The quick form of the command line: fail `target` at `at_s` for `for_s` seconds (restore
    /// it then, if that is before the end), over `duration_s`, with the default hypothesis.
    pub fn fail_for(target: &str, at_s: f64, for_s: f64, duration_s: f64) -> Self {
        let mut events = vec![DrillEvent {
            at_s,
            action: Action::Fail(target.to_owned()),
        }];
        let back_s = at_s + for_s;
        if back_s < duration_s {
            events.push(DrillEvent {
                at_s: back_s,
                action: Action::Restore(target.to_owned()),
            });
        }
        Self {
            name: format!("fail {target} at {at_s} s for {for_s} s"),
            duration_s,
            events,
            ..Self::default()
        }
    }

    /// Number of ticks the drill runs (`duration_s / tick`, rounded up, at least 1).
    pub fn tick_count(&self) -> u64 {
        let tick_s = f64::from(self.tick_ms.max(1)) / 1000.0;
        let n = (self.duration_s / tick_s - 1e-9).ceil();
        if n.is_finite() && n >= 1.0 {
            // Bounded by `check`: duration ≤ MAX_DURATION_S and tick ≥ 1 ms.
            n as u64
        } else {
            1
        }
    }

    /// Every problem with the drill's numbers (not its targets: those need the design), as
    /// `(field, why)` pairs. Empty means valid.
    pub fn check(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        fn number(problems: &mut Vec<(String, String)>, field: String, v: f64, min: f64, max: f64) {
            if !v.is_finite() || v < min || v > max {
                problems.push((field, format!("is {v}; it must be between {min} and {max}")));
            }
        }
        number(
            &mut problems,
            "duration_s".into(),
            self.duration_s,
            0.001,
            MAX_DURATION_S,
        );
        number(
            &mut problems,
            "tick_ms".into(),
            f64::from(self.tick_ms),
            1.0,
            1000.0,
        );
        let h = &self.hypothesis;
        number(
            &mut problems,
            "hypothesis.min_served_ratio".into(),
            h.min_served_ratio,
            0.0,
            1.0,
        );
        if let Some(ms) = h.max_p95_latency_ms {
            number(
                &mut problems,
                "hypothesis.max_p95_latency_ms".into(),
                ms,
                0.0,
                3_600_000.0,
            );
        }
        for (i, e) in self.events.iter().enumerate() {
            number(
                &mut problems,
                format!("events[{i}].at_s"),
                e.at_s,
                0.0,
                MAX_DURATION_S,
            );
            if e.at_s.is_finite() && self.duration_s.is_finite() && e.at_s >= self.duration_s {
                problems.push((
                    format!("events[{i}].at_s"),
                    format!(
                        "is {}, not before the end of the drill ({} s)",
                        e.at_s, self.duration_s
                    ),
                ));
            }
            match &e.action {
                Action::OfferedQps(qps) => {
                    number(
                        &mut problems,
                        format!("events[{i}].action.OfferedQps"),
                        *qps,
                        0.0,
                        MAX_QPS,
                    );
                }
                Action::Ramp { to_qps, over_s } => {
                    number(
                        &mut problems,
                        format!("events[{i}].action.Ramp.to_qps"),
                        *to_qps,
                        0.0,
                        MAX_QPS,
                    );
                    number(
                        &mut problems,
                        format!("events[{i}].action.Ramp.over_s"),
                        *over_s,
                        0.0,
                        MAX_DURATION_S,
                    );
                }
                Action::Fail(_) | Action::Restore(_) | Action::FirewallRules { .. } => {}
            }
        }
        if self.events.len() > MAX_EVENTS {
            problems.push((
                "events".into(),
                format!(
                    "holds {} events, over the limit of {MAX_EVENTS}",
                    self.events.len()
                ),
            ));
        }
        if problems.is_empty() && self.tick_count() > MAX_TICKS {
            problems.push((
                "duration_s".into(),
                format!(
                    "needs {} ticks, over the limit of {MAX_TICKS}; use a longer tick_ms",
                    self.tick_count()
                ),
            ));
        }
        problems
    }
}

/// One timed event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillEvent {
    /// When it happens, seconds from the start of the drill.
    pub at_s: f64,
    /// What happens.
    pub action: Action,
}

/// What an event does. Targets are a component id (`server-2`), a service on a server
/// (`server-1/mysql`) or a link (`lb -> fw-1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// The target fails (a whole server takes its services with it).
    Fail(String),
    /// The target comes back.
    Restore(String),
    /// The offered load jumps to this many requests per second (a spike, or its end).
    OfferedQps(f64),
    /// The offered load moves linearly from its current value to `to_qps` over `over_s`.
    Ramp {
        /// Load at the end of the ramp, requests per second.
        to_qps: f64,
        /// Length of the ramp, seconds.
        over_s: f64,
    },
    /// A firewall's rule list is replaced (first match wins, as in the design).
    FirewallRules {
        /// The firewall's component id.
        firewall: String,
        /// Its new rules.
        rules: Vec<FirewallRule>,
    },
}

/// The steady-state hypothesis: what users must still get for the drill to pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Hypothesis {
    /// Each request class must have served at least this share of what was offered to it over
    /// the drill (0..=1; default 0.99).
    pub min_served_ratio: f64,
    /// If set, the 95th percentile (over ticks, weighted by served requests) of the mean
    /// end-to-end latency must not exceed this, milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_p95_latency_ms: Option<f64>,
}

impl Default for Hypothesis {
    fn default() -> Self {
        Self {
            min_served_ratio: default_min_served_ratio(),
            max_p95_latency_ms: None,
        }
    }
}

/// Why a drill file could not be read. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum DrillFileError {
    /// The file could not be read.
    #[error("{path}: cannot read the drill: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than any real drill.
    #[error("{path}: the file is {bytes} bytes, over the limit of {limit} bytes for a drill")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Not text, or not a drill at all.
    #[error("{path}: not a drill file: {why}")]
    NotADrill {
        /// The file.
        path: PathBuf,
        /// What it looked like instead.
        why: String,
    },
    /// RON syntax or shape error.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What RON said.
        message: String,
    },
    /// Written by a newer Infraboard.
    #[error(
        "{path}: made by a newer Infraboard (drill format version {found}; this one reads up to {supported})"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A field holds a value outside its range.
    #[error("{path}: drill.{field} {why}")]
    BadField {
        /// The file.
        path: PathBuf,
        /// The field, e.g. `events[2].at_s`.
        field: String,
        /// What is wrong.
        why: String,
    },
    /// Writing failed.
    #[error("{path}: cannot save the drill: {message}")]
    Save {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    drill: &'a Drill,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[allow(dead_code)] // checked by the probe; version 1 needs no migration yet
    format_version: u32,
    drill: Drill,
}

#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    format_version: u32,
    #[serde(default)]
    #[allow(dead_code)] // read only to skip over it
    drill: serde::de::IgnoredAny,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_DRILL_NESTING)
}

fn parse_error(path: &Path, e: &ron::error::SpannedError) -> DrillFileError {
    DrillFileError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Parses and checks a drill from file text; `path` is only used in messages.
///
/// # Errors
/// A [`DrillFileError`] naming `path`: bad syntax (with line and column), a newer format, or a
/// field out of range. Targets are checked against a design later, by
/// [`super::DrillRun::new`].
pub fn drill_from_str(text: &str, path: &Path) -> Result<Drill, DrillFileError> {
    if text.len() as u64 > MAX_DRILL_FILE_BYTES {
        return Err(DrillFileError::TooLarge {
            path: path.to_path_buf(),
            bytes: text.len() as u64,
            limit: MAX_DRILL_FILE_BYTES,
        });
    }
    let probe: VersionProbe = ron_options()
        .from_str(text)
        .map_err(|e| parse_error(path, &e))?;
    match probe.format_version {
        0 => {
            return Err(DrillFileError::NotADrill {
                path: path.to_path_buf(),
                why: "it has no `format_version`; a drill starts with `(format_version: 1, drill: (...))`".to_owned(),
            });
        }
        found if found > DRILL_FORMAT_VERSION => {
            return Err(DrillFileError::NewerVersion {
                path: path.to_path_buf(),
                found,
                supported: DRILL_FORMAT_VERSION,
            });
        }
        _ => {}
    }
    let file: FileIn = ron_options()
        .from_str(text)
        .map_err(|e| parse_error(path, &e))?;
    if let Some((field, why)) = file.drill.check().into_iter().next() {
        return Err(DrillFileError::BadField {
            path: path.to_path_buf(),
            field,
            why,
        });
    }
    Ok(file.drill)
}

/// Parses file bytes, refusing anything too large or not UTF-8 before parsing.
///
/// # Errors
/// See [`drill_from_str`].
pub fn drill_from_bytes(bytes: &[u8], path: &Path) -> Result<Drill, DrillFileError> {
    if bytes.len() as u64 > MAX_DRILL_FILE_BYTES {
        return Err(DrillFileError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit: MAX_DRILL_FILE_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DrillFileError::NotADrill {
        path: path.to_path_buf(),
        why: format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })?;
    drill_from_str(text, path)
}

/// Serialises a drill to the file format's text (stable order, four-space indents).
///
/// # Errors
/// Only if RON cannot represent a value (not expected for a checked drill).
pub fn drill_to_string(drill: &Drill) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(
        &FileOut {
            format_version: DRILL_FORMAT_VERSION,
            drill,
        },
        config,
    )?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults_fill_in() {
        let text = "(format_version: 1, drill: (events: [(at_s: 5.0, action: Fail(\"lb\"))]))";
        let d = drill_from_str(text, Path::new("x.ron")).unwrap();
        assert_eq!(d.tick_ms, 100);
        assert_eq!(d.duration_s, 120.0);
        assert_eq!(d.hypothesis.min_served_ratio, 0.99);
        let again = drill_from_str(&drill_to_string(&d).unwrap(), Path::new("y.ron")).unwrap();
        assert_eq!(again, d);
    }

    #[test]
    fn errors_name_file_position_and_field() {
        let e = drill_from_str("(format_version: 1, drill: (bogus: 1))", Path::new("d.ron"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.ron:1:"), "{e}");
        let e = drill_from_str(
            "(format_version: 1, drill: (tick_ms: 0))",
            Path::new("d.ron"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("drill.tick_ms"), "{e}");
        let e = drill_from_str("(format_version: 9, drill: ())", Path::new("d.ron")).unwrap_err();
        assert!(matches!(e, DrillFileError::NewerVersion { found: 9, .. }));
        let deep = format!("{}{}", "(".repeat(200), ")".repeat(200));
        assert!(drill_from_str(&deep, Path::new("d.ron")).is_err());
    }
}
