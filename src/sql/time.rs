//! Reading times in SQL exactly as the crate reads them (see the guide, "Times"):
//! `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD[ HH:MM[:SS]]`, `YYYY-MM-DDTHH:MM:SS`,
//! month, day and hour of one or two digits, impossible dates refused. Engines' own date
//! parsers differ in what they accept (SQLite takes `2018-02-30`, Spark returns NULL where
//! PostgreSQL fails), so the text is taken apart by position and checked here, in integers.
//!
//! A time becomes seconds since a fixed day in integers (days by the proleptic Gregorian
//! calendar, as `jiff` counts them), so that differences (`hours_to_close`) and the order of
//! copies of a repeated id are exact. Decided here: a fraction of a second (`09:03:27.5`),
//! which the crate reads, is a malformed time in SQL: seconds and nanoseconds do not fit one
//! 64-bit integer over the years a time may name.

use super::dialect::Dialect;
use super::layers::Layers;

/// Adds the steps that read the text column `text` as a time, under columns prefixed
/// `{p}_`: `{p}_ok` is 1 for a time the crate reads and 0 otherwise (an empty field
/// included), `{p}_sec` its seconds and `{p}_month` its month as `year × 12 + month − 1`
/// (both NULL unless `{p}_ok` is 1).
pub(crate) fn parse_time(layers: &mut Layers, dialect: Dialect, p: &str, text: &str) {
    take_apart(layers, dialect, p, text);
    check(layers, dialect, p);
    seconds_and_month(layers, dialect, p);
}

/// Steps 0 to 7: the text taken apart by position into year, month and day (`{p}_y`,
/// `{p}_mo`, `{p}_d`) and the clock's hour, minute and second (`{p}_h`, `{p}_mi`, `{p}_s`;
/// `{p}_clock` NULL without a clock), each still text.
fn take_apart(layers: &mut Layers, dialect: Dialect, p: &str, text: &str) {
    let pos = |haystack: &str, needle: &str| dialect.position(haystack, needle);
    layers.add(0, format!("{p}_y"), format!("substr({text}, 1, 4)"));
    layers.add(0, format!("{p}_sep"), format!("substr({text}, 5, 1)"));
    layers.add(0, format!("{p}_r1"), format!("substr({text}, 6)"));
    layers.add(
        1,
        format!("{p}_p1"),
        format!(
            "CASE WHEN {p}_sep IN ('-', '/') THEN {} ELSE 0 END",
            pos(&format!("{p}_r1"), &format!("{p}_sep"))
        ),
    );
    layers.add(
        2,
        format!("{p}_mo"),
        format!("CASE WHEN {p}_p1 > 0 THEN substr({p}_r1, 1, {p}_p1 - 1) ELSE '' END"),
    );
    layers.add(
        2,
        format!("{p}_r2"),
        format!("CASE WHEN {p}_p1 > 0 THEN substr({p}_r1, {p}_p1 + 1) ELSE '' END"),
    );
    layers.add(3, format!("{p}_pt"), pos(&format!("{p}_r2"), "'T'"));
    layers.add(3, format!("{p}_ps"), pos(&format!("{p}_r2"), "' '"));
    // The day ends at a `T` (only after `-` separators, and then no space may follow) or at
    // the first space (then any number of spaces); the clock is what follows, if anything.
    let at_t = format!("{p}_pt > 0 AND ({p}_ps = 0 OR {p}_pt < {p}_ps)");
    layers.add(
        4,
        format!("{p}_d"),
        format!(
            "CASE WHEN {at_t} THEN substr({p}_r2, 1, {p}_pt - 1) WHEN {p}_ps > 0 THEN substr({p}_r2, 1, {p}_ps - 1) ELSE {p}_r2 END"
        ),
    );
    layers.add(
        4,
        format!("{p}_clock"),
        format!(
            "CASE WHEN {at_t} THEN (CASE WHEN {p}_sep = '-' THEN substr({p}_r2, {p}_pt + 1) ELSE 'x' END) WHEN {p}_ps > 0 THEN ltrim(substr({p}_r2, {p}_ps + 1)) END"
        ),
    );
    layers.add(
        5,
        format!("{p}_p3"),
        format!("COALESCE({}, 0)", pos(&format!("{p}_clock"), "':'")),
    );
    layers.add(
        6,
        format!("{p}_h"),
        format!("CASE WHEN {p}_p3 > 0 THEN substr({p}_clock, 1, {p}_p3 - 1) ELSE '' END"),
    );
    layers.add(
        6,
        format!("{p}_r4"),
        format!("CASE WHEN {p}_p3 > 0 THEN substr({p}_clock, {p}_p3 + 1) ELSE '' END"),
    );
    let colon = pos(&format!("{p}_r4"), "':'");
    layers.add(
        7,
        format!("{p}_mi"),
        format!("CASE WHEN {colon} > 0 THEN substr({p}_r4, 1, {colon} - 1) ELSE {p}_r4 END"),
    );
    layers.add(
        7,
        format!("{p}_s"),
        format!("CASE WHEN {colon} > 0 THEN substr({p}_r4, {colon} + 1) ELSE '00' END"),
    );
}

