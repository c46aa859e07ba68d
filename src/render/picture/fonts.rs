//! The font the pictures' text is set in: one family, found by its name in the folders
//! fontconfig reads, and nothing else, so that another installed font never changes a picture.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::usvg::fontdb::{Database, Source, Weight};

use crate::error::{Error, ErrorKind, Location, Result};

/// How deep a font folder is searched (fontconfig's folders nest two or three levels; a link
/// loop must not make the search endless).
const MAX_DEPTH: usize = 8;

/// The fonts a picture is drawn with: the faces of one family, read once and shared by every
/// picture of a run.
///
/// ```no_run
/// let fonts = livability::render::Fonts::system()?;
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone)]
pub struct Fonts {
    pub(super) database: Arc<Database>,
    files: Vec<PathBuf>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("family", &Fonts::FAMILY)
            .field("files", &self.files)
            .finish()
    }
}

impl Fonts {
    /// The family the pictures are set in: Noto Sans CJK SC, the simplified-Chinese face of
    /// Google's and Adobe's CJK font (Source Han Sans), free and packaged everywhere.
    pub const FAMILY: &'static str = "Noto Sans CJK SC";

    /// The Debian (and Ubuntu) package that installs [`Fonts::FAMILY`].
    pub const PACKAGE: &'static str = "fonts-noto-cjk";

    /// The family from the folders fontconfig reads on this system (see
    /// [`Fonts::system_folders`]).
    pub fn system() -> Result<Fonts> {
        Fonts::from_folders(&Fonts::system_folders())
    }

    /// The folders fonts are installed in: on Linux those of fontconfig's default
    /// configuration (`/usr/share/fonts`, `/usr/local/share/fonts`, the user's
    /// `~/.local/share/fonts` and `~/.fonts`), on macOS and Windows the system's and the
    /// user's font folders.
    pub fn system_folders() -> Vec<PathBuf> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let mut folders: Vec<PathBuf> = Vec::new();
        if cfg!(target_os = "macos") {
            folders.push("/System/Library/Fonts".into());
            folders.push("/Library/Fonts".into());
            folders.extend(home.map(|home| home.join("Library/Fonts")));
        } else if cfg!(windows) {
            let root = std::env::var_os("SYSTEMROOT").map_or("C:\\Windows".into(), PathBuf::from);
            folders.push(root.join("Fonts"));
            if let Some(profile) = std::env::var_os("LOCALAPPDATA") {
                folders.push(PathBuf::from(profile).join("Microsoft\\Windows\\Fonts"));
            }
        } else {
            folders.push("/usr/share/fonts".into());
            folders.push("/usr/local/share/fonts".into());
            let data = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|home| home.join(".local/share")));
            folders.extend(data.map(|data| data.join("fonts")));
            folders.extend(home.map(|home| home.join(".fonts")));
        }
        folders
    }

    /// The family from these folders (searched with their subfolders, in name order): the
    /// first file with its regular face, and the first with its bold face. An error of kind
    /// [`ErrorKind::NoFont`] when no file holds the regular face.
    pub fn from_folders(folders: &[PathBuf]) -> Result<Fonts> {
        let (mut regular, mut bold) = (false, false);
        let mut chosen: Vec<(PathBuf, Arc<Vec<u8>>)> = Vec::new();
        let files = folders.iter().flat_map(|folder| font_files(folder));
        for file in files {
            if regular && bold {
                break;
            }
            // A file that cannot be read is not a font this search can use; fontconfig
            // passes over it too.
            let Ok(data) = std::fs::read(&file) else {
                continue;
            };
            let data = Arc::new(data);
            let (has_regular, has_bold) = faces_of_family(&data);
            let (take_regular, take_bold) = (has_regular && !regular, has_bold && !bold);
            regular |= take_regular;
            bold |= take_bold;
            if take_regular || take_bold {
                chosen.push((file, data));
            }
        }
        if !regular {
            return Err(Error::new(
                ErrorKind::NoFont {
                    family: Fonts::FAMILY.to_owned(),
                    package: Fonts::PACKAGE.to_owned(),
                    searched: folders
                        .iter()
                        .map(|folder| folder.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
                Location::Unknown,
            ));
        }
        let mut database = Database::new();
        let mut files = Vec::new();
        for (file, data) in chosen {
            database.load_font_source(Source::Binary(data));
            files.push(file);
        }
        Ok(Fonts {
            database: Arc::new(database),
            files,
        })
    }

    /// The font files the faces were read from.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

/// Whether the font file's data holds the family's regular face, and its bold face.
fn faces_of_family(data: &Arc<Vec<u8>>) -> (bool, bool) {
    let mut scratch = Database::new();
    scratch.load_font_source(Source::Binary(data.clone()));
    let ours = scratch.faces().filter(|face| {
        face.families
            .iter()
            .any(|(name, _)| name.as_str() == Fonts::FAMILY)
    });
    let mut found = (false, false);
    for face in ours {
        if face.weight == Weight::NORMAL {
            found.0 = true;
        }
        if face.weight == Weight::BOLD {
            found.1 = true;
        }
    }
    found
}

/// The font files in `folder` and its subfolders, in name order; none for a folder that is
/// missing or unreadable.
fn font_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(folder, 0, &mut files);
    files
}

fn collect(folder: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, depth + 1, files);
        } else if is_font_file(&path) {
            files.push(path);
        }
    }
}

/// TrueType and OpenType fonts and collections, by their extension.
fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            ["ttf", "otf", "ttc", "otc"]
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_font_names_the_package_to_install() {
        let empty =
            std::env::temp_dir().join(format!("livability-no-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        let error = Fonts::from_folders(std::slice::from_ref(&empty)).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::NoFont { .. }));
        let message = error.to_string();
        assert!(message.contains("fonts-noto-cjk"), "{message}");
        assert!(message.contains("Noto Sans CJK SC"), "{message}");
        assert!(message.contains(&empty.display().to_string()), "{message}");
        std::fs::remove_dir_all(&empty).unwrap();
    }

    #[test]
    fn only_font_files_are_read() {
        assert!(is_font_file(Path::new("a/NotoSansCJK-Regular.TTC")));
        assert!(is_font_file(Path::new("DejaVuSans.ttf")));
        assert!(!is_font_file(Path::new("fonts.dir")));
        assert!(!is_font_file(Path::new("README")));
    }

    #[test]
    fn a_missing_folder_has_no_fonts() {
        assert!(font_files(Path::new("/no/such/folder/for/fonts")).is_empty());
    }
}
