//! The diff for a terminal: a headline, a summary line, then each section with one marked row
//! per item (`+` added, `-` removed, `~` changed, `✓` fixed, `✗` new) and its details indented
//! below. Colour is optional (ANSI); `clean` makes text from the files safe to print.

use std::fmt::Write as _;

use super::{Document, Mark};

fn paint(color: bool, mark: Mark, text: &str) -> String {
    let code = match mark {
        Mark::Added | Mark::Better => "32",
        Mark::Removed | Mark::Worse => "31",
        Mark::Changed => "33",
        Mark::Same => "",
    };
    if color && !code.is_empty() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

fn bold(color: bool, text: &str) -> String {
    if color {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Aligns `table` in columns two spaces apart, each line indented by two.
fn table_lines(table: &[Vec<String>], out: &mut String) {
    let columns = table.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            table
                .iter()
                .filter_map(|line| line.get(i))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for line in table {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
}

/// `doc` as terminal text; `clean` is applied to every piece of text from the designs.
pub fn render(doc: &Document, color: bool, clean: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        bold(color, &format!("Design diff: {}", clean(&doc.title)))
    );
    let _ = writeln!(out, "{}", doc.summary);
    for section in &doc.sections {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", bold(color, &section.title));
        let width = section
            .rows
            .iter()
            .map(|r| clean(&r.id).chars().count())
            .max()
            .unwrap_or(0);
        for row in &section.rows {
            let head = format!("{} {:<width$}", row.mark.sign(), clean(&row.id));
            let _ = writeln!(
                out,
                "  {}  {}",
                paint(color, row.mark, &head),
                clean(&row.what)
            );
            for d in &row.details {
                let _ = writeln!(out, "      {}", clean(d));
            }
        }
        let cleaned: Vec<Vec<String>> = section
            .table
            .iter()
            .map(|line| line.iter().map(|c| clean(c)).collect())
            .collect();
        table_lines(&cleaned, &mut out);
    }
    out
}
