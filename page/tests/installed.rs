//! Finding a browser the tests drive: the one an environment variable names, else the first of
//! its usual names on `PATH`.

use std::path::PathBuf;

/// The program `variable` names, else the first of `names` on `PATH`; `None` (and a note) when
/// there is none and CI does not require it. Under CI a missing browser fails the test:
/// `.ci/run` installs Debian's `package`.
pub fn program(variable: &str, names: &[&str], package: &str) -> Option<PathBuf> {
    let named = std::env::var_os(variable).map(PathBuf::from);
    let found = named.or_else(|| {
        let path = std::env::var_os("PATH")?;
        names
            .iter()
            .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but no {package} was found: .ci/run installs Debian's `{package}`"
        );
        eprintln!("no {package} found (set {variable}): not run");
    }
    found
}
