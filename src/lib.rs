//! `cchc`: a terminal kanban for a provincial department's administrative-reform
//! (CCHC, *cải cách hành chính*) plan.
//!
//! The crate is layered so that every layer only depends on the ones above it in
//! this list, and only the binary touches the real clock, terminal or environment:
//!
//! - [`domain`]: the board as plain data (plan, areas, tasks, targets), edits on it
//!   (a card moves in [`domain::Board::set_status`]) and validation. Pure.
//! - [`schedule`]: timeframe wording → deadline, and the board column a task is in
//!   on a given day. Pure; `today` is always passed in.
//! - [`text`]: display-width truncation and accent-insensitive matching for
//!   Vietnamese text. Pure.
//! - [`storage`]: the IO boundary. The only module that calls `serde_yaml`; loads
//!   with located errors, saves atomically and refuses to overwrite what it did not
//!   load.
//! - [`config`]: the user's config file (default board, horizon).
//! - [`cli`]: the non-interactive commands, written to be run over SSH and from cron.

pub mod cli;
pub mod config;
pub mod domain;
pub mod schedule;
pub mod storage;
pub mod text;
