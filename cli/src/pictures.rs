//! `rank --png DIR`: a picture of each board and of the newsletter, written into a folder.
//!
//! Every picture is drawn before any file is written, so that a missing font or a picture
//! that cannot be drawn leaves the folder as it was; each file is then written whole or not at
//! all ([`write_file`]).

use std::path::Path;

use livability::Rankings;
use livability::render::{Fonts, PictureOptions};

use crate::failure::Failure;
use crate::output::{Existing, write_file};

/// The picture options of the rankings: their language (the spec's `lang` or `--lang`) and
/// the colour of a rise when one was chosen (`rise` or `--rise`).
pub fn options(rankings: &Rankings) -> PictureOptions {
    let options = PictureOptions::new().language(rankings.language);
    match rankings.rise {
        Some(colors) => options.change_colors(colors),
        None => options,
    }
}

/// Draws every picture of the run and writes them into `folder` (made when missing), then
/// names the files on stderr.
pub fn write_pictures(
    rankings: &Rankings,
    folder: &Path,
    options: &PictureOptions,
) -> Result<(), Failure> {
    let fonts = Fonts::system()?;
    let files = rankings.picture_files(options, &fonts)?;
    std::fs::create_dir_all(folder).map_err(|error| Failure::cannot_write(folder, &error))?;
    for file in &files {
        let path = folder.join(&file.name);
        write_file(&path, Existing::Replace, |writer| {
            writer.write_all(&file.png)
        })
        .map_err(|error| Failure::cannot_write(&path, &error))?;
    }
    eprintln!("{} pictures written to {}", files.len(), folder.display());
    Ok(())
}
