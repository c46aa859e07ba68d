//! Where the output goes: stdout, or a file written whole or not at all.
//!
//! A file is written to a temporary file beside it (`.NAME.PID-N.tmp`, in the same folder so
//! that the rename stays on one file system), flushed to disk, and renamed into place: a full
//! disk, a write error or a killed run leaves the previous file as it was, and the temporary
//! file is removed on every error the process lives through. The new file keeps the
//! permissions of the one it replaces (or gets the usual ones, as the umask says); a symbolic
//! link is followed, so that the link stays and its target is replaced; what is not a regular
//! file (`/dev/null`, a named pipe) is written directly, since there is nothing to keep.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::failure::Failure;

/// What to do when the file is there already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (boards, pages, workbooks, queries).
    Replace,
    /// Keep it and fail with [`io::ErrorKind::AlreadyExists`] (`init`'s spec).
    Keep,
}

/// Writes to the file `out`, replacing it whole, or to stdout when there is none.
pub fn write_output(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    match out {
        Some(path) => write_file(path, Existing::Replace, write)
            .map_err(|error| Failure::cannot_write(path, &error)),
        None => write_stdout(write),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not a failure.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut writer = BufWriter::new(stdout.lock());
    match write(&mut writer).and_then(|()| writer.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|error| Failure::cannot_write(Path::new("stdout"), &error)),
    }
}

/// Writes the file at `path` whole or not at all: what `write` writes goes to a temporary file
/// beside it, which is renamed into place only once all is written and on disk.
pub fn write_file(
    path: &Path,
    existing: Existing,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_owned(),
    };
    let replaced = std::fs::metadata(&target).ok();
    if let Some(metadata) = &replaced {
        if existing == Existing::Keep {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        if !metadata.is_file() && !metadata.is_dir() {
            return write_directly(&target, write);
        }
    }
    let temporary = Temporary::beside(&target)?;
    if let Some(metadata) = &replaced {
        keep_permissions(&temporary.file, metadata)?;
    }
    let mut writer = BufWriter::new(&temporary.file);
    write(&mut writer)?;
    writer.flush()?;
    drop(writer);
    temporary.file.sync_all()?;
    temporary.put_in_place(&target, existing)
}

/// A temporary file beside the file it is to become, removed when dropped unless it was put
/// in place.
struct Temporary {
    path: PathBuf,
    file: File,
    in_place: bool,
}

