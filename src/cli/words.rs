//! The words of the commands' text output, in English and Vietnamese: one
//! place for each phrase. Column, status and field names come from the
//! interactive board's table ([`crate::app::i18n`]) so that both say the same.
//! JSON and CSV never use these: they stay language-neutral (ISO dates, the
//! file's status words).
//!
//! Templates hold `{name}` placeholders, filled by [`fill`].

use crate::app::Lang;
use crate::app::i18n::Words as BoardWords;
use crate::domain::Status;
use crate::schedule::Column;
use chrono::NaiveDate;

#[derive(Debug)]
pub struct Words {
    pub lang: Lang,
    /// The board's words (columns, statuses, field names).
    pub board: &'static BoardWords,
    /// Table headers: id, area, state, days late, days left, due, lead, title.
    pub head_id: &'static str,
    pub head_area: &'static str,
    pub head_state: &'static str,
    pub head_late: &'static str,
    pub head_left: &'static str,
    pub head_due: &'static str,
    pub head_lead: &'static str,
    pub head_title: &'static str,
    /// `summary`: the unit column and the counts' headers (tasks, done on
    /// time, done late, in progress, overdue, not yet due, on-time rate).
    pub head_unit: &'static str,
    pub head_counts: [&'static str; 7],
    /// `{n}` days, short, for the tables' LATE and LEFT columns.
    pub days_short: &'static str,
    pub due_today: &'static str,
    pub nothing_overdue: &'static str,
    pub nothing_due: &'static str,
    pub as_of: &'static str,
    pub total: &'static str,
    pub targets: &'static str,
    /// `summary`: done tasks without a completion date.
    pub done_undated: &'static str,
    /// `targets`: met, not met, not measured.
    pub target_states: [&'static str; 3],
    /// `show`: labels the board's field names lack.
    pub label_state: &'static str,
    pub label_target: &'static str,
    /// The checkpoints of a recurring or listed timeframe ("Hằng quý").
    pub label_checkpoints: &'static str,
    pub deadline_none: &'static str,
    pub deadline_set: &'static str,
    pub deadline_derived: &'static str,
    pub overdue_state: &'static str,
    pub state_as_of: &'static str,
    /// `show`: a `due` that moved the plan's deadline, with why.
    pub deadline_moved: &'static str,
    pub deadline_set_why: &'static str,
    /// No `due_reason` beside a moved deadline.
    pub no_reason: &'static str,
    /// After the checkpoints of `checkpoints: reports`.
    pub checkpoints_reports: &'static str,
    pub label_log: &'static str,
    /// The word between a document's number and its date (`ngày`, `of`).
    pub cite_on: &'static str,
    /// A target's undated `current`, in `show`.
    pub undated: &'static str,
    /// `due`: the heading of the reports due, and the reports' names
    /// (q1, h1, q3, year) with `{year}`.
    pub reports_due: &'static str,
    pub report_names: [&'static str; 4],
    /// `log`, `evidence`, `target`.
    pub err_log_empty: &'static str,
    pub err_evidence_both: &'static str,
    pub err_evidence_missing: &'static str,
    pub err_evidence_none: &'static str,
    pub err_evidence_empty_field: &'static str,
    pub err_no_target: &'static str,
    pub err_target_value: &'static str,
    pub err_target_percent: &'static str,
    pub err_target_range: &'static str,
    pub err_after_as_of: &'static str,
    pub err_noncanonical: &'static str,
    /// `move`, `fmt`, `check`.
    pub already: &'static str,
    pub saved: &'static str,
    pub canonical: &'static str,
    pub not_canonical: &'static str,
    pub rewrote: &'static str,
    pub check_ok: &'static str,
    /// `changes`, `history`.
    pub working_tree: &'static str,
    pub no_changes: &'static str,
    pub no_history: &'static str,
    /// Errors (after `cchc: error: `, which stays the same in every language
    /// so that scripts and cron filters can match it).
    pub err_within: &'static str,
    pub err_move_status: &'static str,
    pub err_list_status: &'static str,
    pub err_no_area: &'static str,
    pub err_no_lead: &'static str,
    pub err_no_task: &'static str,
    /// `report`.
    pub report_wrote: &'static str,
    pub report_current: &'static str,
    pub err_report_exists: &'static str,
    pub err_report_binary: &'static str,
    pub err_report_window: &'static str,
}

pub const EN: Words = Words {
    lang: Lang::En,
    board: &crate::app::i18n::EN,
    head_id: "ID",
    head_area: "AREA",
    head_state: "STATE",
    head_late: "LATE",
    head_left: "LEFT",
    head_due: "DUE",
    head_lead: "LEAD",
    head_title: "TITLE",
    head_unit: "LEAD UNIT",
    head_counts: [
        "TASKS", "ON TIME", "LATE", "DOING", "OVERDUE", "NOT DUE", "ON TIME%",
    ],
    days_short: "{n}d",
    due_today: "today",
    nothing_overdue: "nothing overdue as of {date}",
    nothing_due: "nothing due within {n} days of {date}",
    as_of: "as of {date}",
    total: "Total",
    targets: "targets: {n} ({measured} measured, {met} met)",
    target_states: ["met", "not met", "not measured"],
    done_undated: "{n} done without a completed date: neither on time nor late until it is set (`cchc check` lists them)",
    label_state: "State",
    label_target: "Target",
    label_checkpoints: "Checkpoints",
    deadline_none: "none (the timeframe sets no date; set `due`)",
    deadline_set: "{date} (set by `due`)",
    deadline_derived: "{date} (from the timeframe)",
    overdue_state: "overdue by {n} days (status {status})",
    state_as_of: "{state} as of {date}",
    deadline_moved: "{planned} → {due} ({why})",
    deadline_set_why: "{date} (set by `due`: {why})",
    no_reason: "moved by `due`; no `due_reason` given",
    checkpoints_reports: "(the reporting calendar's due days)",
    label_log: "Log",
    cite_on: "of",
    undated: "undated",
    reports_due: "Reports due:",
    report_names: [
        "CCHC report, Q1 {year}",
        "CCHC report, first half of {year}",
        "CCHC report, Q3 {year}",
        "CCHC report, year {year}",
    ],
    err_log_empty: "the log entry's text is empty; say what was done, e.g. cchc log 5 \"Đã ban hành kế hoạch\"",
    err_evidence_both: "give the evidence either as TEXT or as a document (--number, --date, --title, --issuer, --link), not both",
    err_evidence_missing: "a document needs --number, --date and --title; missing {missing} (or give the evidence as TEXT)",
    err_evidence_none: "no evidence given: add a document with --number, --date and --title, or give TEXT",
    err_evidence_empty_field: "{field} is empty; give the document's {what}",
    err_no_target: "no target `{id}` on this board; the targets are {ids}",
    err_target_value: "`{value}` is not a number; write it like 58.97, 58,97 or 58,97%",
    err_target_percent: "target `{id}` is a count, not a percentage; write the value without `%`",
    err_target_range: "`{value}` is not a value target `{id}` can take: a percentage is from 0 to 100, a count 0 or more",
    err_after_as_of: "{what} is dated {date}, after the as-of day {today}; fix the date, or pass --as-of {date} when recording it on that day",
    err_noncanonical: "the board has hand formatting (comments, quoting, key order, line endings or a byte-order mark) that saving would rewrite, first at line {line}; run `cchc fmt`, review `git diff`, then {command} again",
    already: "#{id} is already {status}; nothing changed",
    saved: "saved {path}",
    canonical: "{path} is already in canonical form",
    not_canonical: "{path}:{line}: not in canonical form",
    rewrote: "rewrote {path} in canonical form; review it with git diff",
    check_ok: "{path}: ok: {tasks} tasks in {areas} areas, {targets} targets; {n} {warnings}",
    working_tree: "working tree",
    no_changes: "no task changes from {from} to {to}",
    no_history: "no commit changed task #{id}",
    err_within: "--within must be 0 or more days (got {n})",
    err_move_status: "unknown status `{s}`; use planned, in-progress or done",
    err_list_status: "unknown status `{s}`; use planned, in_progress, done or overdue",
    err_no_area: "no area `{code}`; the areas are {areas}",
    err_no_lead: "--lead `{lead}` matches no lead unit (case and accents are ignored); the lead units are:",
    err_no_task: "no task #{id} on this board (ids run {lo}–{hi}; see `cchc list`)",
    report_wrote: "wrote {path}: report for {period} ({from}–{to}), figures as of {date}",
    report_current: "the period {period} has not ended ({to}): the report is the current one, with figures as of {date}",
    err_report_exists: "{path} already exists; pass --force to replace it, or choose another file with -o",
    err_report_binary: "a {format} file is not text: write it to a file with -o FILE (-o - is for md, html and json)",
    err_report_window: "--from and --to go together, with --to on or after --from, and not with --period",
};

pub const VI: Words = Words {
    lang: Lang::Vi,
    board: &crate::app::i18n::VI,
    head_id: "STT",
    head_area: "LĨNH VỰC",
    head_state: "TRẠNG THÁI",
    head_late: "TRỄ",
    head_left: "CÒN",
    head_due: "HẠN",
    head_lead: "CHỦ TRÌ",
    head_title: "NHIỆM VỤ",
    head_unit: "ĐƠN VỊ CHỦ TRÌ",
    head_counts: [
        "SỐ NV",
        "ĐÚNG HẠN",
        "TRỄ",
        "ĐANG LÀM",
        "QUÁ HẠN",
        "CHƯA ĐẾN",
        "% ĐÚNG",
    ],
    days_short: "{n} ngày",
    due_today: "hôm nay",
    nothing_overdue: "không có nhiệm vụ quá hạn tính đến ngày {date}",
    nothing_due: "không có nhiệm vụ đến hạn trong {n} ngày kể từ ngày {date}",
    as_of: "tính đến ngày {date}",
    total: "Tổng cộng",
    targets: "chỉ tiêu: {n} ({measured} đã đo, {met} đạt)",
    target_states: ["đạt", "chưa đạt", "chưa có số liệu"],
    done_undated: "{n} nhiệm vụ hoàn thành chưa ghi ngày: chưa tính đúng hạn hay trễ hạn (`cchc check` liệt kê)",
    label_state: "Tình hình",
    label_target: "Chỉ tiêu",
    label_checkpoints: "Các mốc",
    deadline_none: "không có (thời gian thực hiện không nêu ngày; hãy đặt `due`)",
    deadline_set: "{date} (đặt bằng `due`)",
    deadline_derived: "{date} (theo thời gian thực hiện)",
    overdue_state: "quá hạn {n} ngày (trạng thái: {status})",
    state_as_of: "{state}, tính đến ngày {date}",
    deadline_moved: "{planned} → {due} ({why})",
    deadline_set_why: "{date} (đặt bằng `due`: {why})",
    no_reason: "gia hạn bằng `due`; chưa ghi `due_reason`",
    checkpoints_reports: "(các hạn nộp báo cáo)",
    label_log: "Nhật ký",
    cite_on: "ngày",
    undated: "chưa ghi ngày",
    reports_due: "Báo cáo đến hạn:",
    report_names: [
        "Báo cáo CCHC quý I năm {year}",
        "Báo cáo CCHC 6 tháng đầu năm {year}",
        "Báo cáo CCHC quý III năm {year}",
        "Báo cáo CCHC năm {year}",
    ],
    err_log_empty: "nội dung nhật ký trống; hãy ghi việc đã làm, ví dụ cchc log 5 \"Đã ban hành kế hoạch\"",
    err_evidence_both: "hãy ghi minh chứng hoặc bằng TEXT, hoặc là một văn bản (--number, --date, --title, --issuer, --link), không dùng cả hai",
    err_evidence_missing: "một văn bản cần --number, --date và --title; còn thiếu {missing} (hoặc ghi minh chứng bằng TEXT)",
    err_evidence_none: "chưa có minh chứng: thêm văn bản bằng --number, --date và --title, hoặc ghi TEXT",
    err_evidence_empty_field: "{field} trống; hãy ghi {what} của văn bản",
    err_no_target: "không có chỉ tiêu `{id}` trên bảng này; các chỉ tiêu là {ids}",
    err_target_value: "`{value}` không phải là số; hãy viết như 58,97, 58.97 hoặc 58,97%",
    err_target_percent: "chỉ tiêu `{id}` tính bằng số lượng, không phải tỷ lệ; hãy bỏ dấu `%`",
    err_target_range: "`{value}` không phải giá trị của chỉ tiêu `{id}`: tỷ lệ từ 0 đến 100, số lượng từ 0 trở lên",
    err_after_as_of: "{what} ghi ngày {date}, sau ngày tính {today}; hãy sửa ngày, hoặc thêm --as-of {date} nếu ghi vào đúng ngày đó",
    err_noncanonical: "bảng có định dạng viết tay (chú thích, dấu nháy, thứ tự khóa, kiểu xuống dòng hoặc BOM) mà khi lưu sẽ bị viết lại, đầu tiên ở dòng {line}; hãy chạy `cchc fmt`, xem lại `git diff`, rồi chạy lại {command}",
    already: "#{id} đã ở trạng thái {status}; không có gì thay đổi",
    saved: "đã lưu {path}",
    canonical: "{path} đã ở dạng chuẩn",
    not_canonical: "{path}:{line}: chưa ở dạng chuẩn",
    rewrote: "đã viết lại {path} theo dạng chuẩn; hãy xem lại bằng git diff",
    check_ok: "{path}: hợp lệ: {tasks} nhiệm vụ trong {areas} lĩnh vực, {targets} chỉ tiêu; {n} {warnings}",
    working_tree: "thư mục làm việc",
    no_changes: "không có thay đổi nhiệm vụ nào từ {from} đến {to}",
    no_history: "không có commit nào thay đổi nhiệm vụ #{id}",
    err_within: "--within phải từ 0 ngày trở lên (nhận được {n})",
    err_move_status: "không có trạng thái `{s}`; hãy dùng planned, in-progress, done (hoặc: chưa thực hiện, đang thực hiện, hoàn thành)",
    err_list_status: "không có trạng thái `{s}`; hãy dùng planned, in_progress, done, overdue (hoặc tên cột: chưa thực hiện, đang thực hiện, hoàn thành, quá hạn)",
    err_no_area: "không có lĩnh vực `{code}`; các lĩnh vực là {areas}",
    err_no_lead: "--lead `{lead}` không khớp đơn vị chủ trì nào (không phân biệt hoa thường, có dấu hay không); các đơn vị chủ trì là:",
    err_no_task: "không có nhiệm vụ #{id} trên bảng này (số thứ tự từ {lo} đến {hi}; xem `cchc list`)",
    report_wrote: "đã ghi {path}: báo cáo {period} ({from}–{to}), số liệu tính đến ngày {date}",
    report_current: "kỳ báo cáo {period} chưa kết thúc ({to}): đây là báo cáo kỳ hiện tại, số liệu tính đến ngày {date}",
    err_report_exists: "{path} đã có; thêm --force để ghi đè, hoặc chọn tệp khác bằng -o",
    err_report_binary: "tệp {format} không phải văn bản thuần: hãy ghi ra tệp bằng -o TỆP (-o - chỉ dùng cho md, html và json)",
    err_report_window: "--from và --to phải đi cùng nhau, --to không trước --from, và không dùng cùng --period",
};

impl Words {
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::En => &EN,
            Lang::Vi => &VI,
        }
    }

    /// A day as a reader of the language writes it: `2024-03-31`, `31/03/2024`.
    pub fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::En => d.format("%Y-%m-%d").to_string(),
            Lang::Vi => d.format("%d/%m/%Y").to_string(),
        }
    }

    /// A `YYYY-MM-DD` text (from git) as [`Words::date`]; other text unchanged.
    pub fn date_text(&self, s: &str) -> String {
        crate::domain::parse_iso_date(s).map_or_else(|_| s.to_owned(), |d| self.date(d))
    }

    /// A board column in the tables and `show`: in English the word `--status`
    /// takes (`in_progress`), in Vietnamese the board's column name.
    pub fn column(&self, c: Column) -> &'static str {
        match self.lang {
            Lang::En => c.as_str(),
            Lang::Vi => self.board.column(c),
        }
    }

    /// A report of the reporting calendar by name: `Báo cáo CCHC quý I năm 2024`.
    pub fn report_name(&self, report: crate::domain::Report, year: i32) -> String {
        use crate::domain::Report;
        let i = match report {
            Report::Q1 => 0,
            Report::H1 => 1,
            Report::Q3 => 2,
            Report::Year => 3,
        };
        fill(self.report_names[i], &[("year", &year)])
    }

    /// A target's state in words.
    pub fn target_status(&self, s: super::targets::Status) -> &'static str {
        use super::targets::Status;
        self.target_states[match s {
            Status::Met => 0,
            Status::NotMet => 1,
            Status::NotMeasured => 2,
        }]
    }

    /// A share as a percentage with two decimals, as the language writes
    /// it: `58.97%`, `58,97%`.
    pub fn percent(&self, ratio: f64) -> String {
        crate::text::percent(ratio, self.lang == Lang::Vi)
    }

    /// A stored status: in English the file's word, in Vietnamese the board's.
    pub fn status(&self, s: Status) -> &'static str {
        match self.lang {
            Lang::En => s.as_str(),
            Lang::Vi => self.board.status_words[s as usize],
        }
    }

    /// `cchc: error: ` and the filled template.
    pub fn error(&self, template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        format!("cchc: error: {}", fill(template, values))
    }

    /// `n` warnings, with the plural English needs.
    pub fn warnings(&self, n: usize) -> &'static str {
        match (self.lang, n) {
            (Lang::En, 1) => "warning",
            (Lang::En, _) => "warnings",
            (Lang::Vi, _) => "cảnh báo",
        }
    }
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 31).expect("date");
        assert_eq!(EN.date(d), "2024-03-31");
        assert_eq!(VI.date(d), "31/03/2024");
        assert_eq!(VI.date_text("2024-02-03"), "03/02/2024");
        assert_eq!(VI.date_text("hôm qua"), "hôm qua");
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(
                VI.overdue_state,
                &[("n", &12), ("status", &"chưa thực hiện")]
            ),
            "quá hạn 12 ngày (trạng thái: chưa thực hiện)"
        );
    }

    #[test]
    fn both_languages_fill_the_same_placeholders() {
        let pairs = [
            (EN.nothing_overdue, VI.nothing_overdue),
            (EN.nothing_due, VI.nothing_due),
            (EN.targets, VI.targets),
            (EN.overdue_state, VI.overdue_state),
            (EN.check_ok, VI.check_ok),
            (EN.already, VI.already),
            (EN.no_changes, VI.no_changes),
            (EN.days_short, VI.days_short),
            (EN.err_within, VI.err_within),
            (EN.err_move_status, VI.err_move_status),
            (EN.err_list_status, VI.err_list_status),
            (EN.err_no_area, VI.err_no_area),
            (EN.err_no_lead, VI.err_no_lead),
            (EN.err_no_task, VI.err_no_task),
            (EN.report_wrote, VI.report_wrote),
            (EN.report_current, VI.report_current),
            (EN.err_report_exists, VI.err_report_exists),
            (EN.err_report_binary, VI.err_report_binary),
            (EN.deadline_moved, VI.deadline_moved),
            (EN.deadline_set_why, VI.deadline_set_why),
            (EN.err_evidence_missing, VI.err_evidence_missing),
            (EN.err_evidence_empty_field, VI.err_evidence_empty_field),
            (EN.err_no_target, VI.err_no_target),
            (EN.err_target_value, VI.err_target_value),
            (EN.err_target_percent, VI.err_target_percent),
            (EN.err_target_range, VI.err_target_range),
            (EN.err_after_as_of, VI.err_after_as_of),
            (EN.err_noncanonical, VI.err_noncanonical),
            (EN.report_names[0], VI.report_names[0]),
            (EN.report_names[1], VI.report_names[1]),
            (EN.report_names[2], VI.report_names[2]),
            (EN.report_names[3], VI.report_names[3]),
        ];
        let names = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            v.sort();
            v
        };
        for (en, vi) in pairs {
            assert_eq!(names(en), names(vi), "{en} / {vi}");
        }
    }
}
