//! The report page: its text content against goldens, that it is self-contained, the
//! robustness intervals, and `--format html` on the command line.
#![cfg(feature = "html")]

use crate::common;

use std::path::Path;

use livability::{Format, Options, Rankings, Spec, render::RankInterval, schemes::Rank};

/// The fixtures with goldens: the raw exports, and every published scheme.
const FIXTURES: [&str; 8] = [
    "tianshan",
    "schemes/bengbu-hotline",
    "schemes/jinhua-grid",
    "schemes/linyi-quarter",
    "schemes/ministry-improvement",
    "schemes/wuhan-flags",
    "schemes/yangzhou-105",
    "schemes/yiju-2007",
];

fn rankings(fixture: &str) -> Rankings {
    let spec = Spec::from_path(Path::new("fixtures").join(fixture).join("spec.toml")).unwrap();
    livability::rank(&spec, &Options::new()).unwrap()
}

/// Elements that start a line of the text content; `td` and `th` are separated by tabs,
/// spans, links and bars by spaces.
const BLOCKS: [&str; 10] = [
    "h1", "h2", "h3", "p", "li", "tr", "nav", "section", "table", "ul",
];

/// The page's text content, as a reader sees it: a line per block, table cells separated by
/// tabs, entities decoded; the style sheet left out; each bar's segment titles (what a
/// pointer shows) on the bar's line, in brackets.
pub(crate) fn text_content(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    let mut in_style = false;
    while let Some(start) = rest.find('<') {
        if !in_style {
            out += &decode(&rest[..start]);
        }
        let end = start + rest[start..].find('>').expect("a tag closes");
        let tag = &rest[start + 1..end];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match name.as_str() {
            "style" => in_style = !closing,
            "td" | "th" if !closing => out.push('\t'),
            "span" | "a" | "svg" if !closing => out.push(' '),
            "rect" if !closing => out.push('['),
            "rect" => out.push(']'),
            block if BLOCKS.contains(&block) => out.push('\n'),
            _ => {}
        }
        rest = &rest[end + 1..];
    }
    out += &decode(rest);
    let lines: Vec<String> = out
        .lines()
        .map(|line| line.trim().replace("\t\t", "\t\u{2205}\t"))
        .map(|line| line.trim_start_matches('\t').to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n") + "\n"
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn every_fixture_matches_its_golden_text() {
    for fixture in FIXTURES {
        let page = rankings(fixture).to_string_as(Format::Html);
        let name = fixture.replace('/', "-");
        common::assert_golden(
            &format!("tests/golden/html/{name}.txt"),
            &text_content(&page),
        );
    }
}

#[test]
fn the_page_is_self_contained() {
    for fixture in FIXTURES {
        let page = rankings(fixture).to_string_as(Format::Html);
        assert!(page.starts_with("<!DOCTYPE html>"), "{fixture}");
        assert!(page.contains(r#"<meta charset="utf-8">"#), "{fixture}");
        assert!(
            page.contains(r#"name="viewport""#),
            "{fixture}: not phone-sized"
        );
        // Nothing is fetched: no script, no address, no external style, image or font.
        for forbidden in [
            "<script",
            "http:",
            "https:",
            "//",
            "src=",
            "url(",
            "@import",
            "@font-face",
        ] {
            let at = page.find(forbidden);
            assert!(
                at.is_none(),
                "{fixture}: {forbidden:?} at {:?}",
                at.map(|at| &page[at.saturating_sub(40)..(at + 40).min(page.len())])
            );
        }
        // The only link elements: the empty icon; the only hrefs: the page's own anchors.
        assert_eq!(page.matches("<link").count(), 1, "{fixture}");
        for href in page.split("href=\"").skip(1) {
            assert!(
                href.starts_with('#') || href.starts_with("data:,\""),
                "{fixture}: href {}",
                &href[..href.len().min(40)]
            );
        }
        // A font list that covers Windows, macOS, Linux and Android.
        for font in [
            "Microsoft YaHei",
            "PingFang SC",
            "Noto Sans CJK SC",
            "Droid Sans Fallback",
        ] {
            assert!(page.contains(font), "{fixture}: no {font}");
        }
    }
}

#[test]
fn every_listed_place_has_a_bar_of_its_contributions() {
    for fixture in FIXTURES {
        let rankings = rankings(fixture);
        let page = rankings.to_string_as(Format::Html);
        let bars = page.matches("<svg").count();
        let listed: usize = rankings
            .boards
            .iter()
            .map(|board| board.listed().count())
            .sum();
        assert_eq!(bars, listed, "{fixture}");
    }
}

#[test]
fn robustness_intervals_show_beside_their_places() {
    let rankings = rankings("tianshan");
    let roads = &rankings.boards[0];
    let first = &roads.entries[0];
    let second = &roads.entries[1];
    let intervals = [
        RankInterval::new(&roads.id, &first.place_id, Rank::whole(1), Rank::whole(2)),
        RankInterval::new(&roads.id, &second.place_id, Rank::whole(3), Rank::whole(1)),
        // Another board's place, and a place not on the board: not shown.
        RankInterval::new(
            "beautiful-neighborhoods",
            "nowhere",
            Rank::whole(5),
            Rank::whole(9),
        ),
    ];
    let page = rankings.html_report().intervals(&intervals).to_html();
    let text = text_content(&page);
    let roads_text = &text[text.find(&roads.title).unwrap()..];
    let roads_text = &roads_text[..roads_text.find("各指标贡献").unwrap()];
    assert!(roads_text.contains("\t名次区间"), "{roads_text}");
    assert!(
        roads_text.contains(&format!("{}\t{}\t", first.rank, first.place))
            && roads_text.contains("\t1–2\n"),
        "{roads_text}"
    );
    assert!(roads_text.contains("\t1–3\n"), "{roads_text}");
    // One board with intervals: one column, and the others have none.
    assert_eq!(text.matches("\t名次区间").count(), 1, "{text}");
    assert!(!text.contains("5–9"));
    // Without intervals, the page is what Format::Html writes.
    assert_eq!(
        rankings.html_report().to_html(),
        rankings.to_string_as(Format::Html)
    );
    assert!(!rankings.to_string_as(Format::Html).contains("名次区间"));
}

#[test]
fn names_are_escaped() {
    let rankings = rankings("tianshan");
    let mut escaped = rankings.clone();
    escaped.boards[0].entries[0].place = "<b>芙蓉江路</b> & co".to_owned();
    let page = escaped.to_string_as(Format::Html);
    assert!(page.contains("&lt;b&gt;芙蓉江路&lt;/b&gt; &amp; co"));
    assert!(!page.contains("<b>"));
}
