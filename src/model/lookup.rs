//! Lookups by id over one design: a map from component id to its index, built once in
//! O(n), then O(1) per lookup. Use it wherever ids are resolved in a loop (validation, every
//! link end); [`Design::component`] is a linear scan, fine for one lookup.
//!
//! The map borrows the design, so it can never go stale: build it again after an edit.

use std::collections::HashMap;

use super::component::Component;
use super::design::Design;
use super::id::Endpoint;
use super::settings::Service;

/// A design with its components indexed by id. When two components share an id (an invalid
/// design), the first one wins, as in [`Design::component`].
#[derive(Debug, Clone)]
pub struct ComponentLookup<'a> {
    design: &'a Design,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> ComponentLookup<'a> {
    /// Indexes `design`'s components. O(n) in the components.
    pub fn new(design: &'a Design) -> Self {
        let mut by_id = HashMap::with_capacity(design.components.len());
        for (i, c) in design.components.iter().enumerate() {
            by_id.entry(c.id.as_str()).or_insert(i);
        }
        Self { design, by_id }
    }

    /// The design this indexes.
    pub fn design(&self) -> &'a Design {
        self.design
    }

    /// The index in `design.components` of the component with `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The component with `id`.
    pub fn component(&self, id: &str) -> Option<&'a Component> {
        // The index came from this design, which the lookup borrows unchanged.
        self.index_of(id).map(|i| &self.design.components[i])
    }

    /// The component an endpoint names and the service on it, if it names one; `None` if the
    /// component or the service does not exist. Same answer as [`Design::endpoint_service`].
    pub fn endpoint_service(
        &self,
        endpoint: &Endpoint,
    ) -> Option<(&'a Component, Option<&'a Service>)> {
        let component = self.component(endpoint.component.as_str())?;
        match &endpoint.service {
            None => Some((component, None)),
            Some(s) => component.service(s).map(|svc| (component, Some(svc))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, KindTag, Point};

    #[test]
    fn finds_what_the_linear_scan_finds() {
        let mut d = Design::empty("t");
        for (id, tag) in [
            ("a", KindTag::Users),
            ("b", KindTag::Dns),
            ("a", KindTag::Server),
            ("s", KindTag::Server),
        ] {
            d.components
                .push(Component::new(id, id, tag, Point::new(0.0, 0.0)));
        }
        let lookup = ComponentLookup::new(&d);
        for id in ["a", "b", "s", "missing", ""] {
            assert_eq!(
                lookup.component(id).map(|c| c as *const Component),
                d.component(id).map(|c| c as *const Component),
                "{id}"
            );
        }
        assert_eq!(
            lookup.index_of("a"),
            Some(0),
            "the first of two equal ids wins"
        );
        let services: Vec<String> = d.components[3]
            .kind
            .services()
            .iter()
            .map(|s| s.id.clone())
            .collect();
        assert!(!services.is_empty(), "a new server has its stack");
        for svc in services.iter().map(String::as_str).chain(["nope"]) {
            let e = Endpoint::service("s", svc);
            assert_eq!(
                lookup
                    .endpoint_service(&e)
                    .map(|(c, s)| (c.id.clone(), s.cloned())),
                d.endpoint_service(&e)
                    .map(|(c, s)| (c.id.clone(), s.cloned())),
                "{e}"
            );
        }
    }
}
