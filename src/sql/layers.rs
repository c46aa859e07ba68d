//! Columns computed in steps: each step may read the columns of the steps before it, and
//! becomes one `WITH` table (`SELECT *, … FROM` the one before), since SQL cannot read a
//! column in the `SELECT` that names it. Parsers of different columns share the steps.

/// The columns each step adds, as `(name, expression)`.
#[derive(Debug, Default)]
pub(crate) struct Layers {
    steps: Vec<Vec<(String, String)>>,
}

impl Layers {
    /// Adds column `name` at step `step` (from 0).
    pub(crate) fn add(&mut self, step: usize, name: impl Into<String>, expression: String) {
        if self.steps.len() <= step {
            self.steps.resize_with(step + 1, Vec::new);
        }
        self.steps[step].push((name.into(), expression));
    }

    /// The `WITH` tables, named `{prefix}1`, `{prefix}2`, …, the first reading `from`; and the
    /// name of the last (`from` when there is no step).
    #[cfg(test)]
    pub(crate) fn tables(&self, prefix: &str, from: &str) -> (Vec<(String, String)>, String) {
        self.tables_carrying(prefix, from, None)
    }

    /// As [`tables`](Self::tables), but the first step takes of `from` only the columns
    /// `carried` (and each step after it all the columns of the one before): the steps then
    /// copy only what they read, not every field of the record from one table to the next.
    pub(crate) fn tables_carrying(
        &self,
        prefix: &str,
        from: &str,
        carried: Option<&[String]>,
    ) -> (Vec<(String, String)>, String) {
        let mut tables = Vec::new();
        let mut last = from.to_owned();
        for (index, columns) in self.steps.iter().enumerate() {
            let name = format!("{prefix}{}", index + 1);
            let columns: Vec<String> = columns
                .iter()
                .map(|(column, expression)| format!("    {expression} AS {column}"))
                .collect();
            let kept = match carried {
                Some(carried) if index == 0 => carried.join(", "),
                _ => "*".to_owned(),
            };
            tables.push((
                name.clone(),
                format!("  SELECT {kept},\n{}\n  FROM {last}", columns.join(",\n")),
            ));
            last = name;
        }
        (tables, last)
    }

    /// The names of the columns the steps add, in the order added.
    pub(crate) fn added(&self) -> impl Iterator<Item = &str> {
        self.steps
            .iter()
            .flatten()
            .map(|(column, _)| column.as_str())
    }
}
