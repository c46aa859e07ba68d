//! Where a run's files come from: the native file system by default, or a provider the caller
//! sets in the run's `Options` (`Options::files`). The offline page (`page/`, WebAssembly in a
//! browser's Worker) provides the files an analyst dropped, read slice by slice from the
//! browser's `File` objects, so that a city's 200 MB never sit in memory whole; the library
//! reads them through the same code as a folder on disk, so the page's boards are the command
//! line's byte for byte.
//!
//! The provider is handed down the call stack of one run as a scoped, per-thread setting
//! ([`within`]) rather than as a parameter of every reading function: the run's threads take
//! it along when they start, and two runs with two providers on two threads never see each
//! other's files (unlike a process-wide table of files).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file opened for reading by a [`Files`] provider: read in order, or at any position (a
/// workbook is a zip archive, read from its end).
pub trait ReadSeek: Read + Seek + Send {}

impl<T: Read + Seek + Send> ReadSeek for T {}

/// The files a run reads: opened, sized and listed by path, as the spec names them (joined to
/// its folder). Set one with `Options::files`; without one, the native file system is read.
///
/// ```
/// use std::io;
/// use std::path::{Path, PathBuf};
/// use std::sync::Arc;
/// use livability::input::files::{Files, ReadSeek};
///
/// /// The fixture's folder, seen as `/dropped` (as a page sees what an analyst dropped).
/// #[derive(Debug)]
/// struct Dropped;
///
/// impl Dropped {
///     fn on_disk(&self, path: &Path) -> io::Result<PathBuf> {
///         let rest = path.strip_prefix("/dropped").map_err(|_| io::ErrorKind::NotFound)?;
///         Ok(Path::new("fixtures/tianshan").join(rest))
///     }
/// }
///
/// impl Files for Dropped {
///     fn open(&self, path: &Path) -> io::Result<Box<dyn ReadSeek>> {
///         Ok(Box::new(std::fs::File::open(self.on_disk(path)?)?))
///     }
///     fn size(&self, path: &Path) -> io::Result<u64> {
///         Ok(std::fs::metadata(self.on_disk(path)?)?.len())
///     }
///     fn list(&self, folder: &Path) -> io::Result<Vec<PathBuf>> {
///         let names = std::fs::read_dir(self.on_disk(folder)?)?;
///         Ok(names.filter_map(|entry| Some(folder.join(entry.ok()?.file_name()))).collect())
///     }
/// }
///
/// let files: Arc<dyn Files> = Arc::new(Dropped);
/// let spec = livability::Spec::from_path_in("/dropped/spec.toml", files.clone())?;
/// let rankings = livability::rank(&spec, &livability::Options::new().files(files))?;
/// assert_eq!(rankings.boards[0].entries[0].place, "芙蓉江路");
/// # Ok::<(), livability::Error>(())
/// ```
pub trait Files: Send + Sync + fmt::Debug {
    /// Opens the file at `path` for reading.
    fn open(&self, path: &Path) -> io::Result<Box<dyn ReadSeek>>;

    /// The size in bytes of the file at `path`.
    fn size(&self, path: &Path) -> io::Result<u64>;

    /// Whether a file (not a folder) is at `path`.
    fn is_file(&self, path: &Path) -> bool {
        self.size(path).is_ok()
    }

    /// The paths directly in `folder` (files, and folders a pattern may descend into), in any
    /// order; an error when there is no such folder.
    fn list(&self, folder: &Path) -> io::Result<Vec<PathBuf>>;
}

/// Files held in memory under their paths: for a caller whose files are not on a disk (a
/// test, a server handed uploads), read as files on disk are.
#[derive(Clone, Debug, Default)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, Arc<[u8]>>,
}

impl MemoryFiles {
    /// No files.
    pub fn new() -> MemoryFiles {
        MemoryFiles::default()
    }

    /// Holds `bytes` as the file at `path`, in place of any held there.
    pub fn insert(&mut self, path: impl Into<PathBuf>, bytes: impl Into<Arc<[u8]>>) {
        self.files.insert(path.into(), bytes.into());
    }

    fn bytes(&self, path: &Path) -> io::Result<&Arc<[u8]>> {
        self.files.get(path).ok_or_else(|| not_found(path))
    }
}

/// The error of a path no provider has: what the native file system says of it.
pub(crate) fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("no file {}", path.display()),
    )
}

impl Files for MemoryFiles {
    fn open(&self, path: &Path) -> io::Result<Box<dyn ReadSeek>> {
        Ok(Box::new(Cursor::new(Arc::clone(self.bytes(path)?))))
    }

    fn size(&self, path: &Path) -> io::Result<u64> {
        Ok(self.bytes(path)?.len() as u64)
    }

    fn list(&self, folder: &Path) -> io::Result<Vec<PathBuf>> {
        let mut listed: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|path| {
                let rest = path.strip_prefix(folder).ok()?;
                let first = rest.components().next()?;
                Some(folder.join(first))
            })
            .collect();
        listed.dedup();
        if listed.is_empty() {
            return Err(not_found(folder));
        }
        Ok(listed)
    }
}

thread_local! {
    /// The provider of the run this thread works for; `None`: the native file system.
    static CURRENT: RefCell<Option<Arc<dyn Files>>> = const { RefCell::new(None) };
}

/// The provider of the run this thread works for, if the caller set one.
pub(crate) fn current() -> Option<Arc<dyn Files>> {
    CURRENT.with(|current| current.borrow().clone())
}

