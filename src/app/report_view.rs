//! The report view (`R`): the period's report as `cchc report` would write
//! it, before writing it. One of the plan year's reports from the reporting
//! calendar (or calendar quarters), its headline figures and its overdue
//! list in the very sentences of the document ([`crate::report::doc`]), and
//! a key that writes the file beside the board.
//!
//! The figures come from the report model ([`crate::report::model::build`])
//! on the board (unsaved edits included) as it stood on the window's last
//! day. Which statuses a past day had is git history: the view asks the
//! runtime for it ([`Effect::BuildReport`]), shows the file's dates until
//! the answer comes ([`Msg::ReportBuilt`]), and says which it shows. The
//! file written is the model shown, so the view and the file agree.

use super::keymap::{Action, Key, Scope};
use super::{App, Confirm, Effect, Mode};
use crate::as_of::Source;
use crate::report::period::{Kind, Period};
use crate::report::{self, Format, model::Report};
use std::path::PathBuf;

/// The formats in the order the format key cycles through them.
pub const FORMATS: [Format; 5] = [
    Format::Docx,
    Format::Xlsx,
    Format::Md,
    Format::Html,
    Format::Json,
];

/// Rows the scrolling part may be scrolled by: its lines wrapped this wide
/// (the narrowest view), so that the last line can always come into sight.
const SCROLL_WIDTH: usize = 54;

/// The report view's state (kept while it is open).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    /// Calendar quarters rather than the reporting calendar's windows.
    pub calendar: bool,
    /// The plan year's reports, in the order their windows end.
    pub periods: Vec<Period>,
    pub selected: usize,
    pub format: Format,
    pub scroll: u16,
    /// The selected period's report.
    pub report: Report,
    /// Where its statuses came from; `None` while git history is read (the
    /// file's dates meanwhile).
    pub source: Option<Source>,
    /// The outcome of the last write: the path written, or why not.
    pub status: Option<String>,
    /// The file the overwrite question is about.
    pub asked: Option<PathBuf>,
    /// The board revision the report is of.
    revision: u64,
}

impl ReportView {
    pub fn period(&self) -> Period {
        self.periods[self.selected]
    }

    /// The file the write key writes.
    pub fn path(&self, board: &std::path::Path) -> PathBuf {
        report::file::default_path(board, &self.report, self.format)
    }

    /// The scrolling part's text in the report's language `lang`: the
    /// headline sentences, then the overdue heading and the overdue
    /// sentences (unwrapped; file text cleaned).
    pub fn body(&self, lang: super::Lang) -> Vec<String> {
        let w = lang.words();
        let mut out: Vec<String> = report::doc::headline(&self.report, lang)
            .into_iter()
            .map(|s| format!("• {s}"))
            .collect();
        let overdue = report::doc::overdue(&self.report, lang);
        out.push(String::new());
        out.push(
            w.report_overdue
                .replace("{n}", &self.report.totals.overdue.to_string()),
        );
        if overdue.is_empty() {
            out.push(format!("  {}", w.report_none));
        }
        out.extend(overdue.into_iter().map(|s| format!("• {s}")));
        out
    }

    /// The body's rows wrapped `cols` wide (continuations indented by two).
    pub fn rows(&self, lang: super::Lang, cols: usize) -> Vec<String> {
        let mut out = Vec::new();
        for line in self.body(lang) {
            if line.is_empty() {
                out.push(line);
                continue;
            }
            let parts = crate::text::wrap(&line, cols, cols.saturating_sub(2).max(1));
            for (i, p) in parts.into_iter().enumerate() {
                out.push(if i == 0 { p } else { format!("  {p}") });
            }
        }
        out
    }
}

/// The short name of a period on the view's period line (`Q1`, `Quý I`).
pub fn period_label(p: &Period, lang: super::Lang) -> &'static str {
    let labels = &lang.words().period_labels;
    match p.kind {
        Kind::Quarter(q @ 1..=4) => labels[usize::from(q) - 1],
        Kind::Half => labels[4],
        _ => labels[5],
    }
}

