//! Recovery files: the open design autosaved beside, never over, the user's file, so that a
//! killed process loses at most a few seconds of work.
//!
//! They live in `$XDG_STATE_HOME/infraboard/recovery/` (by default
//! `~/.local/state/infraboard/recovery/`), one `SESSION.ron` per open design. Each running
//! window holds an exclusive lock on its `SESSION.lock`, which the system releases however
//! the process ends; a recovery file whose lock nobody holds is an orphan, offered on the next
//! start. A recovery file is a small envelope around the design:
//!
//! ```ron
//! (format_version: 1, original: Some("/home/me/site.ron"), design: (...))
//! ```
//!
//! No egui here: the window's prompt is in `ui::recovery`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::{LoadError, SaveError};
use super::read::{Source, read_bounded};
use super::ron_text::{format_version, parse, to_text};
use super::{FORMAT_VERSION, MAX_FILE_BYTES, MAX_NESTING};
use crate::model::Design;

/// The recovery directory under a state directory.
const SUBDIR: [&str; 2] = ["infraboard", "recovery"];

#[derive(Serialize)]
struct RecoveryOut<'a> {
    format_version: u32,
    original: Option<String>,
    design: &'a Design,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecoveryIn {
    #[allow(dead_code)] // checked by the probe; version 1 needs no migration yet
    format_version: u32,
    #[serde(default)]
    original: Option<String>,
    design: Design,
}

/// Where recovery files are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryDir {
    dir: PathBuf,
}

impl RecoveryDir {
    /// `$XDG_STATE_HOME/infraboard/recovery`, or `$HOME/.local/state/infraboard/recovery`
    /// when `XDG_STATE_HOME` is unset or not absolute (as the XDG spec says); `None` when
    /// neither is known.
    pub fn from_env() -> Option<Self> {
        let state = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute())
                    .map(|home| home.join(".local").join("state"))
            })?;
        Some(Self::at(state.join(SUBDIR[0]).join(SUBDIR[1])))
    }

    /// Recovery files in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Starts a session for one open design: creates the directory (private to the user) and
    /// takes the session's lock.
    ///
    /// # Errors
    /// If the directory or the lock file cannot be created.
    pub fn start_session(&self) -> std::io::Result<Session> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode_private()
            .create(&self.dir)?;
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let millis = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let id = format!(
            "{millis}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let lock_path = self.dir.join(format!("{id}.lock"));
        let lock = File::create(&lock_path)?;
        lock.try_lock().map_err(std::io::Error::other)?;
        Ok(Session {
            file: self.dir.join(format!("{id}.ron")),
            lock_path,
            _lock: lock,
        })
    }

    /// Recovery files that no running window holds (left by a process that was killed or
    /// crashed), oldest first. Unreadable ones are listed too, with their error, so that
    /// nothing is dropped silently.
    pub fn orphans(&self) -> Vec<Recovered> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Recovered> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .filter(|p| !held_by_a_running_window(&p.with_extension("lock")))
            .map(|file| Recovered::read(&file))
            .collect();
        found.sort_by(|a, b| (a.saved_at, &a.file).cmp(&(b.saved_at, &b.file)));
        found
    }
}

