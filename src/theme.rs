//! Colours and sizes of the diagram, in one place, for light and dark backgrounds.
//!
//! The canvas and the exported images both paint from a [`Theme`], so they look the same.
//! Nothing here knows about egui: colours are plain [`Rgba`]; the UI converts them.

use crate::model::{KindTag, LinkPurpose, ZoneKind};

/// A colour with straight (not premultiplied) alpha, 0..=255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b, 255])
    }

    /// A colour with alpha.
    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self([r, g, b, a])
    }

    /// Fully transparent.
    pub const TRANSPARENT: Self = Self([0, 0, 0, 0]);

    /// Red channel.
    pub const fn r(self) -> u8 {
        self.0[0]
    }
    /// Green channel.
    pub const fn g(self) -> u8 {
        self.0[1]
    }
    /// Blue channel.
    pub const fn b(self) -> u8 {
        self.0[2]
    }
    /// Alpha channel.
    pub const fn a(self) -> u8 {
        self.0[3]
    }

    /// `#rrggbb`, ignoring alpha.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r(), self.g(), self.b())
    }

    /// Alpha as a fraction 0..=1.
    pub fn opacity(self) -> f32 {
        f32::from(self.a()) / 255.0
    }

    /// The same colour with alpha `a`.
    pub const fn with_alpha(self, a: u8) -> Self {
        Self([self.0[0], self.0[1], self.0[2], a])
    }
}

/// Which palette a theme uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ThemeMode {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Colours of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// Canvas and image background.
    pub background: Rgba,
    /// Background grid lines (canvas only).
    pub grid: Rgba,
    /// Main text (names).
    pub text: Rgba,
    /// Secondary text (kind, product, link labels).
    pub muted_text: Rgba,
    /// Background behind link labels so lines do not cross text.
    pub label_background: Rgba,
    /// Default node border.
    pub node_stroke: Rgba,
    /// Text note fill (a sticky note).
    pub note_fill: Rgba,
    /// Text note border.
    pub note_stroke: Rgba,
    /// Separator lines inside a server box.
    pub node_separator: Rgba,
    /// Encrypted links (closed lock).
    pub encrypted: Rgba,
    /// Plaintext request links after TLS termination (red, dashed).
    pub plaintext: Rgba,
    /// Single point of failure ring and badge.
    pub spof: Rgba,
    /// Error severity.
    pub error: Rgba,
    /// Warning severity.
    pub warning: Rgba,
    /// Info severity.
    pub info: Rgba,
    /// Utilisation below [`Theme::UTILISATION_AMBER`].
    pub util_green: Rgba,
    /// Utilisation below [`Theme::UTILISATION_RED`].
    pub util_amber: Rgba,
    /// Utilisation at or above [`Theme::UTILISATION_RED`].
    pub util_red: Rgba,
    /// Track behind a utilisation bar.
    pub util_track: Rgba,
    /// Failed or greyed-out components.
    pub failed: Rgba,
    /// Text on a coloured badge.
    pub badge_text: Rgba,
    /// Legend box fill.
    pub legend_fill: Rgba,
    /// Selection highlight (canvas).
    pub selection: Rgba,
    /// A request moving along a link while a drill plays.
    pub traffic_dot: Rgba,
    /// A request that fails on its link while a drill plays.
    pub traffic_dot_failed: Rgba,
    /// Blast-radius heat ramp: cold (nothing lost), middle, hot (everything lost).
    pub heat_ramp: [Rgba; 3],
    /// Compare mode: what the new design added (green).
    pub diff_added: Rgba,
    /// Compare mode: what the new design removed, drawn as ghosts (red).
    pub diff_removed: Rgba,
    /// Compare mode: what changed its settings (amber).
    pub diff_changed: Rgba,
}

