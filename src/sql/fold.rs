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

use unicode_normalization::UnicodeNormalization;

use super::dialect::Dialect;

/// How many `replace` calls one step nests: parsers recurse once a call (SQLite refuses
/// expressions deeper than 1000, `sqlparser` by default beyond 50).
const PER_STEP: usize = 40;

/// Every character (but those NFKC leaves alone) whose NFKC holds a character of `alphabet`,
/// with its NFKC, in code-point order.
pub(crate) fn foldings(alphabet: &BTreeSet<char>) -> Vec<(char, String)> {
    (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let folded: String = std::iter::once(c).nfkc().collect();
            let mut chars = folded.chars();
            let unchanged = chars.next() == Some(c) && chars.next().is_none();
            (!unchanged && folded.chars().any(|f| alphabet.contains(&f))).then_some((c, folded))
        })
        .collect()
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
        assert!(!foldings.iter().any(|(c, _)| *c == 'Ａ'));
    }
}
