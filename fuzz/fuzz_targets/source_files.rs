#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| livability_fuzz::source_files(data));