/// Sizes of the diagram in canvas units (pixels at zoom 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Component name.
    pub name_font_px: f32,
    /// Kind / product subtitle and service rows.
    pub small_font_px: f32,
    /// Link labels.
    pub label_font_px: f32,
    /// Badges (SPOF, TLS, QPS).
    pub badge_font_px: f32,
    /// Diagram title.
    pub title_font_px: f32,
    /// Node border.
    pub node_stroke_px: f32,
    /// Node corner radius.
    pub node_radius_px: f32,
    /// Link line width at no traffic.
    pub link_width_px: f32,
    /// Largest link width with the QPS overlay.
    pub link_max_width_px: f32,
    /// Arrow head length.
    pub arrow_length_px: f32,
    /// Arrow head half width.
    pub arrow_half_width_px: f32,
    /// Icon edge in a node header.
    pub icon_px: f32,
    /// Icon edge in a service row.
    pub small_icon_px: f32,
    /// Padding inside a node.
    pub padding_px: f32,
    /// Height of a plain node.
    pub node_height_px: f32,
    /// Width of a plain node (and the narrowest server).
    pub node_width_px: f32,
    /// Widest server sized to its stack.
    pub node_max_width_px: f32,
    /// Height of a header with a one-line name (a plain node adds the subtitle room).
    pub header_height_px: f32,
    /// Extra height of a second name line.
    pub name_line_px: f32,
    /// Height of one service row on a server.
    pub service_row_px: f32,
    /// SPOF ring width.
    pub ring_px: f32,
    /// Gap between a node and its SPOF ring.
    pub ring_gap_px: f32,
    /// Dash pattern of plaintext links: dash, gap.
    pub dash_px: [f32; 2],
    /// Dash pattern of monitoring links: dash, gap.
    pub dot_px: [f32; 2],
    /// Margin around an exported image.
    pub margin_px: f32,
}

/// Everything needed to paint a diagram: palette, sizes and per-kind colours.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Light or dark.
    pub mode: ThemeMode,
    /// Colours.
    pub palette: Palette,
    /// Sizes.
    pub metrics: Metrics,
}

impl Default for Theme {
    fn default() -> Self {
        Self::light()
    }
}

const METRICS: Metrics = Metrics {
    name_font_px: 12.0,
    small_font_px: 11.0,
    label_font_px: 10.5,
    badge_font_px: 9.5,
    title_font_px: 18.0,
    node_stroke_px: 1.5,
    node_radius_px: 8.0,
    link_width_px: 1.5,
    link_max_width_px: 5.5,
    arrow_length_px: 10.0,
    arrow_half_width_px: 5.0,
    icon_px: 20.0,
    small_icon_px: 14.0,
    padding_px: 8.0,
    node_height_px: 56.0,
    node_width_px: 150.0,
    node_max_width_px: 190.0,
    header_height_px: 42.0,
    name_line_px: 14.0,
    service_row_px: 20.0,
    ring_px: 3.0,
    ring_gap_px: 4.0,
    dash_px: [7.0, 4.0],
    dot_px: [2.0, 4.0],
    margin_px: 32.0,
};

impl Theme {
    /// Utilisation from which the bar turns amber.
    pub const UTILISATION_AMBER: f64 = 0.6;
    /// Utilisation from which the bar turns red.
    pub const UTILISATION_RED: f64 = 0.8;

