//! Reading files that come from strangers: never more than a limit plus one byte, whatever the
//! path names (a regular file, `/dev/zero`, a FIFO, a terminal), and never blocking forever.
//!
//! Regular files are read normally. Anything else is opened non-blocking: a FIFO with no
//! writer reads as empty at once, and a source that stays silent for [`IDLE_TIMEOUT`] is
//! given up with an error instead of hanging the command or the window.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a special file (FIFO, device) may stay silent before reading gives up.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// What was read from a path, and what kind of file it is.
#[derive(Debug)]
pub(crate) struct Bounded {
    /// The bytes read: at most the limit plus one.
    pub bytes: Vec<u8>,
    /// Whether there was more than the limit.
    pub over_limit: bool,
}

/// A file being read, non-blocking when it is not a regular file (see the module docs).
#[derive(Debug)]
pub(crate) struct Source {
    file: File,
    /// The size a regular file reports (none for special files, whose size says nothing).
    regular_len: Option<u64>,
}

impl Source {
    /// Opens `path` for reading without ever blocking in `open` (a FIFO with no writer).
    ///
    /// # Errors
    /// What the system says (missing file, no permission, a directory).
    pub fn open(path: &Path) -> io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ));
        }
        let special = !meta.is_file();
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        if special {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        Ok(Self {
            file: options.open(path)?,
            regular_len: meta.is_file().then_some(meta.len()),
        })
    }

    /// The size of a regular file, as the file system reports it when it was opened.
    pub fn regular_len(&self) -> Option<u64> {
        self.regular_len
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let started = Instant::now();
        loop {
            match self.file.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if started.elapsed() >= IDLE_TIMEOUT {
                        return Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            format!(
                                "nothing arrived for {} s (a pipe or device that does not end)",
                                IDLE_TIMEOUT.as_secs()
                            ),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }
}

/// Reads all of `reader`, but at most `limit + 1` bytes.
///
/// # Errors
/// What the reader says.
pub(crate) fn read_bounded(reader: impl Read, limit: u64) -> io::Result<Bounded> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let over_limit = bytes.len() as u64 > limit;
    Ok(Bounded { bytes, over_limit })
}

/// Reads the first `n` bytes of `reader` (fewer at its end), for recognising the format.
///
/// # Errors
/// What the reader says.
pub(crate) fn read_head(reader: &mut impl Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn dev_zero_is_read_up_to_the_limit_plus_one() {
        let source = Source::open(Path::new("/dev/zero")).unwrap();
        let read = read_bounded(source, 1000).unwrap();
        assert_eq!(read.bytes.len(), 1001);
        assert!(read.over_limit);
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Source::open(dir.path()).is_err());
    }
}
