//! The state machines that make drills honest: load-balancer health checks (a dead backend
//! keeps getting requests until `fall` checks failed in a row; a recovered one waits for
//! `rise` passes), database promotion (a replica becomes writer `promote_after_s` after its
//! writer died, or never), and detection (a failure raises an alert once it has lasted its
//! monitoring interval, if a live monitoring client watches it and can report).
//!
//! Time is in whole milliseconds so that checks, promotions and alerts fall on exact ticks.

use serde::Serialize;

use crate::model::{Design, Kind};
use crate::sim::failover::{self, Failover};
use crate::sim::graph::{FlowGraph, LinkIx, NodeIx};
use crate::sim::health;
use crate::sim::monitoring::Watch;

/// Seconds to whole milliseconds, saturating (inputs are validated finite and bounded).
pub fn ms(seconds: f64) -> u64 {
    let v = (seconds * 1000.0).round();
    if v.is_finite() && v > 0.0 {
        v.min(u64::MAX as f64) as u64
    } else {
        0
    }
}

/// What kind of moment a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MomentKind {
    /// A drill event was applied.
    Event,
    /// A load balancer marked a backend down after `fall` failed checks.
    BackendDown,
    /// A load balancer marked a backend up again after `rise` passed checks.
    BackendUp,
    /// A replica was promoted to writer.
    Promoted,
    /// Monitoring raised an alert.
    Alert,
    /// A failure ended (or the drill ended) without any alert.
    Silent,
}

/// One entry of the drill's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    /// When, seconds from the start.
    pub t_s: f64,
    /// What kind of moment.
    pub kind: MomentKind,
    /// The component, service or link concerned.
    pub subject: String,
    /// One human line.
    pub detail: String,
}

/// One backend as one load balancer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Backend {
    /// The flow link from the load balancer to the backend.
    pub link: LinkIx,
    /// The link's name as drawn (`lb -> fw-1`).
    name: String,
    /// The load balancer's id.
    lb: String,
    interval_ms: u64,
    fall: u32,
    rise: u32,
    /// Whether the load balancer currently believes the backend is down.
    pub believed_down: bool,
    streak: u32,
    next_check_ms: u64,
}

/// Health checks of every load balancer against every backend.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HealthChecks {
    /// One entry per flow link whose source learns by health checks
    /// ([`health::Learns::HealthCheck`]), in link order.
    pub backends: Vec<Backend>,
    next_due_ms: u64,
}

impl HealthChecks {
    /// The checks of `design`: every flow link leaving a load balancer. Checks run at whole
    /// multiples of each balancer's interval, starting one interval in.
    ///
    /// # Complexity
    /// O(E).
    pub fn new(design: &Design, graph: &FlowGraph) -> Self {
        let mut backends = Vec::new();
        for (li, l) in graph.links.iter().enumerate() {
            if health::learns(graph, li) != health::Learns::HealthCheck {
                continue;
            }
            let component = &design.components[graph.nodes[l.from].component];
            let Kind::LoadBalancer(lb) = &component.kind else {
                unreachable!("only load balancers learn by health checks");
            };
            let name = l.design.map_or_else(String::new, |d| {
                let dl = &design.links[d];
                format!("{} -> {}", dl.from, dl.to)
            });
            let interval_ms = ms(lb.health_check.interval_s).max(1);
            backends.push(Backend {
                link: li,
                name,
                lb: component.id.to_string(),
                interval_ms,
                fall: lb.health_check.fall.max(1),
                rise: lb.health_check.rise.max(1),
                believed_down: false,
                streak: 0,
                next_check_ms: interval_ms,
            });
        }
        let next_due_ms = backends
            .iter()
            .map(|b| b.next_check_ms)
            .min()
            .unwrap_or(u64::MAX);
        Self {
            backends,
            next_due_ms,
        }
    }

    /// Runs every check due at or before `t_ms`; `healthy(backend)` says whether a check now
    /// passes. Pushes a timeline entry per transition and returns whether any belief changed.
    ///
    /// # Complexity
    /// O(B) when a check is due, O(1) otherwise.
    pub fn run(
        &mut self,
        t_ms: u64,
        mut healthy: impl FnMut(&Backend) -> bool,
        timeline: &mut Vec<Moment>,
    ) -> bool {
        if t_ms < self.next_due_ms {
            return false;
        }
        let mut changed = false;
        for b in &mut self.backends {
            while b.next_check_ms <= t_ms {
                b.next_check_ms = b.next_check_ms.saturating_add(b.interval_ms);
                let pass = healthy(b);
                // `streak` counts consecutive results that disagree with the current belief.
                if pass == b.believed_down {
                    b.streak += 1;
                } else {
                    b.streak = 0;
                }
                let needed = if b.believed_down { b.rise } else { b.fall };
                if b.streak >= needed {
                    b.believed_down = !b.believed_down;
                    b.streak = 0;
                    changed = true;
                    timeline.push(Moment {
                        t_s: t_ms as f64 / 1000.0,
                        kind: if b.believed_down {
                            MomentKind::BackendDown
                        } else {
                            MomentKind::BackendUp
                        },
                        subject: b.name.clone(),
                        detail: format!(
                            "{} marks {} {} after {needed} {} checks",
                            b.lb,
                            b.name,
                            if b.believed_down { "down" } else { "up" },
                            if b.believed_down { "failed" } else { "passed" },
                        ),
                    });
                }
            }
        }
        self.next_due_ms = self
            .backends
            .iter()
            .map(|b| b.next_check_ms)
            .min()
            .unwrap_or(u64::MAX);
        changed
    }

