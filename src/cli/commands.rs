//! One function per subcommand. Each loads the board, asks the pure layers, and
//! prints; only `move` and `fmt` write, through [`crate::storage::save`].

use super::context::{Env, Exit, emit, err_line, resolve_board};
use super::rows::{Layout, TaskRow, header, text_line, write_csv};
use super::show::show_text;
use super::summary::summary;
use super::words::{Words, fill};
use super::{Cli, Command, Filter, Format, SummaryBy};
use crate::app::Lang;
use crate::domain::{Board, Status, Task};
use crate::schedule::{self, Assessment, Column, DEFAULT_HORIZON_DAYS};
use crate::storage::{self, BoardFile};
use crate::text::{contains_folded, fold};
use chrono::NaiveDate;
use std::fmt::Write as _;

type Outcome = Result<Exit, String>;

pub fn run(cli: Cli, env: &Env) -> Exit {
    if let Some(Command::MergeDriver {
        base,
        ours,
        theirs,
        path,
    }) = &cli.command
    {
        // Run by git inside a merge: no board resolution, no config.
        return crate::merge::driver(base, ours, theirs, path.as_deref());
    }
    // Generated from the command line's definition: no board, no config.
    let generated = match &cli.command {
        Some(Command::Completions { shell }) => Some(super::generate::completions(*shell)),
        Some(Command::Man) => Some(super::generate::man()),
        _ => None,
    };
    let config = env.config();
    let today = cli.as_of.unwrap_or(env.today);
    let horizon = config.due_soon_days.unwrap_or(DEFAULT_HORIZON_DAYS);
    // --lang, else the config's `lang`, else the locale: as for the board.
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or(config.lang)
        .unwrap_or_else(|| Lang::from_locale(env.locale.as_deref()));
    let words = Words::of(lang);
    // A report is Vietnamese unless --lang or the config asks otherwise: the
    // server's locale does not choose the language of an official document.
    let report_lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or(config.lang)
        .unwrap_or(Lang::Vi);
    let pw = super::plan_words::PlanWords::of(lang);
    // Commands that make a new board: no existing board to resolve.
    let made = match &cli.command {
        Some(Command::Init {
            path,
            organisation,
            year,
            title,
            document,
        }) => Some(super::init::init(
            super::init::InitArgs {
                path: path.clone().or_else(|| cli.board.clone()),
                organisation: organisation.clone(),
                year: *year,
                title: title.clone(),
                document: document.clone(),
            },
            env,
            pw,
        )),
        Some(Command::Import {
            file,
            output,
            into,
            organisation,
            year,
            dry_run,
        }) => Some(super::import::import(
            &super::import::ImportArgs {
                file: file.clone(),
                output: output.clone(),
                into: into.clone(),
                organisation: organisation.clone(),
                year: *year,
                dry_run: *dry_run,
            },
            pw,
        )),
        _ => None,
    };
    // Commands that need no existing board have answered.
    if let Some(result) = made.or(generated) {
        return result.unwrap_or_else(|message| {
            err_line(&message);
            Exit::Error
        });
    }
    let result = resolve_board(cli.board, &config, &env.cwd).and_then(|path| {
        let Some(command) = cli.command else {
            return board_ui(path, today, (lang, report_lang), &config, env);
        };
        let ctx = Ctx {
            path,
            today,
            clock: env.clock,
            colour: env.colour,
            words,
        };
        match command {
            Command::List {
                status,
                filter,
                format,
            } => ctx.list(status.as_deref(), &filter, format),
            Command::Overdue { filter, format } => ctx.overdue(&filter, format),
            Command::Due {
                within,
                filter,
                format,
            } => ctx.due(within.unwrap_or(horizon), &filter, format),
            Command::Show { id } => ctx.show(id),
            Command::Move { id, status } => ctx.move_task(id, &status),
            Command::Log { id, text, date } => ctx.edit("log", |board| {
                super::record::log(board, id, &text, date, today, words)
            }),
            Command::Evidence {
                id,
                text,
                number,
                date,
                title,
                issuer,
                link,
            } => ctx.edit("evidence", |board| {
                let args = super::record::EvidenceArgs {
                    text,
                    number,
                    date,
                    title,
                    issuer,
                    link,
                };
                super::record::evidence(board, id, args, today, words)
            }),
            Command::Target {
                id,
                value,
                date,
                source,
            } => ctx.edit("target", |board| {
                super::record::target(board, &id, &value, date, source.as_deref(), today, words)
            }),
            Command::Check => {
                super::check::check(&ctx.path, ctx.today, env.out_width, env.err_width, words)
            }
            Command::Summary { by, format } => ctx.summary(by, format),
            Command::Targets { format } => ctx.targets(format),
            Command::Fmt { check } => ctx.fmt(check),
            Command::Changes { range, format } => {
                super::git_cmds::changes(&ctx.path, range.as_deref(), format, words)
            }
            Command::History { id, format } => {
                super::git_cmds::history(&ctx.path, id, format, words)
            }
            Command::GitSetup => super::git_cmds::git_setup(&ctx.path, env.search_path.as_deref()),
            Command::Rollover { year, output } => {
                super::rollover::rollover(&ctx.path, year, output.as_deref(), pw)
            }
            Command::Report {
                period,
                from,
                to,
                calendar,
                format,
                output,
                force,
            } => super::report::report(
                &ctx.path,
                &super::report::Args {
                    period,
                    from,
                    to,
                    calendar,
                    format,
                    output,
                    force,
                },
                ctx.today,
                ctx.clock,
                report_lang,
                words,
            ),
            Command::MergeDriver { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Init { .. }
            | Command::Import { .. } => {
                unreachable!("handled before board resolution")
            }
        }
    });
    match result {
        Ok(code) => code,
        Err(message) => {
            err_line(&message);
            Exit::Error
        }
    }
}

/// `cchc` with no command: the interactive board, in a terminal only.
fn board_ui(
    path: std::path::PathBuf,
    today: NaiveDate,
    (lang, report_lang): (Lang, Lang),
    config: &crate::config::Config,
    env: &Env,
) -> Outcome {
    use crate::app::Keymap;
    // A keymap the user asked for but cannot have is an error, not a
    // surprise at the first key press.
    let keymap = Keymap::with_overrides(&config.keys).map_err(|e| {
        let file = env
            .config_path
            .as_deref()
            .map_or_else(|| "the config file".to_owned(), |p| p.display().to_string());
        format!("cchc: error: {file}: keys: {e}")
    })?;
    let w = lang.words();
    if !env.tty {
        return Err(format!("cchc: error: {}", w.needs_tty));
    }
    if env.dumb_terminal {
        return Err("cchc: error: TERM is dumb or unset, so the board cannot be drawn; set TERM (e.g. xterm-256color) or use `cchc summary` / `cchc overdue`".to_owned());
    }

    let opts = crate::runtime::Options {
        board: path,
        today,
        lang,
        report_lang,
        keymap,
        horizon: config.due_soon_days.unwrap_or(DEFAULT_HORIZON_DAYS),
        autosave: config.autosave.unwrap_or(false),
        colour: !env.no_color,
        notice: locale_warning(env.locale.as_deref()),
        editor: crate::runtime::editor_from_env(),
        clock: env.clock,
    };
    match crate::runtime::run(opts) {
        Ok(0) => Ok(Exit::Ok),
        // Ended by a signal: the conventional 128 + n (terminal already restored).
        Ok(code) if code > 128 => std::process::exit(i32::from(code)),
        Ok(_) => Ok(Exit::Error),
        Err(crate::runtime::Failure::Load(e)) => Err(e),
        Err(crate::runtime::Failure::Other(e)) => Err(format!("cchc: error: {e}")),
    }
}

/// A warning when the locale is set to something other than UTF-8 (`LANG=C`):
/// the board's symbols and Vietnamese text would not display correctly.
fn locale_warning(locale: Option<&str>) -> Option<String> {
    let l = locale?.to_ascii_lowercase();
    (!l.contains("utf-8") && !l.contains("utf8")).then(|| {
        format!("locale `{l}` is not UTF-8: symbols and Vietnamese text may display wrongly; set LANG=C.UTF-8 or vi_VN.UTF-8")
    })
}

struct Ctx {
    path: std::path::PathBuf,
    /// The day asked about (`--as-of`, else today).
    today: NaiveDate,
    /// Today (see [`Env::clock`]).
    clock: NaiveDate,
    colour: bool,
    words: &'static Words,
}

impl Ctx {
    /// The board file, to change it or check it as it is.
    fn load(&self) -> Result<BoardFile, String> {
        storage::load(&self.path).map_err(|e| e.to_string())
    }

    /// The board as it stood on the day asked about, for the commands that
    /// read it (`crate::as_of`: today's file, with its git history when the
    /// day is past; a note on stderr when there is none).
    ///
    /// Read without keeping the file's text ([`storage::read`]): these
    /// commands never write it back.
    fn view(&self) -> Result<Board, String> {
        let board = storage::read(&self.path).map_err(|e| e.to_string())?;
        if self.today < self.clock {
            let (board, source) =
                crate::as_of::load_on(&self.path, board, None, self.today, self.clock);
            super::as_of_note::say(&source, self.today, self.words);
            return Ok(board);
        }
        Ok(board)
    }

    fn list(&self, status: Option<&str>, filter: &Filter, format: Format) -> Outcome {
        let board = &self.view()?;
        check_filter(board, filter, self.words)?;
        let wanted = match status {
            None => None,
            Some(s) => Some(
                parse_column(s)
                    .ok_or_else(|| self.words.error(self.words.err_list_status, &[("s", &s)]))?,
            ),
        };
        // Assessed as they are printed: nothing held per task.
        let items = schedule::assess_board(board, self.today)
            .filter(|(t, a)| keep(t, filter) && wanted.is_none_or(|c| a.column == c));
        self.print_tasks(items, &schedule::Rules::of(board), Layout::List, format)?;
        Ok(Exit::Ok)
    }

    fn overdue(&self, filter: &Filter, format: Format) -> Outcome {
        let board = self.view()?;
        check_filter(&board, filter, self.words)?;
        let items: Vec<_> = schedule::overdue(&board, self.today)
            .into_iter()
            .filter(|(t, _)| keep(t, filter))
            .collect();
        if items.is_empty() && format == Format::Text {
            let w = self.words;
            emit(&format!(
                "{}\n",
                fill(w.nothing_overdue, &[("date", &w.date(self.today))])
            ))?;
        } else {
            self.print_tasks(
                items.iter().copied(),
                &schedule::Rules::of(&board),
                Layout::Overdue,
                format,
            )?;
        }
        Ok(if items.is_empty() {
            Exit::Ok
        } else {
            Exit::Found
        })
    }

    fn due(&self, horizon: i64, filter: &Filter, format: Format) -> Outcome {
        if horizon < 0 {
            return Err(self.words.error(self.words.err_within, &[("n", &horizon)]));
        }
        let board = self.view()?;
        check_filter(&board, filter, self.words)?;
        let items: Vec<_> = schedule::due_soon(&board, self.today, horizon)
            .into_iter()
            .filter(|(t, _)| keep(t, filter))
            .collect();
        if items.is_empty() && format == Format::Text {
            let w = self.words;
            emit(&format!(
                "{}\n",
                fill(
                    w.nothing_due,
                    &[("n", &horizon), ("date", &w.date(self.today))]
                )
            ))?;
        } else {
            self.print_tasks(
                items.iter().copied(),
                &schedule::Rules::of(&board),
                Layout::Due,
                format,
            )?;
        }
        // The reports fall due for the whole department, whatever the
        // filter; JSON and CSV stay the task rows they always were.
        if format == Format::Text {
            let reports = reports_due(&board, self.today, horizon);
            if !reports.is_empty() {
                let w = self.words;
                let mut out = format!("\n{}\n", w.reports_due);
                for d in reports {
                    let _ = writeln!(
                        out,
                        "{}  {} ({}–{})",
                        w.date(d.due),
                        w.report_name(d.report, d.year),
                        w.date(d.from),
                        w.date(d.to)
                    );
                }
                emit(&out)?;
            }
        }
        Ok(Exit::Ok)
    }

    fn print_tasks<'a, I: Iterator<Item = (&'a Task, Assessment)>>(
        &self,
        items: I,
        rules: &schedule::Rules,
        layout: Layout,
        format: Format,
    ) -> Result<(), String> {
        // Each row made as it is written: at 100,000 tasks the rows held
        // together would outweigh the board.
        let rows = |items: I| items.map(|(t, a)| TaskRow::new(t, &a, rules, self.today));
        match format {
            Format::Json => super::context::emit_json(&super::context::Lazy::new(rows(items))),
            Format::Csv => super::context::emit_with(|out| write_csv(rows(items), out)),
            Format::Text => {
                let lines = items.map(|(t, a)| text_line(t, &a, layout, self.colour, self.words));
                super::context::emit_pieces(
                    std::iter::once(header(layout, self.words)).chain(lines),
                )
            }
        }
    }

    fn show(&self, id: u32) -> Outcome {
        let board = &self.view()?;
        let task = board
            .task(id)
            .ok_or_else(|| no_such_task(board, id, self.words))?;
        emit(&show_text(board, task, self.today, self.words))?;
        Ok(Exit::Ok)
    }

    fn move_task(&self, id: u32, status: &str) -> Outcome {
        let status = parse_status(status).ok_or_else(|| {
            self.words
                .error(self.words.err_move_status, &[("s", &status)])
        })?;
        // Read without holding the text beside the board, the task changed
        // alone and saved in place of its old self: no second board, and
        // the text never held whole (`storage::Examined::save_task`).
        let file = storage::examine(&self.path).map_err(|e| e.to_string())?;
        self.refuse_noncanonical(file.first_noncanonical_line(), "move")?;
        let mut task = file
            .board()
            .task(id)
            .ok_or_else(|| no_such_task(file.board(), id, self.words))?
            .clone();
        let changes = task.set_status(status, self.today);
        if changes.is_empty() {
            let w = self.words;
            emit(&format!(
                "{}\n",
                fill(w.already, &[("id", &id), ("status", &w.status(status))])
            ))?;
            return Ok(Exit::Ok);
        }
        let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
        let report = file.save_task(task);
        self.saved(report, &lines)
    }

    /// A board whose bytes are not what saving writes (comments, quoting)
    /// would lose its hand formatting: the edit `command` is refused, with
    /// the way out.
    fn refuse_noncanonical(
        &self,
        noncanonical: Option<usize>,
        command: &str,
    ) -> Result<(), String> {
        match noncanonical {
            None => Ok(()),
            Some(line) => Err(format!(
                "{}:{line}: error: {}",
                self.path.display(),
                fill(
                    self.words.err_noncanonical,
                    &[("line", &line), ("command", &command)]
                )
            )),
        }
    }

    /// Saves `board` over `file` (atomically, refusing a file changed on
    /// disk since it was read) and prints `lines` (what changed) and where.
    fn save(&self, file: &BoardFile, board: &Board, lines: &[String]) -> Outcome {
        self.saved(storage::save(file, board), lines)
    }

    /// Prints what a save did: its warnings, `lines` and where it wrote.
    fn saved(
        &self,
        report: Result<storage::SaveReport, storage::SaveError>,
        lines: &[String],
    ) -> Outcome {
        let report = report.map_err(|e| format!("cchc: error: {e}"))?;
        for w in &report.warnings {
            err_line(&format!("cchc: warning: {w}"));
        }
        let mut out = String::new();
        for l in lines {
            let _ = writeln!(out, "{l}");
        }
        let saved = fill(self.words.saved, &[("path", &report.target.display())]);
        let _ = writeln!(out, "{saved}");
        emit(&out)?;
        Ok(Exit::Ok)
    }

    /// An edit of `command` (`log`, `evidence`, `target`): load, refuse a
    /// hand-formatted board, apply `change` (which says what it changed, or
    /// why it cannot), save, print. Nothing is written when it fails.
    fn edit(
        &self,
        command: &str,
        change: impl FnOnce(&mut Board) -> Result<Vec<String>, String>,
    ) -> Outcome {
        let file = self.load()?;
        self.refuse_noncanonical(file.first_noncanonical_line(), command)?;
        let mut board = file.board.clone();
        let lines = change(&mut board)?;
        self.save(&file, &board, &lines)
    }

    fn targets(&self, format: Format) -> Outcome {
        let board = self.view()?;
        let text = super::targets::targets(&board, self.today, format, self.words)
            .map_err(|e| format!("cchc: error: {e}"))?;
        emit(&text)?;
        Ok(Exit::Ok)
    }

    fn summary(&self, by: SummaryBy, format: Format) -> Outcome {
        let board = self.view()?;
        let by = match by {
            SummaryBy::Area => crate::figures::By::Area,
            SummaryBy::Lead => crate::figures::By::Lead,
        };
        emit(&summary(&board, self.today, by, format, self.words))?;
        Ok(Exit::Ok)
    }

    fn fmt(&self, check_only: bool) -> Outcome {
        let file = self.load()?;
        match file.first_noncanonical_line() {
            None => {
                let done = fill(self.words.canonical, &[("path", &self.path.display())]);
                emit(&format!("{done}\n"))?;
                Ok(Exit::Ok)
            }
            Some(line) if check_only => {
                let not = fill(
                    self.words.not_canonical,
                    &[("path", &self.path.display()), ("line", &line)],
                );
                emit(&format!("{not}\n"))?;
                Ok(Exit::Found)
            }
            Some(_) => {
                let report =
                    storage::save(&file, &file.board).map_err(|e| format!("cchc: error: {e}"))?;
                let done = fill(self.words.rewrote, &[("path", &report.target.display())]);
                emit(&format!("{done}\n"))?;
                Ok(Exit::Ok)
            }
        }
    }
}

