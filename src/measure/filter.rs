//! `where` and `of` filters: which records an indicator counts.

use crate::name::normalize;

/// All conditions must hold; a condition holds when the record's column, after trim + NFKC,
/// equals one of the listed values (also compared after trim + NFKC). The empty filter passes
/// every record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    conditions: Vec<Condition>,
}

/// One column and the values it may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Condition {
    /// The column as the spec names it: a canonical name or a header.
    pub(crate) column: String,
    /// The accepted values, normalized.
    pub(crate) values: Vec<String>,
}

impl Filter {
    /// Adds the condition that `column` takes one of `values`.
    pub(crate) fn require(&mut self, column: &str, values: Vec<String>) {
        let values = values
            .iter()
            .map(|value| normalize(value).into_owned())
            .collect();
        self.conditions.push(Condition {
            column: column.to_owned(),
            values,
        });
    }

    /// The conditions, in the order of their columns.
    pub(crate) fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// Whether a record passes, given each condition's field in order.
    pub(crate) fn passes<'a>(&self, fields: impl IntoIterator<Item = &'a str>) -> bool {
        self.conditions
            .iter()
            .zip(fields)
            .all(|(condition, field)| {
                let field = normalize(field);
                condition.values.iter().any(|value| *value == field)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_conditions_must_hold_after_normalization() {
        let mut filter = Filter::default();
        filter.require("category", vec!["市容环境".into(), "街面秩序".into()]);
        filter.require("type", vec!["投诉".into()]);
        assert!(filter.passes([" 街面秩序 ", "投诉"]));
        assert!(!filter.passes(["街面秩序", "咨询"]));
        assert!(!filter.passes(["", "投诉"]));
        assert!(Filter::default().passes([]));
    }

    #[test]
    fn full_width_values_match() {
        let mut filter = Filter::default();
        filter.require("grade", vec!["A1".into()]);
        assert!(filter.passes(["Ａ１"]));
    }
}