impl App {
    /// Opens the report view on the latest report of the plan year that has
    /// ended (or the current one).
    pub(super) fn open_report(&mut self) -> Vec<Effect> {
        let calendar = false;
        let (periods, selected) = periods_of(self, calendar, None);
        let period = periods[selected];
        let (report, source, effects) = self.report_of(period);
        self.report = Some(ReportView {
            calendar,
            periods,
            selected,
            format: Format::Docx,
            scroll: 0,
            report,
            source,
            status: None,
            asked: None,
            revision: self.revision(),
        });
        self.mode = Mode::Report;
        effects
    }

    /// Recomputes the selected period's report (see [`App::report_of`]).
    fn rebuild_report(&mut self) -> Vec<Effect> {
        let revision = self.revision();
        let Some(period) = self.report.as_ref().map(ReportView::period) else {
            return vec![];
        };
        let (report, source, effects) = self.report_of(period);
        if let Some(view) = self.report.as_mut() {
            view.revision = revision;
            view.scroll = 0;
            view.report = report;
            view.source = source;
        }
        effects
    }

    /// A period's report, made once: from the board as it stood on the
    /// window's last day by the file's dates, with the effect that asks the
    /// runtime for the git history's (none for a window not ended, whose
    /// source is then today's board).
    fn report_of(&self, period: Period) -> (Report, Option<Source>, Vec<Effect>) {
        let today = self.today;
        let day = report::file::as_of_day(&period, today);
        if day >= self.clock.max(today) {
            let report = report::model::build(self.board.clone(), &period, today);
            return (report, Some(Source::Today), vec![]);
        }
        let then = crate::as_of::board_on(self.board.clone(), day, None);
        let effect = Effect::BuildReport {
            period,
            board: Box::new(self.board.clone()),
            revision: self.revision(),
        };
        (
            report::model::build(then, &period, today),
            None,
            vec![effect],
        )
    }

    /// When the report view is open on an older revision of the board (an
    /// outside change was reloaded), its report is made again.
    pub(super) fn report_follow_board(&mut self) -> Vec<Effect> {
        let stale = self
            .report
            .as_ref()
            .is_some_and(|v| v.revision != self.revision());
        if self.mode == Mode::Report && stale {
            self.rebuild_report()
        } else {
            vec![]
        }
    }

    /// The runtime built the report with the git history's statuses: taken
    /// when it is still of the period shown and the board as it is.
    pub(super) fn report_built(&mut self, revision: u64, report: Report, source: Source) {
        let current = self.revision();
        if let Some(view) = self.report.as_mut()
            && view.revision == revision
            && revision == current
            && view.report.period.code == report.period.code
            && view.report.period.calendar == report.period.calendar
        {
            view.report = report;
            view.source = Some(source);
        }
    }

    /// The effect that writes the report shown, in the format chosen, to
    /// its default file beside the board (`overwrite`: the user agreed to
    /// replace an existing one).
    fn write_report(&mut self, overwrite: bool) -> Vec<Effect> {
        let lang = self.report_lang;
        let board = self.board_path.clone();
        let Some(view) = self.report.as_mut() else {
            return vec![];
        };
        // Until the history answers, the figures on screen are the file's
        // dates only: the file would then differ from `cchc report`'s.
        if view.source.is_none() {
            view.status = Some(lang.words().report_wait_history.to_owned());
            return vec![];
        }
        let path = view.path(&board);
        match report::render(&view.report, lang, view.format) {
            Ok(bytes) => vec![Effect::WriteReport {
                path,
                format: view.format,
                bytes,
                overwrite,
            }],
            Err(e) => {
                view.status = Some(
                    lang.words()
                        .report_write_failed
                        .replace("{error}", &crate::text::clean(&e)),
                );
                vec![]
            }
        }
    }

