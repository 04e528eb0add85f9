//! The diff as a pull-request comment (GitHub-flavoured Markdown): a heading, the summary in
//! bold, then one table per section (`change | id | what`), details as lines of the last
//! cell. Text from the designs is escaped so that it cannot break a table or a code span.

use std::fmt::Write as _;

use super::Document;

/// `text` safe in a table cell: pipes escaped, line breaks as `<br>`, HTML markup neutral
/// outside code spans (inside one, GitHub shows `&lt;` literally, and markup is inert anyway).
fn cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let balanced = text.matches('`').count().is_multiple_of(2);
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let in_code = balanced && i % 2 == 1;
        for c in part.chars() {
            match c {
                '|' => out.push_str("\\|"),
                '\n' | '\r' if in_code => out.push(' '),
                '\n' | '\r' => out.push_str("<br>"),
                '\\' if !in_code => out.push_str("\\\\"),
                '<' if !in_code => out.push_str("&lt;"),
                '>' if !in_code => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// `text` as inline code that its own backticks cannot close.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    // Inside a code span GitHub shows entities literally, so only the table's own syntax is
    // escaped there.
    format!("{ticks}{pad}{text}{pad}{ticks}")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// `doc` as Markdown; `clean` is applied to every piece of text from the designs.
pub fn render(doc: &Document, clean: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Design diff: {}", cell(&clean(&doc.title)));
    let _ = writeln!(out);
    let _ = writeln!(out, "**{}**", doc.summary);
    for section in &doc.sections {
        let _ = writeln!(out);
        let _ = writeln!(out, "#### {}", section.title);
        let _ = writeln!(out);
        if !section.rows.is_empty() {
            let _ = writeln!(out, "| change | id | what |");
            let _ = writeln!(out, "|---|---|---|");
            for row in &section.rows {
                let mut what = cell(&clean(&row.what));
                for d in &row.details {
                    let _ = write!(what, "<br>{}", cell(&clean(d)));
                }
                let _ = writeln!(
                    out,
                    "| {} | {} | {what} |",
                    row.mark.word(),
                    code(&clean(&row.id))
                );
            }
        }
        if let Some((header, lines)) = section.table.split_first() {
            let cells = |line: &[String]| -> String {
                line.iter()
                    .map(|c| cell(&clean(c)))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            let _ = writeln!(out, "| {} |", cells(header));
            let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
            for line in lines {
                let _ = writeln!(out, "| {} |", cells(line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_the_code_span() {
        assert_eq!(cell("a|b\nc<d>"), "a\\|b<br>c&lt;d&gt;");
        assert_eq!(cell("x > `a -> b` <"), "x &gt; `a -> b` &lt;");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("a -> b|c"), "`a -> b\\|c`");
    }
}
