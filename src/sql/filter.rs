//! `where`, `of` and `exclude` in SQL: a condition holds when the record's column, trimmed
//! (and, in PostgreSQL, folded to NFKC), is one of the listed values, which the crate has
//! already trimmed and folded. That is the "written lookup" of filter values: the values are
//! written into the query in the form the crate compares them in.

use super::dialect::Dialect;
use crate::measure::Filter;

/// The SQL condition of `filter` (`1 = 1` for the empty filter); `column` gives the
/// expression of a column the spec names (its plan column).
pub(crate) fn condition(
    dialect: Dialect,
    filter: &Filter,
    column: &impl Fn(&str) -> String,
) -> String {
    let conditions: Vec<String> = filter
        .conditions()
        .iter()
        .map(|condition| {
            let values: Vec<String> = condition
                .values
                .iter()
                .map(|value| dialect.string(value))
                .collect();
            format!("{} IN ({})", column(&condition.column), values.join(", "))
        })
        .collect();
    if conditions.is_empty() {
        "1 = 1".to_owned()
    } else {
        conditions.join(" AND ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_condition_must_hold() {
        let mut filter = Filter::default();
        filter.require("category", vec!["市容环境".into(), " 街面秩序 ".into()]);
        filter.require("type", vec!["投诉".into()]);
        let column = |name: &str| format!("c_{name}");
        assert_eq!(
            condition(Dialect::Sqlite, &filter, &column),
            "c_category IN ('市容环境', '街面秩序') AND c_type IN ('投诉')"
        );
        assert_eq!(
            condition(Dialect::Sqlite, &Filter::default(), &column),
            "1 = 1"
        );
    }
}
