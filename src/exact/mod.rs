//! Exact rational numbers built from decimals, and the one place where they become decimals
//! again.
//!
//! Indicator values, normalized values, contributions and scores are computed as exact
//! rationals ([`Exact`]): a rate is `count × scale ÷ attribute`, a min-max value a quotient of
//! differences, a score a weighted mean of those, and none of these needs to fit 28 digits on
//! the way. A decimal converts to a rational without loss, so the published score is the exact
//! value of the formula, rounded once ([`round`]). Only the square root of `z-score` is not
//! exact; [`sqrt`] computes it to at least 40 significant digits, exactly when the variance is
//! the square of a rational.
//!
//! Nearly every value of a board (rates, min-max values, weights, contributions of a city)
//! has parts that fit 128 bits: those are kept and computed in machine integers, without
//! allocating, and only values beyond fall back to `num-rational`'s big rationals. Both forms
//! are kept in lowest terms, and a value is in machine integers whenever it fits, so that one
//! value has one representation and equality is that of the parts.

use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Div, Mul, Neg, Sub};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use rust_decimal::Decimal;

mod decimal;
mod gcd;
mod rounding;

use decimal::pow10;
pub(crate) use decimal::{has_nearest_decimal, round, round_ratio, sqrt, to_nearest_decimal};
use gcd::{div_exactly, gcd, gcd_u64};
pub use rounding::Rounding;

/// An exact rational number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Exact(Repr);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Repr {
    /// `n / d` in lowest terms, `d` positive, `n` above `i128::MIN` (so that `-n` and `|n|`
    /// fit).
    Small(i128, i128),
    /// In lowest terms, with a part that is not machine-sized as `Small` requires.
    Big(Box<BigRational>),
}

impl Exact {
    /// Zero.
    pub(crate) const ZERO: Exact = Exact(Repr::Small(0, 1));

    /// `n / d` (`d` not zero), in lowest terms.
    fn ratio(n: i128, d: i128) -> Exact {
        let (n, d) = match (d < 0).then(|| n.checked_neg().zip(d.checked_neg())) {
            None => (n, d),
            Some(Some(negated)) => negated,
            Some(None) => return Exact::big(BigRational::new(n.into(), d.into())),
        };
        let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128;
        Exact::lowest(div_exactly(n, g), div_exactly(d, g))
    }

    /// `n / d`, already in lowest terms with `d` positive.
    fn lowest(n: i128, d: i128) -> Exact {
        if n == i128::MIN {
            return Exact::big(BigRational::new_raw(n.into(), d.into()));
        }
        Exact(Repr::Small(n, d))
    }

    /// A big rational (in lowest terms, as `num-rational` keeps them), in machine integers
    /// when it fits.
    pub(super) fn big(value: BigRational) -> Exact {
        match (value.numer().to_i128(), value.denom().to_i128()) {
            (Some(n), Some(d)) if n != i128::MIN => Exact(Repr::Small(n, d)),
            _ => Exact(Repr::Big(Box::new(value))),
        }
    }

    /// The parts (numerator, positive denominator, in lowest terms), when machine-sized.
    pub(crate) fn small(&self) -> Option<(i128, i128)> {
        match self.0 {
            Repr::Small(n, d) => Some((n, d)),
            Repr::Big(_) => None,
        }
    }

    /// As a big rational.
    fn to_big(&self) -> BigRational {
        match &self.0 {
            Repr::Small(n, d) => BigRational::new_raw((*n).into(), (*d).into()),
            Repr::Big(value) => (**value).clone(),
        }
    }

    /// The numerator and the (positive) denominator as big integers, for predicates that
    /// cross-multiply rather than reduce each intermediate to lowest terms.
    pub(crate) fn big_parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Repr::Small(n, d) => ((*n).into(), (*d).into()),
            Repr::Big(value) => (value.numer().clone(), value.denom().clone()),
        }
    }

    /// Whether the value is zero.
    pub(crate) fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0, _))
    }

    /// Whether the value is below zero.
    pub(crate) fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n < 0,
            Repr::Big(value) => value.is_negative(),
        }
    }

    /// Whether the value is above zero.
    pub(crate) fn is_positive(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n > 0,
            Repr::Big(value) => value.is_positive(),
        }
    }
}

