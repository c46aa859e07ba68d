//! `rank --png DIR`: a picture of each board and of the newsletter, written into a folder.
//!
//! Every picture is drawn before any file is written, so that a missing font or a picture
//! that cannot be drawn leaves the folder as it was; each file is then written whole or not at
//! all ([`write_file`]).

use std::path::Path;

use livability::Rankings;
use livability::render::{ChangeColors, Fonts, Language, PictureOptions};

use crate::failure::Failure;
use crate::output::{Existing, write_file};

/// The labels' language on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Chinese: 名次, 名称, 得分, 并列, 变化, 上期名次.
    Zh,
    /// English: Rank, Place, Score, tied, Change, Previous.
    En,
}

/// Which colour a rise takes on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Rise {
    /// Rises red, falls green (the Chinese convention).
    Red,
    /// Rises green, falls red.
    Green,
}

/// The picture options the arguments ask for.
pub fn options(lang: Lang, rise: Option<Rise>) -> PictureOptions {
    let options = PictureOptions::new().language(match lang {
        Lang::Zh => Language::Chinese,
        Lang::En => Language::English,
    });
    match rise {
        Some(Rise::Red) => options.change_colors(ChangeColors::RiseRed),
        Some(Rise::Green) => options.change_colors(ChangeColors::RiseGreen),
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