    /// Dark text on white.
    pub fn light() -> Self {
        Self {
            mode: ThemeMode::Light,
            palette: Palette {
                background: Rgba::rgb(255, 255, 255),
                grid: Rgba::rgb(236, 239, 243),
                text: Rgba::rgb(28, 32, 38),
                muted_text: Rgba::rgb(88, 96, 108),
                label_background: Rgba::new(255, 255, 255, 235),
                note_fill: Rgba::rgb(255, 244, 179),
                note_stroke: Rgba::rgb(214, 189, 82),
                node_stroke: Rgba::rgb(120, 130, 145),
                node_separator: Rgba::rgb(210, 216, 224),
                encrypted: Rgba::rgb(32, 122, 72),
                plaintext: Rgba::rgb(200, 36, 36),
                spof: Rgba::rgb(214, 32, 32),
                error: Rgba::rgb(200, 36, 36),
                warning: Rgba::rgb(196, 120, 0),
                info: Rgba::rgb(36, 104, 196),
                util_green: Rgba::rgb(46, 160, 67),
                util_amber: Rgba::rgb(222, 150, 0),
                util_red: Rgba::rgb(214, 40, 40),
                util_track: Rgba::rgb(225, 229, 235),
                failed: Rgba::rgb(160, 164, 170),
                badge_text: Rgba::rgb(255, 255, 255),
                legend_fill: Rgba::rgb(248, 249, 251),
                selection: Rgba::rgb(40, 120, 230),
                traffic_dot: Rgba::rgb(24, 100, 210),
                traffic_dot_failed: Rgba::rgb(220, 30, 30),
                heat_ramp: [
                    Rgba::rgb(70, 150, 230),
                    Rgba::rgb(245, 190, 40),
                    Rgba::rgb(220, 30, 30),
                ],
                diff_added: Rgba::rgb(30, 150, 70),
                diff_removed: Rgba::rgb(210, 40, 40),
                diff_changed: Rgba::rgb(215, 140, 0),
            },
            metrics: METRICS,
        }
    }

    /// Light text on a dark grey.
    pub fn dark() -> Self {
        Self {
            mode: ThemeMode::Dark,
            palette: Palette {
                background: Rgba::rgb(27, 30, 35),
                grid: Rgba::rgb(40, 44, 51),
                text: Rgba::rgb(232, 235, 240),
                muted_text: Rgba::rgb(160, 168, 180),
                label_background: Rgba::new(27, 30, 35, 235),
                note_fill: Rgba::rgb(74, 66, 30),
                note_stroke: Rgba::rgb(150, 132, 60),
                node_stroke: Rgba::rgb(112, 122, 138),
                node_separator: Rgba::rgb(70, 78, 90),
                encrypted: Rgba::rgb(88, 196, 128),
                plaintext: Rgba::rgb(255, 92, 92),
                spof: Rgba::rgb(255, 84, 84),
                error: Rgba::rgb(255, 92, 92),
                warning: Rgba::rgb(240, 170, 40),
                info: Rgba::rgb(100, 160, 255),
                util_green: Rgba::rgb(72, 190, 96),
                util_amber: Rgba::rgb(240, 170, 40),
                util_red: Rgba::rgb(255, 84, 84),
                util_track: Rgba::rgb(58, 64, 74),
                failed: Rgba::rgb(100, 104, 112),
                badge_text: Rgba::rgb(20, 22, 26),
                legend_fill: Rgba::rgb(36, 40, 47),
                selection: Rgba::rgb(90, 160, 255),
                traffic_dot: Rgba::rgb(120, 200, 255),
                traffic_dot_failed: Rgba::rgb(255, 70, 70),
                heat_ramp: [
                    Rgba::rgb(70, 140, 220),
                    Rgba::rgb(240, 180, 40),
                    Rgba::rgb(255, 60, 60),
                ],
                diff_added: Rgba::rgb(80, 205, 115),
                diff_removed: Rgba::rgb(255, 96, 96),
                diff_changed: Rgba::rgb(245, 180, 50),
            },
            metrics: METRICS,
        }
    }

    /// The theme for `mode`.
    pub fn for_mode(mode: ThemeMode) -> Self {
        match mode {
            ThemeMode::Light => Self::light(),
            ThemeMode::Dark => Self::dark(),
        }
    }

