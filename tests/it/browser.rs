//! The report page in a real browser: headless Chromium renders the Tianshan report at a
//! phone's width; the screenshot must show the page (not a blank or an error page: text,
//! and the bars in their colours) and the page must write nothing to the console.
//!
//! The trend view (a history's small multiples, one chart per place, rank by period) is
//! checked in the same browser over the DevTools protocol: each chart is laid out and drawn,
//! its line's points are the place's ranks period by period, and the page asks the network
//! for nothing.
//!
//! Chromium is Debian's (`.ci/run` installs it with CJK fonts). Without it the tests say so
//! and pass, on a developer's machine; when `CI` is set they fail, so CI cannot skip them.
//! `LIVABILITY_CHROMIUM` names another browser binary. `UPDATE_GOLDEN=1` copies the
//! screenshot to `docs/report.png`, the one the README shows.
#![cfg(feature = "html")]

use crate::common;

/// The page's tests' DevTools client (it finds the browser with `crate::installed`).
#[allow(
    dead_code,
    reason = "the client's calls the report page's tests do not make"
)]
#[path = "../../page/tests/devtools/mod.rs"]
mod devtools;

use crate::installed;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use livability::{Decimal, Format, Options, Spec};

/// A phone's viewport (CSS pixels), tall enough for the whole Tianshan page.
const WINDOW: (u32, u32) = (412, 2200);

/// How long a render may take before the browser is stopped and the test fails.
const PATIENCE: Duration = Duration::from_secs(90);

/// The browser, or `None` (and a note) when there is none and CI does not require it: the
/// page's tests' finder.
fn chromium() -> Option<PathBuf> {
    installed::program(
        "LIVABILITY_CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
        "chromium",
    )
}

/// What a headless render left: the console's lines and the screenshot's path.
struct Render {
    console: Vec<String>,
    screenshot: PathBuf,
}

