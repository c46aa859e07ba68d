//! The `livability` command, run as a user runs it: output, files, exit codes, one-line
//! errors. One test binary, a module per area.

// A file-size limit from the shell makes writes fail midway: Unix only.
#[cfg(unix)]
mod atomic_writes;
mod bad_inputs;
mod bulletin;
mod commands;
mod coverage;
mod exit_codes;
mod files;
mod languages;
mod support;
