//! Drill mode: fail and restore components, services and links by clicking them, play / pause
//! / step / reset the simulation at 1×–60×, watch live QPS on the canvas and charts over time,
//! read the verdict at the end, and rank components by blast radius.
//!
//! The simulation itself lives in [`crate::sim::drill`]; this module only drives it from the
//! frame clock ([`DrillMode::logic`], called from the app's `logic`, before any panel) and
//! shows it. Failing and restoring are [`Command::DrillToggle`] commands, which the canvas
//! emits only for a click (never a drag) in drill mode. The canvas gets the current tick as overlay [`Marks`] (served
//! and lost QPS, failed components), so it needs no drill-specific code beyond the grey mark.

mod blast_job;
mod blast_table;
pub mod canvas_overlay;
pub mod charts;
mod controls;
pub mod heat;
pub mod traffic_dots;
mod verdict_card;

use egui::Ui;

use super::canvas::marks::Marks;
use super::command::DrillTarget;
use crate::model::Design;
use crate::sim::Finding;
use crate::sim::drill::{
    Action, BlastRadius, Drill, DrillOptions, DrillResult, DrillRun, start_drill,
};
use traffic_dots::LinkFlow;

/// Slowest and fastest playback, simulated seconds per real second.
pub const SPEEDS: [f64; 5] = [1.0, 5.0, 10.0, 30.0, 60.0];

/// Which tab of the drill panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DrillTab {
    /// Charts over time.
    #[default]
    Charts,
    /// The verdict card.
    Verdict,
    /// The blast-radius table.
    BlastRadius,
}

/// The state of drill mode (runtime only; nothing here is persisted).
pub struct DrillMode {
    /// Whether drill mode is on.
    pub active: bool,
    /// The drill to play (its events run on top of the clicks).
    pub drill: Drill,
    run: Option<DrillRun>,
    revision: Option<u64>,
    /// Whether the clock runs.
    pub playing: bool,
    /// Simulated seconds per real second.
    pub speed: f64,
    carry_s: f64,
    /// The finished drill.
    pub result: Option<DrillResult>,
    marks: Option<Marks>,
    analysis: Option<crate::sim::Analysis>,
    findings: Vec<Finding>,
    view_version: u64,
    /// The blast radius of the current design (computed on demand, off the UI thread), and
    /// its sort.
    pub blast: Option<Vec<BlastRadius>>,
    /// The blast radius being computed for the current revision.
    blast_job: Option<blast_job::BlastJob>,
    /// Sort column (0 id, 1 reads, 2 writes) and whether descending.
    pub blast_sort: (usize, bool),
    /// The component whose series the charts show besides the total.
    pub focus: Option<String>,
    /// The visible tab.
    pub tab: DrillTab,
    /// The last error (an unknown target in a loaded drill).
    pub error: Option<String>,
    /// The drill file path typed in the panel.
    pub path: String,
    /// Chaos: failures per hour and seed.
    pub chaos: (f64, u64),
    /// Per design link: the current tick's requests and failures (zero off request links).
    link_flows: Vec<LinkFlow>,
    /// Animation clock of the traffic dots, real seconds of play (stands still when paused).
    pub anim_s: f64,
    /// Whether the canvas shows the blast-radius heat map.
    pub heat_map: bool,
    /// The heat of the current design revision (from [`Self::blast`]).
    heat: Option<heat::HeatMap>,
    /// How many times the heat map was computed (for tests: once per revision).
    pub heat_builds: u64,
}

impl Default for DrillMode {
    fn default() -> Self {
        Self {
            active: false,
            drill: Drill {
                name: "Interactive drill".to_owned(),
                duration_s: 600.0,
                ..Drill::default()
            },
            run: None,
            revision: None,
            playing: false,
            speed: 1.0,
            carry_s: 0.0,
            result: None,
            marks: None,
            analysis: None,
            findings: Vec::new(),
            view_version: 0,
            blast: None,
            blast_job: None,
            blast_sort: (1, false),
            focus: None,
            tab: DrillTab::Charts,
            error: None,
            path: "saves/drills/my-drill.ron".to_owned(),
            chaos: (30.0, 1),
            link_flows: Vec::new(),
            anim_s: 0.0,
            heat_map: false,
            heat: None,
            heat_builds: 0,
        }
    }
}

