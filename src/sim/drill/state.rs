//! The state machines that make drills honest: load-balancer health checks (a dead backend
//! keeps getting requests until `fall` checks failed in a row; a recovered one waits for
//! `rise` passes), database promotion (a replica becomes writer `promote_after_s` after its
//! writer died, or never), and detection (a failure raises an alert once it has lasted its
//! monitoring interval, if a live monitoring client watches it and can report).
//!
//! Time is in whole milliseconds so that checks, promotions and alerts fall on exact ticks.

use serde::Serialize;

use super::topology::Topology;
use crate::model::{Design, Kind, LinkPurpose};
use crate::sim::failover::Failover;
use crate::sim::graph::FlowGraph;

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
    /// The request link from the load balancer to the backend.
    pub link: usize,
    /// The load balancer's node.
    pub lb: usize,
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
    /// One entry per request link leaving a load balancer, in link order.
    pub backends: Vec<Backend>,
    next_due_ms: u64,
}

impl HealthChecks {
    /// The checks of `design`: every request link leaving a load balancer. Checks run at
    /// whole multiples of each balancer's interval, starting one interval in.
    ///
    /// # Complexity
    /// O(L).
    pub fn new(design: &Design, topo: &Topology) -> Self {
        let mut backends = Vec::new();
        for (i, l) in topo.links.iter().enumerate() {
            let Some(n) = topo.nodes.get(l.from) else {
                continue;
            };
            let Some(Kind::LoadBalancer(lb)) = design.components.get(n.component).map(|c| &c.kind)
            else {
                continue;
            };
            if l.purpose != LinkPurpose::Request {
                continue;
            }
            let interval_ms = ms(lb.health_check.interval_s).max(1);
            backends.push(Backend {
                link: i,
                lb: l.from,
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
        topo: &Topology,
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
                    let link = topo.links.get(b.link).map_or("", |l| l.id.as_str());
                    timeline.push(Moment {
                        t_s: t_ms as f64 / 1000.0,
                        kind: if b.believed_down {
                            MomentKind::BackendDown
                        } else {
                            MomentKind::BackendUp
                        },
                        subject: link.to_owned(),
                        detail: format!(
                            "{} marks {link} {} after {needed} {} checks",
                            topo.id_of(b.lb),
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

    /// Writes, per link, whether a load balancer believes the backend behind it is down.
    pub fn believed_down(&self, per_link: &mut [bool]) {
        per_link.iter_mut().for_each(|x| *x = false);
        for b in &self.backends {
            if let Some(x) = per_link.get_mut(b.link) {
                *x = b.believed_down;
            }
        }
    }
}

/// A replica that may be promoted to writer.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    node: usize,
    writers: Vec<usize>,
    after_ms: Option<u64>,
    writers_dead_since_ms: Option<u64>,
    promoted: bool,
}

/// Promotion of replicas whose writer died.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Promotions {
    candidates: Vec<Candidate>,
}

impl Promotions {
    /// The candidates of the one failover rule ([`crate::sim::failover`]), on the drill's
    /// nodes.
    ///
    /// # Complexity
    /// That of building the flow graph, O(N + L).
    pub fn new(design: &Design, topo: &Topology) -> Self {
        let graph = FlowGraph::build(design);
        let to_topo = |v: usize| {
            topo.node(graph.node_id(v))
                .expect("every flow node is a drill node: both index every component and service")
        };
        let candidates = Failover::new(&graph)
            .candidates
            .iter()
            .map(|c| Candidate {
                node: to_topo(c.replica),
                writers: c.writers.iter().map(|&w| to_topo(w)).collect(),
                after_ms: Some(ms(c.after_s)),
                writers_dead_since_ms: None,
                promoted: false,
            })
            .collect();
        Self { candidates }
    }

    /// Advances to `t_ms` given which nodes are alive; returns whether a promotion happened.
    ///
    /// # Complexity
    /// O(R·W) for R replicas with W writers each.
    pub fn run(
        &mut self,
        t_ms: u64,
        alive: &[bool],
        topo: &Topology,
        timeline: &mut Vec<Moment>,
    ) -> bool {
        let mut changed = false;
        for c in &mut self.candidates {
            if c.promoted {
                continue;
            }
            let dead = c
                .writers
                .iter()
                .all(|&w| !alive.get(w).copied().unwrap_or(false));
            if !dead {
                c.writers_dead_since_ms = None;
                continue;
            }
            let since = *c.writers_dead_since_ms.get_or_insert(t_ms);
            let Some(after) = c.after_ms else { continue };
            if t_ms >= since.saturating_add(after) && alive.get(c.node).copied().unwrap_or(false) {
                c.promoted = true;
                changed = true;
                timeline.push(Moment {
                    t_s: t_ms as f64 / 1000.0,
                    kind: MomentKind::Promoted,
                    subject: topo.id_of(c.node).to_owned(),
                    detail: format!("{} promoted to writer", topo.id_of(c.node)),
                });
            }
        }
        changed
    }

    /// Writes, per node, whether it would be writer once failover has settled with `alive`:
    /// every replica with automatic promotion whose writers are all dead.
    pub fn settled(&self, alive: &[bool], per_node: &mut [bool]) {
        per_node.iter_mut().for_each(|x| *x = false);
        let up = |n: usize| alive.get(n).copied().unwrap_or(false);
        for c in &self.candidates {
            if c.after_ms.is_some()
                && up(c.node)
                && c.writers.iter().all(|&w| !up(w))
                && let Some(x) = per_node.get_mut(c.node)
            {
                *x = true;
            }
        }
    }

    /// Writes, per node, whether it has been promoted to writer.
    pub fn promoted(&self, per_node: &mut [bool]) {
        per_node.iter_mut().for_each(|x| *x = false);
        for c in &self.candidates {
            if let Some(x) = per_node.get_mut(c.node) {
                *x = c.promoted;
            }
        }
    }
}

/// A monitoring client watching a node.
#[derive(Debug, Clone, PartialEq)]
struct Watcher {
    client: usize,
    interval_ms: u64,
    /// Monitoring-data links of the client, with the collector node each reaches.
    reports: Vec<(usize, usize)>,
}

/// One failure being watched: a node or a set of links failed by an event.
#[derive(Debug, Clone, PartialEq)]
struct Incident {
    subject: String,
    node: Option<usize>,
    since_ms: u64,
    alerted: bool,
}

/// Detection: which failures raise alerts, when, and which stay silent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detection {
    watchers: Vec<Vec<Watcher>>,
    open: Vec<Incident>,
    /// Alerts raised: (seconds, subject).
    pub alerts: Vec<(f64, String)>,
    /// Failures that ended, or lasted to the end, without an alert. Sorted, unique.
    pub silent: Vec<String>,
}

impl Detection {
    /// Who watches what: a monitoring client watches the nodes its `Monitors` links reach, and
    /// a server's watcher also watches its services.
    ///
    /// # Complexity
    /// O(N + L·M) for M monitoring-data links per client.
    pub fn new(design: &Design, topo: &Topology) -> Self {
        let mut watchers: Vec<Vec<Watcher>> = vec![Vec::new(); topo.nodes.len()];
        for l in &topo.links {
            if l.purpose != LinkPurpose::Monitors {
                continue;
            }
            let Some(Kind::MonitoringClient(m)) = topo
                .nodes
                .get(l.from)
                .and_then(|n| design.components.get(n.component))
                .map(|c| &c.kind)
            else {
                continue;
            };
            let reports: Vec<(usize, usize)> = topo
                .links
                .iter()
                .enumerate()
                .filter(|(_, r)| r.purpose == LinkPurpose::MonitoringData && r.from == l.from)
                .map(|(i, r)| (i, r.to))
                .collect();
            let w = Watcher {
                client: l.from,
                interval_ms: ms(m.interval_s),
                reports,
            };
            for (n, node) in topo.nodes.iter().enumerate() {
                if (n == l.to || node.parent == Some(l.to))
                    && let Some(list) = watchers.get_mut(n)
                {
                    list.push(w.clone());
                }
            }
        }
        Self {
            watchers,
            ..Self::default()
        }
    }

    /// Opens an incident for `subject` failing at `t_ms` (`node` if it is a node; links are
    /// watched by no monitoring and stay silent).
    pub fn open(&mut self, subject: &str, node: Option<usize>, t_ms: u64) {
        if self.open.iter().any(|i| i.subject == subject) {
            return;
        }
        self.open.push(Incident {
            subject: subject.to_owned(),
            node,
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

    /// Raises the alerts due at `t_ms`.
    ///
    /// # Complexity
    /// O(I·W·M) over open incidents, their watchers and the watchers' reporting links.
    pub fn run(
        &mut self,
        t_ms: u64,
        node_alive: &[bool],
        link_alive: &[bool],
        topo: &Topology,
        timeline: &mut Vec<Moment>,
    ) {
        let up = |n: usize| node_alive.get(n).copied().unwrap_or(false);
        for inc in &mut self.open {
            if inc.alerted {
                continue;
            }
            let Some(node) = inc.node else { continue };
            let Some(list) = self.watchers.get(node) else {
                continue;
            };
            let by = list.iter().find(|w| {
                up(w.client)
                    && t_ms >= inc.since_ms.saturating_add(w.interval_ms)
                    && w.reports.iter().any(|&(link, collector)| {
                        link_alive.get(link).copied().unwrap_or(false) && up(collector)
                    })
            });
            if let Some(w) = by {
                inc.alerted = true;
                let t_s = t_ms as f64 / 1000.0;
                self.alerts.push((t_s, inc.subject.clone()));
                timeline.push(Moment {
                    t_s,
                    kind: MomentKind::Alert,
                    subject: inc.subject.clone(),
                    detail: format!("{} reports {} down", topo.id_of(w.client), inc.subject),
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
        let topo = Topology::new(&d);
        let mut hc = HealthChecks::new(&d, &topo);
        assert_eq!(hc.backends.len(), 2);
        let mut tl = Vec::new();
        let mut down_at = None;
        let mut up_at = None;
        // Backend 1 is dead from 10 s to 70 s; checks see the state before that tick's events.
        for t in (0..=100_000u64).step_by(100) {
            let was = hc.backends[1].believed_down;
            // A check at t sees the state just before t's events.
            let seen_dead = (10_000..70_000).contains(&t.saturating_sub(1));
            hc.run(
                t,
                &topo,
                |b| !(b.link == hc_link(&topo) && seen_dead),
                &mut tl,
            );
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

    fn hc_link(topo: &Topology) -> usize {
        topo.links
            .iter()
            .position(|l| l.id == "lb -> fw-2")
            .unwrap()
    }

    #[test]
    fn detection_alerts_after_interval_and_reports_silence() {
        let d = reference_design().unwrap();
        let topo = Topology::new(&d);
        let mut det = Detection::new(&d, &topo);
        let alive = vec![true; topo.nodes.len()];
        let links = vec![true; topo.links.len()];
        let s2 = topo.node("server-2").unwrap();
        let fw = topo.node("fw-1").unwrap();
        det.open("server-2", Some(s2), 10_000);
        det.open("fw-1", Some(fw), 10_000);
        let mut tl = Vec::new();
        det.run(69_900, &alive, &links, &topo, &mut tl);
        assert!(det.alerts.is_empty());
        det.run(70_000, &alive, &links, &topo, &mut tl);
        assert_eq!(det.alerts, vec![(70.0, "server-2".to_owned())]);
        det.close("fw-1", 80_000, &mut tl);
        det.finish(120_000, &mut tl);
        assert_eq!(det.silent, vec!["fw-1".to_owned()]);
    }
}
