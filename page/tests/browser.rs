//! The offline page end to end, in Debian's headless Chromium: `livability.html` (built by
//! `page/build.sh`; `LIVABILITY_PAGE` names it, by default `livability.html` at the
//! repository's root) is opened from `file://`, a fixture's files are fed to its file input,
//! the spec in its editor is ranked, and every download (workbook, report page, newsletter
//! text, CSV) must be byte for byte what the library, as the command line runs it, writes. The
//! page must ask the network for nothing.
//!
//! The Tianshan month is checked the same way in Firefox (Debian's `firefox-esr`, driven
//! over WebDriver BiDi), the bytes compared being those the page hands to its download.
//!
//! Without a browser or a built page the test says so and passes, on a developer's machine;
//! when `CI` is set it fails. `UPDATE_GOLDEN=1` saves the screenshot at a laptop's width as
//! `docs/page.png`, the one the README shows.

mod bidi;
mod devtools;
mod installed;

use std::path::{Path, PathBuf};
use std::time::Instant;

use devtools::Browser;
use livability::{Format, Options, Spec, render::AnalysisFormat};
use serde_json::{Value, json};

/// A laptop's screen (CSS pixels).
const LAPTOP: (u32, u32) = (1366, 768);

/// The fixtures the command line's goldens cover, each a folder the page is fed whole.
const FIXTURES: &[&str] = &[
    "tianshan",
    "deadlines",
    "names",
    "warehouse",
    "schemes/bengbu-hotline",
    "schemes/jinhua-grid",
    "schemes/linyi-quarter",
    "schemes/ministry-improvement",
    "schemes/wuhan-flags",
    "schemes/yangzhou-105",
    "schemes/yiju-2007",
];

/// The downloads: the page's button, and the format the command line writes it in.
const DOWNLOADS: &[(&str, Format)] = &[
    ("download-xlsx", Format::Xlsx),
    ("download-html", Format::Html),
    ("download-newsletter", Format::Newsletter),
    ("download-csv", Format::Csv),
];

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The built page, or `None` (and a note) when there is none and CI does not require it.
fn page() -> Option<PathBuf> {
    let page = std::env::var_os("LIVABILITY_PAGE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("livability.html"));
    if page.is_file() {
        return Some(page);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing: page/build.sh builds it",
        page.display()
    );
    eprintln!(
        "{} is missing (page/build.sh builds it): not run",
        page.display()
    );
    None
}

/// A fresh folder for the test's files.
fn folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("livability-page-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// The files of a fixture the page is fed: its exports, place lists and spec, sorted.
fn fixture_files(fixture: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| ["csv", "xlsx", "xls", "ods", "toml"].contains(&extension))
        })
        .collect();
    files.sort();
    files
}

/// What the command line writes for the fixture, in each format, and `explain` of the first
/// board's first place: the library run natively, on the same files under the same paths as
/// the page mounts them (`exports/…`, which the workbook's data-quality sheet names).
struct Expected {
    downloads: Vec<Vec<u8>>,
    explained: Option<(String, String, String)>,
}

fn expected(files: &[PathBuf]) -> Expected {
    let mut provided = livability::input::files::MemoryFiles::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy();
        provided.insert(format!("exports/{name}"), std::fs::read(file).unwrap());
    }
    let provided: std::sync::Arc<dyn livability::input::files::Files> =
        std::sync::Arc::new(provided);
    let spec = Spec::from_path_in("exports/spec.toml", provided.clone()).unwrap();
    let options = Options::new().files(provided);
    let rankings = livability::rank(&spec, &options).unwrap();
    let downloads = DOWNLOADS
        .iter()
        .map(|(_, format)| {
            let mut bytes = Vec::new();
            rankings.render(*format, &mut bytes).unwrap();
            bytes
        })
        .collect();
    let explained = rankings
        .boards
        .iter()
        .find_map(|board| Some((board.id.clone(), board.entries.first()?.place.clone())))
        .map(|(board, place)| {
            let (_, explanation) = livability::explain(&spec, &options, &board, &place).unwrap();
            (
                board,
                place,
                explanation.to_string_as(AnalysisFormat::Table),
            )
        });
    Expected {
        downloads,
        explained,
    }
}

