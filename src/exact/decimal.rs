//! Where exact rationals become decimals again: rounding once to a board's places (in machine
//! integers when the parts fit, in big ones otherwise), the nearest decimal for display, and
//! the square root of `z-score`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use rust_decimal::Decimal;

use super::{Exact, Rounding};

/// 10 to the power `exponent`.
pub(super) fn pow10(exponent: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), exponent as usize)
}

/// `value` rounded to `decimals` places with `rounding`, or `None` when the result does not
/// fit a decimal. Zero is always positive zero, so it never prints as `-0.0`.
pub(crate) fn round(value: &Exact, decimals: u32, rounding: Rounding) -> Option<Decimal> {
    if let Some((n, d)) = value.small()
        && let Some(rounded) = round_small(n, d, decimals, rounding)
    {
        return rounded;
    }
    round_big(value, decimals, rounding)
}

/// `n ÷ d` (`d` positive, not necessarily in lowest terms) rounded as [`round`] rounds it,
/// without reducing the fraction first: for loops that score many places under one
/// denominator. `None` when it does not fit a decimal.
pub(crate) fn round_ratio(n: i128, d: i128, decimals: u32, rounding: Rounding) -> Option<Decimal> {
    match round_small(n, d, decimals, rounding) {
        Some(rounded) => rounded,
        None if d > 0 => round_big(
            &Exact::big(BigRational::new(n.into(), d.into())),
            decimals,
            rounding,
        ),
        None => None,
    }
}

/// [`round`] in machine integers; `None` when the long division does not fit them, and
/// `Some(None)` when the rounded value does not fit a decimal.
fn round_small(n: i128, d: i128, decimals: u32, rounding: Rounding) -> Option<Option<Decimal>> {
    let (floor, remainder) = scaled_div_floor(n, d, decimals)?;
    // `remainder` is in [0, d): compared with `d − remainder` to avoid doubling it.
    let up = match remainder.cmp(&(d - remainder)) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => match rounding {
            Rounding::HalfUp => n >= 0,
            Rounding::HalfEven => floor % 2 != 0,
        },
    };
    let mantissa = if up {
        floor.checked_add(1)
    } else {
        Some(floor)
    };
    Some(mantissa.and_then(|mantissa| small_to_decimal(mantissa, decimals)))
}

/// [`round`] in big integers.
pub(super) fn round_big(value: &Exact, decimals: u32, rounding: Rounding) -> Option<Decimal> {
    let value = value.to_big();
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

/// 10⁰ to 10⁹, looked up rather than raised at each group of digits.
const POWERS_OF_TEN: [u64; 10] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];

/// `⌊n × 10^decimals ÷ d⌋` and the remainder (in `[0, d)`), `d` positive, in machine
/// integers: digit groups are brought down as in long division, each group as large as
/// `remainder × 10^group` allows. `None` when a part would not fit.
pub(super) fn scaled_div_floor(n: i128, d: i128, decimals: u32) -> Option<(i128, i128)> {
    if d <= 0 {
        return None;
    }
    let (mut floor, mut remainder) = match (i64::try_from(n), i64::try_from(d)) {
        (Ok(n), Ok(d)) => (i128::from(n.div_euclid(d)), i128::from(n.rem_euclid(d))),
        _ => (n.div_euclid(d), n.rem_euclid(d)),
    };
    let mut left = decimals;
    if let Ok(small) = u32::try_from(d) {
        // A remainder below 2³² times 10⁹ stays below 2⁶²: nine digits at a time in machine
        // words, where two-word division is a call several times slower.
        let (d, mut remainder) = (u64::from(small), remainder as u64);
        while left > 0 {
            let step = left.min(9);
            let shift = POWERS_OF_TEN[step as usize];
            let brought = remainder * shift;
            let digits = i128::from(brought / d);
            // Below 2⁹⁶ (the decimals' range, so nearly always), `floor × 10⁹ + digits` stays
            // below 2¹²⁷: no overflow to check, which in two words costs more than the rest.
            floor = if floor.unsigned_abs() >> 96 == 0 {
                floor * i128::from(shift) + digits
            } else {
                floor.checked_mul(i128::from(shift))?.checked_add(digits)?
            };
            remainder = brought % d;
            left -= step;
        }
        return Some((floor, i128::from(remainder)));
    }
    // remainder < d ≤ 10^digits(d): remainder × 10^(38 − digits(d)) < 10³⁸ < 2¹²⁷.
    let group = 38u32.checked_sub(d.unsigned_abs().checked_ilog10().unwrap_or(0) + 1)?;
    while left > 0 {
        let step = left.min(group);
        if step == 0 {
            return None;
        }
        let shift = 10i128.pow(step);
        let brought = remainder * shift;
        // One two-word division: the remainder from the quotient, not from a second one.
        let quotient = brought / d;
        floor = floor.checked_mul(shift)?.checked_add(quotient)?;
        remainder = brought - quotient * d;
        left -= step;
    }
    Some((floor, remainder))
}