/// The reports of the board's reporting calendar due from `today` to
/// `horizon` days later (both included), soonest first.
pub(super) fn reports_due(
    board: &Board,
    today: NaiveDate,
    horizon: i64,
) -> Vec<crate::domain::calendar::Dates> {
    use chrono::Datelike;
    let last = chrono::TimeDelta::try_days(horizon)
        .and_then(|d| today.checked_add_signed(d))
        .unwrap_or(NaiveDate::MAX);
    let calendar = board.calendar();
    // A horizon of centuries lists a century of reports, not a million.
    let years = today.year() - 1..=last.year().min(today.year() + 100);
    let mut out: Vec<_> = years
        .flat_map(|y| calendar.year(y))
        .filter(|d| d.due >= today && d.due <= last)
        .collect();
    out.sort_by_key(|d| (d.due, d.report, d.year));
    out.dedup();
    out
}

fn keep(task: &Task, filter: &Filter) -> bool {
    filter
        .area
        .as_deref()
        .is_none_or(|a| task.area.eq_ignore_ascii_case(a))
        && filter
            .lead
            .as_deref()
            .is_none_or(|l| contains_folded(&task.lead, l))
}

/// A filter that can match nothing is a mistake, not an empty answer: a cron
/// check with `--lead "van phog"` must fail loudly rather than report "nothing
/// overdue". Both errors list what there is to choose from.
fn check_filter(board: &Board, filter: &Filter, w: &Words) -> Result<(), String> {
    if let Some(code) = &filter.area
        && !board
            .areas
            .iter()
            .any(|a| a.code.eq_ignore_ascii_case(code))
    {
        let areas: Vec<&str> = board.areas.iter().map(|a| a.code.as_str()).collect();
        return Err(w.error(
            w.err_no_area,
            &[("code", code), ("areas", &areas.join(", "))],
        ));
    }
    if let Some(lead) = &filter.lead
        && !board.tasks.iter().any(|t| contains_folded(&t.lead, lead))
    {
        let mut message = w.error(w.err_no_lead, &[("lead", lead)]);
        for unit in board.lead_units() {
            message.push_str("\n  ");
            message.push_str(unit);
        }
        return Err(message);
    }
    Ok(())
}