/// Feeds `files` to the page's file input, as an analyst picking them would.
fn feed(browser: &mut Browser, files: &[PathBuf]) {
    let document = browser.call("DOM.getDocument", json!({}));
    let input = browser.call(
        "DOM.querySelector",
        json!({ "nodeId": document["root"]["nodeId"], "selector": "#files" }),
    );
    let paths: Vec<String> = files
        .iter()
        .map(|file| file.display().to_string())
        .collect();
    browser.call(
        "DOM.setFileInputFiles",
        json!({ "nodeId": input["nodeId"], "files": paths }),
    );
}

/// Opens the page afresh and waits for the library to load.
fn open(browser: &mut Browser, page: &Path) {
    // Away first, so that the page loads afresh even where the last fixture left it.
    browser.call("Page.navigate", json!({ "url": "about:blank" }));
    browser.wait_until("document.URL === 'about:blank'", "document.URL");
    browser.call(
        "Page.navigate",
        json!({ "url": format!("file://{}", page.display()) }),
    );
    browser.wait_until(
        "document.body && document.body.dataset.state === 'ready'",
        "document.body && document.getElementById('status').textContent",
    );
}

/// Clicks `button` and returns the bytes it downloaded.
fn download(browser: &mut Browser, button: &str, into: &Path) -> Vec<u8> {
    browser.evaluate(&format!("document.getElementById('{button}').click()"));
    let begun = browser.wait_event("Browser.downloadWillBegin", |_| true);
    let guid = begun["guid"].as_str().unwrap().to_owned();
    let done = browser.wait_event("Browser.downloadProgress", |params| {
        params["guid"] == json!(guid) && params["state"] != json!("inProgress")
    });
    assert_eq!(done["state"], json!("completed"), "{button}: {done}");
    std::fs::read(into.join(&guid)).unwrap()
}

/// Ranks the fixture in the page and checks every download and `explain`.
/// Returns the page's time to rank, in milliseconds, as it shows it.
fn check_fixture(browser: &mut Browser, page: &Path, fixture: &str, downloads: &Path) -> String {
    let files = fixture_files(&root().join("fixtures").join(fixture));
    let expected = expected(&files);
    open(browser, page);
    feed(browser, &files);
    browser.wait_until(
        "document.body.dataset.state === 'spec'",
        "document.getElementById('status').textContent",
    );
    // The fixture's own spec, not init's starter, is in the editor.
    let spec_text =
        std::fs::read_to_string(root().join("fixtures").join(fixture).join("spec.toml"))
            .unwrap()
            .replace("\r\n", "\n");
    assert_eq!(
        browser.evaluate("document.getElementById('spec').value"),
        json!(spec_text),
        "{fixture}: the editor holds the dropped spec"
    );
    browser.evaluate("document.getElementById('rank').click()");
    browser.wait_until(
        "document.body.dataset.state === 'ranked' || document.body.dataset.state === 'failed'",
        "document.getElementById('status').textContent",
    );
    let state = browser.evaluate("document.body.dataset.state");
    assert_eq!(
        state,
        json!("ranked"),
        "{fixture}: {}",
        browser.evaluate("document.getElementById('spec-error').textContent")
    );
    // The page followed the run: reading, ranking board by board, drawing.
    assert_eq!(
        browser.evaluate("document.body.dataset.stages"),
        json!("reading ranking drawing"),
        "{fixture}: the stages the page showed"
    );
    let took = browser.evaluate("document.body.dataset.rankMs");
    let took = took.as_str().unwrap_or_default().to_owned();
    for ((button, format), bytes) in DOWNLOADS.iter().zip(&expected.downloads) {
        let got = download(browser, button, downloads);
        assert!(
            got == *bytes,
            "{fixture}: the page's {format} differs from the command line's ({} bytes, expected {})",
            got.len(),
            bytes.len()
        );
    }
    if let Some((board, place, text)) = expected.explained {
        let clicked = browser.evaluate(&format!(
            "(() => {{ const li = [...document.querySelectorAll('.board li')].find((li) =>
                li.dataset.board === {board:?} && li.dataset.place === {place:?});
                if (!li) return false; li.click(); return true; }})()"
        ));
        assert_eq!(clicked, json!(true), "{fixture}: {place} is not on {board}");
        browser.wait_until(
            &format!(
                "document.body.dataset.explained === {:?}",
                format!("{board}/{place}")
            ),
            "document.getElementById('explain').textContent",
        );
        let shown = browser.evaluate("document.getElementById('explain').textContent");
        assert_eq!(shown, json!(text), "{fixture}: explain {board} {place}");
    }
    took
}

