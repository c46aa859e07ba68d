//! Exact rational numbers built from decimals, and the one place where they become decimals
//! again.
//!
//! Indicator values, normalized values, contributions and scores are computed as exact
//! rationals (`num-rational`'s `BigRational`): a rate is `count × scale ÷ attribute`, a min-max
//! value a quotient of differences, a score a weighted mean of those, and none of these needs to
//! fit 28 digits on the way. A decimal converts to a rational without loss, so the published
//! score is the exact value of the formula, rounded once ([`round`]). Only the square root of
//! `z-score` is not exact; [`sqrt`] computes it to at least 40 significant digits, exactly when
//! the variance is the square of a rational.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

use crate::score::Rounding;

/// An exact rational number.
pub(crate) type Exact = BigRational;

/// `value` as an exact rational.
pub(crate) fn from_decimal(value: Decimal) -> Exact {
    // A mantissa is below 2⁹⁶ and a scale at most 28 (10²⁸ < 2¹²⁷): both fit 128 bits.
    match 10i128
        .checked_pow(value.scale())
        .and_then(|denominator| reduced(value.mantissa(), denominator))
    {
        Some(exact) => exact,
        None => Exact::new(BigInt::from(value.mantissa()), pow10(value.scale())),
    }
}

/// `n` as an exact rational.
pub(crate) fn from_integer(n: impl Into<BigInt>) -> Exact {
    Exact::from_integer(n.into())
}

/// `a × b`. Like the operators, but values whose parts fit 128 bits (nearly all: rates,
/// min-max values and weights of a city) are computed in machine integers, reduced by a
/// binary gcd, without allocating; the general path handles the rest.
pub(crate) fn mul(a: &Exact, b: &Exact) -> Exact {
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
        // Both are reduced: cancelling across leaves the product reduced.
        let left = gcd(an.unsigned_abs(), bd.unsigned_abs()).max(1) as i128;
        let right = gcd(bn.unsigned_abs(), ad.unsigned_abs()).max(1) as i128;
        if let (Some(n), Some(d)) = (
            div_exactly(an, left).checked_mul(div_exactly(bn, right)),
            div_exactly(ad, right).checked_mul(div_exactly(bd, left)),
        ) {
            return Exact::new_raw(BigInt::from(n), BigInt::from(d));
        }
    }
    a * b
}

/// `a ÷ b` (`b` not zero), as [`mul`].
pub(crate) fn div(a: &Exact, b: &Exact) -> Exact {
    match small(b) {
        Some((n, d)) if n != 0 => match (n.checked_abs(), d.checked_mul(n.signum())) {
            (Some(n), Some(d)) => mul(a, &Exact::new_raw(BigInt::from(d), BigInt::from(n))),
            _ => a / b,
        },
        _ => a / b,
    }
}

/// `a + b`, as [`mul`].
pub(crate) fn add(a: &Exact, b: &Exact) -> Exact {
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b))
        && let Some(sum) = an
            .checked_mul(bd)
            .zip(bn.checked_mul(ad))
            .and_then(|(x, y)| x.checked_add(y))
            .zip(ad.checked_mul(bd))
            .and_then(|(n, d)| reduced(n, d))
    {
        return sum;
    }
    a + b
}

/// `a − b`, as [`mul`].
pub(crate) fn sub(a: &Exact, b: &Exact) -> Exact {
    match small(b).and_then(|(n, d)| Some((n.checked_neg()?, d))) {
        Some((n, d)) => add(a, &Exact::new_raw(BigInt::from(n), BigInt::from(d))),
        None => a - b,
    }
}

/// The parts of `value` as machine integers, when they fit.
fn small(value: &Exact) -> Option<(i128, i128)> {
    Some((value.numer().to_i128()?, value.denom().to_i128()?))
}

/// `n / d` (`d` positive) in lowest terms.
fn reduced(n: i128, d: i128) -> Option<Exact> {
    if d <= 0 {
        return None;
    }
    let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128;
    Some(Exact::new_raw(
        BigInt::from(div_exactly(n, g)),
        BigInt::from(div_exactly(d, g)),
    ))
}

