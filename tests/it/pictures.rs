//! The pictures of the boards (feature `picture`): the Tianshan fixture's boards and
//! newsletter, and every published scheme's newsletter, drawn and compared with the committed
//! references in `tests/golden/png/`.
//!
//! The PNGs are compared decoded, pixel by pixel, within a tolerance: at most 0.5 % of the
//! pixels may differ, and only those by more than 8 levels (of 255) in some channel count, so
//! that a new release of the font or of resvg's anti-aliasing does not fail the test while a
//! moved, missing or recoloured row does (a row of text is several percent of a picture). The
//! SVG they are drawn from is compared byte for byte. `UPDATE_GOLDEN=1` rewrites both.
//!
//! The font is the system's Noto Sans CJK SC (Debian's fonts-noto-cjk, which `.ci/run`
//! installs); without it the tests say so and pass, unless `CI` is set.

use std::path::{Path, PathBuf};

use livability::error::ErrorKind;
use livability::render::{ChangeColors, Density, Fonts, Language, Picture, PictureOptions};
use livability::{Options, Rankings, Spec};

use crate::common::{self, root};

/// The share of pixels, in per mille, that may differ by more than [`LEVELS`].
const PER_MILLE: usize = 5;

/// How far a channel may be off before its pixel counts as differing.
const LEVELS: u8 = 8;

/// The system's fonts, or none (and a note) on a machine without Noto Sans CJK SC outside CI.
fn fonts() -> Option<Fonts> {
    match Fonts::system() {
        Ok(fonts) => Some(fonts),
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped, no font: {error}");
            None
        }
        Err(error) => panic!("{error}"),
    }
}

fn rankings(spec: &str) -> Rankings {
    let spec = Spec::from_path(spec).unwrap();
    livability::rank(&spec, &Options::new()).unwrap()
}

/// A decoded PNG: width, height and RGBA pixels.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

/// How many pixels of two images of one size differ by more than [`LEVELS`] in a channel.
fn differing(expected: &[u8], actual: &[u8]) -> usize {
    expected
        .chunks_exact(4)
        .zip(actual.chunks_exact(4))
        .filter(|(one, other)| {
            one.iter()
                .zip(other.iter())
                .any(|(a, b)| a.abs_diff(*b) > LEVELS)
        })
        .count()
}

/// Compares the picture's PNG at `density` with the reference `tests/golden/png/NAME.png`.
fn assert_png(name: &str, picture: &Picture, fonts: &Fonts, density: Density) {
    let png = picture.to_png(fonts, density).unwrap();
    let path = root().join(format!("tests/golden/png/{name}{}.png", density.suffix()));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &png).unwrap();
        return;
    }
    let reference = std::fs::read(&path)
        .unwrap_or_else(|error| panic!("{}: {error} (UPDATE_GOLDEN=1 writes it)", path.display()));
    let (width, height, expected) = decode(&reference);
    let (actual_width, actual_height, actual) = decode(&png);
    assert_eq!(
        (actual_width, actual_height),
        (width, height),
        "{}: the picture's size changed",
        path.display()
    );
    let pixels = expected.len() / 4;
    let off = differing(&expected, &actual);
    assert!(
        off * 1000 <= pixels * PER_MILLE,
        "{}: {off} of {pixels} pixels differ by more than {LEVELS} levels (UPDATE_GOLDEN=1 rewrites it)",
        path.display()
    );
}

#[test]
fn the_tianshan_boards_and_newsletter_as_pictures() {
    let rankings = rankings("fixtures/tianshan/spec.toml");
    let options = PictureOptions::new();
    let newsletter = rankings.newsletter_picture(&options);
    common::assert_golden("tests/golden/png/tianshan.svg", newsletter.svg());
    let Some(fonts) = fonts() else { return };
    for board in &rankings.boards {
        let picture = rankings.board_picture(board, &options);
        assert_png(
            &format!("tianshan-{}", board.id),
            &picture,
            &fonts,
            Density::Single,
        );
    }
    for density in Density::ALL {
        assert_png("tianshan", &newsletter, &fonts, density);
    }
}

#[test]
fn every_published_scheme_as_a_picture() {
    let Some(fonts) = fonts() else { return };
    for fixture in [
        "yiju-2007",
        "jinhua-grid",
        "bengbu-hotline",
        "linyi-quarter",
        "wuhan-flags",
        "yangzhou-105",
        "ministry-improvement",
    ] {
        let rankings = rankings(&format!("fixtures/schemes/{fixture}/spec.toml"));
        let picture = rankings.newsletter_picture(&PictureOptions::new());
        assert_png(
            &format!("scheme-{fixture}"),
            &picture,
            &fonts,
            Density::Single,
        );
    }
}