#[test]
fn the_page_gives_the_command_lines_bytes_and_asks_the_network_for_nothing() {
    let Some(binary) = devtools::chromium() else {
        return;
    };
    let Some(page) = page() else { return };
    let folder = folder("e2e");
    let downloads = folder.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut browser = Browser::start(&binary, &folder, LAPTOP);
    browser.browser_call(
        "Browser.setDownloadBehavior",
        json!({
            "behavior": "allowAndName",
            "downloadPath": downloads.display().to_string(),
            "eventsEnabled": true,
        }),
    );
    let mut times = Vec::new();
    for fixture in FIXTURES {
        let start = Instant::now();
        let took = check_fixture(&mut browser, &page, fixture, &downloads);
        times.push(format!(
            "{fixture}: ranked in {took} ms ({:.1} s in all)",
            start.elapsed().as_secs_f64()
        ));
    }
    eprintln!("{}", times.join("\n"));

    // The spec's errors are shown at their line.
    browser.evaluate(
        "(() => { const e = document.getElementById('spec'); \
         e.value = e.value.replace(/^(\\[sources\\.[^\\]]+\\])$/m, '$1\\nno_such_key = 1'); })()",
    );
    browser.evaluate("document.getElementById('rank').click()");
    browser.wait_until(
        "document.body.dataset.state === 'failed'",
        "document.getElementById('status').textContent",
    );
    let error = browser.evaluate("document.getElementById('spec-error').textContent");
    assert!(
        error
            .as_str()
            .is_some_and(|error| error.starts_with("第 ") && error.contains(" 行：")),
        "the spec's error names no line: {error}"
    );

    // Nothing but the page itself and what it made in memory.
    let outside: Vec<&String> = browser
        .requests
        .iter()
        .filter(|url| {
            !["file://", "data:", "blob:", "about:"]
                .iter()
                .any(|scheme| url.starts_with(scheme))
        })
        .collect();
    assert!(
        outside.is_empty(),
        "the page asked the network for {outside:?}"
    );
    assert!(
        browser
            .requests
            .iter()
            .any(|url| url.starts_with("file://")),
        "no request seen at all: the network events are not recorded"
    );
    // The browser ends first: it writes its profile until it does.
    drop(browser);
    devtools::remove_folder(&folder);
}

#[test]
fn the_tianshan_month_at_a_laptops_width() {
    let Some(binary) = devtools::chromium() else {
        return;
    };
    let Some(page) = page() else { return };
    let folder = folder("screenshot");
    let mut browser = Browser::start(&binary, &folder, LAPTOP);
    open(&mut browser, &page);
    feed(
        &mut browser,
        &fixture_files(&root().join("fixtures/tianshan")),
    );
    browser.wait_until(
        "document.body.dataset.state === 'spec'",
        "document.body.dataset.state",
    );
    browser.evaluate("document.getElementById('rank').click()");
    browser.wait_until(
        "document.body.dataset.state === 'ranked'",
        "document.body.dataset.state",
    );
    browser.evaluate("document.querySelector('.board li').click()");
    let shot = browser.call("Page.captureScreenshot", json!({ "format": "png" }));
    let png = devtools::decode_base64(shot["data"].as_str().unwrap());
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), LAPTOP);
    let boards: Value = browser.evaluate("document.querySelectorAll('.board li').length");
    assert!(
        boards.as_u64().unwrap_or(0) >= 10,
        "the boards are not drawn: {boards}"
    );
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(root().join("docs/page.png"), &png).unwrap();
    }
    // The page speaks Chinese, its report page too; its switch turns both to English.
    assert_eq!(
        browser.evaluate("document.getElementById('rank').textContent"),
        json!("排名")
    );
    assert_eq!(
        browser.evaluate(
            "document.getElementById('report').srcdoc.includes('<th class=\"num\">名次</th>')"
        ),
        json!(true)
    );
    browser.evaluate(
        "const s = document.getElementById('lang'); s.value = 'en'; s.dispatchEvent(new Event('change'))",
    );
    browser.wait_until(
        "document.getElementById('rank').textContent === 'Rank' && document.getElementById('report').srcdoc.includes('<th class=\"num\">rank</th>')",
        "document.getElementById('rank').textContent",
    );
    // The browser ends first: it writes its profile until it does.
    drop(browser);
    devtools::remove_folder(&folder);
}