/// The greatest common divisor (binary: shifts and subtractions only); `gcd(0, 0) = 0`.
/// Machine words once both fit 64 bits: two-word shifts and subtractions cost several times
/// more, and most values of a board are small.
fn gcd(mut a: u128, mut b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if let (Ok(small_a), Ok(small_b)) = (u64::try_from(a), u64::try_from(b)) {
            return u128::from(odd_gcd(small_a, small_b)) << shift;
        }
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// The greatest common divisor of `a` (odd) and `b` (not zero).
fn odd_gcd(mut a: u64, mut b: u64) -> u64 {
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a;
        }
    }
}

/// `n / d` for a positive `d` dividing `n`, in machine words when both fit 64 bits.
fn div_exactly(n: i128, d: i128) -> i128 {
    match (i64::try_from(n), i64::try_from(d)) {
        (Ok(n), Ok(d)) if d > 0 => i128::from(n / d),
        _ => n / d,
    }
}

/// 10 to the power `exponent`.
fn pow10(exponent: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), exponent as usize)
}

/// `value` rounded to `decimals` places with `rounding`, or `None` when the result does not
/// fit a decimal. Zero is always positive zero, so it never prints as `-0.0`.
pub(crate) fn round(value: &Exact, decimals: u32, rounding: Rounding) -> Option<Decimal> {
    if let Some((n, d)) = small(value)
        && let Some((floor, remainder)) = scaled_div_floor(n, d, decimals)
    {
        // `remainder` is in [0, d): compared with `d − remainder` to avoid doubling it.
        let up = match remainder.cmp(&(d - remainder)) {
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => match rounding {
                Rounding::HalfUp => n >= 0,
                Rounding::HalfEven => floor % 2 != 0,
            },
        };
        let mantissa = if up { floor.checked_add(1)? } else { floor };
        return small_to_decimal(mantissa, decimals);
    }
    round_big(value, decimals, rounding)
}

/// [`round`] in big integers.
fn round_big(value: &Exact, decimals: u32, rounding: Rounding) -> Option<Decimal> {
    let scaled = value.numer() * pow10(decimals);
    let denominator = value.denom();
    // `denom()` is positive: the quotient is floored and the remainder is in [0, denominator).
    let (floor, remainder) = scaled.div_mod_floor(denominator);
    let twice = remainder * 2u8;
    let up = match twice.cmp(denominator) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => match rounding {
            // Away from zero: up for positive values, down (toward -inf) for negative ones.
            Rounding::HalfUp => !value.is_negative(),
            Rounding::HalfEven => floor.is_odd(),
        },
    };
    let mantissa = if up { floor + 1 } else { floor };
    to_decimal(&mantissa, decimals)
}

/// `⌊n × 10^decimals ÷ d⌋` and the remainder (in `[0, d)`), `d` positive, in machine
/// integers: digit groups are brought down as in long division, each group as large as
/// `remainder × 10^group` allows. `None` when a part would not fit.
fn scaled_div_floor(n: i128, d: i128, decimals: u32) -> Option<(i128, i128)> {
    if d <= 0 {
        return None;
    }
    let (mut floor, mut remainder) = (n.div_euclid(d), n.rem_euclid(d));
    let mut left = decimals;
    // remainder < d ≤ 10^digits(d): remainder × 10^(38 − digits(d)) < 10³⁸ < 2¹²⁷.
    let group = 38u32.checked_sub(d.unsigned_abs().checked_ilog10().unwrap_or(0) + 1)?;
    while left > 0 {
        let step = left.min(group);
        if step == 0 {
            return None;
        }
        let shift = 10i128.pow(step);
        let brought = remainder * shift;
        floor = floor.checked_mul(shift)?.checked_add(brought / d)?;
        remainder = brought % d;
        left -= step;
    }
    Some((floor, remainder))
}

/// The decimal `mantissa × 10^-scale`, or `None` when it does not fit (a decimal's mantissa
/// is below 2⁹⁶).
fn small_to_decimal(mantissa: i128, scale: u32) -> Option<Decimal> {
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    if mantissa.unsigned_abs() > MAX_MANTISSA || scale > Decimal::MAX_SCALE {
        return None;
    }
    let mut decimal = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    if decimal.is_zero() {
        decimal.set_sign_positive(true);
    }
    Some(decimal)
}

/// The decimal `mantissa × 10^-scale`, or `None` when it does not fit.
fn to_decimal(mantissa: &BigInt, scale: u32) -> Option<Decimal> {
    small_to_decimal(mantissa.to_i128()?, scale)
}

