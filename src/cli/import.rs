//! `cchc import FILE`: placeholder, filled in below.
use super::context::Exit;
use std::path::PathBuf;

pub struct ImportArgs {
    pub file: PathBuf,
    pub output: Option<PathBuf>,
    pub into: Option<PathBuf>,
    pub organisation: Option<String>,
    pub year: Option<i32>,
    pub dry_run: bool,
}

pub fn import(args: &ImportArgs) -> Result<Exit, String> {
    let _ = (
        &args.output,
        &args.into,
        &args.organisation,
        args.year,
        args.dry_run,
    );
    Err(format!(
        "cchc: error: cannot import {} yet",
        args.file.display()
    ))
}