/// The Tianshan month in Firefox, from `file://`: the spec dropped with the files is ranked,
/// and the bytes the page hands to each download, and `explain`, are the command line's; the
/// page asks the network for nothing.
#[test]
fn the_page_in_firefox_gives_the_command_lines_bytes_and_asks_the_network_for_nothing() {
    let Some(binary) = bidi::firefox() else {
        return;
    };
    let Some(page) = page() else { return };
    let started = Instant::now();
    let folder = folder("firefox");
    let files = fixture_files(&root().join("fixtures/tianshan"));
    let expected = expected(&files);
    let mut firefox = bidi::Firefox::start(&binary, &folder);
    let context = firefox.context.clone();
    firefox.call(
        "browsingContext.navigate",
        json!({
            "context": context,
            "url": format!("file://{}", page.display()),
            "wait": "complete",
        }),
    );
    firefox.wait_until(
        "document.body.dataset.state === 'ready'",
        "document.getElementById('status').textContent",
    );
    let input = firefox.evaluate_remote("document.getElementById('files')");
    let input = input["sharedId"].as_str().expect("the input's reference");
    let paths: Vec<String> = files
        .iter()
        .map(|file| file.display().to_string())
        .collect();
    firefox.call(
        "input.setFiles",
        json!({ "context": context, "element": { "sharedId": input }, "files": paths }),
    );
    firefox.wait_until(
        "document.body.dataset.state === 'spec'",
        "document.getElementById('status').textContent",
    );
    firefox.evaluate("document.getElementById('rank').click(), true");
    firefox.wait_until(
        "document.body.dataset.state === 'ranked' || document.body.dataset.state === 'failed'",
        "document.getElementById('status').textContent",
    );
    assert_eq!(
        firefox.evaluate("document.body.dataset.state"),
        json!("ranked"),
        "{}",
        firefox.evaluate("document.getElementById('spec-error').textContent")
    );
    assert_eq!(
        firefox.evaluate("document.body.dataset.stages"),
        json!("reading ranking drawing")
    );
    // What a button hands to the browser's download is kept instead of saved.
    firefox.evaluate("window.download = (name, bytes) => { window.downloaded = bytes; }, true");
    for ((button, format), bytes) in DOWNLOADS.iter().zip(&expected.downloads) {
        firefox.evaluate(&format!(
            "window.downloaded = null, document.getElementById('{button}').click(), true"
        ));
        firefox.wait_until("window.downloaded !== null", "String(window.downloaded)");
        let got = firefox.evaluate(
            "(() => { const b = new Uint8Array(window.downloaded); let s = ''; \
             for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192)); \
             return btoa(s); })()",
        );
        let got = devtools::decode_base64(got.as_str().unwrap_or_default());
        assert!(
            got == *bytes,
            "Firefox: the page's {format} differs from the command line's ({} bytes, expected {})",
            got.len(),
            bytes.len()
        );
    }
    if let Some((board, place, text)) = expected.explained {
        firefox.evaluate(&format!(
            "[...document.querySelectorAll('.board li')].find((li) =>
                li.dataset.board === {board:?} && li.dataset.place === {place:?}).click(), true"
        ));
        firefox.wait_until(
            &format!(
                "document.body.dataset.explained === {:?}",
                format!("{board}/{place}")
            ),
            "document.getElementById('explain').textContent",
        );
        let shown = firefox.evaluate("document.getElementById('explain').textContent");
        assert_eq!(shown, json!(text), "Firefox: explain {board} {place}");
    }
    let outside: Vec<String> = firefox
        .requests
        .iter()
        .filter(|url| {
            !["file://", "data:", "blob:", "about:"]
                .iter()
                .any(|scheme| url.starts_with(scheme))
        })
        .cloned()
        .collect();
    assert!(
        outside.is_empty(),
        "the page asked the network for {outside:?}"
    );
    // The requests are recorded: asked for something once the checks are done, the page is
    // seen asking (the name resolves nowhere).
    let asking = "http://livability.invalid/asked.png";
    firefox.evaluate(&format!("new Image().src = {asking:?}, true"));
    let start = Instant::now();
    // (Firefox may upgrade it to https first.)
    while !firefox
        .requests
        .iter()
        .any(|url| url.ends_with("://livability.invalid/asked.png"))
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "no request seen at all: the network events are not recorded ({:?}; {:?})",
            firefox.requests,
            firefox
                .events
                .iter()
                .map(|event| event["method"].clone())
                .collect::<Vec<_>>()
        );
        firefox.evaluate("true");
    }
    drop(firefox);
    eprintln!(
        "Firefox, the Tianshan month: {:.1} s in all",
        started.elapsed().as_secs_f64()
    );
    devtools::remove_folder(&folder);
}

