//! NFKC in engines that cannot fold it: the crate compares names, ids, filter values and
//! decimals after NFKC (`天山３村` is `天山3村`), and of the four engines only PostgreSQL has
//! `normalize(…, NFKC)`. For the others the query folds by `replace`, but only the characters
//! that matter: every character whose NFKC holds a character of the texts the query compares
//! against (the places table's keys, the filters' values, the digits, point and signs of
//! decimals). A character that folds into none of those cannot make a field equal a key nor
//! complete a key inside an address, folded or not.
//!
//! Decided here: the folding is character by character, which is NFKC for all but combining
//! sequences (a letter and a separate accent, Hangul jamo), which municipal exports do not
//! carry; the guide says so.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::dialect::Dialect;

/// How many `replace` calls one step nests: parsers recurse once a call (`sqlparser` by
/// default refuses more than 50 levels).
const PER_STEP: usize = 40;

/// The full-width forms of ASCII (`Ｇ１` for `G1`), which Chinese input methods type: folded in
/// every compared field whatever the alphabet, so that ids (which no key or value lists) fold
/// as the crate folds them.
const FULL_WIDTH: std::ops::RangeInclusive<char> = '\u{FF01}'..='\u{FF5E}';

/// Every character (but those NFKC leaves alone) whose NFKC holds a character of `alphabet`,
/// and every full-width form of ASCII, with its NFKC, in code-point order.
pub(crate) fn foldings(alphabet: &BTreeSet<char>) -> Vec<(char, String)> {
    changed_by_nfkc()
        .iter()
        .filter(|(c, folded)| {
            FULL_WIDTH.contains(c) || folded.chars().any(|f| alphabet.contains(&f))
        })
        .cloned()
        .collect()
}

/// Every character NFKC changes, with its NFKC, in code-point order: about five thousand of
/// the 1.1 million code points, found once a process. Normalizing every code point took a
/// tenth of a second a query in a release build (seconds in a test build); the quick check
/// answers "unchanged" for almost all of them from a table.
pub(super) fn changed_by_nfkc() -> &'static [(char, String)] {
    static CHANGED: OnceLock<Vec<(char, String)>> = OnceLock::new();
    CHANGED.get_or_init(|| {
        (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes)
            .filter_map(|c| {
                let folded: String = std::iter::once(c).nfkc().collect();
                let mut chars = folded.chars();
                let unchanged = chars.next() == Some(c) && chars.next().is_none();
                (!unchanged).then_some((c, folded))
            })
            .collect()
    })
}