/// Steps 8 to 10: whether the parts have the form of a time (`{p}_form`), their integers, and
/// whether they name a time that exists (`{p}_ok`).
fn check(layers: &mut Layers, dialect: Dialect, p: &str) {
    let digits = |column: String, min: usize, max: usize| {
        format!(
            "(length({column}) BETWEEN {min} AND {max} AND {})",
            dialect.digits(&column)
        )
    };
    // The form: digits where digits belong, and a clock only as a whole.
    let form = [
        digits(format!("{p}_y"), 4, 4),
        digits(format!("{p}_mo"), 1, 2),
        digits(format!("{p}_d"), 1, 2),
        format!(
            "({p}_clock IS NULL OR ({} AND {} AND {}))",
            digits(format!("{p}_h"), 1, 2),
            digits(format!("{p}_mi"), 2, 2),
            digits(format!("{p}_s"), 2, 2)
        ),
    ]
    .join(" AND ");
    layers.add(
        8,
        format!("{p}_form"),
        format!("CASE WHEN {form} THEN 1 ELSE 0 END"),
    );
    // Integers, read only from text of the right form (PostgreSQL fails on a bad cast).
    let number = |part: &str, otherwise: &str| {
        format!(
            "CASE WHEN {p}_form = 1 THEN {} END",
            if otherwise.is_empty() {
                dialect.integer(&format!("{p}_{part}"))
            } else {
                format!(
                    "(CASE WHEN {p}_clock IS NULL THEN {otherwise} ELSE {} END)",
                    dialect.integer(&format!("{p}_{part}"))
                )
            }
        )
    };
    layers.add(9, format!("{p}_year"), number("y", ""));
    layers.add(9, format!("{p}_month_of_year"), number("mo", ""));
    layers.add(9, format!("{p}_day"), number("d", ""));
    layers.add(9, format!("{p}_hour"), number("h", "0"));
    layers.add(9, format!("{p}_minute"), number("mi", "0"));
    layers.add(9, format!("{p}_second"), number("s", "0"));
    let (year, month, day) = (
        format!("{p}_year"),
        format!("{p}_month_of_year"),
        format!("{p}_day"),
    );
    let leap = format!("(({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0)");
    let days_in_month = format!(
        "CASE WHEN {month} IN (4, 6, 9, 11) THEN 30 WHEN {month} = 2 THEN (CASE WHEN {leap} THEN 29 ELSE 28 END) ELSE 31 END"
    );
    layers.add(
        10,
        format!("{p}_ok"),
        format!(
            "CASE WHEN {p}_form = 1 AND {month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND {days_in_month} AND {p}_hour <= 23 AND {p}_minute <= 59 AND {p}_second <= 59 THEN 1 ELSE 0 END"
        ),
    );
}

/// Step 11: a time that exists as seconds since a fixed day (`{p}_sec`) and as its month
/// (`{p}_month`).
fn seconds_and_month(layers: &mut Layers, dialect: Dialect, p: &str) {
    let (year, month, day) = (
        format!("{p}_year"),
        format!("{p}_month_of_year"),
        format!("{p}_day"),
    );
    // Days since a fixed day: years shifted by 400 (a whole cycle of the calendar) so that
    // every term is positive and integer division rounds down.
    let shifted = format!("({year} + 400 - (CASE WHEN {month} <= 2 THEN 1 ELSE 0 END))");
    let march_based = format!("(({month} + 9) % 12)");
    let days = format!(
        "(365 * {shifted} + {} - {} + {} + {} + {day} - 1)",
        dialect.divide(&shifted, "4"),
        dialect.divide(&shifted, "100"),
        dialect.divide(&shifted, "400"),
        dialect.divide(&format!("(153 * {march_based} + 2)"), "5"),
    );
    layers.add(
        11,
        format!("{p}_sec"),
        format!(
            "CASE WHEN {p}_ok = 1 THEN {days} * 86400 + {p}_hour * 3600 + {p}_minute * 60 + {p}_second END"
        ),
    );
    layers.add(
        11,
        format!("{p}_month"),
        format!("CASE WHEN {p}_ok = 1 THEN {year} * 12 + {month} - 1 END"),
    );
}

