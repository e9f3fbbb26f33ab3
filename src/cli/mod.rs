//! The non-interactive commands. None of them needs a TTY; each prints plain
//! text (colour only on a terminal, never with `NO_COLOR`), JSON or CSV, and
//! exits 0 (ok), 1 (`overdue`: something is overdue) or 2 (any error).

mod as_of_note;
mod check;
mod commands;
mod context;
mod generate;
mod git_cmds;
mod import;
mod init;
mod plan_words;
mod record;
mod report;
mod rollover;
mod rows;
mod show;
mod summary;
mod targets;
mod words;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use context::{Env, Exit, emit, err_line};

#[derive(Debug, Parser)]
#[command(
    name = "cchc",
    version,
    about = "Kanban board for the CCHC (administrative reform) plan: one YAML file in git",
    long_about = None,
    after_help = "Exit codes: 0 ok, 1 `overdue` found overdue tasks, 2 error.\nWithout a command, opens the interactive board (needs a terminal)."
)]
pub struct Cli {
    /// Board file [default: $CCHC_BOARD, the config's `board`, or the only *.yaml in the nearest boards/ up to the repository root]
    #[arg(short, long, global = true, env = "CCHC_BOARD", value_name = "PATH")]
    pub board: Option<PathBuf>,

    /// Answer as the board stood on this day [default: today, or $CCHC_TODAY]; before today, statuses come from the board's git history and its completion dates
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Interface language (the board and the commands' text): vi or en [default: config `lang`, else from LANG]
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"])]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::domain::parse_iso_date(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Csv,
}

/// What the rows of `summary` are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SummaryBy {
    #[default]
    Area,
    Lead,
}

/// Output of the git commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TextJson {
    #[default]
    Text,
    Json,
}

// Filters shared by `list`, `overdue` and `due`. A plain comment: a doc
// comment here is the `about` of the group, which, built after the
// subcommand's own (`defer`), would replace it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Filter {
    /// Only this area (I..IX)
    #[arg(long, value_name = "CODE")]
    pub area: Option<String>,
    /// Only tasks whose lead unit contains TEXT (case- and accent-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
}