/// The least common multiple of the denominators of `values`, when it and every scaled
/// numerator fit `i64`: then `value × lcm` is an integer for each, returned in order. Lets a
/// hot loop compare sums of products in machine integers, exactly.
pub(crate) fn common_scale<'a>(
    values: impl IntoIterator<Item = &'a Exact>,
) -> Option<(i64, Vec<i64>)> {
    let parts: Vec<(i128, i128)> = values
        .into_iter()
        .map(Exact::small)
        .collect::<Option<_>>()?;
    let mut scale: i128 = 1;
    for &(_, d) in &parts {
        let g = gcd(scale.unsigned_abs(), d.unsigned_abs()) as i128;
        scale = scale.checked_mul(d / g)?;
        if scale > i128::from(i64::MAX) {
            return None;
        }
    }
    let scaled = parts
        .iter()
        .map(|&(n, d)| i64::try_from(n.checked_mul(scale / d)?).ok())
        .collect::<Option<Vec<i64>>>()?;
    Some((i64::try_from(scale).ok()?, scaled))
}

/// The greatest integer not above `value`, and whether `value` is that integer; `None` when
/// it does not fit `i128`. Lets a hot loop bracket a value between two machine integers.
pub(crate) fn floor(value: &Exact) -> Option<(i128, bool)> {
    match &value.0 {
        Repr::Small(n, d) => Some((n.div_euclid(*d), n.rem_euclid(*d) == 0)),
        Repr::Big(value) => Some((value.floor().to_integer().to_i128()?, value.is_integer())),
    }
}

/// `value` as an exact rational.
pub(crate) fn from_decimal(value: Decimal) -> Exact {
    // A mantissa is below 2⁹⁶ and a scale at most 28 (10²⁸ < 2¹²⁷): both fit 128 bits.
    match 10i128.checked_pow(value.scale()) {
        Some(denominator) => Exact::ratio(value.mantissa(), denominator),
        None => Exact::big(BigRational::new(
            value.mantissa().into(),
            pow10(value.scale()),
        )),
    }
}

/// `n / d` in lowest terms, for a value computed in unreduced big integers and reduced once;
/// zero when `d` is zero (no caller divides by zero, and none may panic).
pub(crate) fn from_big_parts(n: BigInt, d: BigInt) -> Exact {
    if d == BigInt::from(0) {
        return Exact::ZERO;
    }
    Exact::big(BigRational::new(n, d))
}

/// The integer `n`, without a reduction.
pub(crate) fn from_big_integer(n: BigInt) -> Exact {
    Exact::big(BigRational::from_integer(n))
}

/// `n` as an exact rational.
pub(crate) fn from_integer<T: TryInto<i128> + Into<BigInt> + Copy>(n: T) -> Exact {
    match n.try_into() {
        Ok(n) => Exact::lowest(n, 1),
        Err(_) => Exact::big(BigRational::from_integer(n.into())),
    }
}

/// `a × b`: in machine integers when the parts fit, cancelled across before multiplying so
/// that the product is in lowest terms; in big integers otherwise.
pub(crate) fn mul(a: &Exact, b: &Exact) -> Exact {
    if let Some((an, ad, bn, bd)) = words(a, b) {
        return mul_words(an, ad, bn, bd);
    }
    if let (Some((an, ad)), Some((bn, bd))) = (a.small(), b.small()) {
        let left = gcd(an.unsigned_abs(), bd.unsigned_abs()).max(1) as i128;
        let right = gcd(bn.unsigned_abs(), ad.unsigned_abs()).max(1) as i128;
        if let (Some(n), Some(d)) = (
            div_exactly(an, left).checked_mul(div_exactly(bn, right)),
            div_exactly(ad, right).checked_mul(div_exactly(bd, left)),
        ) {
            return Exact::lowest(n, d);
        }
    }
    Exact::big(a.to_big() * b.to_big())
}