#[test]
fn the_same_boards_make_the_same_bytes() {
    let Some(fonts) = fonts() else { return };
    let rankings = rankings("fixtures/tianshan/spec.toml");
    let picture = rankings.newsletter_picture(&PictureOptions::new());
    let once = picture.to_png(&fonts, Density::Single).unwrap();
    let again = rankings
        .newsletter_picture(&PictureOptions::new())
        .to_png(&Fonts::system().unwrap(), Density::Single)
        .unwrap();
    assert!(once == again);
    // No chunk but the image's own: no time, no text, no software name.
    let chunks = chunk_types(&once);
    assert_eq!(chunks.first().map(String::as_str), Some("IHDR"));
    assert!(
        chunks
            .iter()
            .all(|chunk| ["IHDR", "IDAT", "IEND"].contains(&chunk.as_str())),
        "{chunks:?}"
    );
    let double = picture.to_png(&fonts, Density::Double).unwrap();
    let (width, height, _) = decode(&double);
    assert_eq!((width, height), (750, picture.height() * 2));
}

/// The PNG's chunk types, in order.
fn chunk_types(png: &[u8]) -> Vec<String> {
    let mut types = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        types.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
        at += 12 + length;
    }
    types
}

#[test]
fn rises_are_red_in_chinese_and_green_in_english() {
    let rankings = rankings("fixtures/tianshan/spec.toml");
    let board = &rankings.boards[0];
    let chinese = rankings.board_picture(board, &PictureOptions::new());
    assert!(
        chinese
            .svg()
            .contains(r##"fill="#d0312d" text-anchor="end">↑1<"##)
    );
    assert!(
        chinese
            .svg()
            .contains(r##"fill="#1e8449" text-anchor="end">↓1<"##)
    );
    assert!(chinese.svg().contains(">名次<") && chinese.svg().contains(">上期名次<"));
    let english = rankings.board_picture(board, &PictureOptions::new().language(Language::English));
    assert!(
        english
            .svg()
            .contains(r##"fill="#1e8449" text-anchor="end">↑1<"##)
    );
    assert!(english.svg().contains(">Rank<") && !english.svg().contains("名次"));
    let red = PictureOptions::new()
        .language(Language::English)
        .change_colors(ChangeColors::RiseRed);
    let english_red = rankings.board_picture(board, &red);
    assert!(
        english_red
            .svg()
            .contains(r##"fill="#d0312d" text-anchor="end">↑1<"##)
    );
}

#[test]
fn equals_are_tagged_tied() {
    let rankings = rankings("fixtures/tianshan/spec.toml");
    let neighborhoods = &rankings.boards[1];
    let svg = rankings
        .board_picture(neighborhoods, &PictureOptions::new())
        .svg()
        .to_owned();
    let tied = neighborhoods.listed().filter(|entry| entry.tied).count();
    assert!(tied > 1);
    assert_eq!(svg.matches(">并列<").count(), tied);
}

#[test]
fn every_picture_file_of_a_run_is_named_apart() {
    let Some(fonts) = fonts() else { return };
    let rankings = rankings("fixtures/tianshan/spec.toml");
    let files = rankings
        .picture_files(&PictureOptions::new(), &fonts)
        .unwrap();
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "beautiful-roads.png",
            "beautiful-roads@2x.png",
            "beautiful-neighborhoods.png",
            "beautiful-neighborhoods@2x.png",
            "safe-neighborhoods.png",
            "safe-neighborhoods@2x.png",
            "newsletter.png",
            "newsletter@2x.png",
        ]
    );
    assert!(files.iter().all(|file| file.png.starts_with(b"\x89PNG")));
}

#[test]
fn without_the_font_the_error_names_the_package() {
    let empty: PathBuf = std::env::temp_dir().join(format!(
        "livability-pictures-no-font-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&empty).unwrap();
    let error = Fonts::from_folders(std::slice::from_ref(&empty)).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::NoFont { .. }));
    assert!(
        error
            .to_string()
            .contains("install the package fonts-noto-cjk")
    );
    std::fs::remove_dir_all(&empty).unwrap();
    assert!(Fonts::from_folders(&[Path::new("/no/such/folder").to_owned()]).is_err());
}