impl Temporary {
    /// A new, empty file `.NAME.PID-N.tmp` in the folder of `target`, with the permissions a
    /// new file gets (0666 less the umask on Unix, not the private 0600 of temporary files).
    fn beside(target: &Path) -> io::Result<Temporary> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
            .to_string_lossy();
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let process = std::process::id();
        let mut tries = 0;
        loop {
            let number = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = folder.join(format!(".{name}.{process}-{number}.tmp"));
            match File::options().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(Temporary {
                        path,
                        file,
                        in_place: false,
                    });
                }
                // A leftover of a killed run with the same process id: try the next name.
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && tries < 100 => {
                    tries += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Renames the file to `target`, or with [`Existing::Keep`] links it there only if no file
    /// is there (where links are not supported, renames it if none is).
    fn put_in_place(mut self, target: &Path, existing: Existing) -> io::Result<()> {
        match existing {
            Existing::Replace => std::fs::rename(&self.path, target)?,
            Existing::Keep => match std::fs::hard_link(&self.path, target) {
                Ok(()) => std::fs::remove_file(&self.path)?,
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => return Err(error),
                Err(_) if target.exists() => {
                    return Err(io::Error::from(io::ErrorKind::AlreadyExists));
                }
                Err(_) => std::fs::rename(&self.path, target)?,
            },
        }
        self.in_place = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.in_place {
            // Nothing more can be done about a temporary file that cannot be removed; the
            // error the run fails with says why the write failed.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The replaced file's permissions, for the file replacing it.
#[cfg(unix)]
fn keep_permissions(file: &File, replaced: &std::fs::Metadata) -> io::Result<()> {
    file.set_permissions(replaced.permissions())
}

/// Elsewhere a new file's permissions are kept (a read-only file would refuse the rename).
#[cfg(not(unix))]
fn keep_permissions(_: &File, _: &std::fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Writes to what is not a regular file (a device, a named pipe) as it is.
fn write_directly(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut writer = BufWriter::new(File::create(path)?);
    write(&mut writer)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder of its own for one test.
    fn folder(name: &str) -> PathBuf {
        let folder = std::env::temp_dir().join(format!(
            "livability-cli-output-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    /// The names of the files in `folder`, sorted.
    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                entry.file_name().to_string_lossy().into_owned()
            })
            .collect();
        names.sort();
        names
    }

    fn read(path: &Path) -> Vec<u8> {
        std::fs::read(path).unwrap()
    }

    /// A writer that fails after `limit` bytes, as a full disk does midway.
    fn fails_after(limit: usize) -> impl FnOnce(&mut dyn Write) -> io::Result<()> {
        move |writer: &mut dyn Write| {
            let chunk = [b'x'; 1000];
            let mut written = 0;
            while written < limit {
                writer.write_all(&chunk)?;
                written += chunk.len();
            }
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        }
    }

    #[test]
    fn a_write_failing_midway_leaves_the_previous_file_and_no_temporary_file() {
        let folder = folder("midway");
        let path = folder.join("boards.xlsx");
        std::fs::write(&path, "last month's workbook").unwrap();
        // Past the buffer, so that the temporary file really holds part of the output.
        for limit in [0, 10, 100_000] {
            let error = write_file(&path, Existing::Replace, fails_after(limit)).err();
            assert_eq!(
                error.map(|error| error.kind()),
                Some(io::ErrorKind::StorageFull)
            );
            assert_eq!(read(&path), b"last month's workbook");
            assert_eq!(names(&folder), ["boards.xlsx"]);
        }
        // Through the command's own entry: the failure names the file, exit 1.
        let failure = write_output(Some(&path), fails_after(20_000)).err();
        let failure = failure.unwrap_or_else(|| panic!("the failing write succeeded"));
        assert_eq!(failure.code(), 1);
        assert_eq!(
            failure.line(),
            format!(
                "error: {}: cannot write: no space left on device",
                path.display()
            )
        );
        assert_eq!(read(&path), b"last month's workbook");
        assert_eq!(names(&folder), ["boards.xlsx"]);
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_nothing_beside_it() {
        let folder = folder("whole");
        let path = folder.join("boards.csv");
        std::fs::write(&path, "a much longer previous file than the new one").unwrap();
        let written = write_file(&path, Existing::Replace, |writer| writer.write_all(b"new"));
        assert!(written.is_ok(), "{written:?}");
        assert_eq!(read(&path), b"new");
        assert_eq!(names(&folder), ["boards.csv"]);
        // A new file, in a folder given as a bare relative name's parent.
        let written = write_file(&folder.join("new.csv"), Existing::Replace, |writer| {
            writer.write_all(b"first")
        });
        assert!(written.is_ok(), "{written:?}");
        assert_eq!(names(&folder), ["boards.csv", "new.csv"]);
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn keep_never_replaces_a_file_and_leaves_no_temporary_file() {
        let folder = folder("keep");
        let path = folder.join("spec.toml");
        let written = write_file(&path, Existing::Keep, |writer| writer.write_all(b"# one"));
        assert!(written.is_ok(), "{written:?}");
        let again = write_file(&path, Existing::Keep, |writer| writer.write_all(b"# two"));
        assert_eq!(
            again.err().map(|error| error.kind()),
            Some(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(read(&path), b"# one");
        assert_eq!(names(&folder), ["spec.toml"]);
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn a_folder_that_is_not_there_fails_without_a_trace() {
        let folder = folder("missing");
        let path = folder.join("no-such-folder").join("boards.csv");
        let written = write_file(&path, Existing::Replace, |writer| writer.write_all(b"x"));
        assert_eq!(
            written.err().map(|error| error.kind()),
            Some(io::ErrorKind::NotFound)
        );
        assert!(names(&folder).is_empty());
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn permissions_symbolic_links_and_devices_are_respected() {
        use std::os::unix::fs::PermissionsExt as _;
        let folder = folder("unix");
        let path = folder.join("page.html");
        std::fs::write(&path, "old").unwrap();
        let mode = |path: &Path| {
            let metadata = std::fs::metadata(path).unwrap();
            metadata.permissions().mode() & 0o777
        };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let written = write_file(&path, Existing::Replace, |writer| writer.write_all(b"new"));
        assert!(written.is_ok(), "{written:?}");
        assert_eq!(mode(&path), 0o640);
        // A new file is not left private to its owner, as a temporary file is made.
        let fresh = folder.join("fresh.html");
        let written = write_file(&fresh, Existing::Replace, |writer| writer.write_all(b"x"));
        assert!(written.is_ok(), "{written:?}");
        assert_ne!(mode(&fresh) & 0o044, 0, "{:o}", mode(&fresh));
        // The link stays a link; its target gets the new content.
        let link = folder.join("latest.html");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let written = write_file(&link, Existing::Replace, |writer| {
            writer.write_all(b"linked")
        });
        assert!(written.is_ok(), "{written:?}");
        let link_type = std::fs::symlink_metadata(&link).map(|metadata| metadata.file_type());
        assert!(link_type.is_ok_and(|kind| kind.is_symlink()));
        assert_eq!(read(&path), b"linked");
        assert_eq!(names(&folder), ["fresh.html", "latest.html", "page.html"]);
        // A device is written as it is, never replaced by a file.
        let null = Path::new("/dev/null");
        let written = write_file(null, Existing::Replace, |writer| writer.write_all(b"x"));
        assert!(written.is_ok(), "{written:?}");
        let null_type = std::fs::metadata(null).map(|metadata| metadata.is_file());
        assert!(null_type.is_ok_and(|is_file| !is_file));
        std::fs::remove_dir_all(folder).unwrap();
    }
}
