//! Inspector sections of the kinds that shape traffic: cache, CDN, queue, object storage.
//! Ratios are edited in percent; the model keeps fractions.

use egui::Ui;

use super::widgets::{combo_row, number_row, text_row};
use crate::model::{
    CacheSettings, CdnSettings, ObjectStorageSettings, QueueProtocol, QueueSettings,
};

/// A fraction edited as a percentage row (0–100 %).
fn percent_row(ui: &mut Ui, label: &str, fraction: &mut f64) {
    let mut percent = *fraction * 100.0;
    number_row(ui, label, &mut percent, 0.0..=100.0, " %", 0.5);
    let next = (percent / 100.0).clamp(0.0, 1.0);
    if (next - *fraction).abs() > 1e-12 {
        *fraction = next;
    }
}

/// The cache's settings: product, hit ratio, warm-up time.
pub fn cache_ui(ui: &mut Ui, cache: &mut CacheSettings) {
    ui.strong("Cache (look-aside)");
    egui::Grid::new("cache-grid").num_columns(2).show(ui, |ui| {
        text_row(ui, "Product", &mut cache.product);
        percent_row(ui, "Hit ratio", &mut cache.hit_ratio);
        number_row(
            ui,
            "Warm-up",
            &mut cache.warm_up_s,
            0.0..=86_400.0,
            " s",
            1.0,
        );
    });
    ui.weak("Hits end here; misses and writes go on. Down or cold, every read goes behind it.");
}

/// The CDN's settings: product, static share, hit ratio, serve-stale.
pub fn cdn_ui(ui: &mut Ui, cdn: &mut CdnSettings) {
    ui.strong("CDN");
    egui::Grid::new("cdn-grid").num_columns(2).show(ui, |ui| {
        text_row(ui, "Product", &mut cdn.product);
        percent_row(ui, "Static share", &mut cdn.static_share);
        percent_row(ui, "Hit ratio", &mut cdn.hit_ratio);
        ui.label("Origin down");
        ui.checkbox(&mut cdn.serve_stale, "serve stale static content");
        ui.end_row();
    });
    ui.weak(format!(
        "{:.0} % of reads are answered at the edge.",
        cdn.edge_share() * 100.0
    ));
}

/// The queue's settings: product and protocol.
pub fn queue_ui(ui: &mut Ui, queue: &mut QueueSettings) {
    ui.strong("Message queue");
    egui::Grid::new("queue-grid").num_columns(2).show(ui, |ui| {
        text_row(ui, "Product", &mut queue.product);
        combo_row(
            ui,
            "Protocol",
            &mut queue.protocol,
            &QueueProtocol::ALL,
            |p| p.label().to_owned(),
        );
    });
    ui.weak("Writes are accepted here and applied by the consumers behind it, asynchronously.");
}

/// Object storage's settings: product (its regions are the replicas above).
pub fn object_storage_ui(ui: &mut Ui, store: &mut ObjectStorageSettings) {
    ui.strong("Object storage");
    egui::Grid::new("store-grid").num_columns(2).show(ui, |ui| {
        text_row(ui, "Product", &mut store.product);
    });
    ui.weak("Ends the reads and uploads sent to it; replicas are copies in other regions.");
}
