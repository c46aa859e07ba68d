//! Reading a decimal field in SQL exactly, as a 64-bit integer of millionths: engines' own
//! decimals differ (SQLite has none, only binary floats, in which 0.1 + 0.2 ≠ 0.3), integers
//! they all add exactly.
//!
//! The form is the crate's (an optional sign, digits with at most one point among them, at
//! least one digit). Decided here: a value with more than [`DECIMALS`] decimals or more than
//! [`WHOLE_DIGITS`] digits before the point, which the crate reads, is a malformed value in
//! SQL, never rounded; so are full-width digits, which the crate folds by NFKC.

use super::dialect::Dialect;
use super::layers::Layers;

/// Decimals kept: values are read as integers of 10⁻⁶.
pub(crate) const DECIMALS: usize = 6;
/// Digits before the point: with 6 decimals, any one value fits 2⁶³. (A sum past 2⁶³
/// millionths, 9.2 × 10¹², is an error in SQLite and PostgreSQL keeps it exactly; the guide
/// warns of Spark, whose sums wrap.)
pub(crate) const WHOLE_DIGITS: usize = 12;

/// Adds the steps that read the text column `text` as a decimal under columns prefixed
/// `{p}_`: `{p}_bad` is 1 for a non-empty field that is not such a decimal, `{p}_value` the
/// value in millionths (NULL for an empty or bad field). Takes steps 0 to 3.
pub(crate) fn parse_decimal(layers: &mut Layers, dialect: Dialect, p: &str, text: &str) {
    layers.add(
        0,
        format!("{p}_sign"),
        format!(
            "CASE WHEN substr({text}, 1, 1) IN ('+', '-') THEN substr({text}, 1, 1) ELSE '' END"
        ),
    );
    layers.add(
        1,
        format!("{p}_u"),
        format!("substr({text}, length({p}_sign) + 1)"),
    );
    layers.add(
        2,
        format!("{p}_dot"),
        dialect.position(&format!("{p}_u"), "'.'"),
    );
    layers.add(
        3,
        format!("{p}_whole"),
        format!("CASE WHEN {p}_dot > 0 THEN substr({p}_u, 1, {p}_dot - 1) ELSE {p}_u END"),
    );
    layers.add(
        3,
        format!("{p}_fraction"),
        format!("CASE WHEN {p}_dot > 0 THEN substr({p}_u, {p}_dot + 1) ELSE '' END"),
    );
    let part = |column: String, max: usize| {
        format!(
            "({column} = '' OR (length({column}) <= {max} AND {}))",
            dialect.digits(&column)
        )
    };
    let ok = format!(
        "{} AND {} AND ({p}_whole <> '' OR {p}_fraction <> '')",
        part(format!("{p}_whole"), WHOLE_DIGITS),
        part(format!("{p}_fraction"), DECIMALS)
    );
    layers.add(
        4,
        format!("{p}_bad"),
        format!("CASE WHEN {text} = '' OR ({ok}) THEN 0 ELSE 1 END"),
    );
    let padding = "0".repeat(DECIMALS);
    let magnitude = format!(
        "({} * 1{padding} + {})",
        dialect.integer(&format!("('0' || {p}_whole)")),
        dialect.integer(&format!(
            "substr({p}_fraction || '{padding}', 1, {DECIMALS})"
        ))
    );
    layers.add(
        4,
        format!("{p}_value"),
        format!(
            "CASE WHEN {text} <> '' AND {ok} THEN (CASE WHEN {p}_sign = '-' THEN -1 ELSE 1 END) * {magnitude} END"
        ),
    );
}
