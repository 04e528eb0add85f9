//! Field-level comparison of two serialised values: each value is flattened into leaves named
//! by their path in the file format (`health_check.interval_s`, `rules[0].port`), and the
//! leaves that differ are listed. Enum values (`Workers(workers: 8, service_time_ms: 2.0)`)
//! and lists of plain values are single leaves, so a changed variant is one change.

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

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A record: a map that is not an enum variant.
fn as_record(value: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
    match value {
        Some(Value::Object(map)) if !is_enum_variant(map) => Some(map),
        _ => None,
    }
}

/// A list of records (compared entry by entry); a list of plain values is one leaf.
fn as_record_list(value: Option<&Value>) -> Option<&[Value]> {
    match value {
        Some(Value::Array(items)) if items.iter().any(|v| v.is_object() || v.is_array()) => {
            Some(items)
        }
        _ => None,
    }
}

/// Adds to `out` the leaves that differ between `a` and `b` under `path`. An absent field
/// (`None`, or `null`: an empty option) is its default, and a record absent on one side is
/// compared field by field with nothing; a list entry on one side only is one change whose
/// other side is `null` ("none").
fn diff_values(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<FieldChange>) {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    if a == b {
        return;
    }
    let empty = serde_json::Map::new();
    let records = (as_record(a), as_record(b));
    if !matches!(records, (None, None))
        && (records.0.is_some() || a.is_none())
        && (records.1.is_some() || b.is_none())
    {
        let (ra, rb) = (records.0.unwrap_or(&empty), records.1.unwrap_or(&empty));
        let mut keys: Vec<&String> = ra.keys().chain(rb.keys()).collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            diff_values(&join(path, key), ra.get(key), rb.get(key), out);
        }
        return;
    }
    if let (Some(la), Some(lb)) = (as_record_list(a), as_record_list(b)) {
        for i in 0..la.len().max(lb.len()) {
            let entry = format!("{path}[{i}]");
            match (la.get(i), lb.get(i)) {
                (Some(x), Some(y)) => diff_values(&entry, Some(x), Some(y), out),
                (x, y) => out.push(FieldChange {
                    field: entry,
                    old: Some(x.cloned().unwrap_or(Value::Null)),
                    new: Some(y.cloned().unwrap_or(Value::Null)),
                }),
            }
        }
        return;
    }
    out.push(FieldChange {
        field: path.to_owned(),
        old: a.cloned(),
        new: b.cloned(),
    });
}

/// The fields that differ between `old` and `new`, sorted by path.
pub fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    diff_values("", Some(old), Some(new), &mut out);
    out.sort_by(|x, y| x.field.cmp(&y.field));
    out
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
        assert_eq!(fields, ["rules[1].port", "rules[2]"]);
        assert_eq!(show_side(changes[1].old.as_ref()), "none");
        assert_eq!(show_side(changes[1].new.as_ref()), "(port: 22)");
    }

    #[test]
    fn a_record_set_from_its_default_lists_its_fields() {
        let old = json!({"name": "a"});
        let new = json!({"name": "a", "tls": {"mode": "Terminate", "certificate": null}});
        let changes = field_changes(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "tls.mode");
        assert_eq!(changes[0].old, None);
    }
}
