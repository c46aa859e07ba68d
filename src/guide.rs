//! The guide.
#![doc = include_str!("../docs/guide.md")]
