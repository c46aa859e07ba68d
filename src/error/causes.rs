//! The failures behind the error kinds that group several: each its own variant with its data,
//! so that a caller matches on what went wrong rather than on a message's words.
//!
//! The messages are those the crate printed when these kinds carried text, word for word.

use rust_decimal::Decimal;

/// A key of the spec that its reader refuses: what [`ErrorKind::SpecKey`](super::ErrorKind::SpecKey)
/// holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BadKey {
    /// A single table (`[boards]`) where a list of tables (`[[boards]]`) is expected.
    #[error(
        "a single table `[{table}]` where a list of them is expected: write `[[{table}]]` (two brackets) before each"
    )]
    TableForList {
        /// The table's key path without indices, such as `boards.indicators`.
        table: String,
    },
    /// A key that the table does not have, such as `wieght`.
    #[error("unknown field `{key}`, {expected}")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The keys the table has, as "expected one of `id`, `title`, …".
        expected: String,
    },
    /// A value that is none of the key's options, such as `better = "smaller"`.
    #[error("unknown variant `{value}`, {expected}")]
    UnknownOption {
        /// The value as written.
        value: String,
        /// The options, as "expected `higher` or `lower`".
        expected: String,
    },
    /// A value of the wrong type, such as a number where text is expected.
    #[error("invalid type: {found}, expected {expected}")]
    WrongType {
        /// What was written, such as "integer `201811`".
        found: String,
        /// What the key takes, in plain words ("a string", "a whole number, 0 or more").
        expected: String,
    },
    /// A value of the right type that the key does not take.
    #[error("invalid value: {found}, expected {expected}")]
    WrongValue {
        /// What was written.
        found: String,
        /// What the key takes.
        expected: String,
    },
    /// A list of the wrong length.
    #[error("invalid length {length}, expected {expected}")]
    WrongLength {
        /// The length written.
        length: String,
        /// The length the key takes.
        expected: String,
    },
    /// A key the table must have.
    #[error("missing field `{key}`")]
    MissingKey {
        /// The key.
        key: String,
    },
    /// Any other refusal of the spec's reader, in its own words.
    #[error("{message}")]
    Other {
        /// The reader's message.
        message: String,
    },
}

/// Settings of the spec that contradict each other: what
/// [`ErrorKind::Conflict`](super::ErrorKind::Conflict) holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Conflict {
    /// Two scoring curves on one indicator.
    #[error("an indicator has one scoring curve: `{first}` and `{second}` are both set")]
    TwoCurves {
        /// The first curve's key (`goalposts`, `curve` or `bands`).
        first: String,
        /// The second curve's key.
        second: String,
    },
    /// A `normalize` beside a fixed curve.
    #[error("normalize = \"{normalize}\" contradicts `{curve}`: drop one")]
    NormalizeAndCurve {
        /// The normalization.
        normalize: String,
        /// The curve's key.
        curve: String,
    },
    /// A multiplier on the column that `where` filters.
    #[error(
        "`where` already filters column '{column}': a multiplier on it would multiply only what `where` keeps; filter on another column or drop one"
    )]
    MultiplyFilteredColumn {
        /// The column.
        column: String,
    },
    /// A veto that demotes a grade on a board without grades.
    #[error(
        "effect = \"demote\" lowers a place's grade, and the board has no `grades`: add them, or choose \"last\" or \"unranked\""
    )]
    DemoteWithoutGrades,
    /// A veto with both bounds.
    #[error("a veto has one bound: `at_least` or `at_most`, not both")]
    TwoVetoBounds,
    /// An adjustment or veto that both counts records and reads an indicator.
    #[error("count records of a `source` or read an `indicator`, not both")]
    SourceAndIndicator,
    /// A grade both by score and by rank.
    #[error("grades are by score (`min`) or by rank (`share`), not both")]
    GradeByScoreAndRank,
    /// Both kinds of worst list on one board.
    #[error(
        "a board has one worst list: the worst `bottom` places or every place `below` a score, not both"
    )]
    TwoWorstLists,
    /// A streak on a list the board does not have.
    #[error("a streak on the {list} list needs the board's `{keys}`: the list the streak stays on")]
    StreakWithoutList {
        /// The list (`listed` or `worst`).
        list: String,
        /// The keys that make the list.
        keys: String,
    },
    /// A streak rule on an improvement board.
    #[error(
        "a streak drives an adjustment or veto on a board of scores; an improvement board (rank_by = \"change\") ranks changes: drop one"
    )]
    StreakOnImprovement,
    /// Credits of a deadline given on two columns of `of`.
    #[error("credits are given for one column of `of`, and '{column}' has them already")]
    CreditsTwice {
        /// The column that has them already.
        column: String,
    },
}

/// A source fed from memory that the spec does not define, or fed the wrong shape: what
/// [`ErrorKind::SourceUse`](super::ErrorKind::SourceUse) holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SourceUse {
    /// A source name the spec does not define.
    #[error("no source '{source_id}' in the spec (it defines: {known})")]
    Unknown {
        /// The source named.
        source_id: String,
        /// The spec's sources, comma-separated.
        known: String,
    },
    /// Records fed to a `table` source.
    #[error("source '{source_id}' is of kind \"table\": feed it table rows")]
    RecordsForTable {
        /// The source.
        source_id: String,
    },
    /// Table rows fed to a source of records.
    #[error("source '{source_id}' is of kind \"{kind}\": feed it records, not table rows")]
    TableRowsForRecords {
        /// The source.
        source_id: String,
        /// Its kind, as the spec writes it (`grid`, `hotline`, …).
        kind: String,
    },
}

