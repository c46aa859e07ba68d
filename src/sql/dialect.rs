//! The SQL dialects `livability sql` writes, and the few spellings in which they differ: how
//! a name and a string are quoted, how a substring is found, how integers divide, how text is
//! trimmed of Unicode whitespace and tested for digits.
//!
//! Every query is otherwise the same text, built of what the four engines share: `WITH`,
//! `CASE`, `substr`, `length`, `||`, `ROW_NUMBER() OVER (PARTITION BY …)`, `GROUP BY`.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Location};

/// An engine whose SQL `livability sql` writes.
///
/// ```
/// use livability::sql::Dialect;
///
/// let dialect: Dialect = "duckdb".parse()?;
/// assert_eq!(dialect, Dialect::DuckDb);
/// assert_eq!(Dialect::Spark.as_str(), "spark");
/// assert!("mysql".parse::<Dialect>().is_err());
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// Spark SQL (and Hive, Databricks): backquoted names, backslash escapes in strings,
    /// `DIV` for integer division.
    Spark,
    /// DuckDB: `//` for integer division.
    DuckDb,
    /// PostgreSQL 13 or later: the only engine here that can fold text to NFKC
    /// (`normalize(…, NFKC)`), so only its queries compare names exactly as the crate does.
    Postgres,
    /// SQLite 3.25 or later (window functions).
    Sqlite,
}

/// Unicode's whitespace, which the crate trims from every field (Rust's `char::is_whitespace`).
const WHITESPACE: [u32; 25] = [
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
    0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
];

impl Dialect {
    /// Every dialect, in the order of the command's `--dialect` values.
    pub const ALL: [Dialect; 4] = [
        Dialect::Spark,
        Dialect::DuckDb,
        Dialect::Postgres,
        Dialect::Sqlite,
    ];

    /// The dialect's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Spark => "spark",
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// A table or column name, quoted.
    pub(crate) fn name(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A string literal.
    pub(crate) fn string(self, text: &str) -> String {
        match self {
            // Spark reads backslash escapes in string literals; a quote is written `\u0027`,
            // which no tokenizer can take for the string's end.
            Dialect::Spark => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\u0027")),
            _ => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// The position (from 1) of `needle` in `haystack`, 0 when absent.
    pub(crate) fn position(self, haystack: &str, needle: &str) -> String {
        match self {
            Dialect::Postgres | Dialect::DuckDb => format!("strpos({haystack}, {needle})"),
            Dialect::Spark | Dialect::Sqlite => format!("instr({haystack}, {needle})"),
        }
    }

    /// `a ÷ b` in integers, rounded toward zero (both are never negative here).
    /// `a` followed by `b` (Spark's `||` is not in every version; `concat` is).
    pub(crate) fn concat(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Spark => format!("concat({a}, {b})"),
            _ => format!("({a} || {b})"),
        }
    }

    pub(crate) fn divide(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Spark => format!("({a} DIV {b})"),
            Dialect::DuckDb => format!("({a} // {b})"),
            Dialect::Postgres | Dialect::Sqlite => format!("({a} / {b})"),
        }
    }

    /// Whether `text` is one or more ASCII digits.
    pub(crate) fn digits(self, text: &str) -> String {
        match self {
            Dialect::Spark => format!("{text} RLIKE '^[0-9]+$'"),
            Dialect::DuckDb => format!("regexp_full_match({text}, '[0-9]+')"),
            Dialect::Postgres => format!("{text} ~ '^[0-9]+$'"),
            // Without regular expressions: digits only when trimming the digits leaves nothing.
            Dialect::Sqlite => format!("({text} <> '' AND trim({text}, '0123456789') = '')"),
        }
    }

    /// Whether `text` holds only characters NFKC leaves alone and nothing can combine with:
    /// ASCII and U+3400–U+9FFF, nearly all of municipal text (the crate's own fast path); `None`
    /// where the query does not fold (PostgreSQL normalizes every field itself).
    pub(crate) fn stable(self, text: &str) -> Option<String> {
        let class = r"[\x00-\x7F\x{3400}-\x{9FFF}]*";
        match self {
            Dialect::Spark => Some(format!(
                "{text} RLIKE {}",
                self.string(&format!("^{class}$"))
            )),
            Dialect::DuckDb => Some(format!("regexp_full_match({text}, {})", self.string(class))),
            // No regular expressions, but GLOB's classes take ranges of any characters (a
            // field holds no NUL, so the class starts at U+0001).
            Dialect::Sqlite => Some(format!(
                "NOT ({text} GLOB '*[^' || char(1) || '-' || char(127) || char(13312) || '-' || char(40959) || ']*')"
            )),
            Dialect::Postgres => None,
        }
    }

    /// `value` as text.
    pub(crate) fn text(self, value: &str) -> String {
        match self {
            Dialect::Spark => format!("CAST({value} AS STRING)"),
            Dialect::DuckDb => format!("CAST({value} AS VARCHAR)"),
            Dialect::Postgres | Dialect::Sqlite => format!("CAST({value} AS TEXT)"),
        }
    }

    /// Text of digits as a 64-bit integer (only ever applied to text of at most 18 digits).
    pub(crate) fn integer(self, text: &str) -> String {
        match self {
            Dialect::Sqlite => format!("CAST({text} AS INTEGER)"),
            _ => format!("CAST({text} AS BIGINT)"),
        }
    }

    /// A column's field as the crate reads it: as text, a NULL as empty, trimmed of Unicode
    /// whitespace and (in PostgreSQL) folded to NFKC and trimmed again (the other engines fold
    /// in later steps: see `fold`).
    pub(crate) fn field(self, column: &str) -> String {
        let text = self.trim(&format!("COALESCE({}, '')", self.text(column)));
        match self {
            Dialect::Postgres => self.trim(&format!("normalize({text}, NFKC)")),
            _ => text,
        }
    }

    /// `text` trimmed of Unicode whitespace.
    pub(crate) fn trim(self, text: &str) -> String {
        let whitespace = self.whitespace();
        match self {
            Dialect::Spark => format!("trim(BOTH {whitespace} FROM {text})"),
            Dialect::Postgres => format!("btrim({text}, {whitespace})"),
            // DuckDB trims a set of 25 characters slowly: fields that plainly start and end
            // with no whitespace (printable ASCII, or U+4000 and up: the crate's fast path) are
            // left as they are, at a third of the cost.
            Dialect::DuckDb => {
                let plain =
                    |code: String| format!("({code} BETWEEN 33 AND 126 OR {code} >= 16384)");
                format!(
                    "CASE WHEN {} AND {} THEN {text} ELSE trim({text}, {whitespace}) END",
                    plain(format!("unicode({text})")),
                    plain(format!("unicode(right({text}, 1))"))
                )
            }
            Dialect::Sqlite => format!("trim({text}, {whitespace})"),
        }
    }

    /// The characters [`WHITESPACE`] as a string expression.
    fn whitespace(self) -> String {
        match self {
            Dialect::Sqlite => {
                let codes: Vec<String> = WHITESPACE.iter().map(u32::to_string).collect();
                format!("char({})", codes.join(", "))
            }
            Dialect::Spark => {
                let escapes: String = WHITESPACE.iter().map(|c| format!("\\u{c:04X}")).collect();
                format!("'{escapes}'")
            }
            Dialect::Postgres => {
                let escapes: String = WHITESPACE.iter().map(|c| format!("\\{c:04X}")).collect();
                format!("U&'{escapes}'")
            }
            Dialect::DuckDb => {
                let codes: Vec<String> = WHITESPACE.iter().map(|c| format!("chr({c})")).collect();
                format!("({})", codes.join(" || "))
            }
        }
    }

    /// A number for each row, distinct within one reading of the source.
    pub(crate) fn row_number(self) -> &'static str {
        match self {
            // Spark numbers rows of an unordered window only by moving them all to one task.
            Dialect::Spark => "monotonically_increasing_id()",
            _ => "ROW_NUMBER() OVER ()",
        }
    }