impl std::fmt::Debug for DrillMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DrillMode")
            .field("active", &self.active)
            .field("playing", &self.playing)
            .field("speed", &self.speed)
            .field("t_s", &self.t_s())
            .finish_non_exhaustive()
    }
}

impl DrillMode {
    /// The drill clock, seconds: the time of the next tick while a run is going, the drill's
    /// length once it finished, 0 before it starts.
    pub fn t_s(&self) -> f64 {
        match (&self.run, &self.result) {
            (Some(run), _) => run.t_s(),
            (None, Some(result)) => result.duration_s,
            (None, None) => 0.0,
        }
    }

    /// The running drill, if any.
    pub fn run(&self) -> Option<&DrillRun> {
        self.run.as_ref()
    }

    /// Overlay marks of the current tick, while drill mode is on.
    pub fn marks(&self) -> Option<&Marks> {
        if self.active {
            self.marks.as_ref()
        } else {
            None
        }
    }

    /// The current tick as an analysis for the canvas scene, while drill mode is on.
    pub fn analysis(&self) -> Option<&crate::sim::Analysis> {
        if self.active {
            self.analysis.as_ref()
        } else {
            None
        }
    }

    /// The traffic dots' input while drill mode is on with a run: per-link flows and the
    /// animation time.
    pub fn traffic(&self) -> Option<(&[LinkFlow], f64)> {
        (self.active && self.run.is_some()).then_some((self.link_flows.as_slice(), self.anim_s))
    }

    /// The heat map while drill mode and the heat map are on.
    pub fn heat(&self) -> Option<&heat::HeatMap> {
        if self.active && self.heat_map {
            self.heat.as_ref()
        } else {
            None
        }
    }

    /// Whether the clock runs in drill mode (the window keeps repainting only then).
    pub fn is_playing(&self) -> bool {
        self.active && self.playing
    }

    /// Starts computing the blast radius of the current revision on a worker thread if the
    /// table or the heat map needs it, and picks up a finished result; never blocks.
    fn ensure_blast(&mut self, design: &Design, ctx: &egui::Context) {
        let wanted = self.heat_map || self.tab == DrillTab::BlastRadius;
        let Some(revision) = self.revision else {
            return;
        };
        if self.blast.is_none() && wanted {
            if self
                .blast_job
                .as_ref()
                .is_none_or(|j| j.revision != revision)
            {
                let ctx = ctx.clone();
                self.blast_job = Some(blast_job::BlastJob::start(
                    design.clone(),
                    revision,
                    move || ctx.request_repaint(),
                ));
            }
            if let Some(rows) = self.blast_job.as_ref().and_then(blast_job::BlastJob::poll) {
                self.blast = Some(rows);
                self.blast_job = None;
            }
        }
        if self.heat_map
            && self.heat.is_none()
            && let Some(rows) = &self.blast
        {
            self.heat = Some(heat::heat_of(rows));
            self.heat_builds = self.heat_builds.wrapping_add(1);
        }
    }

    /// Whether the blast radius of the current revision is still being computed.
    pub fn blast_pending(&self) -> bool {
        self.blast_job.is_some()
    }

    /// Bumped whenever the shown tick changes (the canvas rebuilds its scene on it).
    pub fn view_version(&self) -> u64 {
        if self.active { self.view_version } else { 0 }
    }

    fn refresh_view(&mut self, design: &Design) {
        if let Some(run) = &self.run {
            let (analysis, marks) = canvas_overlay::view_of(design, run, &self.findings);
            self.link_flows = traffic_dots::link_flows(design.links.len(), &analysis.traffic);
            self.marks = Some(marks);
            self.analysis = Some(analysis);
            self.view_version = self.view_version.wrapping_add(1);
        }
    }