/// Renders `page` (an HTML file) headless, with no network, and takes a screenshot.
fn render(browser: &Path, page: &Path, folder: &Path) -> Render {
    let screenshot = folder.join("screenshot.png");
    let profile = folder.join("profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            // Root in a container has no user namespace for Chromium's sandbox.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            // No connection at all: the page must need none, and the machine may have none.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--hide-scrollbars",
            // The console's messages go to stderr, as `INFO:CONSOLE(…)` lines.
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={},{}", WINDOW.0, WINDOW.1))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the browser starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser took over {PATIENCE:?} to render {}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = reader.join().unwrap();
    assert!(status.success(), "the browser failed ({status}):\n{log}");
    Render {
        console: log
            .lines()
            .filter(|line| line.contains(":CONSOLE"))
            .map(str::to_owned)
            .collect(),
        screenshot,
    }
}

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("livability-browser-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// The screenshot's pixels, as RGB.
fn pixels(png: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::io::BufReader::new(std::fs::File::open(png).unwrap());
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "a grey screenshot: {:?}", info.color_type);
    let pixels = buffer[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    (info.width, info.height, pixels)
}

/// How many pixels are within a small distance of `colour`.
fn near(pixels: &[[u8; 3]], colour: [u8; 3]) -> usize {
    pixels
        .iter()
        .filter(|pixel| pixel.iter().zip(colour).all(|(a, b)| a.abs_diff(b) <= 8))
        .count()
}

#[test]
fn the_console_capture_sees_a_scripts_error() {
    // The check below means something only if a console message would be seen.
    let Some(browser) = chromium() else { return };
    let folder = folder("probe");
    let page = folder.join("probe.html");
    std::fs::write(
        &page,
        r#"<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>
        <script>console.error("probe-error"); notDefined();</script>probe</body></html>"#,
    )
    .unwrap();
    let render = render(&browser, &page, &folder);
    let console = render.console.join("\n");
    assert!(console.contains("probe-error"), "not seen: {console}");
    assert!(
        console.contains("Uncaught ReferenceError"),
        "not seen: {console}"
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn the_tianshan_report_renders_in_chromium() {
    let Some(browser) = chromium() else { return };
    let spec = Spec::from_path("fixtures/tianshan/spec.toml").unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let folder = folder("tianshan");
    let page = folder.join("report.html");
    std::fs::write(&page, rankings.to_string_as(Format::Html)).unwrap();
    let render = render(&browser, &page, &folder);
    assert!(
        render.console.is_empty(),
        "console:\n{}",
        render.console.join("\n")
    );

    let (width, height, pixels) = pixels(&render.screenshot);
    assert_eq!((width, height), WINDOW);
    let white = near(&pixels, [255, 255, 255]);
    let inked = pixels.len() - white;
    // Text, rules and bars cover a good part of the page; a blank or an error page does not.
    assert!(
        inked * 20 > pixels.len(),
        "only {inked} of {} pixels are not white",
        pixels.len()
    );
    // The bars, in the first two indicators' colours (#0072B2, #E69F00), big enough to see:
    // ten bars of 18 pixels high and tens of pixels wide each.
    for colour in [[0x00, 0x72, 0xB2], [0xE6, 0x9F, 0x00]] {
        let count = near(&pixels, colour);
        assert!(
            count > 10 * 18 * 20,
            "{count} pixels of {colour:?}: the bars did not render"
        );
    }
    // Rises in red (#d0312d), falls in green (#1e8449), by the Chinese convention: the rank
    // changes are drawn.
    assert!(near(&pixels, [0xd0, 0x31, 0x2d]) > 0, "no rise drawn");
    assert!(near(&pixels, [0x1e, 0x84, 0x49]) > 0, "no fall drawn");

    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::copy(&render.screenshot, common::root().join("docs/report.png")).unwrap();
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A number of the browser's (a JSON number) as a decimal, as written.
fn decimal(value: &serde_json::Value) -> Decimal {
    let text = value.to_string();
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"))
}

/// What the page shows of each trend chart, measured in the browser: the section's id, the
/// drawing's size, and per small chart its place's name, its line's points (x, y in the
/// chart's own units, the gaps between lines apart) and the length the browser drew.
const MEASURE_TRENDS: &str = r#"[...document.querySelectorAll('section.trend svg.trend')].map(svg => {
    const box = svg.getBoundingClientRect();
    return {
        section: svg.closest('section').id,
        size: [box.width, box.height],
        charts: [...svg.querySelectorAll(':scope > g')].map(chart => ({
            place: chart.querySelector('text').textContent,
            points: [...chart.querySelectorAll('polyline')].flatMap(line =>
                Array.from({ length: line.points.numberOfItems }, (_, i) => {
                    const point = line.points.getItem(i);
                    return [point.x, point.y];
                })),
            drawn: [...chart.querySelectorAll('polyline')]
                .reduce((length, line) => length + line.getTotalLength(), 0),
        })),
    };
})"#;

#[test]
fn the_trend_view_draws_each_places_ranks_in_chromium() {
    use serde_json::json;
    let Some(binary) = chromium() else { return };
    let spec = Spec::from_path("tests/district/spec.toml").unwrap();
    // One board keeps the run short; its chart has every kind of line (ties, a place last all year).
    let options = Options::new().history(12).board("beautiful-roads");
    let rankings = livability::rank(&spec, &options).unwrap();
    let folder = folder("trend");
    let page = folder.join("report.html");
    std::fs::write(&page, rankings.to_string_as(Format::Html)).unwrap();
    let url = format!("file://{}", page.display());
    let mut browser = devtools::Browser::start(&binary, &folder, (800, 1200));
    browser.call("Page.navigate", json!({ "url": url }));
    browser.wait_until(
        "document.URL.startsWith('file:') && document.readyState === 'complete'",
        "document.readyState",
    );
    let measured = browser.evaluate(MEASURE_TRENDS);
    let trends = measured.as_array().expect("a list of charts");
    assert_eq!(trends.len(), rankings.histories.len(), "{measured}");
    for (trend, history) in trends.iter().zip(&rankings.histories) {
        assert_eq!(trend["section"], format!("trend-{}", history.board));
        let size = &trend["size"];
        assert!(
            decimal(&size[0]) > Decimal::from(100) && decimal(&size[1]) > Decimal::from(50),
            "{size}"
        );
        let charts = trend["charts"].as_array().unwrap();
        // Small multiples: one chart per place, in the history's order.
        assert_eq!(charts.len(), history.places.len(), "{}", history.board);
        // Rank 1 at the top of a chart (y 18), the history's worst rank at the bottom (y 62).
        let worst = history
            .places
            .iter()
            .flat_map(|place| place.periods.iter().flatten())
            .map(|cell| cell.rank.to_decimal())
            .fold(Decimal::ONE, Decimal::max);
        let span = (worst - Decimal::ONE).max(Decimal::ONE);
        for (chart, place) in charts.iter().zip(&history.places) {
            assert_eq!(chart["place"], place.place.as_str());
            let ranks: Vec<Decimal> = place
                .periods
                .iter()
                .flatten()
                .map(|cell| cell.rank.to_decimal())
                .collect();
            // A point per period the place was ranked, left to right, at its rank's height
            // (the browser holds coordinates as binary floats: within 0.05 of a rank).
            let shown: Vec<(Decimal, Decimal)> = chart["points"]
                .as_array()
                .unwrap()
                .iter()
                .map(|point| (decimal(&point[0]), decimal(&point[1])))
                .collect();
            if ranks.len() > 1 {
                assert_eq!(shown.len(), ranks.len(), "{}: {chart}", place.place);
                assert!(
                    shown.windows(2).all(|pair| pair[0].0 < pair[1].0),
                    "{chart}"
                );
                for ((_, y), rank) in shown.iter().zip(&ranks) {
                    let at = Decimal::ONE + (y - Decimal::from(18)) * span / Decimal::from(44);
                    assert!(
                        (at - rank).abs() < Decimal::new(5, 2),
                        "{}: y {y} is rank {at}, not {rank}",
                        place.place
                    );
                }
                assert!(decimal(&chart["drawn"]) > Decimal::TEN, "{chart}");
            }
        }
    }
    // Drawn, not only laid out: the first chart's area holds the lines' ink.
    let first = browser.evaluate(
        "(() => { const r = document.querySelector('svg.trend').getBoundingClientRect(); \
         return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height]; })()",
    );
    let clip = json!({
        "x": first[0], "y": first[1], "width": first[2], "height": first[3], "scale": 1
    });
    let shot = browser.call(
        "Page.captureScreenshot",
        json!({ "format": "png", "clip": clip, "captureBeyondViewport": true }),
    );
    let png = folder.join("trend.png");
    std::fs::write(
        &png,
        devtools::decode_base64(shot["data"].as_str().unwrap()),
    )
    .unwrap();
    let (width, height, pixels) = pixels(&png);
    let inked = pixels.len() - near(&pixels, [255, 255, 255]);
    assert!(
        inked * 50 > pixels.len(),
        "only {inked} of {width}×{height} pixels of the trend are inked"
    );
    // Nothing fetched: the page itself is the one request.
    assert!(
        browser.requests.iter().all(|request| *request == url),
        "requests: {:?}",
        browser.requests
    );
    drop(browser);
    devtools::remove_folder(&folder);
}
