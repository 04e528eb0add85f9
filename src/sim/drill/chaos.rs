//! Chaos mode: random single failures at a chosen rate, from a seed. The result is an ordinary
//! drill (a list of events), so a chaos run can be saved, replayed and compared.

use super::file::{Action, Drill, DrillEvent};
use crate::model::Design;

/// SplitMix64: a tiny, well-known generator whose output is the same on every platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_f64() * n as f64) as usize % n
    }
}

/// Shortest and longest repair time of a chaos failure, seconds.
pub const REPAIR_S: (f64, f64) = (30.0, 180.0);

/// What chaos may fail: every component users depend on (not the users themselves, and not
/// monitoring) and every zone. Sorted by id.
pub fn chaos_targets(design: &Design) -> Vec<String> {
    let mut ids: Vec<String> = design
        .components
        .iter()
        .filter(|c| c.tag().can_stop_requests())
        .map(|c| c.id.to_string())
        .chain(design.zones.iter().map(|z| z.id.to_string()))
        .collect();
    ids.sort();
    ids
}

fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A chaos drill on `design`: failures arrive as a Poisson process of `rate_per_hour`, one at
/// a time; each fails a uniformly chosen component or zone for 30–180 s. Same inputs, same drill.
/// Times are rounded to 0.1 s.
///
/// # Complexity
/// O(F + C log C) for F failures and C components.
pub fn chaos(design: &Design, rate_per_hour: f64, seed: u64, duration_s: f64) -> Drill {
    let targets = chaos_targets(design);
    let mut rng = SplitMix64::new(seed);
    let mut events = Vec::new();
    let rate_per_s = rate_per_hour / 3600.0;
    let mut t_s = 0.0;
    if rate_per_s > 0.0 && rate_per_s.is_finite() && !targets.is_empty() {
        loop {
            // Exponential gap; 1 - u is in (0, 1], so the logarithm is finite.
            let gap_s = -(1.0 - rng.next_f64()).ln() / rate_per_s;
            t_s = tenth(t_s + gap_s);
            if t_s >= duration_s || events.len() >= super::file::MAX_EVENTS / 2 {
                break;
            }
            let Some(target) = targets.get(rng.below(targets.len())) else {
                break;
            };
            let repair_s = tenth(REPAIR_S.0 + (REPAIR_S.1 - REPAIR_S.0) * rng.next_f64());
            events.push(DrillEvent {
                at_s: t_s,
                action: Action::Fail(target.clone()),
            });
            t_s = tenth(t_s + repair_s);
            if t_s < duration_s {
                events.push(DrillEvent {
                    at_s: t_s,
                    action: Action::Restore(target.clone()),
                });
            } else {
                break;
            }
        }
    }
    Drill {
        name: format!("chaos: {rate_per_hour} failures per hour, seed {seed}"),
        duration_s,
        seed,
        events,
        ..Drill::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::reference_design;

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 0, as published with the algorithm.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn chaos_is_replayable_and_single_failure() {
        let d = reference_design().unwrap();
        let a = chaos(&d, 30.0, 42, 3600.0);
        assert_eq!(a, chaos(&d, 30.0, 42, 3600.0));
        assert_ne!(a.events, chaos(&d, 30.0, 43, 3600.0).events);
        assert!(a.events.len() >= 10, "{}", a.events.len());
        // Fail / restore alternate, in time order, on the same target.
        for pair in a.events.chunks(2) {
            if let [f, r] = pair {
                assert!(
                    matches!((&f.action, &r.action), (Action::Fail(x), Action::Restore(y)) if x == y)
                );
                assert!(r.at_s > f.at_s);
            }
        }
        assert!(a.events.windows(2).all(|w| w[0].at_s <= w[1].at_s));
        assert!(a.check().is_empty());
    }
}