/// How many steps [`parse_time`] takes.
pub(crate) const STEPS: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each text read by the query on SQLite: its `t_ok` and `t_sec`.
    fn read_on_sqlite(texts: &[String]) -> Vec<(i64, Option<i64>)> {
        let mut layers = Layers::default();
        parse_time(&mut layers, Dialect::Sqlite, "t", "c0");
        let (tables, last) = layers.tables("step", "record");
        let values: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(n, text)| format!("SELECT {n} AS n, {} AS c0", Dialect::Sqlite.string(text)))
            .collect();
        let mut with = vec![format!("record AS ({})", values.join(" UNION ALL "))];
        with.extend(
            tables
                .iter()
                .map(|(name, body)| Dialect::Sqlite.common_table(name, body)),
        );
        let sql = format!(
            "WITH {} SELECT t_ok, t_sec FROM {last} ORDER BY n",
            with.join(",\n")
        );
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        let mut statement = connection.prepare(&sql).unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// What the crate reads: `None` for a malformed or empty time (fractions of a second
    /// count as malformed in SQL: see the module's doc), else its seconds from 2000-01-01.
    /// The forms offices write (`2024年5月18日`, `2024.5.18`, full-width digits), which the
    /// crate reads after the others, are malformed in SQL (see the guide, "Times"): the
    /// query counts them among its malformed rows, never reads them otherwise.
    fn read_by_the_crate(text: &str) -> Option<i64> {
        let time = crate::source::field::time(text).ok()??;
        if time.subsec_nanosecond() != 0 || text.contains('.') || !text.is_ascii() {
            return None;
        }
        let epoch = jiff::civil::date(2000, 1, 1).at(0, 0, 0, 0);
        Some(time.duration_since(epoch).as_secs())
    }

    /// The texts of times, well formed or nearly: the parts in one or two digits, the
    /// separators of every form, and slips.
    fn time_text() -> impl Strategy<Value = String> {
        let part = |max: u32| {
            (0..=max).prop_flat_map(|n| {
                prop_oneof![
                    Just(n.to_string()),
                    Just(format!("{n:02}")),
                    Just(format!("{n:03}"))
                ]
            })
        };
        (
            prop_oneof![
                Just("2018".to_owned()),
                Just("2000".to_owned()),
                Just("2024".to_owned()),
                Just("0400".to_owned()),
                Just("201".to_owned())
            ],
            prop_oneof![Just("-"), Just("/"), Just("."), Just("-"), Just("年")],
            part(13),
            prop_oneof![Just("-"), Just("/"), Just("."), Just("月")],
            part(32),
            prop_oneof![Just(""), Just(" "), Just("  "), Just("T"), Just("t")],
            part(24),
            part(60),
            prop_oneof![Just(None), Just(Some(0u32)), Just(Some(59)), Just(Some(60))],
        )
            .prop_map(|(year, sep, month, sep2, day, gap, hour, minute, second)| {
                let day_end = if sep2 == "月" { "日" } else { "" };
                let mut text = format!("{year}{sep}{month}{sep2}{day}{day_end}");
                if !gap.is_empty() {
                    text.push_str(&format!("{gap}{hour}:{minute}"));
                    if let Some(second) = second {
                        text.push_str(&format!(":{second:02}"));
                    }
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]
        /// The query reads every time as the crate does: the same texts malformed, and the
        /// same seconds between the others.
        #[test]
        fn the_query_reads_times_as_the_crate_does(texts in proptest::collection::vec(time_text(), 64)) {
            let mut texts = texts;
            texts.push("2000-01-01".to_owned());
            let read = read_on_sqlite(&texts);
            let epoch = read.last().and_then(|(_, sec)| *sec).unwrap();
            for (text, (ok, sec)) in texts.iter().zip(read) {
                let expected = read_by_the_crate(text);
                prop_assert_eq!(ok == 1, expected.is_some(), "{}", text);
                prop_assert_eq!(sec.map(|sec| sec - epoch), expected, "{}", text);
            }
        }
    }

    #[test]
    fn a_time_takes_its_steps() {
        let mut layers = Layers::default();
        parse_time(&mut layers, Dialect::Sqlite, "t", "c1");
        let (tables, last) = layers.tables("step", "record");
        assert_eq!(tables.len(), STEPS);
        assert_eq!(last, format!("step{STEPS}"));
    }
}
