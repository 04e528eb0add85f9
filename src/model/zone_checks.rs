//! Validation of zones: ids valid and unique among zones and components, a name, a known
//! parent and no circle of parents, an availability that is a share of time, and a rectangle
//! on the canvas.

use std::collections::HashMap;

use super::id::check_id;
use super::lookup::ComponentLookup;
use super::validate::{MAX_COORDINATE, Problem};
use super::zone::{MAX_ZONES, ZoneTree};

/// Adds the problems of `lookup`'s design's zones to `problems`.
///
/// # Complexity
/// O(Z·D) for Z zones nested at most D deep.
pub(crate) fn check_zones(lookup: &ComponentLookup<'_>, problems: &mut Vec<Problem>) {
    let design = lookup.design();
    if design.zones.len() > MAX_ZONES {
        problems.push(Problem::BadNumber {
            field: "zones".to_owned(),
            why: format!(
                "holds {} entries, over the limit of {MAX_ZONES}",
                design.zones.len()
            ),
        });
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(design.zones.len());
    for (i, zone) in design.zones.iter().enumerate() {
        let id = zone.id.as_str();
        let mut bad = |why: String| {
            problems.push(Problem::BadZone {
                zone: id.to_owned(),
                why,
            });
        };
        if let Err(e) = check_id(id) {
            bad(e.to_string());
        }
        if seen.insert(id, i).is_some() {
            bad("two zones have this id".to_owned());
        }
        if lookup.index_of(id).is_some() {
            bad(
                "a component has this id too; zones and components share one set of ids".to_owned(),
            );
        }
        if zone.name.trim().is_empty() {
            bad("its name is empty".to_owned());
        }
        match &zone.parent {
            Some(p) if p == &zone.id => bad("it is its own parent".to_owned()),
            Some(p) if !design.zones.iter().any(|z| &z.id == p) => {
                bad(format!("its parent `{p}` is not a zone of the design"));
            }
            _ => {}
        }
        if let Some(a) = zone.availability
            && !(a.is_finite() && a > 0.0 && a <= 1.0)
        {
            bad(format!(
                "availability is {a}; it must be a share of time above 0 and at most 1"
            ));
        }
        let corners = [
            ("position.x", zone.position.x, false),
            ("position.y", zone.position.y, false),
            ("size.w", zone.size.w, true),
            ("size.h", zone.size.h, true),
        ];
        for (field, v, positive) in corners {
            let ok = v.is_finite() && v.abs() <= MAX_COORDINATE && (!positive || v > 0.0);
            if !ok {
                bad(format!(
                    "{field} is {v}; it must be a number of at most {MAX_COORDINATE}{}",
                    if positive { " above 0" } else { "" }
                ));
            }
        }
    }
    // A circle of parents: a zone whose chain of parents, followed in the file, comes back.
    let tree = ZoneTree::new(design);
    for (i, zone) in design.zones.iter().enumerate() {
        let Some(parent) = &zone.parent else { continue };
        let cut =
            tree.index_of(parent.as_str()).is_some_and(|p| p != i) && tree.parent(i).is_none();
        if cut {
            problems.push(Problem::BadZone {
                zone: zone.id.to_string(),
                why: format!("its parent `{parent}` sits inside it (a circle of parents)"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{
        Component, ComponentId, Design, KindTag, Point, Problem, Size, Zone, ZoneKind, validate,
    };

    fn zone(id: &str, parent: Option<&str>) -> Zone {
        let mut z = Zone::new(
            id,
            id,
            ZoneKind::Rack,
            Point::default(),
            Size { w: 10.0, h: 10.0 },
        );
        z.parent = parent.map(ComponentId::from);
        z
    }

    fn zone_problems(d: &Design) -> Vec<String> {
        validate(d)
            .into_iter()
            .filter(|p| {
                matches!(
                    p,
                    Problem::BadZone { .. } | Problem::UnknownReference { .. }
                )
            })
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn a_sound_nesting_passes() {
        let mut d = Design::empty("z");
        d.zones = vec![zone("az", None), zone("rack", Some("az"))];
        let mut c = Component::new("s", "s", KindTag::Server, Point::default());
        c.zone = Some("rack".into());
        d.components.push(c);
        assert_eq!(zone_problems(&d), Vec::<String>::new());
    }

    #[test]
    fn clashes_unknowns_and_circles_are_named() {
        let mut d = Design::empty("z");
        d.zones = vec![
            zone("a", Some("b")),
            zone("b", Some("a")),
            zone("s", None),
            zone("c", Some("nowhere")),
            zone("a", None),
        ];
        d.zones[2].availability = Some(f64::NAN);
        d.zones[3].size.w = 0.0;
        let mut c = Component::new("s", "s", KindTag::Server, Point::default());
        c.zone = Some("missing".into());
        d.components.push(c);
        let problems = zone_problems(&d);
        let has = |text: &str| problems.iter().any(|p| p.contains(text));
        assert!(has("zone `a`: two zones have this id"), "{problems:?}");
        assert!(has("zone `s`: a component has this id too"), "{problems:?}");
        assert!(has("zone `s`: availability is NaN"), "{problems:?}");
        assert!(
            has("zone `c`: its parent `nowhere` is not a zone"),
            "{problems:?}"
        );
        assert!(has("zone `c`: size.w is 0"), "{problems:?}");
        assert!(has("a circle of parents"), "{problems:?}");
        assert!(
            has("zone `missing`: component `s` is placed in it, but the design has no such zone"),
            "{problems:?}"
        );
    }
}
