//! The words of `init`, `rollover` and `import`'s reports, in English and
//! Vietnamese (chosen like the other commands' text: `--lang`, config, LANG).
//! Templates hold `{name}` placeholders, filled by [`super::words::fill`].
//! The per-row notes of an import and the errors stay in English.

use crate::app::Lang;

#[derive(Debug)]
pub struct PlanWords {
    pub created: &'static str,
    pub document_blank: &'static str,
    pub next: &'static str,
    pub r_created: &'static str,
    pub r_copied: &'static str,
    pub r_moved: &'static str,
    pub r_targets: &'static str,
    pub r_title: &'static str,
    pub r_review: &'static str,
    pub r_document: &'static str,
    pub r_carried: &'static str,
    pub r_undated: &'static str,
    pub r_title_years: &'static str,
    pub then: &'static str,
    pub i_read: &'static str,
    pub i_plan: &'static str,
    pub i_tasks: &'static str,
    pub i_missing: &'static str,
    pub i_undated: &'static str,
    pub i_look: &'static str,
    pub i_dry: &'static str,
    pub i_added: &'static str,
    pub i_wrote: &'static str,
}

pub const EN: PlanWords = PlanWords {
    created: "created {path}: {title} ({org}), plan year {year}, {areas} areas, no tasks",
    document_blank: "  the plan's document reference (`document:`) is blank: fill it in when the plan is issued",
    next: "next:\n  - add the plan's tasks under `tasks:` (see docs/board-format.md), or\n  - import the appendix: cchc import PLAN.docx --into {path}\n  - check the areas match the plan (edit `areas:`), then: cchc --board {path} check",
    r_created: "created {to} for {year} from {from} (left unchanged)",
    r_copied: "  {n} tasks copied as planned; due dates, completion dates, notes and evidence dropped",
    r_moved: "  {n} timeframes moved on to the new year (e.g. Quý I/{old} → Quý I/{new})",
    r_targets: "  {n} targets copied; their measurements dropped",
    r_title: "  title: {title}",
    r_review: "to review:",
    r_document: "  - document: blank; fill in the new plan's reference (số hiệu)",
    r_carried: "  - {n} unfinished tasks marked carried_over (keep, merge or drop each): {ids}",
    r_undated: "  - timeframe sets no deadline (add `due:` or reword): {ids}",
    r_title_years: "  - title names the old year {year}: {ids}",
    then: "then: cchc --board {path} check",
    i_read: "read {file}: {tasks} tasks in {areas} areas",
    i_plan: "  plan: {title} ({org}), year {year}",
    i_tasks: "tasks",
    i_missing: "columns not in the table (left blank): {cols}",
    i_undated: "timeframe gives no deadline (add `due:` to these):",
    i_look: "to look at:",
    i_dry: "dry run: nothing written",
    i_added: "added {n} tasks to {path}",
    i_wrote: "wrote {path}; next: cchc --board {path} check",
};

pub const VI: PlanWords = PlanWords {
    created: "đã tạo {path}: {title} ({org}), năm kế hoạch {year}, {areas} lĩnh vực, chưa có nhiệm vụ",
    document_blank: "  số hiệu văn bản của kế hoạch (`document:`) còn trống: điền khi kế hoạch được ban hành",
    next: "tiếp theo:\n  - thêm các nhiệm vụ của kế hoạch vào `tasks:` (xem docs/board-format.md), hoặc\n  - nhập từ phụ lục: cchc import KE-HOACH.docx --into {path}\n  - đối chiếu các lĩnh vực với kế hoạch (sửa `areas:`), rồi chạy: cchc --board {path} check",
    r_created: "đã tạo {to} cho năm {year} từ {from} (tệp cũ giữ nguyên)",
    r_copied: "  {n} nhiệm vụ được sao chép ở trạng thái chưa thực hiện; bỏ hạn đặt riêng, ngày hoàn thành, ghi chú và minh chứng",
    r_moved: "  {n} mốc thời gian được chuyển sang năm mới (ví dụ Quý I/{old} → Quý I/{new})",
    r_targets: "  {n} chỉ tiêu được sao chép; bỏ các số đo",
    r_title: "  tên kế hoạch: {title}",
    r_review: "cần xem lại:",
    r_document: "  - document: còn trống; điền số hiệu của kế hoạch mới",
    r_carried: "  - {n} nhiệm vụ chưa hoàn thành được đánh dấu carried_over (giữ, gộp hoặc bỏ từng nhiệm vụ): {ids}",
    r_undated: "  - thời gian thực hiện không nêu hạn (thêm `due:` hoặc sửa lại): {ids}",
    r_title_years: "  - nội dung nhiệm vụ nêu năm cũ {year}: {ids}",
    then: "sau đó: cchc --board {path} check",
    i_read: "đã đọc {file}: {tasks} nhiệm vụ thuộc {areas} lĩnh vực",
    i_plan: "  kế hoạch: {title} ({org}), năm {year}",
    i_tasks: "nhiệm vụ",
    i_missing: "cột không có trong bảng (để trống): {cols}",
    i_undated: "thời gian thực hiện không nêu hạn (thêm `due:` cho các nhiệm vụ này):",
    i_look: "cần xem:",
    i_dry: "chạy thử: không ghi gì",
    i_added: "đã thêm {n} nhiệm vụ vào {path}",
    i_wrote: "đã ghi {path}; tiếp theo: cchc --board {path} check",
};

impl PlanWords {
    pub fn of(lang: Lang) -> &'static PlanWords {
        match lang {
            Lang::En => &EN,
            Lang::Vi => &VI,
        }
    }
}