/// Runs `work` reading its files from `files` (`None`: the native file system), then puts
/// back what was set before, even when `work` panics.
pub(crate) fn within<R>(files: Option<Arc<dyn Files>>, work: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<dyn Files>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            CURRENT.with(|current| *current.borrow_mut() = before);
        }
    }
    let before = CURRENT.with(|current| std::mem::replace(&mut *current.borrow_mut(), files));
    let _restore = Restore(before);
    work()
}

/// A file opened for reading: on disk, or from the run's provider.
pub(crate) enum File {
    /// A file on disk.
    Disk(std::fs::File),
    /// A file the run's provider opened.
    Provided(Box<dyn ReadSeek>),
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            File::Disk(file) => f.debug_tuple("Disk").field(file).finish(),
            File::Provided(_) => f.write_str("Provided"),
        }
    }
}

impl File {
    /// The file at `path`, from the run's provider, else from disk.
    pub(crate) fn open(path: impl AsRef<Path>) -> io::Result<File> {
        let path = path.as_ref();
        match current() {
            Some(files) => files.open(path).map(File::Provided),
            None => std::fs::File::open(path).map(File::Disk),
        }
    }
}

impl Read for File {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            File::Disk(file) => file.read(buffer),
            File::Provided(file) => file.read(buffer),
        }
    }
}

impl Seek for File {
    fn seek(&mut self, position: SeekFrom) -> io::Result<u64> {
        match self {
            File::Disk(file) => file.seek(position),
            File::Provided(file) => file.seek(position),
        }
    }
}

/// The size in bytes of the file at `path`, 0 when it cannot be known (opening it then says
/// why).
pub(crate) fn size(path: &Path) -> u64 {
    match current() {
        Some(files) => files.size(path).unwrap_or(0),
        None => std::fs::metadata(path).map_or(0, |metadata| metadata.len()),
    }
}

/// The whole file at `path`.
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The whole file at `path`, as UTF-8 text.
pub(crate) fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// Whether a file is at `path`.
pub(crate) fn is_file(path: &Path) -> bool {
    match current() {
        Some(files) => files.is_file(path),
        None => path.is_file(),
    }
}

/// The files directly in `folder`, sorted.
pub(crate) fn files_in(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = match current() {
        Some(files) => files
            .list(folder)?
            .into_iter()
            .filter(|path| files.is_file(path))
            .collect(),
        None => std::fs::read_dir(folder)?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.is_file())
            .collect(),
    };
    files.sort();
    Ok(files)
}

/// The provider's files below `folder` (at most `depth` folders down; `None`: any depth)
/// that `matches` accepts, sorted: a glob pattern's matches, where there is no disk to walk.
/// `None` when the run reads the native file system.
pub(crate) fn provided_matching(
    folder: &Path,
    depth: Option<usize>,
    matches: impl Fn(&Path) -> bool,
) -> Option<Vec<PathBuf>> {
    let files = current()?;
    let mut found = Vec::new();
    let mut folders = vec![(folder.to_path_buf(), 0_usize)];
    while let Some((folder, down)) = folders.pop() {
        for path in files.list(&folder).unwrap_or_default() {
            if files.is_file(&path) {
                if matches(&path) {
                    found.push(path);
                }
            } else if depth.is_none_or(|depth| down < depth) {
                folders.push((path, down + 1));
            }
        }
    }
    found.sort();
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider() -> Arc<dyn Files> {
        let mut files = MemoryFiles::new();
        files.insert("/livability-files-test/exports/a.csv", b"id\n1\n".to_vec());
        files.insert(
            "/livability-files-test/exports/deeper/b.csv",
            b"id\n".to_vec(),
        );
        Arc::new(files)
    }

    #[test]
    fn a_provided_file_reads_seeks_and_lists_as_one_on_disk() {
        let folder = Path::new("/livability-files-test/exports");
        let path = folder.join("a.csv");
        within(Some(provider()), || {
            let mut file = File::open(&path).unwrap();
            file.seek(SeekFrom::Start(3)).unwrap();
            let mut rest = String::new();
            file.read_to_string(&mut rest).unwrap();
            assert_eq!(rest, "1\n");
            assert_eq!(size(&path), 5);
            assert!(is_file(&path));
            assert!(!is_file(&folder.join("deeper")));
            assert_eq!(read_to_string(&path).unwrap(), "id\n1\n");
            assert_eq!(files_in(folder).unwrap(), vec![path.clone()]);
            assert_eq!(
                provided_matching(folder, None, |candidate| candidate
                    .extension()
                    .is_some_and(|extension| extension == "csv")),
                Some(vec![path.clone(), folder.join("deeper/b.csv")])
            );
            assert_eq!(
                provided_matching(folder, Some(0), |_| true),
                Some(vec![path.clone()])
            );
            assert_eq!(
                File::open(folder.join("none.csv")).unwrap_err().kind(),
                io::ErrorKind::NotFound
            );
        });
        // Outside the run, the disk again: there is no such file on it.
        assert!(!is_file(&path));
        assert_eq!(provided_matching(folder, None, |_| true), None);
    }

    #[test]
    fn the_threads_of_two_runs_see_their_own_files() {
        let path = Path::new("/livability-files-test/exports/a.csv");
        let other: Arc<dyn Files> = Arc::new(MemoryFiles::new());
        std::thread::scope(|scope| {
            let first = scope.spawn(|| within(Some(provider()), || is_file(path)));
            let second = scope.spawn(|| within(Some(Arc::clone(&other)), || is_file(path)));
            assert!(first.join().unwrap());
            assert!(!second.join().unwrap());
        });
    }

    #[test]
    fn the_provider_is_put_back_after_a_panic() {
        let panicked = std::panic::catch_unwind(|| within(Some(provider()), || panic!("inside")));
        assert!(panicked.is_err());
        assert!(current().is_none());
    }
}