    /// Fill of a node of `kind`: a soft tint per tier so the eye groups them.
    pub fn node_fill(&self, kind: KindTag) -> Rgba {
        let (light, dark) = match kind {
            KindTag::Users => (Rgba::rgb(241, 243, 246), Rgba::rgb(44, 48, 56)),
            KindTag::Dns => (Rgba::rgb(237, 244, 255), Rgba::rgb(34, 46, 66)),
            KindTag::Firewall => (Rgba::rgb(255, 240, 232), Rgba::rgb(66, 44, 36)),
            KindTag::LoadBalancer => (Rgba::rgb(232, 246, 255), Rgba::rgb(30, 52, 66)),
            KindTag::Server => (Rgba::rgb(240, 249, 241), Rgba::rgb(34, 54, 40)),
            KindTag::Database => (Rgba::rgb(246, 240, 255), Rgba::rgb(50, 40, 68)),
            KindTag::Service => (Rgba::rgb(236, 250, 248), Rgba::rgb(30, 56, 54)),
            KindTag::MonitoringClient => (Rgba::rgb(255, 249, 230), Rgba::rgb(62, 54, 30)),
            KindTag::MonitoringService => (Rgba::rgb(255, 245, 222), Rgba::rgb(66, 54, 28)),
            KindTag::Cache => (Rgba::rgb(255, 238, 238), Rgba::rgb(68, 36, 38)),
            KindTag::Cdn => (Rgba::rgb(234, 242, 255), Rgba::rgb(32, 42, 70)),
            KindTag::Queue => (Rgba::rgb(252, 242, 230), Rgba::rgb(64, 46, 30)),
            KindTag::ObjectStorage => (Rgba::rgb(242, 246, 232), Rgba::rgb(46, 54, 32)),
        };
        match self.mode {
            ThemeMode::Light => light,
            ThemeMode::Dark => dark,
        }
    }

    /// Border and icon colour of a node of `kind`.
    pub fn node_accent(&self, kind: KindTag) -> Rgba {
        let (light, dark) = match kind {
            KindTag::Users => (Rgba::rgb(90, 98, 110), Rgba::rgb(170, 178, 190)),
            KindTag::Dns => (Rgba::rgb(48, 102, 190), Rgba::rgb(120, 168, 240)),
            KindTag::Firewall => (Rgba::rgb(196, 84, 32), Rgba::rgb(240, 140, 96)),
            KindTag::LoadBalancer => (Rgba::rgb(24, 120, 170), Rgba::rgb(100, 190, 236)),
            KindTag::Server => (Rgba::rgb(40, 130, 64), Rgba::rgb(110, 200, 130)),
            KindTag::Database => (Rgba::rgb(110, 70, 180), Rgba::rgb(176, 146, 240)),
            KindTag::Service => (Rgba::rgb(20, 130, 120), Rgba::rgb(90, 200, 190)),
            KindTag::MonitoringClient => (Rgba::rgb(170, 120, 0), Rgba::rgb(230, 190, 80)),
            KindTag::MonitoringService => (Rgba::rgb(176, 110, 0), Rgba::rgb(236, 176, 70)),
            KindTag::Cache => (Rgba::rgb(190, 50, 60), Rgba::rgb(240, 120, 128)),
            KindTag::Cdn => (Rgba::rgb(64, 84, 200), Rgba::rgb(140, 160, 250)),
            KindTag::Queue => (Rgba::rgb(170, 96, 20), Rgba::rgb(230, 160, 90)),
            KindTag::ObjectStorage => (Rgba::rgb(96, 120, 30), Rgba::rgb(170, 200, 90)),
        };
        match self.mode {
            ThemeMode::Light => light,
            ThemeMode::Dark => dark,
        }
    }

    /// Colour of a link of `purpose` when no overlay recolours it.
    pub fn link_colour(&self, purpose: LinkPurpose) -> Rgba {
        let (light, dark) = match purpose {
            LinkPurpose::Request => (Rgba::rgb(70, 78, 90), Rgba::rgb(190, 196, 206)),
            LinkPurpose::DnsLookup => (Rgba::rgb(48, 102, 190), Rgba::rgb(120, 168, 240)),
            LinkPurpose::Replication => (Rgba::rgb(110, 70, 180), Rgba::rgb(176, 146, 240)),
            LinkPurpose::Monitors | LinkPurpose::MonitoringData => {
                (Rgba::rgb(170, 120, 0), Rgba::rgb(230, 190, 80))
            }
        };
        match self.mode {
            ThemeMode::Light => light,
            ThemeMode::Dark => dark,
        }
    }