    /// Whether `target` is failed right now.
    pub fn is_failed(&self, target: &str) -> bool {
        self.run.as_ref().is_some_and(|r| r.is_failed(target))
    }

    /// Forgets what belonged to the design that was open (the drill's events, the run, the
    /// verdict, the blast radius), keeping the panel's settings: another design opened, and
    /// the old events would name components it does not have.
    pub fn forget_design(&mut self) {
        *self = Self {
            active: self.active,
            speed: self.speed,
            tab: self.tab,
            path: std::mem::take(&mut self.path),
            chaos: self.chaos,
            heat_map: self.heat_map,
            heat_builds: self.heat_builds,
            blast_sort: self.blast_sort,
            view_version: self.view_version.wrapping_add(1),
            ..Self::default()
        };
    }

    /// Starts the drill afresh on `design` (time 0, nothing failed).
    pub fn reset(&mut self, design: &Design, revision: u64) {
        self.playing = false;
        self.carry_s = 0.0;
        self.result = None;
        self.error = None;
        self.revision = Some(revision);
        match start_drill(design, &self.drill, DrillOptions::default()) {
            Ok(mut run) => {
                run.step();
                self.run = Some(run);
                self.refresh_view(design);
            }
            Err(e) => {
                self.error = Some(e.to_string());
                self.run = None;
                self.marks = None;
                self.analysis = None;
            }
        }
    }

    /// Keeps the drill in step with the design: a new revision restarts it.
    fn sync(&mut self, design: &Design, revision: u64) {
        if self.revision != Some(revision) {
            self.reset(design, revision);
            self.blast = None;
            self.blast_job = None;
            self.heat = None;
        }
    }

