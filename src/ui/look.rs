//! Colours and sizes of the window and the canvas, light and dark, in one place. Nothing else in
//! `ui` names a colour. (Kept apart so it can be swapped for the shared `theme` module.)

use egui::Color32;

/// Every colour the window uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Whether this is the dark variant.
    pub dark: bool,
    /// Canvas background.
    pub canvas_bg: Color32,
    /// Grid dots.
    pub grid: Color32,
    /// Node fill.
    pub node_fill: Color32,
    /// Node header fill (servers).
    pub node_header: Color32,
    /// Node outline.
    pub node_stroke: Color32,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Icon tint.
    pub icon: Color32,
    /// Selection outline and box.
    pub selection: Color32,
    /// Selection box fill.
    pub selection_fill: Color32,
    /// Hover outline.
    pub hover: Color32,
    /// Plain link.
    pub link: Color32,
    /// Encrypted link and its lock.
    pub encrypted: Color32,
    /// Plaintext link after TLS and its open lock.
    pub plaintext: Color32,
    /// Monitoring and DNS links.
    pub aux_link: Color32,
    /// SPOF ring and badge.
    pub spof: Color32,
    /// Utilisation below 60 %.
    pub ok: Color32,
    /// Utilisation between the theme's amber and red thresholds.
    pub warn: Color32,
    /// Utilisation at or above the theme's red threshold, or dropping.
    pub bad: Color32,
    /// Info findings.
    pub info: Color32,
    /// Text on a coloured badge.
    pub badge_text: Color32,
    /// Connect handle.
    pub handle: Color32,
    /// Refusal bubble fill.
    pub refusal_fill: Color32,
    /// Text note fill (the palette's note entry; the canvas draws notes from the theme).
    pub note_fill: Color32,
    /// Text note border.
    pub note_stroke: Color32,
}

impl Look {
    /// The light look.
    pub const LIGHT: Self = Self {
        dark: false,
        canvas_bg: Color32::from_rgb(250, 250, 248),
        grid: Color32::from_rgb(214, 214, 210),
        node_fill: Color32::from_rgb(255, 255, 255),
        node_header: Color32::from_rgb(238, 242, 248),
        node_stroke: Color32::from_rgb(96, 104, 116),
        text: Color32::from_rgb(28, 30, 34),
        muted: Color32::from_rgb(96, 100, 108),
        icon: Color32::from_rgb(44, 62, 92),
        selection: Color32::from_rgb(37, 117, 252),
        selection_fill: Color32::from_rgba_premultiplied(20, 60, 130, 30),
        hover: Color32::from_rgb(120, 160, 230),
        link: Color32::from_rgb(80, 86, 96),
        encrypted: Color32::from_rgb(22, 128, 60),
        plaintext: Color32::from_rgb(214, 40, 40),
        aux_link: Color32::from_rgb(150, 154, 162),
        spof: Color32::from_rgb(214, 40, 40),
        ok: Color32::from_rgb(22, 140, 64),
        warn: Color32::from_rgb(204, 128, 0),
        bad: Color32::from_rgb(214, 40, 40),
        info: Color32::from_rgb(37, 99, 200),
        badge_text: Color32::from_rgb(255, 255, 255),
        handle: Color32::from_rgb(37, 117, 252),
        refusal_fill: Color32::from_rgb(255, 236, 236),
        note_fill: Color32::from_rgb(255, 244, 179),
        note_stroke: Color32::from_rgb(214, 189, 82),
    };

    /// The dark look.
    pub const DARK: Self = Self {
        dark: true,
        canvas_bg: Color32::from_rgb(30, 32, 36),
        grid: Color32::from_rgb(62, 66, 72),
        node_fill: Color32::from_rgb(44, 47, 53),
        node_header: Color32::from_rgb(54, 60, 70),
        node_stroke: Color32::from_rgb(150, 156, 166),
        text: Color32::from_rgb(232, 234, 238),
        muted: Color32::from_rgb(168, 172, 180),
        icon: Color32::from_rgb(190, 208, 236),
        selection: Color32::from_rgb(96, 160, 255),
        selection_fill: Color32::from_rgba_premultiplied(40, 80, 150, 40),
        hover: Color32::from_rgb(120, 160, 230),
        link: Color32::from_rgb(170, 176, 186),
        encrypted: Color32::from_rgb(80, 200, 120),
        plaintext: Color32::from_rgb(255, 92, 92),
        aux_link: Color32::from_rgb(110, 116, 126),
        spof: Color32::from_rgb(255, 92, 92),
        ok: Color32::from_rgb(80, 200, 120),
        warn: Color32::from_rgb(240, 176, 60),
        bad: Color32::from_rgb(255, 92, 92),
        info: Color32::from_rgb(110, 160, 255),
        badge_text: Color32::from_rgb(24, 24, 28),
        handle: Color32::from_rgb(96, 160, 255),
        refusal_fill: Color32::from_rgb(80, 36, 36),
        note_fill: Color32::from_rgb(74, 66, 30),
        note_stroke: Color32::from_rgb(150, 132, 60),
    };

    /// The look for `dark`: the shared theme's diagram colours (the same as image export),
    /// plus the few colours only the window needs (hover, handle, rubber band).
    pub fn new(dark: bool) -> Self {
        use crate::theme::{Theme, ThemeMode};
        let base = if dark { Self::DARK } else { Self::LIGHT };
        let t = Theme::for_mode(if dark {
            ThemeMode::Dark
        } else {
            ThemeMode::Light
        });
        let c = color32;
        let p = &t.palette;
        Self {
            canvas_bg: c(p.background),
            grid: c(p.grid),
            text: c(p.text),
            muted: c(p.muted_text),
            node_stroke: c(p.node_stroke),
            encrypted: c(p.encrypted),
            plaintext: c(p.plaintext),
            spof: c(p.spof),
            ok: c(p.util_green),
            warn: c(p.util_amber),
            bad: c(p.util_red),
            info: c(p.info),
            selection: c(p.selection),
            note_fill: c(p.note_fill),
            note_stroke: c(p.note_stroke),
            ..base
        }
    }
}

/// Sizes on the canvas, in canvas units (pixels at zoom 1).
pub mod size {
    /// Width of a node box.
    pub const NODE_W: f32 = 168.0;
    /// Height of a plain node box.
    pub const NODE_H: f32 = 50.0;
    /// Height of one service row in a server box.
    pub const ROW_H: f32 = 17.0;
    /// Height of a server's header.
    pub const HEADER_H: f32 = 30.0;
    /// Corner radius.
    pub const CORNER: f32 = 6.0;
    /// Icon size.
    pub const ICON: f32 = 22.0;
    /// Node title text size.
    pub const TITLE: f32 = 13.0;
    /// Small text size.
    pub const SMALL: f32 = 11.0;
    /// Grid spacing.
    pub const GRID: f32 = 20.0;
    /// Connect handle radius.
    pub const HANDLE_R: f32 = 6.0;
}

/// A theme colour as egui's.
pub fn color32(c: crate::theme::Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), c.a())
}