/// `a ÷ b`, as [`mul`]; `b` must not be zero (every caller divides by a count, an attribute
/// or a range it has checked), and a zero `b` gives zero rather than a panic.
pub(crate) fn div(a: &Exact, b: &Exact) -> Exact {
    debug_assert!(!b.is_zero(), "division by zero");
    if b.is_zero() {
        return Exact::ZERO;
    }
    match b.small() {
        // `n` is above `i128::MIN`: `|n|` fits, and `(d·sign n) / |n|` is in lowest terms.
        Some((n, d)) => mul(a, &Exact::lowest(d * n.signum(), n.abs())),
        None => Exact::big(a.to_big() / b.to_big()),
    }
}

/// `a + b`, as [`mul`]: over the least common denominator, so that only a small common
/// factor is left to cancel (Knuth's method).
pub(crate) fn add(a: &Exact, b: &Exact) -> Exact {
    if let Some((an, ad, bn, bd)) = words(a, b) {
        return add_words(an, ad, bn, bd);
    }
    if let (Some((an, ad)), Some((bn, bd))) = (a.small(), b.small())
        && let Some(sum) = add_small(an, ad, bn, bd)
    {
        return sum;
    }
    Exact::big(a.to_big() + b.to_big())
}

/// `an/ad + bn/bd` for parts in lowest terms, `None` when an intermediate does not fit.
fn add_small(an: i128, ad: i128, bn: i128, bd: i128) -> Option<Exact> {
    if ad == bd {
        return Some(Exact::ratio(an.checked_add(bn)?, ad));
    }
    let g = gcd(ad.unsigned_abs(), bd.unsigned_abs()) as i128;
    let (ad_g, bd_g) = (div_exactly(ad, g), div_exactly(bd, g));
    let t = an.checked_mul(bd_g)?.checked_add(bn.checked_mul(ad_g)?)?;
    if t == 0 {
        return Some(Exact::ZERO);
    }
    // A common factor of t and ad·bd/g divides g.
    let h = gcd(t.unsigned_abs(), g.unsigned_abs()).max(1) as i128;
    let d = ad_g.checked_mul(div_exactly(bd, h))?;
    Some(Exact::lowest(div_exactly(t, h), d))
}

/// `a − b`, as [`add`].
pub(crate) fn sub(a: &Exact, b: &Exact) -> Exact {
    // `-bn` of a machine word fits `i128` (the parts are read as words first).
    if let Some((an, ad, bn, bd)) = words(a, b) {
        return add_signed_words(an, ad, -i128::from(bn), bd);
    }
    add(a, &-b)
}

/// The parts of `a` and `b` (each in lowest terms) when all four fit `i64`: the case of
/// nearly every value of a board. A product of two such parts then always fits `i128`, so the
/// word paths below check no overflow and never fall back.
fn words(a: &Exact, b: &Exact) -> Option<(i64, i64, i64, i64)> {
    match (&a.0, &b.0) {
        (Repr::Small(an, ad), Repr::Small(bn, bd)) => Some((
            i64::try_from(*an).ok()?,
            i64::try_from(*ad).ok()?,
            i64::try_from(*bn).ok()?,
            i64::try_from(*bd).ok()?,
        )),
        _ => None,
    }
}

/// [`mul`] of parts that fit machine words (denominators positive, in lowest terms):
/// cancelled across in words, multiplied once into `i128` (`|x·y| ≤ 2¹²⁶`).
fn mul_words(an: i64, ad: i64, bn: i64, bd: i64) -> Exact {
    // Each gcd divides a positive denominator, so it is positive and fits `i64`.
    let left = gcd_u64(an.unsigned_abs(), bd.unsigned_abs()).max(1) as i64;
    let right = gcd_u64(bn.unsigned_abs(), ad.unsigned_abs()).max(1) as i64;
    let n = i128::from(an / left) * i128::from(bn / right);
    let d = i128::from(ad / right) * i128::from(bd / left);
    Exact(Repr::Small(n, d))
}

