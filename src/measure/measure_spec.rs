//! What a spec's indicator measures, checked: the measure with what it needs (the filter of
//! a share, the field of a mean, the credits of a partial answer).

use rust_decimal::Decimal;

use super::Filter;

/// A measure with what it needs.
#[derive(Clone, Debug)]
pub(crate) enum MeasureSpec {
    /// How many records.
    Count,
    /// count ÷ attribute `per` × `scale`.
    Rate { per: String, scale: Decimal },
    /// 100 × (records also passing `of`, each counting its credit) ÷ (records), records
    /// passing `exclude` left out of both.
    Share {
        of: Filter,
        credits: Option<Credits>,
        exclude: Option<Filter>,
    },
    /// 100 × (records closed by their deadline) ÷ (records due).
    OnTime,
    /// Records due and not closed by their deadline.
    Overdue,
    /// The mean of the numeric column `field`.
    Mean { field: String },
    /// The value of indicator `name` in a `table` source.
    Value {
        name: String,
        /// Divides the value by a place attribute and multiplies it by a scale, as a rate
        /// does: how the ranking of `livability sql`'s results turns a query's counts into
        /// rates (never set from a spec file).
        per: Option<(String, Decimal)>,
        /// The measure the value stands for, as boards show it: `value` for a spec's own,
        /// the record measure for the results of `livability sql`.
        stands_for: super::Measure,
    },
}

/// The credit each value of one column of a share's `of` earns: `基本满意` = 0.9.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Credits {
    pub(crate) column: String,
    /// Per value (normalized), its credit, from 0 to 1.
    pub(crate) values: Vec<(String, Decimal)>,
}
