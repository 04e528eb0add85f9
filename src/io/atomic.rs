//! Atomic file replacement: write a temporary file beside the target, flush it to disk, then
//! rename it over the target. A crash or error at any point leaves the old file intact.
//!
//! The target is the file the path finally names: symbolic links are followed and the
//! temporary file is written beside the link's target, so the link stays a link and its target
//! gets the new content. A replaced file keeps its mode, and its owner and group where the
//! process may set them; a new file is created with the process umask (`0666 & !umask`), like
//! any other program's. A file with several hard links cannot be replaced by a rename without
//! breaking them: it is rewritten in place instead, after the whole new content is written
//! and synced to a temporary file beside it (left behind, complete, if the process dies
//! during the rewrite).

use std::fs::{File, Metadata};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Most symbolic links followed from a path before giving up (as the kernel's `ELOOP`).
const MAX_SYMLINK_HOPS: usize = 40;

/// Replaces `path` with `bytes` atomically.
///
/// # Errors
/// Any I/O error creating, writing, syncing or renaming the temporary file; the target is then
/// unchanged and the temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// The file `path` finally names: symbolic links followed (relative ones from the link's
/// directory), even when the last target does not exist yet.
///
/// # Errors
/// A link loop, or a link that cannot be read.
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINK_HOPS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = if target.is_absolute() {
                    target
                } else {
                    parent_dir(&current).join(target)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_SYMLINK_HOPS} symbolic links to follow (a loop?)"
    )))
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file beside `target`, created with the process umask applied to `0666`.
fn temp_beside(target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(parent_dir(target))
}

/// Replaces `path` atomically with whatever `write` puts into the temporary file. If `write`
/// fails, the temporary file is removed and the target is untouched. See the module docs for
/// links, modes and owners.
///
/// # Errors
/// The error of `write`, or of creating, syncing or renaming the temporary file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = resolve_links(path)?;
    let existing = std::fs::metadata(&target).ok().filter(Metadata::is_file);
    let mut tmp = temp_beside(&target)?;
    write(tmp.as_file_mut())?;
    tmp.flush()?;
    tmp.as_file().sync_all()?;
    if let Some(meta) = &existing {
        if link_count(meta) > 1 {
            return rewrite_in_place(&target, tmp);
        }
        keep_owner_and_mode(tmp.as_file(), meta)?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(d) = std::fs::File::open(parent_dir(&target)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Copies the synced temporary file's content into `target` (so every hard link sees it),
/// syncs it, then removes the temporary file.
fn rewrite_in_place(target: &Path, mut tmp: tempfile::NamedTempFile) -> std::io::Result<()> {
    let mut out = std::fs::OpenOptions::new().write(true).open(target)?;
    let file = tmp.as_file_mut();
    file.rewind()?;
    let len = std::io::copy(&mut Read::by_ref(file), &mut out)?;
    out.set_len(len)?;
    out.sync_all()?;
    tmp.close()
}

#[cfg(unix)]
fn link_count(meta: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn link_count(_meta: &Metadata) -> u64 {
    1
}

/// Gives `file` the owner, group and mode of the file it replaces, as far as the process may:
/// only root may give a file away, and a group only to a group the user is in.
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, meta: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, fchown};
    let own = file.metadata()?;
    if (own.uid(), own.gid()) != (meta.uid(), meta.gid())
        && fchown(file, Some(meta.uid()), Some(meta.gid())).is_err()
    {
        // Not allowed to give the file away; keep at least the group if we may.
        let _ = fchown(file, None, Some(meta.gid()));
    }
    // After chown, which clears set-id bits.
    file.set_permissions(meta.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, meta: &Metadata) -> std::io::Result<()> {
    file.set_permissions(meta.permissions())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn new_files_follow_the_umask_and_existing_ones_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // The test runs under the usual umask (022 or 002).
        assert!(mode == 0o644 || mode == 0o664, "{mode:o}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"two").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }

    #[test]
    fn links_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        std::fs::write(&real, "old").unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let link = sub.join("link.ron");
        std::os::unix::fs::symlink("../real.ron", &link).unwrap();
        let hard = dir.path().join("hard.ron");
        std::fs::hard_link(&real, &hard).unwrap();

        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(std::fs::read(&hard).unwrap(), b"new", "hard link kept");
        let (a, b) = (
            std::fs::metadata(&real).unwrap(),
            std::fs::metadata(&hard).unwrap(),
        );
        assert_eq!(a.ino(), b.ino());
        // No temporary file is left.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
        // A dangling link gets its target created.
        let dangling = dir.path().join("dangling.ron");
        std::os::unix::fs::symlink("made.ron", &dangling).unwrap();
        write_atomic(&dangling, b"x").unwrap();
        assert_eq!(std::fs::read(dir.path().join("made.ron")).unwrap(), b"x");
        // A loop is an error, not a hang.
        let l1 = dir.path().join("l1");
        std::os::unix::fs::symlink("l2", &l1).unwrap();
        std::os::unix::fs::symlink("l1", dir.path().join("l2")).unwrap();
        assert!(write_atomic(&l1, b"x").is_err());
    }
}
