//! Greatest common divisors and exact division in machine integers: what keeps a rational in
//! lowest terms without allocating.

/// The greatest common divisor; `gcd(0, 0) = 0`. In machine words when both fit 64 bits:
/// two-word arithmetic costs several times more, and most values of a board are small; one
/// remainder brings a large part down to the size of a small one.
pub(super) fn gcd(a: u128, b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    // An integer's denominator: the common case of a product with a count or a weight.
    if a == 1 || b == 1 {
        return 1;
    }
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(gcd_words(a, b)),
        (Ok(small), Err(_)) => u128::from(gcd_words(small, (b % a) as u64)),
        (Err(_), Ok(small)) => u128::from(gcd_words(small, (a % b) as u64)),
        (Err(_), Err(_)) => gcd_wide(a, b),
    }
}

/// The greatest common divisor of two values above 64 bits (binary: shifts and subtractions
/// only), handing over to machine words once both fit.
fn gcd_wide(mut a: u128, mut b: u128) -> u128 {
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

/// [`gcd`] of two machine words; `gcd_u64(0, 0) = 0`.
pub(super) fn gcd_u64(a: u64, b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    if a == 1 || b == 1 {
        return 1;
    }
    gcd_words(a, b)
}

/// The greatest common divisor of `a` (not zero) and `b`.
fn gcd_words(a: u64, b: u64) -> u64 {
    if b == 0 {
        return a;
    }
    // One remainder first: a weight, a scale or a count against a long denominator is the
    // common case, where binary steps would take one per bit of the difference in size.
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    let rest = large % small;
    if rest == 0 {
        return small;
    }
    let shift = (small | rest).trailing_zeros();
    odd_gcd(small >> small.trailing_zeros(), rest) << shift
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
pub(super) fn div_exactly(n: i128, d: i128) -> i128 {
    match (i64::try_from(n), i64::try_from(d)) {
        (Ok(n), Ok(d)) if d > 0 => i128::from(n / d),
        _ => n / d,
    }
}