/// The page's time for a generated city month (6,000 neighborhoods, 3,000 roads, 3.3 million
/// records, about 300 MB of CSV, as BENCHMARKS.md's city): run by hand,
/// `cargo test -p livability-page --release --test browser -- --ignored --nocapture`
/// (`LIVABILITY_CITY=DIR` keeps the city in DIR for the next run).
#[test]
#[ignore = "a benchmark: about 300 MB generated, minutes of work"]
fn a_generated_city_month() {
    let Some(binary) = devtools::chromium() else {
        return;
    };
    let Some(page) = page() else { return };
    let folder = folder("city");
    // LIVABILITY_CITY keeps the generated city between runs (to compare two pages on it).
    let city = std::env::var_os("LIVABILITY_CITY")
        .map(PathBuf::from)
        .unwrap_or_else(|| folder.join("city"));
    if !city.join("spec.toml").is_file() {
        let options = livability::generate::CityOptions::new(6000, 3000, 3_300_000);
        livability::generate::generate_city(&options, &city).unwrap();
    }
    let files = fixture_files(&city);
    let bytes: u64 = files
        .iter()
        .map(|file| file.metadata().unwrap().len())
        .sum();
    let mut browser = Browser::start(&binary, &folder, LAPTOP);
    let start = Instant::now();
    open(&mut browser, &page);
    let opened = start.elapsed();
    feed(&mut browser, &files);
    browser.wait_until(
        "document.body.dataset.state === 'spec'",
        "document.body.dataset.state",
    );
    let read = start.elapsed();
    browser.evaluate("document.getElementById('rank').click()");
    browser.wait_until(
        "document.body.dataset.state === 'ranked' || document.body.dataset.state === 'failed'",
        "document.body.dataset.state",
    );
    assert_eq!(
        browser.evaluate("document.body.dataset.state"),
        json!("ranked")
    );
    let ranked = browser.evaluate("document.body.dataset.rankMs");
    let memory = browser.evaluate("performance.memory ? performance.memory.usedJSHeapSize : null");
    let peak = browser.peak_renderer_memory();
    eprintln!(
        "city month, {} MB: page open {:.2} s, files read and init {:.2} s, rank {ranked} ms, \
         total {:.2} s; JS heap {memory} bytes; the page's renderer peaked at {} MiB resident",
        bytes / 1_000_000,
        opened.as_secs_f64(),
        (read - opened).as_secs_f64(),
        start.elapsed().as_secs_f64(),
        peak.map_or("?".to_owned(), |peak| (peak >> 20).to_string())
    );
    // The browser ends first: it writes its profile until it does.
    drop(browser);
    devtools::remove_folder(&folder);
}
