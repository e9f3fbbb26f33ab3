//! `cchc init [PATH]`: a new, valid, canonical board with the standard reform
//! areas and no tasks. Refuses to overwrite. Without `--organisation` and
//! `--year` it asks for them on a terminal, and says which flag is needed
//! anywhere else (cron, scripts, a pipe).

use super::context::{Env, Exit, emit};
use super::plan_words::PlanWords;
use super::words::fill;
use crate::domain::Board;
use crate::plan;
use crate::sanitize::terminal_safe;
use crate::storage;
use std::io::{self, BufRead, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub struct InitArgs {
    pub path: Option<PathBuf>,
    pub organisation: Option<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub document: Option<String>,
}

pub fn init(args: InitArgs, env: &Env, w: &PlanWords) -> Result<Exit, String> {
    let complete = args.organisation.is_some() && args.year.is_some();
    let args = if complete || !env.tty {
        args
    } else {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut out = io::stderr();
        ask(args, &mut input, &mut out).map_err(|e| format!("cchc: error: {e}"))?
    };
    let organisation = args
        .organisation
        .as_deref()
        .map(plan::clean)
        .filter(|o| !o.is_empty())
        .ok_or("cchc: error: init needs the department: pass --organisation TEXT (e.g. --organisation \"Sở Xây dựng tỉnh Nam Định\")")?;
    let year = args
        .year
        .ok_or("cchc: error: init needs the plan year: pass --year YYYY (e.g. --year 2025)")?;
    check_year(year)?;
    let board = plan::new_board(
        &organisation,
        year,
        args.title.as_deref(),
        args.document.as_deref().unwrap_or(""),
    );
    let path = args
        .path
        .unwrap_or_else(|| Path::new("boards").join(plan::file_name(&organisation, year)));
    write_new(&path, &board)?;
    emit(&next_steps(&path, &board, w))?;
    Ok(Exit::Ok)
}

/// A plan year this tool can mean: four digits.
pub fn check_year(year: i32) -> Result<(), String> {
    if (1900..2200).contains(&year) {
        Ok(())
    } else {
        Err(format!(
            "cchc: error: --year {year} is not a plan year; write it with four digits, e.g. 2025"
        ))
    }
}

/// Writes a new board at `path` atomically, refusing to replace any file; a
/// missing `boards/` directory (only that one level) is made.
pub fn write_new(path: &Path, board: &Board) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "cchc: error: {} exists; not replacing it (choose another path, or remove it first)",
            path.display()
        ));
    }
    let dir = storage::atomic::parent_dir(path);
    if !dir.exists() {
        std::fs::create_dir(dir)
            .map_err(|e| format!("cchc: error: cannot create {}: {e}", dir.display()))?;
    }
    // A board is shared in a repository: readable by all (a temporary file's
    // default would be 0600), never replacing a file that appeared meanwhile.
    let cannot = |e: io::Error| format!("cchc: error: cannot write {}: {e}", path.display());
    let tmp = storage::atomic::synced_temp_beside(
        path,
        storage::to_yaml(board).as_bytes(),
        Some(std::fs::Permissions::from_mode(0o644)),
    )
    .map_err(cannot)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(format!(
            "cchc: error: {} exists; not replacing it (choose another path, or remove it first)",
            path.display()
        )),
        Err(e) => Err(cannot(e.error)),
    }
}

fn next_steps(path: &Path, board: &Board, w: &PlanWords) -> String {
    let p = path.display();
    let mut s = fill(
        w.created,
        &[
            ("path", &p),
            ("title", &terminal_safe(&board.plan.title)),
            ("org", &terminal_safe(&board.plan.organisation)),
            ("year", &board.plan.year),
            ("areas", &board.areas.len()),
        ],
    );
    s.push('\n');
    if board.plan.document.is_empty() {
        s.push_str(w.document_blank);
        s.push('\n');
    }
    s.push_str(&fill(w.next, &[("path", &p)]));
    s.push('\n');
    s
}

/// Writes `prompt` on `out` and reads one line of `input`, trimmed.
fn read_answer(input: &mut dyn BufRead, out: &mut dyn Write, prompt: &str) -> io::Result<String> {
    write!(out, "{prompt}")?;
    out.flush()?;
    let mut s = String::new();
    if input.read_line(&mut s)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "input ended; nothing written",
        ));
    }
    Ok(s.trim().to_owned())
}

/// Asks for what the flags left out, one line each, on `out` (stderr, so
/// stdout stays the result).
fn ask(mut args: InitArgs, input: &mut dyn BufRead, out: &mut dyn Write) -> io::Result<InitArgs> {
    while args
        .organisation
        .as_deref()
        .is_none_or(|o| o.trim().is_empty())
    {
        args.organisation = Some(read_answer(
            input,
            out,
            "Department (cơ quan, đơn vị), e.g. Sở Xây dựng tỉnh Nam Định: ",
        )?);
    }
    let mut prompt = "Plan year (YYYY): ".to_owned();
    while args.year.is_none() {
        let y = read_answer(input, out, &prompt)?;
        match y.parse::<i32>() {
            Ok(y) if check_year(y).is_ok() => args.year = Some(y),
            _ => prompt = format!("`{y}` is not a year: write four digits, e.g. 2025: "),
        }
    }
    let organisation = args.organisation.clone().unwrap_or_default();
    let year = args.year.unwrap_or_default();
    if args.title.is_none() {
        let default = plan::default_title(organisation.trim(), year);
        let t = read_answer(input, out, &format!("Title [{default}]: "))?;
        args.title = (!t.is_empty()).then_some(t);
    }
    if args.document.is_none() {
        let d = read_answer(
            input,
            out,
            "Document reference (số hiệu), blank to fill later: ",
        )?;
        args.document = Some(d);
    }
    if args.path.is_none() {
        let default = Path::new("boards").join(plan::file_name(&organisation, year));
        let p = read_answer(input, out, &format!("File [{}]: ", default.display()))?;
        args.path = Some(if p.is_empty() { default } else { p.into() });
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_fills_what_the_flags_left_out_and_re_asks_a_bad_year() {
        let args = InitArgs {
            path: None,
            organisation: None,
            year: None,
            title: None,
            document: None,
        };
        let mut input = io::Cursor::new("Sở Tư pháp tỉnh Nam Định\n25\n2025\n\nKH số 1/KH-STP\n\n");
        let mut out = Vec::new();
        let a = ask(args, &mut input, &mut out).expect("answers");
        assert_eq!(a.organisation.as_deref(), Some("Sở Tư pháp tỉnh Nam Định"));
        assert_eq!(a.year, Some(2025));
        assert_eq!(a.title, None);
        assert_eq!(a.document.as_deref(), Some("KH số 1/KH-STP"));
        assert_eq!(
            a.path,
            Some(PathBuf::from("boards/so-tu-phap-tinh-nam-dinh-2025.yaml"))
        );
        let asked = String::from_utf8(out).expect("utf-8");
        assert!(asked.contains("`25` is not a year"), "{asked}");
    }

    #[test]
    fn input_ending_early_is_an_error() {
        let args = InitArgs {
            path: None,
            organisation: None,
            year: None,
            title: None,
            document: None,
        };
        let mut input = io::Cursor::new("Sở Tư pháp\n");
        let err = ask(args, &mut input, &mut Vec::new()).err().expect("eof");
        assert!(err.to_string().contains("nothing written"), "{err}");
    }
}
