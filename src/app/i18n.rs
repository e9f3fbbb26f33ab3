//! The interface's words in English and Vietnamese. Data (task text) is never
//! translated; only the program's own labels are.

use crate::schedule::Column;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// `vi*` locales get Vietnamese; everything else English.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("vi") => Lang::Vi,
            _ => Lang::En,
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Vi => &VI,
        }
    }
}

/// Every label the interface shows.
#[derive(Debug)]
pub struct Words {
    pub columns: [&'static str; 4],
    pub as_of: &'static str,
    pub unsaved: &'static str,
    pub read_only: &'static str,
    pub help_title: &'static str,
    pub help_keys: &'static str,
    pub detail_title: &'static str,
    pub too_small: &'static str,
    pub search: &'static str,
    pub filter_lead: &'static str,
    pub set_due: &'static str,
    pub due_override: &'static str,
    pub bad_date: &'static str,
    pub new_title: &'static str,
    pub overdue_only: &'static str,
    pub no_card: &'static str,
    pub confirm_delete: &'static str,
    pub confirm_quit: &'static str,
    pub saved: &'static str,
    pub nothing_to_save: &'static str,
    pub no_match: &'static str,
    /// The lead filter matched no unit: `{n}` is how many units there are.
    pub no_unit: &'static str,
    pub nothing_to_undo: &'static str,
    pub nothing_to_redo: &'static str,
    pub done_stays: &'static str,
    pub overdue_by: &'static str,
    /// After a done task's completion date: on time, or `{n}` days late.
    pub on_time: &'static str,
    pub late_by: &'static str,
    pub status_words: [&'static str; 3],
    pub fields: [&'static str; 15],
    pub recovery: &'static str,
    pub changed_on_disk: &'static str,
    /// The conflict question: this, then the conflict lines.
    pub merge_conflicts: &'static str,
    pub merged: &'static str,
    pub restored_merged: &'static str,
    pub cannot_merge: &'static str,
    pub merge_invalid: &'static str,
    pub save_failed: &'static str,
    pub board_deleted: &'static str,
    pub board_deleted_kept: &'static str,
    pub recovered_in_file: &'static str,
    pub save_as: &'static str,
    pub reloaded: &'static str,
    pub rewrite: &'static str,
    pub nothing_to_commit: &'static str,
    pub conflicted: &'static str,
    pub save_first: &'static str,
    pub git_pending: &'static str,
    pub deleted: &'static str,
    pub changes_title: &'static str,
    pub raw_diff_unsaved: &'static str,
    pub raw_diff_empty: &'static str,
    pub commit_label: &'static str,
    pub needs_tty: &'static str,
    /// The prompts of `p` (log), `m` (evidence) and `r` (a measurement).
    pub add_log: &'static str,
    pub add_evidence: &'static str,
    pub measure: &'static str,
    pub log_needs_text: &'static str,
    pub evidence_form: &'static str,
    pub bad_value: &'static str,
    pub past_from_history: &'static str,
    pub past_without_history: &'static str,
    pub past_no_git: &'static str,
    pub out_of_range: &'static str,
    pub after_day: &'static str,
    /// The detail view's progress log and checkpoints.
    pub log: &'static str,
    pub checkpoints: &'static str,
    pub checkpoint_missed: &'static str,
    pub from_reports: &'static str,
    /// The word before a document's date in a citation (`12/KH-SXD ngày …`).
    pub cite_on: &'static str,
    /// The targets view.
    pub targets_title: &'static str,
    pub no_targets: &'static str,
    /// Met, not met, not measured.
    pub target_states: [&'static str; 3],
    pub history: &'static str,
    pub no_history: &'static str,
    pub undated: &'static str,
    /// The header's next report: `{report}` and `{date}`.
    pub next_report: &'static str,
    /// Q1, H1, Q3, the year's report, as the header names them.
    pub reports: [&'static str; 4],
    /// The report view (`R`).
    pub report_title: &'static str,
    /// Quarters I–IV, the six months, the year: the period line's names.
    pub period_labels: [&'static str; 6],
    /// The reporting calendar's windows, calendar quarters.
    pub report_windows: [&'static str; 2],
    /// `{name}` (the report's period as the document names it), `{from}`,
    /// `{to}`, `{date}` (the day of the figures).
    pub report_window: &'static str,
    pub report_current: &'static str,
    pub report_source_today: &'static str,
    pub report_source_pending: &'static str,
    /// `{date}` and `{hash}` of the commit the statuses come from.
    pub report_source_history: &'static str,
    pub report_source_no_commit: &'static str,
    pub report_source_no_git: &'static str,
    pub report_overdue: &'static str,
    pub report_none: &'static str,
    pub report_format: &'static str,
    pub report_file: &'static str,
    pub report_wrote: &'static str,
    pub report_kept: &'static str,
    pub report_exists: &'static str,
    pub report_write_failed: &'static str,
    pub report_wait_history: &'static str,
}

pub const EN: Words = Words {
    columns: ["Planned", "In Progress", "Done", "Overdue"],
    as_of: "as of",
    unsaved: "● unsaved",
    read_only: "read-only",
    help_title: "Keys",
    help_keys: "↑/↓ scroll, Esc close",
    detail_title: "Task",
    too_small: "terminal too small",
    search: "search",
    filter_lead: "lead unit",
    due_override: "set by hand",
    bad_date: "use YYYY-MM-DD or DD/MM/YYYY",
    set_due: "due (YYYY-MM-DD, DD/MM/YYYY; empty clears)",
    new_title: "title of the new task",
    overdue_only: "overdue only",
    no_card: "no card here",
    confirm_delete: "Delete task #{id}?",
    confirm_quit: "Unsaved changes.",
    saved: "saved",
    nothing_to_save: "nothing to save",
    no_match: "no match",
    no_unit: "no lead unit matches: Tab goes through the {n} units",
    nothing_to_undo: "nothing to undo",
    nothing_to_redo: "nothing to redo",
    done_stays: "already done",
    overdue_by: "overdue by {n} days",
    on_time: "on time",
    late_by: "{n} days late",
    status_words: ["planned", "in progress", "done"],
    fields: [
        "Task",
        "Area",
        "Title",
        "Output",
        "Lead",
        "Support",
        "Timeframe",
        "Budget",
        "Status",
        "Deadline",
        "Completed",
        "Assignee",
        "Notes",
        "Evidence",
        "Carried over from",
    ],
    recovery: "Unsaved edits from an earlier session were found.",
    changed_on_disk: "The board changed on disk and you have unsaved edits.",
    merge_conflicts: "Merging with the board on disk found conflicts, fields changed both ways (ours = mine):",
    merged: "merged the board on disk with your unsaved edits; w saves both",
    restored_merged: "restored your unsaved edits, merged with the changes made on disk since; w saves both",
    cannot_merge: "the board on disk does not load, so it cannot be merged; choose r, k or s",
    merge_invalid: "that choice does not make a valid board",
    save_failed: "Saving failed: {error}",
    board_deleted: "The board file was deleted (or moved away) while open; the board is still here.",
    board_deleted_kept: "the board file is gone from disk: w writes it back",
    save_as: "save as (a new file)",
    recovered_in_file: "the recovered edits are already in the board file: nothing to restore",
    reloaded: "board changed on disk: reloaded",
    nothing_to_commit: "nothing to commit: the board is as at the last commit",
    conflicted: "read-only: git merge conflict around {ids}; resolve it in the file (cchc check names the lines); the board reloads when it is resolved",
    save_first: "save first (w), then pull",
    git_pending: "git state not known yet",
    deleted: "deleted since the last commit",
    changes_title: "Changes since the last commit — Enter: go to card, d: raw git diff, Esc: close",
    commit_label: "commit message",
    raw_diff_unsaved: "This is git diff of the saved file: your unsaved changes are not in it.\n(w saves them; the list before d shows them.)",
    raw_diff_empty: "git diff shows nothing: the saved file is as at the last commit.",
    rewrite: "This file has hand formatting (comments, quoting, key order, line endings or a byte-order mark). Saving rewrites it in the canonical form and drops comments.",
    needs_tty: "the interactive board needs a terminal; for scripts use `cchc summary`, `cchc overdue` or `cchc list`",
    add_log: "log (YYYY-MM-DD what was done)",
    add_evidence: "evidence (number | date | title, or text)",
    measure: "value [YYYY-MM-DD] [source]",
    log_needs_text: "write what was done after the date",
    evidence_form: "use number | date | title (| issuer), or text without |",
    bad_value: "give a number (72,5 or 72.5)",
    past_from_history: "as of {day}: statuses from the board's commit of {commit} and the completion dates",
    past_without_history: "as of {day}: no commit of the board by then; statuses from the file's completion dates",
    past_no_git: "as of {day}: not in git; statuses from the file's completion dates",
    out_of_range: "a percentage is from 0 to 100, a count 0 or more",
    after_day: "dated after the board's day ({date}): it would not exist yet; give that day or an earlier one",
    log: "Progress log",
    checkpoints: "Checkpoints",
    checkpoint_missed: "missed",
    from_reports: "the reporting calendar",
    cite_on: "of",
    targets_title: "Targets",
    no_targets: "this board has no targets",
    target_states: ["met", "not met", "not measured"],
    history: "Measurements",
    no_history: "no dated measurement yet (r records one)",
    undated: "undated",
    next_report: "{report} report due {date}",
    reports: ["Q1", "H1", "Q3", "Annual"],
    report_title: "Report",
    period_labels: ["Q1", "Q2", "Q3", "Q4", "6 months", "Year"],
    report_windows: ["reporting calendar", "calendar quarters"],
    report_window: "Report for {name}: data {from}–{to}, figures as of {date}",
    report_current: "(the window has not ended: figures to date)",
    report_source_today: "Statuses: the board as it is (unsaved edits included)",
    report_source_pending: "Statuses from the file's dates (reading the git history…)",
    report_source_history: "Statuses from git: the board as committed on {date} ({hash})",
    report_source_no_commit: "Statuses from the file's dates (no commit of the board by then)",
    report_source_no_git: "Statuses from the file's dates (no git history)",
    report_overdue: "Overdue tasks ({n}):",
    report_none: "None.",
    report_format: "Format",
    report_file: "file",
    report_wrote: "wrote {path}",
    report_kept: "kept {path} as it was",
    report_exists: "{path} already exists.",
    report_write_failed: "cannot write the report: {error}",
    report_wait_history: "reading the board's git history; write when the figures are in",
};

pub const VI: Words = Words {
    columns: ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Quá hạn"],
    as_of: "ngày",
    unsaved: "● chưa lưu",
    read_only: "chỉ đọc",
    help_title: "Phím tắt",
    help_keys: "↑/↓ cuộn, Esc đóng",
    detail_title: "Nhiệm vụ",
    too_small: "cửa sổ quá nhỏ",
    search: "tìm",
    filter_lead: "đơn vị chủ trì",
    due_override: "đặt tay",
    bad_date: "nhập YYYY-MM-DD hoặc DD/MM/YYYY",
    set_due: "hạn (YYYY-MM-DD, DD/MM/YYYY; trống = xoá)",
    new_title: "tên nhiệm vụ mới",
    overdue_only: "chỉ quá hạn",
    no_card: "không có thẻ",
    confirm_delete: "Xoá nhiệm vụ #{id}?",
    confirm_quit: "Có thay đổi chưa lưu.",
    saved: "đã lưu",
    nothing_to_save: "không có gì để lưu",
    no_match: "không tìm thấy",
    no_unit: "không có đơn vị chủ trì nào khớp: Tab để chọn trong {n} đơn vị",
    nothing_to_undo: "không có gì để hoàn tác",
    nothing_to_redo: "không có gì để làm lại",
    done_stays: "đã hoàn thành",
    overdue_by: "quá hạn {n} ngày",
    on_time: "đúng hạn",
    late_by: "trễ {n} ngày",
    status_words: ["chưa thực hiện", "đang thực hiện", "hoàn thành"],
    fields: [
        "Nhiệm vụ",
        "Lĩnh vực",
        "Nội dung",
        "Sản phẩm",
        "Chủ trì",
        "Phối hợp",
        "Thời gian",
        "Kinh phí",
        "Trạng thái",
        "Hạn",
        "Hoàn thành",
        "Người làm",
        "Ghi chú",
        "Minh chứng",
        "Chuyển tiếp từ",
    ],
    recovery: "Có thay đổi chưa lưu từ phiên trước.",
    changed_on_disk: "Tệp đã bị sửa bên ngoài trong khi bạn có thay đổi chưa lưu.",
    merge_conflicts: "Gộp với bản trên đĩa có xung đột, cùng một trường bị sửa hai cách (ours = của tôi):",
    merged: "đã gộp bản trên đĩa với thay đổi chưa lưu của bạn; w để lưu cả hai",
    restored_merged: "đã khôi phục thay đổi chưa lưu và gộp với các thay đổi trên đĩa từ đó; w để lưu cả hai",
    cannot_merge: "bản trên đĩa không đọc được nên không gộp được; hãy chọn r, k hoặc s",
    merge_invalid: "lựa chọn này không tạo ra một bảng hợp lệ",
    save_failed: "Không lưu được: {error}",
    board_deleted: "Tệp bảng đã bị xóa (hoặc chuyển đi) trong khi đang mở; bảng vẫn còn ở đây.",
    board_deleted_kept: "tệp bảng không còn trên đĩa: w để ghi lại",
    save_as: "lưu thành (tệp mới)",
    recovered_in_file: "các thay đổi khôi phục đã có trong tệp: không có gì để khôi phục",
    reloaded: "tệp đã thay đổi: đã tải lại",
    nothing_to_commit: "không có gì để commit: bảng như lần commit trước",
    conflicted: "chỉ đọc: xung đột git quanh {ids}; hãy sửa trong tệp (cchc check chỉ ra dòng); bảng tự tải lại khi đã sửa xong",
    save_first: "hãy lưu trước (w), rồi pull",
    git_pending: "chưa biết trạng thái git",
    deleted: "đã xoá từ lần commit trước",
    changes_title: "Thay đổi từ lần commit trước — Enter: tới thẻ, d: git diff gốc, Esc: đóng",
    commit_label: "nội dung commit",
    raw_diff_unsaved: "Đây là git diff của tệp đã lưu: thay đổi chưa lưu không có ở đây.\n(w để lưu; danh sách trước khi nhấn d có chúng.)",
    raw_diff_empty: "git diff trống: tệp đã lưu giống lần commit trước.",
    rewrite: "Tệp có định dạng viết tay (chú thích, dấu nháy, thứ tự). Lưu sẽ viết lại theo dạng chuẩn và bỏ chú thích.",
    needs_tty: "bảng tương tác cần một terminal; trong script hãy dùng `cchc summary`, `cchc overdue` hoặc `cchc list`",
    add_log: "nhật ký (YYYY-MM-DD việc đã làm)",
    add_evidence: "minh chứng (số | ngày | trích yếu, hoặc chữ)",
    measure: "giá trị [YYYY-MM-DD] [nguồn]",
    log_needs_text: "hãy ghi việc đã làm sau ngày",
    evidence_form: "nhập số | ngày | trích yếu (| cơ quan), hoặc chữ không có |",
    bad_value: "hãy nhập một số (72,5 hoặc 72.5)",
    past_from_history: "ngày {day}: trạng thái theo commit ngày {commit} của bảng và ngày hoàn thành",
    past_without_history: "ngày {day}: bảng chưa có commit đến ngày đó; trạng thái theo ngày hoàn thành ghi trong tệp",
    past_no_git: "ngày {day}: không có git; trạng thái theo ngày hoàn thành ghi trong tệp",
    out_of_range: "tỷ lệ từ 0 đến 100, số lượng từ 0 trở lên",
    after_day: "ghi ngày sau ngày đang xem ({date}): khi đó chưa có; hãy ghi ngày đó hoặc sớm hơn",
    log: "Nhật ký",
    checkpoints: "Các mốc",
    checkpoint_missed: "chưa đạt",
    from_reports: "lịch báo cáo",
    cite_on: "ngày",
    targets_title: "Chỉ tiêu",
    no_targets: "bảng không có chỉ tiêu",
    target_states: ["đạt", "chưa đạt", "chưa đo"],
    history: "Số đo",
    no_history: "chưa có số đo ghi ngày (r để nhập)",
    undated: "không ghi ngày",
    next_report: "Báo cáo {report}: {date}",
    reports: ["quý I", "6 tháng", "quý III", "năm"],
    report_title: "Báo cáo",
    period_labels: ["Quý I", "Quý II", "Quý III", "Quý IV", "6 tháng", "Năm"],
    report_windows: ["lịch báo cáo", "quý dương lịch"],
    report_window: "Báo cáo {name}: số liệu {from}–{to}, tính đến ngày {date}",
    report_current: "(kỳ chưa kết thúc: số liệu đến nay)",
    report_source_today: "Trạng thái: bảng hiện tại (gồm cả thay đổi chưa lưu)",
    report_source_pending: "Trạng thái theo ngày ghi trong tệp (đang đọc lịch sử git…)",
    report_source_history: "Trạng thái theo git: bảng đã commit ngày {date} ({hash})",
    report_source_no_commit: "Trạng thái theo ngày ghi trong tệp (chưa có commit nào của bảng đến ngày đó)",
    report_source_no_git: "Trạng thái theo ngày ghi trong tệp (không có lịch sử git)",
    report_overdue: "Nhiệm vụ quá hạn ({n}):",
    report_none: "Không có.",
    report_format: "Định dạng",
    report_file: "tệp",
    report_wrote: "đã ghi {path}",
    report_kept: "giữ nguyên {path}",
    report_exists: "{path} đã có.",
    report_write_failed: "không ghi được báo cáo: {error}",
    report_wait_history: "đang đọc lịch sử git của bảng; ghi tệp khi có số liệu",
};

impl Words {
    /// After a done task's completion date: `on time` or `5 days late`
    /// (as [`crate::figures::timeliness`] judges it).
    pub fn timeliness(&self, task: &crate::domain::Task, rules: &crate::schedule::Rules) -> String {
        match crate::figures::timeliness(task, rules) {
            Some(crate::figures::Timeliness::Late(n)) => {
                self.late_by.replace("{n}", &n.to_string())
            }
            _ => self.on_time.to_owned(),
        }
    }

    pub fn column(&self, c: Column) -> &'static str {
        self.columns[c as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale(Some("vi_VN.UTF-8")), Lang::Vi);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }

    #[test]
    fn both_languages_name_the_four_columns() {
        assert_eq!(EN.column(Column::Overdue), "Overdue");
        assert_eq!(VI.column(Column::Overdue), "Quá hạn");
        assert_eq!(VI.column(Column::Planned), "Chưa thực hiện");
    }
}