/// The subcommands. Each one's arguments are built only when it runs
/// (`defer`): clap otherwise builds every subcommand's arguments on every
/// run, in one function whose stack frame was 68 KB, probed a page at a
/// time (17 page faults and about 260,000 instructions of every command;
/// issue 12). Help, completions and the man page build them all, as before.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// List tasks with their board column and deadline
    List {
        /// Only this column: planned, in_progress, done, overdue
        #[arg(long, value_name = "S")]
        status: Option<String>,
        #[command(flatten)]
        filter: Filter,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Overdue tasks, most overdue first; exit 1 when there are any
    Overdue {
        #[command(flatten)]
        filter: Filter,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Tasks due soon (today included), soonest first, and the reports due in the horizon
    Due {
        /// Horizon in days [default: the config's due_soon_days, else 14]
        #[arg(long, value_name = "DAYS")]
        within: Option<i64>,
        #[command(flatten)]
        filter: Filter,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Every field of one task
    Show {
        /// Task id (the plan's STT)
        id: u32,
    },
    /// Set a task's status: planned, in-progress (or in_progress), done
    Move {
        /// Task id (the plan's STT)
        id: u32,
        /// planned | in-progress | done
        status: String,
    },
    /// Add a dated entry to a task's progress log (what was done)
    ///
    /// The entry goes after the log's entries of the same or an earlier day, so
    /// the file changes by the added lines only.
    Log {
        /// Task id (the plan's STT)
        id: u32,
        /// What was done; may span lines
        text: String,
        /// The day it was done [default: the --as-of day, else today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Add evidence to a task: a document (--number, --date, --title) or a line of text
    ///
    /// For example: cchc evidence 5 --number 12/KH-SXD --date 2024-01-05 --title "Kế hoạch theo dõi thi hành pháp luật"
    Evidence {
        /// Task id (the plan's STT)
        id: u32,
        /// Free text instead of a document, e.g. "Báo cáo số 3 gửi Sở Nội vụ"
        text: Option<String>,
        /// The document's number (số hiệu), e.g. 12/KH-SXD
        #[arg(long, value_name = "TEXT")]
        number: Option<String>,
        /// The day it was issued (ngày ban hành)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// What it is about (trích yếu)
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Who issued it, when not the department itself
        #[arg(long, value_name = "TEXT")]
        issuer: Option<String>,
        /// A path in the repository or a URL
        #[arg(long, value_name = "TEXT")]
        link: Option<String>,
    },
    /// Record a dated value of one of the plan's targets (see `cchc targets`)
    Target {
        /// Target id, e.g. II.3a
        id: String,
        /// The value: 58.97, 58,97 or 58,97%
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// The day it was measured [default: the --as-of day, else today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Where the value comes from (a report, the province's system)
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
    },
    /// Validate the board; exit 0 when valid (warnings allowed), 2 when not
    Check,
    /// Per area (or per lead unit): tasks, done on time, done late, in progress, overdue, not yet due, on-time rate
    Summary {
        /// Rows per reform area or per lead unit (a joint lead counts for each unit)
        #[arg(long, value_enum, default_value_t)]
        by: SummaryBy,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The plan's measured targets: value, current value, met / not met / not measured
    Targets {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Rewrite the board in canonical form (review the result with git diff)
    Fmt {
        /// Only report whether the file is canonical; exit 1 when it is not
        #[arg(long)]
        check: bool,
    },
    /// Task-level changes of the board: against HEAD (no argument), since REV, or REV..REV
    Changes {
        /// REV (compared with the working tree) or REV..REV
        range: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: TextJson,
    },
    /// Every commit that changed one task, newest first
    History {
        /// Task id (the plan's STT)
        id: u32,
        #[arg(long, value_enum, default_value_t)]
        format: TextJson,
    },
    /// Set up this repository for the board: merge and diff drivers, .gitattributes, pre-commit hook, .gitignore
    #[command(name = "git-setup")]
    GitSetup,
    /// Print the shell completion script: bash, zsh, fish, powershell or elvish
    ///
    /// For example: cchc completions bash > ~/.local/share/bash-completion/completions/cchc
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): cchc man > ~/.local/share/man/man1/cchc.1
    Man,
    /// Start a new board: the plan's facts and the standard reform areas, no tasks
    ///
    /// Without --organisation and --year on a terminal it asks for them.
    Init {
        /// Where to write it [default: boards/ORGANISATION-YEAR.yaml]
        path: Option<PathBuf>,
        /// The department (cơ quan, đơn vị), e.g. "Sở Xây dựng tỉnh Nam Định"
        #[arg(long, value_name = "TEXT")]
        organisation: Option<String>,
        /// The plan year
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// The plan's title [default: Kế hoạch Cải cách hành chính ORGANISATION năm YEAR]
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// The plan's document reference (số hiệu), e.g. "Kế hoạch số 15/KH-SXD ngày 20/12/2024" [default: blank, to fill]
        #[arg(long, value_name = "TEXT")]
        document: Option<String>,
    },
    /// Start next year's board from this one (this one is left untouched)
    Rollover {
        /// The new plan year
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// Where to write it [default: this board's name with the year replaced]
        #[arg(short, long, value_name = "NEW")]
        output: Option<PathBuf>,
    },
    /// Read the task table of a plan's appendix (Phụ lục) from .docx, .xlsx, .ods, .csv or .tsv into a board
    Import {
        /// The plan document or table
        file: PathBuf,
        /// Write a new board here (refuses to overwrite)
        #[arg(short, long, value_name = "BOARD", conflicts_with = "into", required_unless_present_any = ["into", "dry_run"])]
        output: Option<PathBuf>,
        /// Add the tasks to this existing board instead (refuses duplicate ids)
        #[arg(long, value_name = "BOARD")]
        into: Option<PathBuf>,
        /// The department, when the document does not state it
        #[arg(long, value_name = "TEXT")]
        organisation: Option<String>,
        /// The plan year, when the document does not state it
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// Print what would be read; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Git merge driver for board files (git runs it as `cchc merge-driver %O %A %B %P`)
    #[command(name = "merge-driver")]
    MergeDriver {
        /// The common ancestor's version (%O)
        base: PathBuf,
        /// Our version (%A); the merge result is written here
        ours: PathBuf,
        /// Their version (%B)
        theirs: PathBuf,
        /// The board's path in the repository (%P), for messages
        path: Option<String>,
    },
    /// The periodic report: docx (default), xlsx, md, html or json, written beside the board
    ///
    /// Periods are the reporting calendar's data windows: 2024-Q1 (15/12/2023–14/03/2024),
    /// 2024-H1 (15/12–14/06), 2024-Q3 (15/06–14/09), 2024 (15/12–14/12); --calendar uses
    /// calendar quarters (and allows Q2, Q4). Default: the latest period that has ended,
    /// else the current one.
    Report {
        /// 2024-Q1, 2024-H1, 2024-Q3 or 2024 [default: the latest ended, else the current]
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Any window's first day (with --to)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Any window's last day (with --from)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// Calendar quarters instead of the official data windows
        #[arg(long)]
        calendar: bool,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
        /// The file to write [default: bao-cao-cchc-PERIOD.EXT beside the board]; - for stdout (md, html, json)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
}

/// Output of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Docx,
    Xlsx,
    Md,
    Html,
    Json,
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli, env: &Env) -> Exit {
    commands::run(cli, env)
}
