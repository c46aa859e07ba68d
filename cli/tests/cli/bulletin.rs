//! `livability bulletin`: the 通报 the library makes, written whole; the built-in template to
//! start from; a template's error on one line, exit 1.

use livability::Options;
use livability::render::bulletin::{Bulletin, DEFAULT_TEMPLATE, Template};

use crate::support::{self, folder, livability, names, text};

#[test]
fn bulletin_writes_the_library_document() {
    let dir = folder("bulletin", "tianshan");
    let out = dir.join("通报.docx");
    let run = livability(&[
        "bulletin",
        "fixtures/tianshan/spec.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let spec = support::root().join("fixtures/tianshan/spec.toml");
    let bulletin = Bulletin::make(spec, &Template::chinese(), &Options::new()).unwrap();
    let mut expected = Vec::new();
    bulletin.write_docx(&mut expected).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    assert_eq!(names(&dir), ["通报.docx"]);
}

#[test]
fn bulletin_prints_its_template_and_its_text() {
    let template = livability(&["bulletin", "--print-template"]);
    assert!(template.status.success());
    assert_eq!(text(&template.stdout), DEFAULT_TEMPLATE);
    let run = livability(&["bulletin", "fixtures/tianshan/spec.toml", "--text"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).starts_with("2018年11月宜居指数排行榜工作通报\n"));
}

#[test]
fn a_template_error_is_one_line_and_exit_1() {
    let dir = folder("bulletin", "bad-template");
    let template = dir.join("通报.md");
    std::fs::write(&template, "# {month}\n\n本月{each chanels}{name}{end}").unwrap();
    let out = dir.join("通报.docx");
    let run = livability(&[
        "bulletin",
        "fixtures/tianshan/spec.toml",
        "--template",
        template.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(
        stderr.starts_with("error: ")
            && stderr.contains("通报.md:3: template: unknown list 'chanels'"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
    assert!(!out.exists());
}
