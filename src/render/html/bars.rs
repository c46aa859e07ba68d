//! A listed place's score as a stacked bar of inline SVG: a segment per indicator's
//! contribution, then one per adjustment's points, all on one scale for the board so that
//! bars compare. Negative parts (a z-score below the mean, a deduction) stack leftwards from
//! the zero line, positive ones rightwards.
//!
//! Geometry is computed in decimals and printed to one decimal of a 1000-unit-wide view box,
//! so the page is the same bytes on every machine.

use maud::{Markup, html};
use rust_decimal::Decimal;

use crate::board::{Board, Entry};

/// The view box's width.
const WIDTH: i64 = 1000;

/// The view box's height.
const HEIGHT: i64 = 18;

/// Okabe and Ito's colours, distinguishable with the common colour-vision deficiencies;
/// indicators beyond eight reuse them in order.
pub(super) const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Adjustments' points, whatever the adjustment: grey.
pub(super) const ADJUSTMENT: &str = "#8c8c8c";

/// One part of a bar.
pub(super) struct Segment {
    /// What the part is: an indicator's or an adjustment's id.
    pub(super) label: String,
    /// Its points.
    pub(super) value: Decimal,
    pub(super) color: &'static str,
}

/// An entry's parts: its indicators' contributions (missing ones left out), then its
/// adjustments' points.
pub(super) fn segments(board: &Board, entry: &Entry) -> Vec<Segment> {
    let indicators = board.indicators.iter().zip(&entry.indicators).enumerate();
    let mut segments: Vec<Segment> = indicators
        .filter_map(|(index, (indicator, score))| {
            let value = score.contribution?;
            Some(Segment {
                label: indicator.shown_name().to_owned(),
                value,
                color: PALETTE[index % PALETTE.len()],
            })
        })
        .collect();
    segments.extend(entry.adjustments.iter().map(|part| Segment {
        label: part.adjustment.clone(),
        value: part.points,
        color: ADJUSTMENT,
    }));
    segments
}

/// A board's scale: the largest sum of negative parts (as a magnitude) and of positive parts
/// among its bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Scale {
    negative: Decimal,
    positive: Decimal,
}

impl Scale {
    pub(super) fn of(bars: &[Vec<Segment>]) -> Scale {
        let mut scale = Scale {
            negative: Decimal::ZERO,
            positive: Decimal::ZERO,
        };
        for bar in bars {
            let sum = |positive: bool| {
                bar.iter()
                    .filter(|segment| segment.value.is_sign_positive() == positive)
                    .try_fold(Decimal::ZERO, |sum, segment| {
                        sum.checked_add(segment.value.abs())
                    })
                    .unwrap_or(Decimal::MAX)
            };
            scale.positive = scale.positive.max(sum(true));
            scale.negative = scale.negative.max(sum(false));
        }
        scale
    }

    /// The width in view-box units of `points`, to one decimal; `None` when the scale is
    /// empty or the arithmetic would overflow.
    fn width(&self, points: Decimal) -> Option<Decimal> {
        let span = self.negative.checked_add(self.positive)?;
        if span.is_zero() {
            return None;
        }
        let width = points
            .abs()
            .checked_mul(Decimal::from(WIDTH))?
            .checked_div(span)?;
        Some(width.round_dp(1))
    }

    /// Where zero is.
    fn zero(&self) -> Decimal {
        self.width(self.negative).unwrap_or(Decimal::ZERO)
    }
}

/// The bar, as an SVG element; each segment's title names its part and points (`decimals`
/// places), for a pointer hovering over it.
pub(super) fn bar(segments: &[Segment], scale: Scale, board: &Board) -> Markup {
    let zero = scale.zero();
    let mut right = zero;
    let mut left = zero;
    let mut rects: Vec<(Decimal, Decimal, &Segment)> = Vec::with_capacity(segments.len());
    for segment in segments {
        let Some(width) = scale.width(segment.value) else {
            continue;
        };
        if width.is_zero() {
            continue;
        }
        if segment.value.is_sign_negative() {
            // Widths rounded one by one may add up past the zero line's rounded place.
            left = (left - width).max(Decimal::ZERO);
            rects.push((left, width, segment));
        } else {
            rects.push((right, width, segment));
            right += width;
        }
    }
    let label: Vec<String> = segments
        .iter()
        .map(|segment| {
            format!(
                "{} {}",
                segment.label,
                super::super::columns::rounded(segment.value, board)
            )
        })
        .collect();
    html! {
        svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) preserveAspectRatio="none" role="img"
            aria-label=(label.join(", ")) {
            @for (x, width, segment) in &rects {
                rect x=(x) y="0" width=(width) height=(HEIGHT) fill=(segment.color) {
                    title { (segment.label) ": " (super::super::columns::rounded(segment.value, board)) }
                }
            }
            @if !scale.negative.is_zero() {
                line x1=(zero) x2=(zero) y1="0" y2=(HEIGHT) stroke="#333" stroke-width="2" {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(value: i64) -> Segment {
        Segment {
            label: "x".to_owned(),
            value: Decimal::from(value),
            color: PALETTE[0],
        }
    }

    #[test]
    fn the_scale_spans_the_largest_negative_and_positive_sums() {
        let bars = vec![
            vec![segment(30), segment(-10)],
            vec![segment(60), segment(15)],
            vec![segment(-20), segment(-5)],
        ];
        let scale = Scale::of(&bars);
        assert_eq!(scale.positive, Decimal::from(75));
        assert_eq!(scale.negative, Decimal::from(25));
        // 25 of 100 points: zero sits a quarter of the way.
        assert_eq!(scale.zero(), Decimal::from(250));
        assert_eq!(scale.width(Decimal::from(-10)), Some(Decimal::from(100)));
    }

    #[test]
    fn an_empty_scale_draws_nothing() {
        let scale = Scale::of(&[vec![segment(0)]]);
        assert_eq!(scale.width(Decimal::ONE), None);
        assert_eq!(scale.zero(), Decimal::ZERO);
    }
}