    /// Fails `target` if it is up, restores it if it is failed, at the current time.
    pub fn toggle(&mut self, design: &Design, target: &str) {
        let Some(run) = self.run.as_mut() else { return };
        let action = if run.is_failed(target) {
            Action::Restore(target.to_owned())
        } else {
            Action::Fail(target.to_owned())
        };
        let at_s = run.t_s();
        match run.apply_now(&action) {
            Ok(()) => {
                // Recorded, so that saving the drill replays this session.
                self.drill
                    .events
                    .push(crate::sim::drill::DrillEvent { at_s, action });
                // Show the new state at once, even while paused.
                if run.step().is_some() {
                    self.refresh_view(design);
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Applies a [`DrillTarget`] click (from [`crate::ui::command::Command::DrillToggle`]):
    /// fails the target if it is up, restores it if it is failed; a component becomes the
    /// charts' focus. Does nothing outside drill mode.
    pub fn toggle_target(&mut self, design: &Design, target: &DrillTarget) {
        if !self.active {
            return;
        }
        match target {
            DrillTarget::Component(id) => {
                self.focus = Some(id.to_string());
                self.toggle(design, id.as_str());
            }
            DrillTarget::Link(i) => {
                if let Some(l) = design.links.get(*i) {
                    let target = format!("{} -> {}", l.from, l.to);
                    self.toggle(design, &target);
                }
            }
            DrillTarget::Zone(id) => self.toggle(design, id.as_str()),
        }
    }

    /// The non-drawing work of a frame, run before the panels: keeps the drill in step with
    /// the design, advances the clock by `dt_s` real seconds while playing, and starts or
    /// picks up the blast-radius job. Returns whether the clock runs (the window must keep
    /// repainting).
    pub fn logic(
        &mut self,
        ctx: &egui::Context,
        design: &Design,
        revision: u64,
        findings: &[Finding],
        dt_s: f64,
    ) -> bool {
        if !self.active {
            self.playing = false;
            self.blast_job = None;
            return false;
        }
        if self.findings.as_slice() != findings {
            self.findings = findings.to_vec();
            // The canvas shows them (SPOF rings) from the first frame, not from the next tick.
            self.refresh_view(design);
        }
        self.sync(design, revision);
        if self.playing {
            self.advance(design, findings, dt_s);
            self.anim_s += dt_s.clamp(0.0, 0.25);
        }
        self.ensure_blast(design, ctx);
        self.playing
    }

    /// The time window the charts show, seconds (see [`charts::x_range_s`]); `None` before a
    /// run starts.
    pub fn chart_x_range_s(&self) -> Option<(f64, f64)> {
        let (moment_s, finished): (Vec<f64>, bool) = match (&self.run, &self.result) {
            (Some(run), _) => (run.timeline().iter().map(|m| m.t_s).collect(), false),
            (None, Some(r)) => {
                let mut moments: Vec<f64> = r.timeline.iter().map(|m| m.t_s).collect();
                // Frame the recovery too (a cache warming up, a queue draining).
                moments.extend(charts::settled_s(&r.series));
                (moments, true)
            }
            (None, None) => return None,
        };
        Some(charts::x_range_s(&moment_s, self.t_s(), finished))
    }

    /// The analysis findings of the design the drill runs on.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Runs `ticks` ticks now (paused or not); finishes the drill at its end.
    pub fn step_ticks(&mut self, design: &Design, findings: &[Finding], ticks: u64) {
        let Some(run) = self.run.as_mut() else { return };
        for _ in 0..ticks {
            if run.step().is_none() {
                break;
            }
        }
        let finished = run.finished();
        self.refresh_view(design);
        if finished {
            self.playing = false;
            if let Some(run) = self.run.take() {
                self.result = Some(run.finish(findings));
                self.tab = DrillTab::Verdict;
            }
        }
    }

    /// Advances the clock by `dt_s` real seconds at the chosen speed.
    fn advance(&mut self, design: &Design, findings: &[Finding], dt_s: f64) {
        let tick_s = f64::from(self.drill.tick_ms.max(1)) / 1000.0;
        self.carry_s += dt_s.clamp(0.0, 0.25) * self.speed;
        let ticks = (self.carry_s / tick_s).floor();
        if ticks >= 1.0 {
            self.carry_s -= ticks * tick_s;
            self.step_ticks(design, findings, ticks.min(10_000.0) as u64);
        }
    }
}

/// The drill panel: a strip with the drill-mode switch, and when on, the controls and the
/// charts, verdict or blast-radius tab. The clock advances in [`DrillMode::logic`], not here.
pub fn drill_panel_ui(
    ui: &mut Ui,
    mode: &mut DrillMode,
    design: &Design,
    revision: u64,
    findings: &[Finding],
) {
    ui.horizontal(|ui| {
        let was = mode.active;
        ui.toggle_value(&mut mode.active, "🔥 Drill mode")
            .on_hover_text(
                "Fail and restore components by clicking them; watch traffic reroute or drop",
            );
        if mode.active && !was {
            mode.revision = None;
        }
        if !mode.active {
            mode.playing = false;
            ui.weak("Game day: kill components and see what users get, second by second.");
        }
    });
    if !mode.active {
        return;
    }
    // Switched on this frame: start the run now rather than show an empty panel for a frame.
    mode.sync(design, revision);
    controls::controls_ui(ui, mode, design, revision, findings);
    if mode.blast.is_none()
        && mode.blast_job.is_none()
        && (mode.heat_map || mode.tab == DrillTab::BlastRadius)
    {
        // Asked for just now: the next frame's `logic` starts the job.
        ui.ctx().request_repaint();
    }
    if let Some(e) = &mode.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    ui.separator();
    match mode.tab {
        DrillTab::Charts => charts::charts_ui(ui, mode),
        DrillTab::Verdict => verdict_card::verdict_ui(ui, mode.result.as_ref(), &mode.findings),
        DrillTab::BlastRadius => blast_table::blast_table_ui(ui, mode),
    }
}
