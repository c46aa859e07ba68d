//! `livability init`: a starter spec for a folder of exports, never over an existing one.

use std::io;
use std::path::PathBuf;

use livability::init::Role;

use crate::failure::Failure;
use crate::output::{Existing, write_file};

/// The arguments of `init`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder of exports.
    folder: PathBuf,
}

/// Recognizes the exports, writes `spec.toml` whole (and only where there is none), and says
/// on stderr what each file was taken for.
pub fn run(args: Args) -> Result<(), Failure> {
    let starter = livability::init::init(&args.folder)?;
    let path = args.folder.join("spec.toml");
    let shown = path.display();
    write_file(&path, Existing::Keep, |writer| {
        writer.write_all(starter.spec.as_bytes())
    })
    .map_err(|error| {
        if error.kind() == io::ErrorKind::AlreadyExists {
            Failure::failed(format!(
                "{shown}: a spec is there already: move it away, or edit it"
            ))
        } else {
            Failure::cannot_write(&path, &error)
        }
    })?;
    for found in &starter.recognized {
        let what = match (&found.role, &found.source) {
            (Role::Places, _) => "the places".to_owned(),
            (Role::PlaceList(kind), _) => format!("a list of places of kind {kind}"),
            (_, Some(source)) => format!("source '{source}'"),
            (role, None) => format!("{role:?}"),
        };
        eprintln!("{}: {what}", found.file);
    }
    for file in &starter.unrecognized {
        eprintln!("{}: not placed: {}", file.file, file.why);
    }
    for why in &starter.left_out {
        eprintln!("left out (as a comment): {why}");
    }
    eprintln!("wrote {shown}");
    Ok(())
}