/// A row that is not a row of the table: what
/// [`ErrorKind::MalformedRow`](super::ErrorKind::MalformedRow) holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MalformedRow {
    /// A row with more or fewer fields than the header.
    #[error("found {found} fields, but the header has {expected}")]
    FieldCount {
        /// The row's fields.
        found: usize,
        /// The header's columns.
        expected: usize,
    },
    /// A quote that opens a field and is never closed.
    #[error("a quote opens a field and is never closed: the rest of the file would be one field")]
    UnclosedQuote,
    /// Any other row the CSV reader refuses, in its words.
    #[error("{detail}")]
    Csv {
        /// The CSV reader's account.
        detail: String,
    },
    /// A sheet's value left of the header's first column.
    #[error(
        "a value left of the header's first column: the table must start in the header's first column"
    )]
    LeftOfTable,
    /// The report a warehouse query puts in the period column of its last row when the
    /// engine found records it could not read (`source 'grid': 3 malformed rows …`).
    #[error("{report}")]
    WarehouseReport {
        /// The report as the query wrote it (shortened if very long).
        report: String,
    },
}

/// An analysis asked for with settings it cannot take, or for a board or place that does not
/// exist: what [`ErrorKind::Option`](super::ErrorKind::Option) holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisOption {
    /// A weight range outside 0 to below 100 %.
    #[error("weights may move by 0 to below 100 % of themselves, not {percent} %")]
    WeightRange {
        /// The percentage asked for.
        percent: Decimal,
    },
    /// A Monte Carlo of no runs.
    #[error("the Monte Carlo needs at least one run")]
    NoRuns,
    /// A board the spec does not define.
    #[error("no board '{board}'{}", closest_hint(.closest))]
    UnknownBoard {
        /// The board asked for (shortened if very long).
        board: String,
        /// The closest boards the spec defines, closest first.
        closest: Vec<String>,
    },
    /// A place the places file does not list.
    #[error("no {kind} '{place}'{}", closest_hint(.closest))]
    UnknownPlace {
        /// The board's kind of place (`road`, `neighborhood`).
        kind: String,
        /// The place asked for (shortened if very long).
        place: String,
        /// The closest places of that kind, closest first.
        closest: Vec<String>,
    },
    /// A place asked for that is on no board made.
    #[error("the place to explain is on no board made")]
    PlaceOnNoBoard,
    /// An explanation asked for without a place to explain.
    #[error("no place to explain: call explain_place first")]
    NoPlaceToExplain,
    /// A rolling window (`--rolling`, `rolling`) of other than 1 to 12 months, or ending with
    /// what is no month.
    #[error(
        "a rolling window is 1 to 12 months ending with a month, not {months} months ending with {period}"
    )]
    Rolling {
        /// The months asked for.
        months: u8,
        /// The period the window was to end with.
        period: String,
    },
    /// A history of no period, or of more than [`MOST_HISTORY`] (`--history`).
    #[error("a history covers 1 to {MOST_HISTORY} periods, not {periods}")]
    HistoryLength {
        /// The number of periods asked for.
        periods: usize,
    },
}

/// The most periods a history covers: five years of months, or two of weeks.
pub const MOST_HISTORY: usize = 120;

/// `; the closest: a, b`, or nothing when there are none.
fn closest_hint(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!("; the closest: {}", closest.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages are the words the crate printed when these kinds carried text: the goldens
    /// of bad inputs and the command line's output pin them.
    #[test]
    fn messages_are_the_words_printed_before() {
        let cases: [(Box<dyn std::error::Error>, &str); 8] = [
            (
                Box::new(MalformedRow::FieldCount {
                    found: 5,
                    expected: 4,
                }),
                "found 5 fields, but the header has 4",
            ),
            (
                Box::new(SourceUse::TableRowsForRecords {
                    source_id: "grid".into(),
                    kind: "grid".into(),
                }),
                "source 'grid' is of kind \"grid\": feed it records, not table rows",
            ),
            (
                Box::new(AnalysisOption::UnknownBoard {
                    board: "roads".into(),
                    closest: vec!["beautiful-roads".into(), "safe-roads".into()],
                }),
                "no board 'roads'; the closest: beautiful-roads, safe-roads",
            ),
            (
                Box::new(AnalysisOption::UnknownPlace {
                    kind: "road".into(),
                    place: "nowhere".into(),
                    closest: Vec::new(),
                }),
                "no road 'nowhere'",
            ),
            (
                Box::new(AnalysisOption::WeightRange {
                    percent: Decimal::from(100),
                }),
                "weights may move by 0 to below 100 % of themselves, not 100 %",
            ),
            (
                Box::new(Conflict::TwoCurves {
                    first: "goalposts".into(),
                    second: "bands".into(),
                }),
                "an indicator has one scoring curve: `goalposts` and `bands` are both set",
            ),
            (
                Box::new(BadKey::TableForList {
                    table: "boards".into(),
                }),
                "a single table `[boards]` where a list of them is expected: write `[[boards]]` (two brackets) before each",
            ),
            (
                Box::new(BadKey::UnknownOption {
                    value: "smaller".into(),
                    expected: "expected `higher` or `lower`".into(),
                }),
                "unknown variant `smaller`, expected `higher` or `lower`",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
        }
    }
}
