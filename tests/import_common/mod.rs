//! Helpers shared by the import and diagram-export tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // each test uses some

use std::path::{Path, PathBuf};
use std::process::Command;

use infraboard::import::{Imported, import_file};
use infraboard::model::{Design, KindTag};

/// A file of the corpus in `tests/import/`.
pub fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import")
        .join(name)
}

/// Imports a corpus file, failing the test with the error.
pub fn import(name: &str) -> Imported {
    import_file(&corpus(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `(id, kind)` of every component, sorted.
pub fn kinds(d: &Design) -> Vec<(String, KindTag)> {
    let mut v: Vec<_> = d
        .components
        .iter()
        .map(|c| (c.id.to_string(), c.tag()))
        .collect();
    v.sort();
    v
}

/// `from -> to` of every link, sorted.
pub fn links(d: &Design) -> Vec<String> {
    let mut v: Vec<_> = d
        .links
        .iter()
        .map(|l| format!("{} -> {}", l.from, l.to))
        .collect();
    v.sort();
    v
}

/// Asserts the components' ids and kinds and the links, in any order.
pub fn expect(d: &Design, want_kinds: &[(&str, KindTag)], want_links: &[&str]) {
    let mut wk: Vec<(String, KindTag)> = want_kinds
        .iter()
        .map(|(i, k)| ((*i).to_owned(), *k))
        .collect();
    wk.sort();
    assert_eq!(kinds(d), wk, "{}", d.name);
    let mut wl: Vec<String> = want_links.iter().map(|s| (*s).to_owned()).collect();
    wl.sort();
    assert_eq!(links(d), wl, "{}", d.name);
}

/// Runs the real binary: exit code, stdout, stderr.
pub fn infraboard(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts that importing each `(file, words)` exits 2 with a message naming the file and
/// containing `words`, without a panic and without writing the output.
pub fn assert_bad_inputs(cases: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    for (file, says) in cases {
        let path = corpus(file);
        let (code, _, stderr) = infraboard(&[
            "import",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{file}: {stderr}");
        assert!(
            stderr.contains(path.to_str().unwrap()),
            "{file}: names the file: {stderr}"
        );
        assert!(stderr.contains(says), "{file}: {stderr}");
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert!(!out.exists());
    }
}
