//! The integration tests: one test binary, a module per area. One binary links the crate and
//! its dev-dependencies once, where a binary per file linked them 22 times (see BENCHMARKS.md,
//! "The test build and CI"). Fixtures stay beside the tests (`tests/golden/`, `tests/workbooks/`);
//! a module's proptest regressions are kept in `tests/proptest-regressions/<module>.txt`, where
//! proptest looks for them from this binary.
//!
//! `cargo test --all-features --test it <area>::` runs one area; the command line's tests
//! (`cli/tests/cli/`, with the bad-input corpus) are apart, in the package that owns the binary.

#[path = "../common/mod.rs"]
mod common;
#[cfg(feature = "spreadsheet")]
mod exports;
#[cfg(feature = "spreadsheet")]
mod workbooks;

mod analysis;
mod browser;
mod bulletin;
mod calendar;
mod coverage;
mod deadlines;
mod decimal_edges;
#[cfg(feature = "generate")]
mod determinism;
mod district;
mod fuzz_regressions;
mod golden_outputs;
mod hierarchy;
mod history;
mod html_report;
mod init;
/// How the page's tests find a browser, shared with the browser tests here.
#[cfg(feature = "html")]
#[path = "../../page/tests/installed.rs"]
mod installed;
mod kinds;
#[cfg(all(feature = "xlsx", feature = "html"))]
mod languages;
mod layout;
mod names;
#[cfg(feature = "picture")]
mod pictures;
mod proptest_regressions;
mod ranking_properties;
mod realistic_exports;
mod reconciliation;
mod schemes;
mod source_files;
mod sources;
mod spec_errors;
mod spreadsheets;
mod sql;
mod streak_rules;
mod xlsx_output;
