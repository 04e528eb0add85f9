//! The diff as one JSON object for tools: `old` and `new` (the labels given), `empty`,
//! `model` (settings, components, services, links, moved, notes) and `analysis` (fixed,
//! introduced, severity_changed, spofs, classes). Unbounded latency is `null`. Optionally the
//! gate's verdict: `worse` and `regressions`.

use serde_json::{Value, json};

use super::super::{DesignDiff, Regression};

/// `diff` between the designs labelled `old` and `new` as JSON.
pub fn to_json(diff: &DesignDiff, old: &str, new: &str) -> Value {
    json!({
        "old": old,
        "new": new,
        "empty": diff.is_empty(),
        "model": diff.model,
        "analysis": diff.analysis,
    })
}

/// [`to_json`] with the gate's verdict: whether the change fails the gate, and why.
pub fn with_verdict(mut value: Value, fails: bool, regressions: &[Regression]) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("worse".to_owned(), Value::Bool(fails));
        map.insert(
            "regressions".to_owned(),
            regressions
                .iter()
                .map(|r| {
                    let mut v = serde_json::to_value(r).expect("a regression is plain data");
                    if let Value::Object(m) = &mut v {
                        m.insert("message".to_owned(), Value::String(r.describe()));
                    }
                    v
                })
                .collect(),
        );
    }
    value
}
