//! The loader never panics, whatever the bytes: random input and mutated templates either load
//! (and are then valid) or give an error naming the file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::Path;

use infraboard::io::design_from_bytes;
use infraboard::io::templates::TEMPLATES;
use infraboard::model::{Severity, validate};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    let path = Path::new("fuzz.ron");
    match design_from_bytes(bytes, path) {
        Ok(design) => assert!(
            validate(&design)
                .iter()
                .all(|p| p.severity() != Severity::Error)
        ),
        Err(e) => assert!(e.to_string().starts_with("fuzz.ron"), "{e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn mutated_templates_never_panic(
        which in 0..TEMPLATES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
    ) {
        let mut bytes = TEMPLATES[which].text.as_bytes().to_vec();
        for (at, byte, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.truncate(i),
            }
        }
        check(&bytes);
    }
}