/// A board column for `list --status`: the word the JSON uses (`in_progress`,
/// `in-progress`, any case) or the board's column name in either language,
/// accents optional (`qua han`).
fn parse_column(s: &str) -> Option<Column> {
    let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let folded = fold(s);
    Column::ALL.into_iter().find(|c| {
        c.as_str() == key
            || [&crate::app::i18n::EN, &crate::app::i18n::VI]
                .iter()
                .any(|w| fold(w.column(*c)) == folded)
    })
}

/// A status for `move`: the file's word (see [`Status::parse`]) or the board's
/// Vietnamese status word, accents optional (`hoan thanh`).
fn parse_status(s: &str) -> Option<Status> {
    Status::parse(s).or_else(|| {
        let folded = fold(s);
        Status::ALL
            .into_iter()
            .find(|st| fold(crate::app::i18n::VI.status_words[*st as usize]) == folded)
    })
}

pub(super) fn no_such_task(board: &Board, id: u32, w: &Words) -> String {
    let (lo, hi) = (
        board.tasks.first().map_or(0, |t| t.id),
        board.tasks.last().map_or(0, |t| t.id),
    );
    w.error(w.err_no_task, &[("id", &id), ("lo", &lo), ("hi", &hi)])
}

#[cfg(test)]
mod tests {
    use super::locale_warning;

    #[test]
    fn only_non_utf8_locales_are_warned_about() {
        assert_eq!(locale_warning(Some("vi_VN.UTF-8")), None);
        assert_eq!(locale_warning(Some("C.utf8")), None);
        assert_eq!(locale_warning(None), None);
        let w = locale_warning(Some("C")).expect("C is not UTF-8");
        assert!(w.contains("locale `c` is not UTF-8"), "{w}");
        assert!(locale_warning(Some("POSIX")).is_some());
    }
}
