//! How a run fails: one line on stderr and an exit code, the same for the same failure
//! whichever subcommand meets it.

use std::io;
use std::path::Path;
use std::process::ExitCode;

/// A failed run: the line for stderr (without `error: `) and its class.
#[derive(Debug)]
pub struct Failure {
    message: String,
    class: Class,
}

/// What kind of failure, which fixes the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// The library refused the data, the spec or an option's value (an unknown board, say),
    /// a file could not be read or written, or `--strict` found warnings: exit 1.
    Failed,
    /// The arguments do not fit together (clap's own usage errors exit 2 as well): exit 2.
    Usage,
}

impl Failure {
    /// A failure of the run itself (exit 1).
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            class: Class::Failed,
        }
    }

    /// Arguments that do not fit together, found after clap parsed them (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            class: Class::Usage,
        }
    }

    /// A file at `path` (or `stdout`) that could not be written.
    pub fn cannot_write(path: &Path, error: &io::Error) -> Failure {
        Failure::failed(format!("{}: cannot write: {error}", path.display()))
    }

    /// The exit code of this failure.
    pub fn code(&self) -> u8 {
        match self.class {
            Class::Failed => 1,
            Class::Usage => 2,
        }
    }

    /// The line printed on stderr.
    pub fn line(&self) -> String {
        format!("error: {}", self.message)
    }

    /// Prints the line on stderr and gives the exit code.
    pub fn report(self) -> ExitCode {
        eprintln!("{}", self.line());
        ExitCode::from(self.code())
    }
}

/// Every error of the library is a failure of the run (exit 1) with the error's own message:
/// the spec, the data and the options it was given are what it judged, whichever subcommand
/// asked.
impl From<livability::Error> for Failure {
    fn from(error: livability::Error) -> Failure {
        Failure::failed(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_error_exits_1_with_its_own_message() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/tianshan/spec.toml");
        let spec = livability::Spec::from_path(fixture).map_err(Failure::from);
        let ranked = spec.and_then(|spec| {
            let options = livability::Options::new().board("nope");
            livability::rank(&spec, &options).map_err(Failure::from)
        });
        let Err(failure) = ranked else {
            panic!("an unknown board was ranked");
        };
        assert_eq!(failure.code(), 1);
        assert!(
            failure
                .line()
                .starts_with("error: no board 'nope' in the spec"),
            "{}",
            failure.line()
        );
        let Err(dialect) = "oracle".parse::<livability::sql::Dialect>() else {
            panic!("oracle is a dialect");
        };
        assert_eq!(Failure::from(dialect).code(), 1);
    }

    #[test]
    fn usage_exits_2_and_files_exit_1() {
        assert_eq!(Failure::usage("--out needed").code(), 2);
        assert_eq!(Failure::usage("--out needed").line(), "error: --out needed");
        let error = io::Error::new(io::ErrorKind::StorageFull, "no space left on device");
        let failure = Failure::cannot_write(Path::new("boards.xlsx"), &error);
        assert_eq!(failure.code(), 1);
        assert_eq!(
            failure.line(),
            "error: boards.xlsx: cannot write: no space left on device"
        );
    }
}