/// The `WITH` tables that fold the columns `folded` of `columns` (all the columns of `from`,
/// in order), named `fold1`, `fold2`, …, and the last table's name. The last step trims the
/// folded columns again, as NFKC may turn an ideographic space into a plain one.
pub(crate) fn fold_tables(
    dialect: Dialect,
    columns: &[String],
    folded: &[bool],
    foldings: &[(char, String)],
    from: &str,
) -> (Vec<(String, String)>, String) {
    let mut tables = Vec::new();
    let mut last = from.to_owned();
    if dialect == Dialect::Postgres || foldings.is_empty() || !folded.contains(&true) {
        return (tables, last);
    }
    if dialect == Dialect::Sqlite {
        return walk_tables(columns, folded, foldings, from);
    }
    // One character for one: a single `translate` where the engine has it (Spark's counts
    // UTF-16 units, so it takes the Basic Multilingual Plane only); the rest by `replace`.
    let one_for_one = |from: char, to: &str| -> Option<char> {
        let mut chars = to.chars();
        let (Some(single), None) = (chars.next(), chars.next()) else {
            return None;
        };
        match dialect {
            Dialect::DuckDb => Some(single),
            Dialect::Spark if (from as u32) < 0x10000 && (single as u32) < 0x10000 => Some(single),
            _ => None,
        }
    };
    let mut sources = String::new();
    let mut targets = String::new();
    let mut replaced: Vec<(char, String)> = Vec::new();
    for (from, to) in foldings {
        match one_for_one(*from, to) {
            Some(single) => {
                sources.push(*from);
                targets.push(single);
            }
            None => replaced.push((*from, to.clone())),
        }
    }
    let mut steps: Vec<Vec<String>> = Vec::new();
    let mut first: Vec<String> = Vec::new();
    if !sources.is_empty() {
        first.push(format!(
            "translate({{}}, {}, {})",
            dialect.string(&sources),
            dialect.string(&targets)
        ));
    }
    let mut chunks = replaced.chunks(PER_STEP);
    if let Some(chunk) = chunks.next() {
        first.extend(chunk.iter().map(|(from, to)| {
            format!(
                "replace({{}}, {}, {})",
                dialect.string(&from.to_string()),
                dialect.string(to)
            )
        }));
    }
    steps.push(first);
    for chunk in chunks {
        steps.push(
            chunk
                .iter()
                .map(|(from, to)| {
                    format!(
                        "replace({{}}, {}, {})",
                        dialect.string(&from.to_string()),
                        dialect.string(to)
                    )
                })
                .collect(),
        );
    }
    // Where the engine can tell, only rows with a field outside ASCII and the common CJK
    // ideographs are folded: nearly every row keeps its fields as they are.
    let stable: Vec<String> = columns
        .iter()
        .zip(folded)
        .filter(|(_, fold)| **fold)
        .filter_map(|(column, _)| dialect.stable(column))
        .collect();
    let guarded = !stable.is_empty();
    let mut columns = columns.to_vec();
    let mut folded = folded.to_vec();
    if guarded {
        tables.push((
            "fold0".to_owned(),
            format!(
                "  SELECT *, CASE WHEN {} THEN 0 ELSE 1 END AS needs_fold\n  FROM {last}",
                stable.join(" AND ")
            ),
        ));
        last = "fold0".to_owned();
        columns.push("needs_fold".to_owned());
        folded.push(false);
    }
    for (index, calls) in steps.iter().enumerate() {
        let final_step = index + 1 == steps.len();
        let select: Vec<String> = columns
            .iter()
            .zip(&folded)
            .map(|(column, &fold)| {
                if !fold {
                    return format!("    {column}");
                }
                let mut expression = column.clone();
                for call in calls {
                    expression = call.replacen("{}", &expression, 1);
                }
                if final_step {
                    expression = dialect.trim(&expression);
                }
                if guarded {
                    expression =
                        format!("CASE WHEN needs_fold = 1 THEN {expression} ELSE {column} END");
                }
                format!("    {expression} AS {column}")
            })
            .collect();
        let name = format!("fold{}", index + 1);
        tables.push((
            name.clone(),
            format!("  SELECT\n{}\n  FROM {last}", select.join(",\n")),
        ));
        last = name;
    }
    (tables, last)
}