/// [`add`] of parts that fit machine words (denominators positive, in lowest terms).
fn add_words(an: i64, ad: i64, bn: i64, bd: i64) -> Exact {
    add_signed_words(an, ad, i128::from(bn), bd)
}

/// `an/ad + bn/bd` with `an`, `ad`, `bd` machine words and `|bn| ≤ 2⁶³` (a negated word),
/// over the least common denominator as [`add_small`]: every product is below 2¹²⁶ and the
/// sum of two below 2¹²⁷, so nothing overflows.
fn add_signed_words(an: i64, ad: i64, bn: i128, bd: i64) -> Exact {
    // A sum begun at zero: the other value, already in lowest terms.
    if an == 0 {
        return Exact::lowest(bn, bd.into());
    }
    if bn == 0 {
        return Exact(Repr::Small(an.into(), ad.into()));
    }
    if ad == bd {
        let sum = i128::from(an) + bn;
        return Exact::ratio(sum, i128::from(ad));
    }
    let g = gcd_u64(ad.unsigned_abs(), bd.unsigned_abs()) as i64;
    let (ad_g, bd_g) = (ad / g, bd / g);
    let t = i128::from(an) * i128::from(bd_g) + bn * i128::from(ad_g);
    if t == 0 {
        return Exact::ZERO;
    }
    // A common factor of t and ad·bd/g divides g.
    let h = gcd(t.unsigned_abs(), g.unsigned_abs().into()).max(1) as i64;
    let d = i128::from(ad_g) * i128::from(bd / h);
    Exact(Repr::Small(div_exactly(t, h.into()), d))
}

impl Neg for &Exact {
    type Output = Exact;

    fn neg(self) -> Exact {
        match &self.0 {
            // `n` is above `i128::MIN`, so `-n` is too.
            Repr::Small(n, d) => Exact(Repr::Small(-n, *d)),
            Repr::Big(value) => Exact::big(-(**value).clone()),
        }
    }
}

impl Neg for Exact {
    type Output = Exact;

    fn neg(self) -> Exact {
        -&self
    }
}

/// The operators, for formulas: each is the function of the same name.
macro_rules! operator {
    ($trait:ident, $method:ident, $function:ident) => {
        impl $trait<&Exact> for &Exact {
            type Output = Exact;

            fn $method(self, other: &Exact) -> Exact {
                $function(self, other)
            }
        }

        impl $trait<&Exact> for Exact {
            type Output = Exact;

            fn $method(self, other: &Exact) -> Exact {
                $function(&self, other)
            }
        }

        impl $trait for Exact {
            type Output = Exact;

            fn $method(self, other: Exact) -> Exact {
                $function(&self, &other)
            }
        }
    };
}

operator!(Add, add, add);
operator!(Sub, sub, sub);
operator!(Mul, mul, mul);
operator!(Div, div, div);

impl<'a> Sum<&'a Exact> for Exact {
    fn sum<I: Iterator<Item = &'a Exact>>(values: I) -> Exact {
        values.fold(Exact::ZERO, |sum, value| add(&sum, value))
    }
}