    /// Heat colour for a component whose failure alone loses `loss` (0..=1) of the served
    /// requests: the ramp from cold through the middle to hot, interpolated linearly.
    pub fn heat_colour(&self, loss: f64) -> Rgba {
        let [cold, mid, hot] = self.palette.heat_ramp;
        let x = if loss.is_finite() {
            loss.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (a, b, t) = if x < 0.5 {
            (cold, mid, x * 2.0)
        } else {
            (mid, hot, (x - 0.5) * 2.0)
        };
        let mix = |p: u8, q: u8| {
            let v = f64::from(p) + (f64::from(q) - f64::from(p)) * t;
            v.round().clamp(0.0, 255.0) as u8
        };
        Rgba::new(
            mix(a.r(), b.r()),
            mix(a.g(), b.g()),
            mix(a.b(), b.b()),
            mix(a.a(), b.a()),
        )
    }

    /// Colour of a utilisation bar at `utilisation` (ρ): green below 0.6, amber below 0.8,
    /// red from 0.8.
    pub fn utilisation_colour(&self, utilisation: f64) -> Rgba {
        if utilisation < Self::UTILISATION_AMBER {
            self.palette.util_green
        } else if utilisation < Self::UTILISATION_RED {
            self.palette.util_amber
        } else {
            self.palette.util_red
        }
    }

    /// Fill of a zone of `kind` (rack, availability zone, region): a faint tint, lighter
    /// for the larger kinds, so nested zones stay apart and boxes on them stay readable.
    pub fn zone_fill(&self, kind: ZoneKind) -> Rgba {
        let (light, dark) = match kind {
            ZoneKind::Rack => (Rgba::new(120, 132, 150, 30), Rgba::new(150, 160, 178, 34)),
            ZoneKind::AvailabilityZone => {
                (Rgba::new(40, 150, 140, 22), Rgba::new(70, 190, 178, 26))
            }
            ZoneKind::Region => (Rgba::new(110, 90, 190, 14), Rgba::new(150, 130, 230, 20)),
        };
        match self.mode {
            ThemeMode::Light => light,
            ThemeMode::Dark => dark,
        }
    }

    /// Border and label colour of a zone of `kind`.
    pub fn zone_stroke(&self, kind: ZoneKind) -> Rgba {
        let (light, dark) = match kind {
            ZoneKind::Rack => (Rgba::rgb(100, 112, 130), Rgba::rgb(160, 170, 186)),
            ZoneKind::AvailabilityZone => (Rgba::rgb(26, 128, 118), Rgba::rgb(90, 200, 188)),
            ZoneKind::Region => (Rgba::rgb(104, 82, 180), Rgba::rgb(164, 146, 236)),
        };
        match self.mode {
            ThemeMode::Light => light,
            ThemeMode::Dark => dark,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utilisation_thresholds() {
        let t = Theme::light();
        assert_eq!(t.utilisation_colour(0.59), t.palette.util_green);
        assert_eq!(t.utilisation_colour(0.6), t.palette.util_amber);
        assert_eq!(t.utilisation_colour(0.8), t.palette.util_red);
    }

    #[test]
    fn heat_ramp_ends() {
        for t in [Theme::light(), Theme::dark()] {
            assert_eq!(t.heat_colour(0.0), t.palette.heat_ramp[0]);
            assert_eq!(t.heat_colour(0.5), t.palette.heat_ramp[1]);
            assert_eq!(t.heat_colour(1.0), t.palette.heat_ramp[2]);
            assert_eq!(t.heat_colour(f64::NAN), t.palette.heat_ramp[0]);
        }
    }

    #[test]
    fn hex_is_lowercase_rgb() {
        assert_eq!(Rgba::rgb(255, 10, 0).hex(), "#ff0a00");
    }
}