/// SQLite's folding, which has no `translate`: nested `replace` calls overflow the parser
/// stack of SQLite builds with the default 100 entries (Debian 12's 3.40 at about 31 calls),
/// and chaining many steps of a few calls each passes the nesting limit of `WITH` tables
/// (3.54 refuses about 60). Instead, the rows that need it (a field holding a character
/// outside ASCII and U+3400–U+9FFF, by `GLOB`) are walked character by character in one
/// recursive table, each character looked up in the foldings written as `VALUES`: the
/// query's depth no longer grows with the foldings. `columns[0]` is the row's number (`rid`).
fn walk_tables(
    columns: &[String],
    folded: &[bool],
    foldings: &[(char, String)],
    from: &str,
) -> (Vec<(String, String)>, String) {
    let dialect = Dialect::Sqlite;
    let mut tables = Vec::new();
    let targets: Vec<(usize, &String)> = columns
        .iter()
        .enumerate()
        .filter(|(index, _)| folded.get(*index).copied().unwrap_or(false))
        .collect();
    let stable: Vec<String> = targets
        .iter()
        .filter_map(|(_, column)| dialect.stable(column))
        .collect();
    tables.push((
        "fold0".to_owned(),
        format!(
            "  SELECT *, CASE WHEN {} THEN 0 ELSE 1 END AS needs_fold\n  FROM {from}",
            stable.join(" AND ")
        ),
    ));
    let pairs: Vec<String> = foldings
        .iter()
        .map(|(from, to)| {
            format!(
                "({}, {})",
                dialect.string(&from.to_string()),
                dialect.string(to)
            )
        })
        .collect();
    tables.push((
        "fold_map".to_owned(),
        format!(
            "  SELECT column1 AS ch, column2 AS nfkc FROM (VALUES {})",
            pairs.join(", ")
        ),
    ));
    // Each `WITH` table is referred to once: SQLite 3.54 expands every reference anew and
    // refuses a query whose expansions open 1000 cursors. The fields enter the walk as rows
    // (`col` numbering them) and leave it as columns again (`fold_back`).
    let numbers: Vec<String> = targets
        .iter()
        .map(|(index, _)| format!("({index})"))
        .collect();
    let pick: Vec<String> = targets
        .iter()
        .map(|(index, column)| format!(" WHEN {index} THEN f.{column}"))
        .collect();
    tables.push((
        "fold_walk".to_owned(),
        format!(
            "  SELECT f.rid, k.column1 AS col, '' AS done, CASE k.column1{} END AS rest\n  FROM fold0 f\n  CROSS JOIN (VALUES {}) k\n  WHERE f.needs_fold = 1\n  UNION ALL\n  SELECT w.rid, w.col, w.done || COALESCE(m.nfkc, substr(w.rest, 1, 1)), substr(w.rest, 2)\n  FROM fold_walk w\n  LEFT JOIN fold_map m ON m.ch = substr(w.rest, 1, 1)\n  WHERE w.rest <> ''",
            pick.concat(),
            numbers.join(", ")
        ),
    ));
    let back: Vec<String> = targets
        .iter()
        .map(|(index, _)| format!("MAX(CASE WHEN col = {index} THEN done END) AS d{index}"))
        .collect();
    tables.push((
        "fold_back".to_owned(),
        format!(
            "  SELECT rid, {}\n  FROM fold_walk\n  WHERE rest = ''\n  GROUP BY rid",
            back.join(", ")
        ),
    ));
    let select: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            if !folded.get(index).copied().unwrap_or(false) {
                return format!("    f.{column}");
            }
            format!(
                "    CASE WHEN f.needs_fold = 1 THEN {} ELSE f.{column} END AS {column}",
                dialect.trim(&format!("b.d{index}"))
            )
        })
        .collect();
    tables.push((
        "fold1".to_owned(),
        format!(
            "  SELECT\n{}\n  FROM fold0 f\n  LEFT JOIN fold_back b ON b.rid = f.rid",
            select.join(",\n")
        ),
    ));
    (tables, "fold1".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_radicals_fold_into_the_alphabet() {
        let alphabet: BTreeSet<char> = "天山3村".chars().collect();
        let foldings = foldings(&alphabet);
        assert!(foldings.contains(&('３', "3".to_owned())));
        assert!(foldings.contains(&('⼭', "山".to_owned())));
        assert!(foldings.contains(&('③', "3".to_owned())));
        assert!(!foldings.iter().any(|(c, _)| *c == 'Ⓐ'));
        assert!(foldings.contains(&('Ｇ', "G".to_owned())));
    }

    /// The quick check skips only characters NFKC leaves alone: the table equals normalizing
    /// every code point.
    #[test]
    fn the_quick_check_skips_no_character_nfkc_changes() {
        let every: Vec<(char, String)> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let folded: String = std::iter::once(c).nfkc().collect();
                (folded != c.to_string()).then_some((c, folded))
            })
            .collect();
        assert_eq!(changed_by_nfkc(), every.as_slice());
    }
}