/// The decimal `mantissa × 10^-scale`, or `None` when it does not fit (a decimal's mantissa
/// is below 2⁹⁶).
pub(super) fn small_to_decimal(mantissa: i128, scale: u32) -> Option<Decimal> {
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
pub(super) fn to_decimal(mantissa: &BigInt, scale: u32) -> Option<Decimal> {
    small_to_decimal(mantissa.to_i128()?, scale)
}

/// The decimal nearest to `value` with as many places as fit (at most 28), trailing zeros
/// removed: exact whenever `value` is a decimal of 28 digits, such as any count, sum or
/// weight; `1/3` shows as `0.3333333333333333333333333333`. `None` beyond a decimal's range.
pub(crate) fn to_nearest_decimal(value: &Exact) -> Option<Decimal> {
    value
        .small()
        .and_then(|(n, d)| terminating(n, d).or_else(|| nearest_in_words(n, d)))
        .or_else(|| nearest_by_rounding(value))
}

/// [`nearest_by_rounding`] of `n / d` (`d` positive) in machine words, when `|n|` and `d` fit
/// 64 bits, as a board's values, normalized values and contributions nearly always do: the
/// magnitude's digits brought down nine at a time (in one word when `d` fits 32 bits), its
/// last place rounded half to even, which is symmetric, so the sign is put back after.
/// `None` when the rounded value has more than a decimal's 96 bits at 28 significant places,
/// which the general path settles with fewer places.
pub(super) fn nearest_in_words(n: i128, d: i128) -> Option<Decimal> {
    let magnitude = u64::try_from(n.unsigned_abs()).ok()?;
    let d = u64::try_from(d).ok().filter(|&d| d > 0)?;
    let whole = magnitude / d;
    let whole_digits = whole.checked_ilog10().map_or(1, |log| log + 1);
    let scale = Decimal::MAX_SCALE.saturating_sub(whole_digits.saturating_sub(1));
    // whole < 10^whole_digits, so the mantissa stays below 10^(whole_digits + scale) ≤ 10²⁹.
    let mut mantissa = u128::from(whole);
    let mut remainder = magnitude % d;
    let mut left = scale;
    while left > 0 {
        let step = left.min(9);
        let shift = POWERS_OF_TEN[step as usize];
        let (digits, rest) = if d <= u64::from(u32::MAX) {
            // remainder < 2³², times 10⁹ < 2⁶²: one word.
            let brought = remainder * shift;
            (brought / d, brought % d)
        } else {
            let brought = u128::from(remainder) * u128::from(shift);
            let digits = brought / u128::from(d);
            // digits < 10⁹ and the remainder below d: both fit a word.
            (digits as u64, (brought - digits * u128::from(d)) as u64)
        };
        mantissa = mantissa * u128::from(shift) + u128::from(digits);
        remainder = rest;
        left -= step;
    }
    let up = match remainder.cmp(&(d - remainder)) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => mantissa % 2 != 0,
    };
    let magnitude = i128::try_from(mantissa + u128::from(up)).ok()?;
    let signed = if n < 0 { -magnitude } else { magnitude };
    small_to_decimal(signed, scale).map(|decimal| decimal.normalize())
}

/// Whether `value` has a nearest decimal ([`to_nearest_decimal`] gives one): whether it rounds
/// to an integer within a decimal's 96 bits. Without the long division where the whole part
/// is well within, for a value that is checked but not shown.
pub(crate) fn has_nearest_decimal(value: &Exact) -> bool {
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    // Below the largest mantissa, a value rounds to at most it, at 0 places and so at any.
    if let Some((n, d)) = value.small()
        && n.unsigned_abs() / d.unsigned_abs() < MAX_MANTISSA
    {
        return true;
    }
    // The nearest decimal has the most places that fit, and 0 places fit if any do.
    round(value, 0, Rounding::HalfEven).is_some()
}

/// [`to_nearest_decimal`] for any value: rounded at the most places whose result fits.
pub(super) fn nearest_by_rounding(value: &Exact) -> Option<Decimal> {
    let whole_digits = match value.small() {
        Some((n, d)) => {
            let (n, d) = (n.unsigned_abs(), d.unsigned_abs());
            // In one machine word when both parts fit it, as nearly always.
            let whole = match (u64::try_from(n), u64::try_from(d)) {
                (Ok(n), Ok(d)) => u128::from(n / d),
                _ => n / d,
            };
            whole.checked_ilog10().map_or(1, |log| log + 1)
        }
        None => value.to_big().abs().to_integer().to_string().len() as u32,
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

/// `n / d` (in lowest terms) as a decimal when it is one exactly: `d` a product of twos and
/// fives, the places (the larger count of the two) at most 28 and the mantissa within 96
/// bits. The mantissa then has no trailing zero to remove: `n` shares no factor with `d`, so
/// it is odd when `d` has more twos, not a multiple of five when `d` has more fives, and
/// neither when it has as many of each.
pub(super) fn terminating(n: i128, d: i128) -> Option<Decimal> {
    let d = u64::try_from(d).ok()?;
    let twos = d.trailing_zeros();
    let (mut odd, mut fives) = (d >> twos, 0u32);
    while odd % 5 == 0 {
        odd /= 5;
        fives += 1;
    }
    if odd != 1 {
        return None;
    }
    let places = twos.max(fives);
    if places > Decimal::MAX_SCALE {
        return None;
    }
    let factor = 2i128.pow(places - twos) * 5i128.checked_pow(places - fives)?;
    small_to_decimal(n.checked_mul(factor)?, places)
}

/// The square root of `value` (non-negative) to at least 40 significant digits, rounded down;
/// exact when `value` is the square of a rational.
pub(crate) fn sqrt(value: &Exact) -> Exact {
    if !value.is_positive() {
        return Exact::ZERO;
    }
    // sqrt(p/q) = sqrt(p·q)/q: scale p·q by 10^(2k) so that its root has 40+ digits.
    let value = value.to_big();
    let product = value.numer() * value.denom();
    let digits = product.to_string().len() as u32;
    let k = 80u32.saturating_sub(digits).div_ceil(2);
    let root = (product * pow10(2 * k)).sqrt();
    Exact::big(BigRational::new(root, value.denom() * pow10(k)))
}