/// Whether another process holds the lock at `lock_path`.
fn held_by_a_running_window(lock_path: &Path) -> bool {
    match File::open(lock_path) {
        Ok(f) => matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// Private directories where the platform has modes.
trait PrivateDir {
    fn mode_private(&mut self) -> &mut Self;
}

impl PrivateDir for std::fs::DirBuilder {
    #[cfg(unix)]
    fn mode_private(&mut self) -> &mut Self {
        use std::os::unix::fs::DirBuilderExt;
        self.mode(0o700)
    }

    #[cfg(not(unix))]
    fn mode_private(&mut self) -> &mut Self {
        self
    }
}

/// Writes `design` (edited from `original`, if it came from a file) to the recovery file
/// `file`, atomically: what [`Session::save`] does, callable from a worker thread that owns
/// only the path.
///
/// # Errors
/// A [`SaveError`] naming the recovery file.
pub fn save_recovery(
    file: &Path,
    design: &Design,
    original: Option<&Path>,
) -> Result<(), SaveError> {
    let text = to_text(&RecoveryOut {
        format_version: FORMAT_VERSION,
        original: original.map(|p| p.to_string_lossy().into_owned()),
        design,
    })
    .map_err(|e| SaveError::Serialize {
        path: file.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(file, text.as_bytes()).map_err(|source| SaveError::Io {
        path: file.to_path_buf(),
        source,
    })
}

/// The recovery file of one open design, and the lock that marks it as in use.
#[derive(Debug)]
pub struct Session {
    file: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

impl Session {
    /// The recovery file (it exists only after [`Session::save`]).
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Writes `design` (edited from `original`, if it came from a file) to the recovery
    /// file, atomically.
    ///
    /// # Errors
    /// A [`SaveError`] naming the recovery file.
    pub fn save(&self, design: &Design, original: Option<&Path>) -> Result<(), SaveError> {
        save_recovery(&self.file, design, original)
    }

    /// Removes the recovery file (the design was saved or discarded).
    ///
    /// # Errors
    /// If it exists and cannot be removed.
    pub fn remove(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The recovery file, if any, stays to be offered on the next start.
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// A recovery file left by an earlier run.
#[derive(Debug)]
pub struct Recovered {
    /// The recovery file.
    pub file: PathBuf,
    /// When it was written.
    pub saved_at: SystemTime,
    /// The file the design was opened from or saved to, if any.
    pub original: Option<PathBuf>,
    /// The design, or why it cannot be read.
    pub design: Result<Design, LoadError>,
}

impl Recovered {
    /// Reads the recovery file at `file` (bounded like any design file). The design is not
    /// refused for validation problems: it is whatever the window held.
    pub fn read(file: &Path) -> Self {
        let saved_at = std::fs::metadata(file)
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let (original, design) = match read_recovery(file) {
            Ok((original, design)) => (original, Ok(design)),
            Err(e) => (None, Err(e)),
        };
        Self {
            file: file.to_path_buf(),
            saved_at,
            original,
            design,
        }
    }

    /// Deletes the recovery file (and its stale lock file).
    ///
    /// # Errors
    /// If the recovery file cannot be removed.
    pub fn discard(&self) -> std::io::Result<()> {
        let _ = std::fs::remove_file(self.file.with_extension("lock"));
        match std::fs::remove_file(&self.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

fn read_recovery(file: &Path) -> Result<(Option<PathBuf>, Design), LoadError> {
    let io = |source| LoadError::Io {
        path: file.to_path_buf(),
        source,
    };
    let read = Source::open(file)
        .and_then(|s| read_bounded(s, MAX_FILE_BYTES))
        .map_err(io)?;
    if read.over_limit {
        return Err(LoadError::TooLarge {
            path: file.to_path_buf(),
            limit: MAX_FILE_BYTES,
        });
    }
    let text = String::from_utf8(read.bytes).map_err(|_| LoadError::NotADesign {
        path: file.to_path_buf(),
        why: "it is not UTF-8 text".to_owned(),
    })?;
    let parse_error = |e: super::ron_text::RonError| LoadError::Parse {
        path: file.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    };
    let found = format_version(&text, MAX_NESTING).map_err(parse_error)?;
    if found > FORMAT_VERSION {
        return Err(LoadError::NewerVersion {
            path: file.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    let recovered: RecoveryIn = parse(&text, MAX_NESTING).map_err(parse_error)?;
    Ok((recovered.original.map(PathBuf::from), recovered.design))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_saves_removes_and_hides_its_file_while_alive() {
        let dir = tempfile::tempdir().unwrap();
        let recovery = RecoveryDir::at(dir.path().join("r"));
        let design = crate::io::templates::reference_design().unwrap();
        let session = recovery.start_session().unwrap();
        session
            .save(&design, Some(Path::new("/tmp/site.ron")))
            .unwrap();
        assert!(session.file().exists());
        assert!(
            recovery.orphans().is_empty(),
            "a live session is not offered"
        );
        let other = recovery.start_session().unwrap();
        assert_ne!(other.file(), session.file());
        drop(session);
        let orphans = recovery.orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].design.as_ref().unwrap(), &design);
        assert_eq!(
            orphans[0].original.as_deref(),
            Some(Path::new("/tmp/site.ron"))
        );
        orphans[0].discard().unwrap();
        assert!(recovery.orphans().is_empty());
        other.save(&design, None).unwrap();
        other.remove().unwrap();
        assert!(!other.file().exists());
    }
}