/// The decimal nearest to `value` with as many places as fit (at most 28), trailing zeros
/// removed: exact whenever `value` is a decimal of 28 digits, such as any count, sum or
/// weight; `1/3` shows as `0.3333333333333333333333333333`. `None` beyond a decimal's range.
pub(crate) fn to_nearest_decimal(value: &Exact) -> Option<Decimal> {
    let whole_digits = match small(value) {
        Some((n, d)) => (n.unsigned_abs() / d.unsigned_abs())
            .checked_ilog10()
            .map_or(1, |log| log + 1),
        None => value.abs().to_integer().to_string().len() as u32,
    };
    // 2⁹⁶ has 29 digits: 28 significant digits always fit.
    let mut scale = Decimal::MAX_SCALE.saturating_sub(whole_digits.saturating_sub(1));
    loop {
        if let Some(decimal) = round(value, scale, Rounding::HalfEven) {
            return Some(decimal.normalize());
        }
        scale = scale.checked_sub(1)?;
    }
}

/// The square root of `value` (non-negative) to at least 40 significant digits, rounded down;
/// exact when `value` is the square of a rational.
pub(crate) fn sqrt(value: &Exact) -> Exact {
    if !value.is_positive() {
        return Exact::zero();
    }
    // sqrt(p/q) = sqrt(p·q)/q: scale p·q by 10^(2k) so that its root has 40+ digits.
    let product = value.numer() * value.denom();
    let digits = product.to_string().len() as u32;
    let k = 80u32.saturating_sub(digits).div_ceil(2);
    let root = (product * pow10(2 * k)).sqrt();
    Exact::new(root, value.denom() * pow10(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    fn exact(text: &str) -> Exact {
        from_decimal(Decimal::from_str_exact(text).unwrap())
    }

    fn ratio(numerator: i64, denominator: i64) -> Exact {
        Exact::new(BigInt::from(numerator), BigInt::from(denominator))
    }

    /// Values whose parts sit at or near the limits of machine integers, where the fast paths
    /// must hand over to big integers.
    fn near_machine_limits() -> Vec<Exact> {
        vec![
            ratio(0, 1),
            ratio(1_000_000_007, 998_244_353),
            ratio(i64::MAX, 3),
            ratio(-i64::MAX, i64::MAX - 1),
            from_integer(i128::MAX),
            from_integer(i128::MIN + 1),
            Exact::new(BigInt::from(i128::MAX), BigInt::from(i128::MAX - 2)),
        ]
    }

    #[test]
    fn machine_integer_arithmetic_agrees_with_big_rationals() {
        let mut values = near_machine_limits();
        values.extend([
            ratio(3, 5),
            ratio(-7, 12),
            from_integer(BigInt::one() << 130u32) + ratio(1, 7),
        ]);
        // Equal in value and in representation (lowest terms, positive denominator).
        let same = |fast: Exact, slow: Exact| {
            assert_eq!((fast.numer(), fast.denom()), (slow.numer(), slow.denom()))
        };
        for a in &values {
            for b in &values {
                same(mul(a, b), a * b);
                same(add(a, b), a + b);
                same(sub(a, b), a - b);
                if !b.is_zero() {
                    same(div(a, b), a / b);
                }
            }
        }
        assert_eq!(gcd(12, 18), 6);
        // Across the 64-bit boundary, against Euclid's remainders.
        let euclid = |mut a: u128, mut b: u128| {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        };
        let mut x = 0x9E37_79B9_7F4A_7C15_u128;
        for _ in 0..2_000 {
            x = x
                .wrapping_mul(0x2545_F491_4F6C_DD1D_2545_F491_4F6C_DD1D)
                .wrapping_add(1);
            let (a, b) = (x >> (x % 100), (x >> 7) >> (x % 90));
            let common = 1u128 << (x % 13) | 3;
            let (a, b) = (a / common * common, b / common * common);
            assert_eq!(gcd(a, b), euclid(a, b), "{a} {b}");
        }
        assert_eq!(gcd(0, 5), 5);
        assert_eq!(gcd(0, 0), 0);
    }

    #[test]
    fn machine_integer_rounding_agrees_with_big_integers() {
        let mut values = near_machine_limits();
        values.extend([
            ratio(1, 2),
            ratio(-1, 2),
            ratio(5, 2),
            ratio(-5, 2),
            ratio(2, 3),
            ratio(-1, 3),
            Exact::new(BigInt::from(1), BigInt::from(i128::MAX)),
            from_decimal(Decimal::MAX),
            from_decimal(Decimal::MIN),
            exact("0.0000000000000000000000000005"),
            exact("2.2499999999999999999999999999"),
        ]);
        for value in &values {
            for decimals in 0..=30 {
                for rounding in [Rounding::HalfUp, Rounding::HalfEven] {
                    assert_eq!(
                        round(value, decimals, rounding),
                        round_big(value, decimals, rounding),
                        "{value} to {decimals} places"
                    );
                }
            }
        }
        for decimal in [
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-120, 2),
            Decimal::new(7, 28),
        ] {
            let slow = Exact::new(BigInt::from(decimal.mantissa()), pow10(decimal.scale()));
            let fast = from_decimal(decimal);
            assert_eq!((fast.numer(), fast.denom()), (slow.numer(), slow.denom()));
        }
    }

    #[test]
    fn decimals_convert_without_loss() {
        assert_eq!(exact("0.1") + exact("0.2"), exact("0.3"));
        assert_eq!(exact("1.0"), exact("1.00"));
        let max = Decimal::MAX;
        assert_eq!(to_nearest_decimal(&from_decimal(max)), Some(max));
    }

    #[test]
    fn rounds_half_up_away_from_zero_and_half_even() {
        let cases = [
            ("2.25", "2.3", "2.2"),
            ("2.35", "2.4", "2.4"),
            ("-2.25", "-2.3", "-2.2"),
            ("2.2499999999999999999999999999", "2.2", "2.2"),
            ("0.05", "0.1", "0.0"),
            ("-0.04", "0.0", "0.0"),
        ];
        for (value, half_up, half_even) in cases {
            assert_eq!(
                round(&exact(value), 1, Rounding::HalfUp)
                    .unwrap()
                    .to_string(),
                half_up
            );
            assert_eq!(
                round(&exact(value), 1, Rounding::HalfEven)
                    .unwrap()
                    .to_string(),
                half_even
            );
        }
    }

    #[test]
    fn a_rational_just_off_a_boundary_rounds_the_right_way() {
        // 1/3 + 1/6 = 1/2 exactly: half-up gives 1 at 0 places, where 28 digits of each part
        // (0.3333… + 0.1666…) would sum to 0.4999… and round to 0.
        let half = ratio(1, 3) + ratio(1, 6);
        assert_eq!(round(&half, 0, Rounding::HalfUp).unwrap().to_string(), "1");
        let below = half.clone() - ratio(1, 10i64.pow(18));
        assert_eq!(round(&below, 0, Rounding::HalfUp).unwrap().to_string(), "0");
    }

    #[test]
    fn negative_zero_never_appears() {
        let tiny = ratio(-1, 1000);
        let rounded = round(&tiny, 1, Rounding::HalfUp).unwrap();
        assert_eq!(rounded.to_string(), "0.0");
        assert!(!rounded.is_sign_negative());
    }

    #[test]
    fn nearest_decimal_keeps_28_digits() {
        assert_eq!(
            to_nearest_decimal(&ratio(1, 3)).unwrap().to_string(),
            "0.3333333333333333333333333333"
        );
        assert_eq!(
            to_nearest_decimal(&ratio(250, 10)).unwrap().to_string(),
            "25"
        );
        assert_eq!(
            to_nearest_decimal(&ratio(200, 3)).unwrap().to_string(),
            "66.666666666666666666666666667"
        );
        let too_big = from_integer(BigInt::one() << 100u32);
        assert_eq!(to_nearest_decimal(&too_big), None);
        assert_eq!(round(&too_big, 0, Rounding::HalfUp), None);
    }

    #[test]
    fn square_roots_are_exact_for_squares_and_close_otherwise() {
        assert_eq!(sqrt(&ratio(9, 4)), ratio(3, 2));
        assert_eq!(sqrt(&exact("0.0001")), exact("0.01"));
        let root2 = sqrt(&from_integer(2));
        let error = from_integer(2) - root2.clone() * root2;
        assert!(error.is_positive() && error < ratio(1, 10i64.pow(18)) * ratio(1, 10i64.pow(18)));
        assert!(sqrt(&Exact::zero()).is_zero());
    }
}