    /// A `WITH` table that the engine computes once, never inlined into the next: each step
    /// of a query reads the columns of the step before several times, so an engine that
    /// substitutes one step's expressions into the next (SQLite and PostgreSQL flatten
    /// subqueries) would evaluate a tree growing threefold a step. SQLite and DuckDB keep the
    /// table (`MATERIALIZED`); PostgreSQL is fenced by `OFFSET 0`, which stops the flattening
    /// but streams the rows; Spark does not collapse projections that would repeat work.
    pub(crate) fn common_table(self, name: &str, body: &str) -> String {
        match self {
            Dialect::Sqlite | Dialect::DuckDb => format!("{name} AS MATERIALIZED (\n{body}\n)"),
            Dialect::Postgres => format!("{name} AS (\n{body}\n  OFFSET 0\n)"),
            Dialect::Spark => format!("{name} AS (\n{body}\n)"),
        }
    }

    /// A text comparison in code-point order, whatever the database's collation.
    pub(crate) fn binary(self, text: &str) -> String {
        match self {
            Dialect::Postgres => format!("{text} COLLATE \"C\""),
            _ => text.to_owned(),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = Error;

    /// `spark` (or `hive`, `databricks`), `duckdb`, `postgres` (or `postgresql`), `sqlite`.
    fn from_str(text: &str) -> Result<Dialect, Error> {
        match text.trim().to_ascii_lowercase().as_str() {
            "spark" | "hive" | "databricks" => Ok(Dialect::Spark),
            "duckdb" => Ok(Dialect::DuckDb),
            "postgres" | "postgresql" => Ok(Dialect::Postgres),
            "sqlite" => Ok(Dialect::Sqlite),
            _ => Err(Error::new(
                ErrorKind::UnknownDialect {
                    dialect: crate::error::shorten(text),
                },
                Location::Unknown,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_strings_are_quoted_per_dialect() {
        assert_eq!(Dialect::Spark.name("a`b"), "`a``b`");
        assert_eq!(Dialect::Sqlite.name("案件\"编号"), "\"案件\"\"编号\"");
        assert_eq!(Dialect::Spark.string("it's \\"), "'it\\u0027s \\\\'");
        assert_eq!(Dialect::Postgres.string("it's \\"), "'it''s \\'");
    }

    #[test]
    fn every_dialect_reads_its_own_name() {
        for dialect in Dialect::ALL {
            assert_eq!(dialect.as_str().parse::<Dialect>().unwrap(), dialect);
        }
    }
}