impl Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(values: I) -> Exact {
        values.fold(Exact::ZERO, |sum, value| add(&sum, &value))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        // Parts of machine words: the cross products fit `i128` without a check (the
        // denominators are positive).
        if let Some((an, ad, bn, bd)) = words(self, other) {
            if ad == bd {
                return an.cmp(&bn);
            }
            return (i128::from(an) * i128::from(bd)).cmp(&(i128::from(bn) * i128::from(ad)));
        }
        if let (Some((an, ad)), Some((bn, bd))) = (self.small(), other.small()) {
            if ad == bd {
                return an.cmp(&bn);
            }
            // Denominators are positive: the signs decide, or the cross products.
            match an.signum().cmp(&bn.signum()) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
            if let (Some(left), Some(right)) = (an.checked_mul(bd), bn.checked_mul(ad)) {
                return left.cmp(&right);
            }
        }
        self.to_big().cmp(&other.to_big())
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Exact {
    /// `n/d`, or `n` for an integer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(n, 1) => write!(f, "{n}"),
            Repr::Small(n, d) => write!(f, "{n}/{d}"),
            Repr::Big(value) => write!(f, "{value}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decimal::{nearest_by_rounding, nearest_in_words, round_big, terminating};
    use super::*;
    use num_traits::One;

    #[test]
    fn floor_brackets_small_and_big_values() {
        let third = div(&from_integer(-7), &from_integer(3));
        assert_eq!(floor(&third), Some((-3, false)));
        assert_eq!(floor(&from_integer(5)), Some((5, true)));
        let huge = big(BigInt::from(10).pow(40) + 1u32, BigInt::from(10).pow(39));
        assert_eq!(floor(&huge), Some((10, false)));
        assert_eq!(floor(&big(BigInt::from(10).pow(60), BigInt::one())), None);
    }

    /// A big rational as an [`Exact`], in machine integers when it fits.
    fn big(numerator: BigInt, denominator: BigInt) -> Exact {
        Exact::big(BigRational::new(numerator, denominator))
    }

    fn exact(text: &str) -> Exact {
        from_decimal(Decimal::from_str_exact(text).unwrap())
    }

    fn ratio(numerator: i64, denominator: i64) -> Exact {
        Exact::ratio(numerator.into(), denominator.into())
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
            from_integer(i128::MIN),
            big(BigInt::from(i128::MAX), BigInt::from(i128::MAX - 2)),
            big(BigInt::from(3), BigInt::from(i128::MIN)),
            big(BigInt::from(u128::MAX), BigInt::from(7)),
        ]
    }

    #[test]
    fn machine_integer_arithmetic_agrees_with_big_rationals() {
        let mut values = near_machine_limits();
        values.extend([
            ratio(3, 5),
            ratio(-7, 12),
            big(BigInt::one() << 130u32, BigInt::one()) + &ratio(1, 7),
            ratio(7, 1 << 40),
            ratio(-5, 3 << 40),
        ]);
        // Equal in value and in representation: lowest terms, positive denominator, machine
        // integers exactly when the parts fit (`big` puts them there).
        for a in &values {
            for b in &values {
                let (x, y) = (a.to_big(), b.to_big());
                assert_eq!(mul(a, b), Exact::big(&x * &y), "{a} × {b}");
                assert_eq!(add(a, b), Exact::big(&x + &y), "{a} + {b}");
                assert_eq!(sub(a, b), Exact::big(&x - &y), "{a} − {b}");
                assert_eq!(-a, Exact::big(-x.clone()), "−{a}");
                assert_eq!(a.cmp(b), x.cmp(&y), "{a} vs {b}");
                if !b.is_zero() {
                    assert_eq!(div(a, b), Exact::big(&x / &y), "{a} ÷ {b}");
                }
            }
        }
        assert!(matches!(from_integer(i128::MIN).0, Repr::Big(_)));
        assert!(matches!(ratio(6, -4).0, Repr::Small(-3, 2)));
        assert_eq!(
            values.iter().sum::<Exact>(),
            Exact::big(values.iter().map(Exact::to_big).sum())
        );
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
            big(BigInt::from(1), BigInt::from(i128::MAX)),
            // Denominators on either side of 2³², where long division leaves machine words.
            ratio(-1, u32::MAX.into()),
            ratio(i64::MAX, 4_294_967_291),
            ratio(-7, 1 << 32),
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
            let slow = big(BigInt::from(decimal.mantissa()), pow10(decimal.scale()));
            assert_eq!(from_decimal(decimal), slow);
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
        let too_big = big(BigInt::one() << 100u32, BigInt::one());
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
        assert!(sqrt(&Exact::ZERO).is_zero());
    }

    #[test]
    fn decimals_are_written_as_rounding_would_write_them() {
        let mut values = near_machine_limits();
        values.extend([
            ratio(3, 5),
            ratio(-7, 8),
            ratio(1, 1 << 40),
            ratio(123_456_789, 5_i64.pow(20)),
            ratio(-1, 10_i64.pow(18)),
            ratio(10_i64.pow(18), 1),
            ratio(1, 3),
            exact("79228162514264337593543950335"),
            exact("0.0000000000000000000000000001"),
            exact("7.9228162514264337593543950335"),
            big(BigInt::from(1), BigInt::one() << 29u32) * &exact("0.5"),
            ratio(1, 1 << 60),
            // 29 places ending in 5: ties at 28 places, half to the even neighbour.
            ratio(1, 1 << 29),
            ratio(-3, 1 << 29),
            ratio(5, 1 << 29),
        ]);
        for value in &values {
            let (fast, slow) = (to_nearest_decimal(value), nearest_by_rounding(value));
            assert_eq!(has_nearest_decimal(value), fast.is_some(), "{value}");
            if let Some(words) = value.small().and_then(|(n, d)| nearest_in_words(n, d)) {
                assert_eq!(
                    Some(words.to_string()),
                    slow.map(|d| d.to_string()),
                    "{value}"
                );
            }
            assert_eq!(
                fast.map(|d| d.to_string()),
                slow.map(|d| d.to_string()),
                "{value}"
            );
        }
        assert!(value_is_terminating(&ratio(3, 5)) && !value_is_terminating(&ratio(1, 3)));
    }

    fn value_is_terminating(value: &Exact) -> bool {
        value.small().and_then(|(n, d)| terminating(n, d)).is_some()
    }

    /// Integers (denominator 1, where `gcd` answers 1 at once), small fractions and values
    /// beyond machine integers.
    fn values() -> impl proptest::strategy::Strategy<Value = Exact> {
        use proptest::prelude::*;
        prop_oneof![
            any::<i64>().prop_map(from_integer),
            (any::<i64>(), 1i64..1_000_000).prop_map(|(n, d)| ratio(n, d)),
            // Denominators past 2³², where rounding divides in two words.
            (any::<i64>(), 1i64 << 32..i64::MAX).prop_map(|(n, d)| ratio(n, d)),
            (any::<i128>(), any::<i64>(), 1u32..90).prop_map(|(n, d, shift)| {
                let d = BigInt::from(d.unsigned_abs().max(1)) << shift;
                big(BigInt::from(n), d)
            }),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The machine-integer paths (with their shortcuts for integers) give exactly the big
        /// rationals' results, in the same representation, and round as big integers round.
        #[test]
        fn arithmetic_agrees_with_big_rationals(a in values(), b in values()) {
            let (x, y) = (a.to_big(), b.to_big());
            proptest::prop_assert_eq!(mul(&a, &b), Exact::big(&x * &y));
            proptest::prop_assert_eq!(add(&a, &b), Exact::big(&x + &y));
            proptest::prop_assert_eq!(sub(&a, &b), Exact::big(&x - &y));
            proptest::prop_assert_eq!(a.cmp(&b), x.cmp(&y));
            if !b.is_zero() {
                proptest::prop_assert_eq!(div(&a, &b), Exact::big(&x / &y));
            }
            proptest::prop_assert_eq!(has_nearest_decimal(&a), to_nearest_decimal(&a).is_some());
            // The nearest decimal in machine words is the one rounding finds.
            if let Some(words) = a.small().and_then(|(n, d)| nearest_in_words(n, d)) {
                proptest::prop_assert_eq!(
                    Some(words.to_string()),
                    nearest_by_rounding(&a).map(|d| d.to_string())
                );
            }
            for decimals in [0, 1, 4, 9, 17, 28] {
                for rounding in [Rounding::HalfUp, Rounding::HalfEven] {
                    proptest::prop_assert_eq!(
                        round(&a, decimals, rounding),
                        round_big(&a, decimals, rounding)
                    );
                }
            }
        }
    }
}
