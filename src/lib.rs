//! `cchc`: a terminal kanban for a provincial department's administrative-reform
//! (CCHC, *cải cách hành chính*) plan.
//!
//! The crate is layered so that every layer only depends on the ones above it in
//! this list, and only the binary touches the real clock, terminal or environment:
//!
//! - [`domain`]: the board as plain data (plan, areas, tasks, targets), edits on it
//!   (a card moves in [`domain::Board::set_status`]) and validation. Pure.
//! - [`as_of`]: the board as it stood on a past day (today's file, its git
//!   history and its dates), for every `--as-of` answer and report.
//! - [`figures`]: the counts the officer is held to (per area, per lead unit:
//!   done on time, late, overdue …), computed once for `summary` and reports.
//! - [`schedule`]: timeframe wording → deadline, and the board column a task is in
//!   on a given day. Pure; `today` is always passed in.
//! - [`text`]: display-width truncation and accent-insensitive matching for
//!   Vietnamese text. Pure.
//! - [`sanitize`]: file-derived text made safe to print on a terminal
//!   (controls, bidirectional overrides and invisible characters shown as
//!   visible escapes). Pure.
//! - [`storage`]: the IO boundary. The only module that calls `serde_yaml`; loads
//!   with located errors, saves atomically and refuses to overwrite what it did not
//!   load.
//! - [`plan`]: new boards for a new plan (standard areas, next year's board
//!   from this one), and [`plan::import`]: the task table of a plan's appendix
//!   read from .docx, .xlsx/.ods or .csv/.tsv. Pure except for reading the
//!   document's bytes.
//! - [`config`]: the user's config file (default board, horizon).
//! - [`app`]: the interactive board's pure state machine, `update(app, msg)`.
//! - [`ui`]: rendering of an `App` into a ratatui frame; never changes the
//!   `App` (the focused lane's layout is kept between frames in a `ui::Memory`
//!   the runtime owns, as ratatui's `ListState` keeps an offset).
//! - [`runtime`]: the event loop that owns the terminal, signals and file IO.
//! - [`report`]: the periodic report: reporting windows, a task's state on a
//!   past day, the figures computed once, and the docx, xlsx, md, html and
//!   json renderers that lay them out. Pure.
//! - [`cli`]: the commands, written to be run over SSH and from cron; with no
//!   command it starts the runtime.

pub mod app;
pub mod as_of;
pub mod cli;
pub mod config;
pub mod domain;
pub mod figures;
pub mod git;
pub mod merge;
pub mod plan;
pub mod report;
pub mod runtime;
pub mod sanitize;
pub mod schedule;
pub mod storage;
pub mod text;
pub mod ui;
