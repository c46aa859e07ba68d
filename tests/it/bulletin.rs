//! The monthly 通报 as a Word document (issue 25): the Tianshan bulletin's document XML
//! against a golden file (`UPDATE_GOLDEN=1` rewrites it), the same bytes from two runs, the
//! numbers against the boards and the quality report, template errors, and LibreOffice
//! converting the document to PDF.
//!
//! LibreOffice is Debian's (`.ci/run` installs `libreoffice-writer-nogui` when missing).
//! Without `soffice` the conversion test says so and passes on a developer's machine; when
//! `CI` is set it fails. `UPDATE_GOLDEN=1` also renders the PDF's first page to
//! `docs/bulletin.png` (with poppler's `pdftoppm`), the picture the README shows.
#![cfg(feature = "docx")]

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use livability::Options;
use livability::error::ErrorKind;
use livability::render::bulletin::{Bulletin, Template};

fn tianshan() -> Bulletin {
    let spec = common::root().join("fixtures/tianshan/spec.toml");
    Bulletin::make(spec, &Template::chinese(), &Options::new()).unwrap()
}

fn docx(bulletin: &Bulletin) -> Vec<u8> {
    let mut bytes = Vec::new();
    bulletin.write_docx(&mut bytes).unwrap();
    bytes
}

/// The names and texts of the package's entries, in their order.
fn entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|at| {
            let mut entry = archive.by_index(at).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            (entry.name().unwrap().into_owned(), text)
        })
        .collect()
}

#[test]
fn tianshan_document_xml_is_golden() {
    let bulletin = tianshan();
    let entries = entries(&docx(&bulletin));
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/footer1.xml",
            "word/styles.xml",
        ]
    );
    let document = &entries[5].1;
    assert_eq!(document, &bulletin.document_xml());
    common::assert_golden("tests/golden/docx/tianshan-document.xml", document);
    common::assert_golden("tests/golden/docx/tianshan.txt", &bulletin.text());
}

#[test]
fn two_runs_write_the_same_bytes() {
    let one = docx(&tianshan());
    let two = docx(&tianshan());
    assert_eq!(one, two);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&one[..])).unwrap();
    for at in 0..archive.len() {
        let entry = archive.by_index(at).unwrap();
        let time = entry.last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
    }
}

#[test]
fn the_numbers_are_the_boards_and_the_reports() {
    let bulletin = tianshan();
    let text = bulletin.text();
    let rankings = bulletin.rankings();
    // Each board's table lists every ranked place with its published score.
    for board in &rankings.boards {
        for entry in &board.entries {
            assert!(
                text.lines()
                    .any(|line| line.split('\t').nth(1) == Some(&entry.place)
                        && line.split('\t').nth(2) == Some(&entry.score.to_string())),
                "{}: {} {}",
                board.id,
                entry.place,
                entry.score
            );
        }
    }
    // The channels' month counts are the quality report's records of the month (used,
    // unplaced or ambiguous), each repeated id once.
    let total: u64 = rankings
        .quality
        .sources
        .iter()
        .filter(|source| ["grid", "hotline", "police"].contains(&source.source.as_str()))
        .map(|source| source.used + source.unplaced + source.ambiguous)
        .sum();
    assert!(
        text.contains(&format!("共受理各类城市运行事项{total}件")),
        "{total}\n{text}"
    );
    // A record has one category: a channel's types add up to no more than its total.
    let types = text
        .lines()
        .find(|line| line.starts_with("从事项类型看"))
        .unwrap();
    let counts: Vec<u64> = types
        .split('；')
        .map(|kind| {
            // `…街面秩序类50件（…）`: the digits before the first 件.
            let before = kind.split('件').next().unwrap();
            let start = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            before[start..].parse::<u64>().unwrap()
        })
        .collect();
    assert_eq!(counts.len(), 9);
    assert!(counts.iter().sum::<u64>() <= total);
}

#[test]
fn a_template_error_names_its_line_and_placeholder() {
    let error = Template::parse("# {month}通报\n\n本月共{totl}件。", "通报.md").unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::Template(livability::error::TemplateProblem::UnknownPlaceholder { name, .. })
            if name == "totl"
    ));
    assert_eq!(error.location().line(), Some(3));
    assert!(
        error
            .to_string()
            .starts_with("通报.md:3: template: unknown placeholder 'totl'")
    );
}

#[test]
fn a_custom_template_fills_its_placeholders() {
    let template = Template::parse(
        "+++\nunit = \"天山路街道\"\n[channels]\ngrid = \"网格\"\n\
         [indicators]\ncases_per_km = \"每公里案件数\"\n+++\n# {unit}{month}\n\
         {each channels sep=\"/\"}{name}{end}\n@each boards\n{title}{average}\n@table\n@end",
        "t.md",
    )
    .unwrap();
    let spec = common::root().join("fixtures/tianshan/spec.toml");
    let bulletin = Bulletin::make(spec, &template, &Options::new()).unwrap();
    let text = bulletin.text();
    assert!(
        text.starts_with(
            "天山路街道2018年11月\n网格/hotline/police\n靓丽道路排行榜47.90\n\
             名次\t名称\t得分\t每公里案件数\thours_to_close\t与平均分差\t上期名次\t变化\n"
        ),
        "{text}"
    );
    // The open records are left out when the template names no filter for them.
    assert!(!text.contains("未办结"));
}

/// LibreOffice's `soffice`, or `None` (and a note) when there is none and CI does not
/// require it.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = ["soffice", "libreoffice"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but no soffice was found: .ci/run installs Debian's libreoffice-writer-nogui"
        );
        eprintln!("no soffice found (apt-get install libreoffice-writer-nogui): not run");
    }
    found
}

#[test]
fn libreoffice_converts_the_bulletin_to_pdf() {
    let Some(soffice) = soffice() else {
        return;
    };
    let folder = std::env::temp_dir().join(format!("livability-bulletin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let document = folder.join("通报.docx");
    std::fs::write(&document, docx(&tianshan())).unwrap();
    // A profile of its own, so that a running LibreOffice (or another test) is not in the way.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        folder.join("profile").display()
    );
    let output = Command::new(&soffice)
        .arg(&profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&folder)
        .arg(&document)
        .output()
        .unwrap();
    let pdf = folder.join("通报.pdf");
    assert!(
        output.status.success() && pdf.is_file(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        picture(&pdf, &common::root().join("docs/bulletin.png"));
    }
    let _ = std::fs::remove_dir_all(&folder);
}

/// Renders the PDF's first page to `png` at 60 dpi with poppler's `pdftoppm`.
fn picture(pdf: &Path, png: &Path) {
    let stem = png.with_extension("");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm (Debian's poppler-utils) renders docs/bulletin.png");
    assert!(status.success());
}
