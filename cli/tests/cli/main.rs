//! The `livability` command, run as a user runs it: output, files, exit codes, one-line
//! errors. One test binary, a module per area.

mod atomic_writes;
mod bad_inputs;
mod commands;
mod coverage;
mod exit_codes;
mod files;
mod support;