    /// A write's outcome: the path, or why not; an existing file asks first.
    pub(super) fn report_written(&mut self, outcome: Result<PathBuf, String>) {
        let w = self.words();
        let Some(view) = self.report.as_mut() else {
            return;
        };
        view.status = Some(match outcome {
            Ok(path) => w
                .report_wrote
                .replace("{path}", &crate::text::clean(&path.display().to_string())),
            Err(e) => w
                .report_write_failed
                .replace("{error}", &crate::text::clean(&e)),
        });
    }

    /// The file exists: ask before replacing it.
    pub(super) fn report_exists(&mut self, path: PathBuf) {
        let Some(view) = self.report.as_mut() else {
            return;
        };
        let shown = crate::text::clean(&path.display().to_string());
        view.asked = Some(path);
        self.mode = Mode::Confirm(Confirm::OverwriteReport(shown));
    }

    /// The answer to the overwrite question: replace (`yes`), or keep the
    /// file; back to the view either way.
    pub(super) fn answer_overwrite(&mut self, replace: bool) -> Vec<Effect> {
        self.mode = Mode::Report;
        let w = self.words();
        let Some(view) = self.report.as_mut() else {
            return vec![];
        };
        let Some(path) = view.asked.take() else {
            return vec![];
        };
        if replace {
            return self.write_report(true);
        }
        view.status = Some(
            w.report_kept
                .replace("{path}", &crate::text::clean(&path.display().to_string())),
        );
        vec![]
    }
}

/// The plan year's reports in the chosen windows, and which to select: the
/// one of kind `keep` when there is one, else the default (the latest
/// ended, or the current one).
fn periods_of(app: &App, calendar: bool, keep: Option<Kind>) -> (Vec<Period>, usize) {
    let cal = app.board.calendar();
    let year = app.board.plan.year;
    let (default, _) = Period::default_for(year, app.today, calendar, &cal);
    let mut periods = Period::all_of(year, calendar, &cal);
    if periods.is_empty() {
        periods.push(default);
    }
    let selected = keep
        .and_then(|k| periods.iter().position(|p| p.kind == k))
        .or_else(|| periods.iter().position(|p| *p == default))
        .unwrap_or(0);
    (periods, selected)
}

/// A key in the report view.
pub(super) fn on_report_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(view) = app.report.as_mut() else {
        app.mode = Mode::Board;
        return vec![];
    };
    let last = view.periods.len().saturating_sub(1);
    match app.keymap.action_in(Scope::Report, key) {
        Some(Action::ReportNext) if view.selected < last => {
            view.selected += 1;
            view.status = None;
            app.rebuild_report()
        }
        Some(Action::ReportPrev) if view.selected > 0 => {
            view.selected -= 1;
            view.status = None;
            app.rebuild_report()
        }
        Some(Action::ReportCalendar) => {
            let calendar = !view.calendar;
            let keep = view.period().kind;
            let (periods, selected) = periods_of(app, calendar, Some(keep));
            if let Some(view) = app.report.as_mut() {
                view.calendar = calendar;
                view.periods = periods;
                view.selected = selected;
                view.status = None;
            }
            app.rebuild_report()
        }
        Some(Action::ReportFormat) => {
            let i = FORMATS.iter().position(|f| *f == view.format).unwrap_or(0);
            view.format = FORMATS[(i + 1) % FORMATS.len()];
            view.status = None;
            vec![]
        }
        Some(Action::ReportWrite) => app.write_report(false),
        Some(Action::ReportScrollDown) => {
            let rows = view.rows(app.report_lang, SCROLL_WIDTH).len();
            let max = u16::try_from(rows.saturating_sub(1)).unwrap_or(u16::MAX);
            view.scroll = view.scroll.saturating_add(1).min(max);
            vec![]
        }
        Some(Action::ReportScrollUp) => {
            view.scroll = view.scroll.saturating_sub(1);
            vec![]
        }
        Some(Action::CloseReport) => {
            app.mode = Mode::Board;
            app.report = None;
            vec![]
        }
        _ => vec![],
    }
}