    /// Writes, per flow link, whether a load balancer believes the backend behind it is down.
    pub fn believed_down(&self, per_link: &mut [bool]) {
        for b in &self.backends {
            per_link[b.link] = b.believed_down;
        }
    }
}

/// A replica that may be promoted to writer ([`crate::sim::failover`]).
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    rule: failover::Candidate,
    after_ms: u64,
    writers_dead_since_ms: Option<u64>,
    promoted: bool,
}

/// Promotion of replicas whose writers failed, with its timing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Promotions {
    candidates: Vec<Candidate>,
}

impl Promotions {
    /// The candidates of the one failover rule ([`Failover`]).
    ///
    /// # Complexity
    /// O(V + L).
    pub fn new(graph: &FlowGraph) -> Self {
        let candidates = Failover::new(graph)
            .candidates
            .into_iter()
            .map(|rule| Candidate {
                after_ms: ms(rule.after_s),
                rule,
                writers_dead_since_ms: None,
                promoted: false,
            })
            .collect();
        Self { candidates }
    }

    /// Advances to `t_ms` given which nodes are up; returns whether a promotion happened.
    ///
    /// # Complexity
    /// O(R·W) for R replicas with W writers each.
    pub fn run(
        &mut self,
        t_ms: u64,
        alive: impl Fn(NodeIx) -> bool,
        graph: &FlowGraph,
        timeline: &mut Vec<Moment>,
    ) -> bool {
        let mut changed = false;
        for c in &mut self.candidates {
            if c.promoted {
                continue;
            }
            if !c.rule.writers_failed(&alive) {
                c.writers_dead_since_ms = None;
                continue;
            }
            let since = *c.writers_dead_since_ms.get_or_insert(t_ms);
            if t_ms >= since.saturating_add(c.after_ms) && alive(c.rule.replica) {
                c.promoted = true;
                changed = true;
                let id = graph.node_id(c.rule.replica);
                timeline.push(Moment {
                    t_s: t_ms as f64 / 1000.0,
                    kind: MomentKind::Promoted,
                    subject: id.to_owned(),
                    detail: format!("{id} promoted to writer"),
                });
            }
        }
        changed
    }

    /// Writes, per node, whether it has been promoted to writer.
    pub fn promoted(&self, per_node: &mut [bool]) {
        for c in &self.candidates {
            per_node[c.rule.replica] = c.promoted;
        }
    }
}

/// One failure being watched: a component or service, a zone, or a set of links, failed by
/// an event.
#[derive(Debug, Clone, PartialEq)]
struct Incident {
    subject: String,
    /// The components that failed (a service's server, a zone's members); empty for links,
    /// which no monitoring watches. A watcher of any of them can report the incident.
    components: Vec<usize>,
    since_ms: u64,
    alerted: bool,
}

/// Detection: which failures raise alerts, when, and which stay silent. Who watches and who
/// can report is the one monitoring rule ([`Watch`]); a client reports a failure once it has
/// lasted the client's interval.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detection {
    watch: Watch,
    /// Per component: its monitoring interval, for a monitoring client.
    interval_ms: Vec<u64>,
    open: Vec<Incident>,
    /// Alerts raised: (seconds, subject).
    pub alerts: Vec<(f64, String)>,
    /// Failures that ended, or lasted to the end, without an alert. Sorted, unique.
    pub silent: Vec<String>,
}

impl Detection {
    /// Who watches what in `design` ([`Watch`]).
    ///
    /// # Complexity
    /// O(C + L).
    pub fn new(design: &Design, graph: &FlowGraph) -> Self {
        let interval_ms = design
            .components
            .iter()
            .map(|c| match &c.kind {
                Kind::MonitoringClient(m) => ms(m.interval_s),
                _ => 0,
            })
            .collect();
        Self {
            watch: Watch::new(graph),
            interval_ms,
            ..Self::default()
        }
    }

    /// Opens an incident for `subject` failing at `t_ms` (`components`: the component, a
    /// service's server, or a zone's members; links are watched by no monitoring and stay
    /// silent).
    pub fn open(&mut self, subject: &str, components: Vec<usize>, t_ms: u64) {
        if self.open.iter().any(|i| i.subject == subject) {
            return;
        }
        self.open.push(Incident {
            subject: subject.to_owned(),
            components,
            since_ms: t_ms,
            alerted: false,
        });
    }

