//! Reading typed values out of text fields, once, at the edge.

use rust_decimal::Decimal;

use crate::error::{ErrorKind, shorten};
use crate::name::normalize;

/// Reads a decimal field exactly: trimmed and NFKC-folded (full-width digits are digits), empty
/// is `None`. Exponents, NaN and infinities are not decimals; a number with more digits than a
/// decimal holds is an error, never rounded.
///
/// The error is the kind only: the caller knows the field's location.
pub(crate) fn decimal(text: &str) -> Result<Option<Decimal>, ErrorKind> {
    let text = normalize(text);
    if text.is_empty() {
        return Ok(None);
    }
    match Decimal::from_str_exact(&text) {
        // A negative zero reads as zero, so that it never prints as "-0".
        Ok(value) if value.is_zero() => Ok(Some(Decimal::ZERO)),
        Ok(value) => Ok(Some(value)),
        Err(rust_decimal::Error::Underflow) => Err(ErrorKind::TooPrecise {
            value: shorten(&text),
        }),
        Err(rust_decimal::Error::ErrorString(message)) if message.contains("overflow") => {
            Err(ErrorKind::TooPrecise {
                value: shorten(&text),
            })
        }
        Err(_) => Err(ErrorKind::BadValue {
            value: shorten(&text),
            expected: "a decimal".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decimals_exactly() {
        assert_eq!(decimal(" 12.50 "), Ok(Some(Decimal::new(1250, 2))));
        assert_eq!(decimal("１２.５"), Ok(Some(Decimal::new(125, 1))));
        assert_eq!(decimal("-3"), Ok(Some(Decimal::from(-3))));
        assert_eq!(decimal(""), Ok(None));
        assert_eq!(decimal("   "), Ok(None));
        let precise = decimal("1.0000000000000000000000000001").unwrap().unwrap();
        assert_eq!(precise.to_string(), "1.0000000000000000000000000001");
    }

    #[test]
    fn negative_zero_reads_as_zero() {
        let zero = decimal("-0.0").unwrap().unwrap();
        assert!(zero.is_zero() && !zero.is_sign_negative());
    }

    #[test]
    fn rejects_what_is_not_an_exact_decimal() {
        for text in ["NaN", "inf", "-inf", "1e5", "1,5", "abc", "1.2.3", "0x10"] {
            assert!(
                matches!(decimal(text), Err(ErrorKind::BadValue { .. })),
                "{text:?} was read"
            );
        }
        for text in [
            "0.00000000000000000000000000001",
            "1000000000000000000000000000000",
            "79228162514264337593543950336",
        ] {
            assert!(
                matches!(decimal(text), Err(ErrorKind::TooPrecise { .. })),
                "{text:?} was read"
            );
        }
    }
}
