//! `livability bulletin`: the month's 通报 as a Word document, from the spec, the boards and a
//! template (the default one, or the office's own).

use std::path::PathBuf;

use livability::render::bulletin::{Bulletin, DEFAULT_TEMPLATE, Template};
use livability::{Options, Period};

use crate::failure::Failure;
use crate::options::choose;
use crate::output::{Existing, write_file, write_output};
use crate::warnings::{skipped_rows, strictly, warnings_and_notes};

/// The arguments of `bulletin`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec file (spec.toml).
    #[arg(required_unless_present = "print_template")]
    spec: Option<PathBuf>,
    /// Write the .docx to this file (written whole, or not at all).
    #[arg(long, value_name = "FILE", required_unless_present_any = ["text", "print_template"])]
    out: Option<PathBuf>,
    /// The template (see the guide, "The 通报"); by default the built-in Chinese one.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Print the built-in template, to start an office's own from it.
    #[arg(long, conflicts_with_all = ["spec", "out", "template", "text"])]
    print_template: bool,
    /// Print the bulletin as plain text on stdout (a paragraph a line, tables tab-separated).
    #[arg(long)]
    text: bool,
    /// The month to report (YYYY-MM) instead of the spec's.
    #[arg(long)]
    period: Option<Period>,
    /// Skip malformed rows and report them instead of stopping at the first.
    #[arg(long)]
    lenient: bool,
    /// Exit 1 when there is any warning.
    #[arg(long)]
    strict: bool,
}

/// Ranks, counts, fills in the template and writes the document.
pub fn run(args: Args) -> Result<(), Failure> {
    if args.print_template {
        return write_output(None, |writer| writer.write_all(DEFAULT_TEMPLATE.as_bytes()));
    }
    let Some(spec) = &args.spec else {
        return Err(Failure::usage("a spec file is needed"));
    };
    let template = match &args.template {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                Failure::failed(format!("{}: cannot read: {error}", path.display()))
            })?;
            Template::parse(&text, path)?
        }
        None => Template::chinese(),
    };
    let options = choose(
        Options::new().lenient(args.lenient),
        args.period,
        Vec::new(),
    );
    let bulletin = Bulletin::make(spec, &template, &options)?;
    let quality = &bulletin.rankings().quality;
    skipped_rows(quality);
    warnings_and_notes(&quality.warnings, &quality.notes);
    if let Some(out) = &args.out {
        write_file(out, Existing::Replace, |writer| bulletin.write_docx(writer))
            .map_err(|error| Failure::cannot_write(out, &error))?;
    }
    if args.text {
        write_output(None, |writer| writer.write_all(bulletin.text().as_bytes()))?;
    }
    strictly(args.strict, quality.warnings.len())
}