    /// Closes the incident for `subject` (it recovered at `t_ms`); records it as silent if
    /// no alert was raised.
    pub fn close(&mut self, subject: &str, t_ms: u64, timeline: &mut Vec<Moment>) {
        if let Some(pos) = self.open.iter().position(|i| i.subject == subject)
            && !self.open.remove(pos).alerted
        {
            self.mark_silent(subject);
            timeline.push(silent_moment(t_ms, subject));
        }
    }

    fn mark_silent(&mut self, subject: &str) {
        if let Err(pos) = self.silent.binary_search_by(|s| s.as_str().cmp(subject)) {
            self.silent.insert(pos, subject.to_owned());
        }
    }

    /// Whether any open incident still waits for an alert.
    pub fn waiting(&self) -> bool {
        self.open.iter().any(|i| !i.alerted)
    }

    /// Raises the alerts due at `t_ms`, given which components and design links are up.
    ///
    /// # Complexity
    /// O(I·W·M) over open incidents, their watchers and the watchers' reporting links.
    pub fn run(
        &mut self,
        t_ms: u64,
        component_up: impl Fn(usize) -> bool,
        link_up: impl Fn(usize) -> bool,
        graph: &FlowGraph,
        timeline: &mut Vec<Moment>,
    ) {
        for inc in &mut self.open {
            if inc.alerted {
                continue;
            }
            let by = inc
                .components
                .iter()
                .flat_map(|&component| &self.watch.watchers[component])
                .find(|&&client| {
                    t_ms >= inc.since_ms.saturating_add(self.interval_ms[client])
                        && self.watch.can_report(client, &component_up, &link_up)
                });
            if let Some(&client) = by {
                inc.alerted = true;
                let t_s = t_ms as f64 / 1000.0;
                self.alerts.push((t_s, inc.subject.clone()));
                timeline.push(Moment {
                    t_s,
                    kind: MomentKind::Alert,
                    subject: inc.subject.clone(),
                    detail: format!(
                        "{} reports {} down",
                        graph.component_id(client),
                        inc.subject
                    ),
                });
            }
        }
    }

    /// Ends the drill at `t_ms`: every open incident without an alert is silent.
    pub fn finish(&mut self, t_ms: u64, timeline: &mut Vec<Moment>) {
        let pending: Vec<String> = self
            .open
            .iter()
            .filter(|i| !i.alerted)
            .map(|i| i.subject.clone())
            .collect();
        for s in pending {
            self.mark_silent(&s);
            timeline.push(silent_moment(t_ms, &s));
        }
    }
}

fn silent_moment(t_ms: u64, subject: &str) -> Moment {
    Moment {
        t_s: t_ms as f64 / 1000.0,
        kind: MomentKind::Silent,
        subject: subject.to_owned(),
        detail: format!("{subject} failed and no alert was raised"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::reference_design;

    #[test]
    fn health_check_marks_down_after_fall_and_up_after_rise() {
        let d = reference_design().unwrap();
        let graph = FlowGraph::build(&d);
        let mut hc = HealthChecks::new(&d, &graph);
        assert_eq!(hc.backends.len(), 2);
        let watched = hc.backends[1].link;
        assert_eq!(hc.backends[1].name, "lb -> fw-2");
        let mut tl = Vec::new();
        let mut down_at = None;
        let mut up_at = None;
        // Backend 1 is dead from 10 s to 70 s; checks see the state before that tick's events.
        for t in (0..=100_000u64).step_by(100) {
            let was = hc.backends[1].believed_down;
            let seen_dead = (10_000..70_000).contains(&t.saturating_sub(1));
            hc.run(t, |b| !(b.link == watched && seen_dead), &mut tl);
            let now = hc.backends[1].believed_down;
            if !was && now {
                down_at = Some(t);
            }
            if was && !now {
                up_at = Some(t);
            }
        }
        assert_eq!(down_at, Some(16_000));
        assert_eq!(up_at, Some(74_000));
        assert!(!hc.backends[0].believed_down);
        assert_eq!(tl.len(), 2);
    }

    #[test]
    fn detection_alerts_after_interval_and_reports_silence() {
        let d = reference_design().unwrap();
        let graph = FlowGraph::build(&d);
        let mut det = Detection::new(&d, &graph);
        let s2 = graph.component("server-2").unwrap();
        let fw = graph.component("fw-1").unwrap();
        det.open("server-2", vec![s2], 10_000);
        det.open("fw-1", vec![fw], 10_000);
        let mut tl = Vec::new();
        det.run(69_900, |_| true, |_| true, &graph, &mut tl);
        assert!(det.alerts.is_empty());
        det.run(70_000, |_| true, |_| true, &graph, &mut tl);
        assert_eq!(det.alerts, vec![(70.0, "server-2".to_owned())]);
        det.close("fw-1", 80_000, &mut tl);
        det.finish(120_000, &mut tl);
        assert_eq!(det.silent, vec!["fw-1".to_owned()]);
    }
}
