//! Field-level comparison of two serialised values: each value is flattened into leaves named
//! by their path in the file format (`health_check.interval_s`, `rules[0].port`), and the
//! leaves that differ are listed. Enum values (`Workers(workers: 8, service_time_ms: 2.0)`)
//! and lists of plain values are single leaves, so a changed variant is one change.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// One field that differs between two versions of an item. `None` means the field is absent
/// on that side: its default, or (for a list entry) no such entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Path of the field in the file format, e.g. `load_balancer.algorithm`.
    pub field: String,
    /// The value before, if present.
    pub old: Option<Value>,
    /// The value after, if present.
    pub new: Option<Value>,
}

impl FieldChange {
    /// The same change seen from the other side.
    #[must_use]
    pub fn mirrored(&self) -> Self {
        Self {
            field: self.field.clone(),
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }
}

/// Whether `map` is how serde writes one enum variant with data (`{"Workers": {...}}`).
fn is_enum_variant(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 1
        && map
            .keys()
            .next()
            .is_some_and(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Adds the leaves of `value` under `prefix` to `out`. Nulls (absent options) add nothing.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) if !is_enum_variant(map) => {
            for (key, v) in map {
                flatten(&join(key), v, out);
            }
        }
        Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        leaf => {
            out.insert(prefix.to_owned(), leaf.clone());
        }
    }
}

/// The fields that differ between `old` and `new`, sorted by path.
pub fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", old, &mut a);
    flatten("", new, &mut b);
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| FieldChange {
            field: p.clone(),
            old: a.get(p).cloned(),
            new: b.get(p).cloned(),
        })
        .collect()
}

/// `value` serialised as JSON (the model's types always serialise).
pub(crate) fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("model types serialise to JSON: plain data, string keys")
}

/// A value for people, close to how the design file writes it: strings quoted, enum variants
/// as `Variant(field: value)`, lists as `[a, b]`.
pub fn show(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) if is_enum_variant(map) => {
            let (variant, data) = map.iter().next().expect("an enum variant has one key");
            match data {
                Value::Object(fields) => {
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|(k, v)| format!("{k}: {}", show(v)))
                        .collect();
                    format!("{variant}({})", parts.join(", "))
                }
                other => format!("{variant}({})", show(other)),
            }
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// [`show`] for one side of a [`FieldChange`]: an absent field is its default.
pub fn show_side(value: Option<&Value>) -> String {
    value.map_or_else(|| "(default)".to_owned(), show)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn leaves_are_named_by_path_and_enums_are_one_leaf() {
        let old = json!({"a": {"b": 1, "c": "x"}, "cap": {"Workers": {"workers": 8}}, "l": [1, 2]});
        let new = json!({"a": {"b": 2, "c": "x"}, "cap": "Unlimited", "l": [1, 2], "d": true});
        let changes = field_changes(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["a.b", "cap", "d"]);
        assert_eq!(
            show(&changes[1].old.clone().expect("old")),
            "Workers(workers: 8)"
        );
        assert_eq!(show_side(changes[2].old.as_ref()), "(default)");
        assert!(field_changes(&old, &old).is_empty());
    }

    #[test]
    fn lists_of_records_are_compared_entry_by_entry() {
        let old = json!({"rules": [{"port": 80}, {"port": 443}]});
        let new = json!({"rules": [{"port": 80}, {"port": 8443}, {"port": 22}]});
        let changes = field_changes(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["rules[1].port", "rules[2].port"]);
        assert_eq!(changes[1].old, None);
    }
}
