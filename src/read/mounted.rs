//! Files held in memory under a path, for a program with no file system of its own: the
//! offline page (`page/`, WebAssembly in a browser) mounts the files an analyst dropped, and
//! the library then reads them exactly as it reads a folder on disk, through the same code,
//! so that the page's boards are the command line's byte for byte.
//!
//! A mounted path is looked up before the disk, everywhere the library opens, sizes, lists or
//! matches (a source's glob pattern) files. With nothing mounted, nothing changes: every
//! lookup falls through to the disk. The set is one per process, since a source's files are
//! read on several threads.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The mounted files, by path.
static MOUNTED: Mutex<BTreeMap<PathBuf, Arc<[u8]>>> = Mutex::new(BTreeMap::new());

/// The set, even after a thread panicked holding it (a map stays whole).
fn mounted() -> MutexGuard<'static, BTreeMap<PathBuf, Arc<[u8]>>> {
    MOUNTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Holds `bytes` as the file at `path`, in place of any file there (mounted or on disk), until
/// [`unmount`] or [`clear`]. A spec, a places list or an export can be mounted; `init` lists a
/// folder's mounted files as it lists those on disk.
///
/// ```
/// use livability::input::mounted;
///
/// mounted::mount("/dropped/places.csv", "编号,类型,名称\nR01,道路,天山路\n".as_bytes());
/// let places = livability::places::Gazetteer::from_path("/dropped/places.csv", Default::default())?;
/// assert_eq!(places.places().len(), 1);
/// mounted::unmount("/dropped/places.csv");
/// # Ok::<(), livability::Error>(())
/// ```
pub fn mount(path: impl Into<PathBuf>, bytes: impl Into<Arc<[u8]>>) {
    mounted().insert(path.into(), bytes.into());
}

/// Lets go of the file mounted at `path`, if any.
pub fn unmount(path: impl AsRef<Path>) {
    mounted().remove(path.as_ref());
}

/// Lets go of every mounted file.
pub fn clear() {
    mounted().clear();
}

/// The bytes mounted at `path`.
fn bytes(path: &Path) -> Option<Arc<[u8]>> {
    mounted().get(path).map(Arc::clone)
}

/// A file opened for reading: on disk, or mounted.
#[derive(Debug)]
pub(crate) enum File {
    /// A file on disk.
    Disk(std::fs::File),
    /// A mounted file's bytes.
    Memory(Cursor<Arc<[u8]>>),
}

impl File {
    /// The file at `path`: the mounted one, else the one on disk.
    pub(crate) fn open(path: impl AsRef<Path>) -> io::Result<File> {
        let path = path.as_ref();
        match bytes(path) {
            Some(bytes) => Ok(File::Memory(Cursor::new(bytes))),
            None => std::fs::File::open(path).map(File::Disk),
        }
    }
}

impl Read for File {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            File::Disk(file) => file.read(buffer),
            File::Memory(cursor) => cursor.read(buffer),
        }
    }
}

impl Seek for File {
    fn seek(&mut self, position: SeekFrom) -> io::Result<u64> {
        match self {
            File::Disk(file) => file.seek(position),
            File::Memory(cursor) => cursor.seek(position),
        }
    }
}

/// The size in bytes of the file at `path`, 0 when it cannot be known (opening it then says
/// why).
pub(crate) fn size(path: &Path) -> u64 {
    match bytes(path) {
        Some(bytes) => bytes.len() as u64,
        None => std::fs::metadata(path).map_or(0, |metadata| metadata.len()),
    }
}

/// The whole file at `path`.
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    match bytes(path) {
        Some(bytes) => Ok(bytes.to_vec()),
        None => std::fs::read(path),
    }
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

/// Whether a file (mounted, or on disk) is at `path`.
pub(crate) fn is_file(path: &Path) -> bool {
    mounted().contains_key(path) || path.is_file()
}

/// The files mounted directly in `folder`, sorted; `None` when none is.
pub(crate) fn in_folder(folder: &Path) -> Option<Vec<PathBuf>> {
    let files: Vec<PathBuf> = mounted()
        .keys()
        .filter(|path| path.parent() == Some(folder))
        .cloned()
        .collect();
    (!files.is_empty()).then_some(files)
}

/// The mounted files whose path `matches` accepts, sorted.
pub(crate) fn matching(matches: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    mounted()
        .keys()
        .filter(|path| matches(path))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mounted_file_reads_seeks_and_lists_as_one_on_disk() {
        let folder = Path::new("/livability-mounted-test/exports");
        let path = folder.join("a.csv");
        mount(&path, b"id\n1\n".to_vec());
        let mut file = File::open(&path).unwrap();
        file.seek(SeekFrom::Start(3)).unwrap();
        let mut rest = String::new();
        file.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "1\n");
        assert_eq!(size(&path), 5);
        assert!(is_file(&path));
        assert_eq!(read_to_string(&path).unwrap(), "id\n1\n");
        assert_eq!(in_folder(folder), Some(vec![path.clone()]));
        assert_eq!(matching(|candidate| candidate == path), vec![path.clone()]);
        unmount(&path);
        assert!(!is_file(&path));
        assert_eq!(in_folder(folder), None);
        assert_eq!(
            File::open(&path).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }
}
