//! [`NodeTable`]: the traffic report's rows by node id (`lb`, `server-1`, `server-1/nginx`),
//! in the order they were added — for an analysis, design order: each component, a server
//! followed by its request services in stack order — with lookup by id.

use std::collections::HashMap;
use std::fmt;

use serde::{Serialize, Serializer};

use super::report::NodeTraffic;

/// Traffic rows keyed by node id, in insertion order, with lookup by id.
///
/// Of rows pushed with equal ids (only a design with duplicate component ids has them), all
/// are kept in iteration and lookups find the first.
#[derive(Clone, Default)]
pub struct NodeTable {
    ids: Vec<String>,
    rows: Vec<NodeTraffic>,
    /// Row of each id (the first row with it).
    index: HashMap<String, usize>,
}

impl NodeTable {
    /// An empty table with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            ids: Vec::with_capacity(rows),
            rows: Vec::with_capacity(rows),
            index: HashMap::with_capacity(rows),
        }
    }

    /// Appends a row for `id`.
    pub fn push(&mut self, id: &str, row: NodeTraffic) {
        self.index.entry(id.to_owned()).or_insert(self.rows.len());
        self.ids.push(id.to_owned());
        self.rows.push(row);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of `id` (the first, if several rows have it).
    pub fn get(&self, id: &str) -> Option<&NodeTraffic> {
        self.index.get(id).map(|&i| &self.rows[i])
    }

    /// Whether a row has id `id`.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The rows with their ids, in insertion order.
    pub fn iter(&self) -> NodeRows<'_> {
        NodeRows {
            table: self,
            next: 0,
        }
    }

    /// The ids, in insertion order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.ids.iter().map(String::as_str)
    }

    /// The rows, in insertion order.
    pub fn values(&self) -> std::slice::Iter<'_, NodeTraffic> {
        self.rows.iter()
    }
}

impl<'a> IntoIterator for &'a NodeTable {
    type Item = (&'a str, &'a NodeTraffic);
    type IntoIter = NodeRows<'a>;

    fn into_iter(self) -> NodeRows<'a> {
        self.iter()
    }
}

/// The rows of a [`NodeTable`] with their ids, in insertion order.
#[derive(Debug, Clone)]
pub struct NodeRows<'a> {
    table: &'a NodeTable,
    next: usize,
}

impl<'a> Iterator for NodeRows<'a> {
    type Item = (&'a str, &'a NodeTraffic);

    fn next(&mut self) -> Option<Self::Item> {
        let row = self.table.rows.get(self.next)?;
        let id = self.table.ids[self.next].as_str();
        self.next += 1;
        Some((id, row))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.table.rows.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for NodeRows<'_> {}

/// Tables are equal when they hold the same ids and rows in the same order.
impl PartialEq for NodeTable {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids && self.rows == other.rows
    }
}

impl fmt::Debug for NodeTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A map from id to row, in insertion order.
impl Serialize for NodeTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'a> FromIterator<(&'a str, NodeTraffic)> for NodeTable {
    fn from_iter<I: IntoIterator<Item = (&'a str, NodeTraffic)>>(iter: I) -> Self {
        let mut table = Self::default();
        for (id, row) in iter {
            table.push(id, row);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(qps: f64) -> NodeTraffic {
        NodeTraffic {
            offered_qps: qps,
            ..NodeTraffic::default()
        }
    }

    #[test]
    fn keeps_insertion_order_and_finds_rows_by_id() {
        let mut table = NodeTable::default();
        assert!(table.is_empty());
        assert_eq!(table.get("lb"), None);
        table.push("lb", row(1.0));
        table.push("server-1/nginx", row(2.0));
        // A lookup builds the index; a later push must invalidate it.
        assert_eq!(table.get("server-1/nginx"), Some(&row(2.0)));
        table.push("lb", row(3.0));
        table.push("", row(4.0));
        assert_eq!(table.get("lb"), Some(&row(1.0)), "the first of equal ids");
        assert_eq!(table.get(""), Some(&row(4.0)));
        assert!(!table.contains_key("server-1"));
        let ids: Vec<&str> = table.keys().collect();
        assert_eq!(ids, ["lb", "server-1/nginx", "lb", ""]);
        let qps: Vec<f64> = table.values().map(|r| r.offered_qps).collect();
        assert_eq!(qps, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(table.iter().len(), 4);
        let copy: NodeTable = table.iter().map(|(id, r)| (id, r.clone())).collect();
        assert_eq!(copy, table);
        let json = serde_json::to_string(&table).expect("serializes");
        let lb = json.find("\"lb\"").expect("lb");
        let nginx = json.find("\"server-1/nginx\"").expect("nginx");
        assert!(lb < nginx, "{json}");
    }
}
