//! Writes a generated layered design (see `infraboard::sim::generate`) to a file, for trying
//! the CLI and the window at scale:
//! `cargo run --release --example generate -- 10000 /tmp/layered-10k.ron`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use infraboard::io::save_design;
use infraboard::sim::generate::layered_design;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [components, path] = args.as_slice() else {
        bail!("usage: generate COMPONENTS FILE.ron");
    };
    let components: usize = components
        .parse()
        .with_context(|| format!("`{components}` is not a number of components"))?;
    let path = PathBuf::from(path);
    save_design(&layered_design(components, 42), &path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
