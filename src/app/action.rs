//! Everything a key can ask for, in every mode of the board, with the words
//! the help overlay, the footer and the questions show for it. Each action
//! belongs to one [`Scope`]; the key table itself is in [`super::keymap`].

use serde::Deserialize;

/// Where a binding applies: the board, the scrolling views (help, detail),
/// the changes view, the targets view, a one-line prompt, a question, or
/// anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Board,
    View,
    Changes,
    Targets,
    Report,
    Prompt,
    Question,
    Anywhere,
}

impl Scope {
    pub const ALL: [Scope; 8] = [
        Scope::Board,
        Scope::View,
        Scope::Changes,
        Scope::Targets,
        Scope::Report,
        Scope::Prompt,
        Scope::Question,
        Scope::Anywhere,
    ];

    /// A heading for the help overlay: (English, Vietnamese).
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Scope::Board => ("On the board", "Trên bảng"),
            Scope::View => ("In the help and detail views", "Trong trợ giúp và chi tiết"),
            Scope::Changes => ("In the changes view (=)", "Trong danh sách thay đổi (=)"),
            Scope::Targets => ("In the targets view (T)", "Trong danh sách chỉ tiêu (T)"),
            Scope::Report => ("In the report view (R)", "Trong báo cáo (R)"),
            Scope::Prompt => ("In a prompt (search, filter, …)", "Khi nhập (tìm, lọc, …)"),
            Scope::Question => ("Answering a question", "Khi trả lời câu hỏi"),
            Scope::Anywhere => ("Anywhere", "Ở mọi nơi"),
        }
    }
}

/// What a key asks for. The config file names them in snake case
/// (`keys: {move_next: [L, shift-right], answer_merge: [m]}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // The board.
    Left,
    Right,
    Up,
    Down,
    PrevLane,
    NextLane,
    First,
    Last,
    MoveNext,
    MovePrev,
    SetPlanned,
    SetInProgress,
    SetDone,
    Detail,
    Edit,
    SetDue,
    AddLog,
    AddEvidence,
    Add,
    Delete,
    Search,
    NextMatch,
    PrevMatch,
    FilterLead,
    OverdueOnly,
    Clear,
    Undo,
    Redo,
    Save,
    Quit,
    Help,
    Changes,
    Commit,
    Pull,
    Push,
    Targets,
    Report,
    // The help and detail views.
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    Top,
    Close,
    // The changes view.
    ChangeDown,
    ChangeUp,
    RawDiff,
    GoToCard,
    CloseChanges,
    // The targets view.
    TargetDown,
    TargetUp,
    RecordMeasurement,
    CloseTargets,
    // The report view.
    ReportPrev,
    ReportNext,
    ReportCalendar,
    ReportFormat,
    ReportWrite,
    ReportScrollDown,
    ReportScrollUp,
    CloseReport,
    // Prompts.
    Submit,
    Cancel,
    DeleteBack,
    ClearInput,
    NextChoice,
    PrevChoice,
    // Questions.
    AnswerYes,
    AnswerSaveQuit,
    AnswerRestore,
    AnswerDiscard,
    AnswerMerge,
    AnswerReload,
    AnswerKeepMine,
    AnswerTakeTheirs,
    AnswerSideFile,
    AnswerSaveAs,
    AnswerWriteBack,
    AnswerStay,
    // Anywhere.
    Suspend,
}

impl Action {
    /// Where the action's keys apply.
    pub fn scope(self) -> Scope {
        use Action::*;
        match self {
            ScrollDown | ScrollUp | PageDown | PageUp | Top | Close => Scope::View,
            ChangeDown | ChangeUp | RawDiff | GoToCard | CloseChanges => Scope::Changes,
            TargetDown | TargetUp | RecordMeasurement | CloseTargets => Scope::Targets,
            ReportPrev | ReportNext | ReportCalendar | ReportFormat | ReportWrite
            | ReportScrollDown | ReportScrollUp | CloseReport => Scope::Report,
            Submit | Cancel | DeleteBack | ClearInput | NextChoice | PrevChoice => Scope::Prompt,
            AnswerYes | AnswerSaveQuit | AnswerRestore | AnswerDiscard | AnswerMerge
            | AnswerReload | AnswerKeepMine | AnswerTakeTheirs | AnswerSideFile | AnswerSaveAs
            | AnswerWriteBack | AnswerStay => Scope::Question,
            Suspend => Scope::Anywhere,
            _ => Scope::Board,
        }
    }

    /// One line for the help overlay: (English, Vietnamese).
    pub fn describe(self) -> (&'static str, &'static str) {
        use Action::*;
        match self {
            Left => ("previous column with cards", "cột trước (có thẻ)"),
            Right => ("next column with cards", "cột sau (có thẻ)"),
            Up => (
                "previous card (into the lane above)",
                "thẻ trước (sang lĩnh vực trên)",
            ),
            Down => (
                "next card (into the lane below)",
                "thẻ sau (sang lĩnh vực dưới)",
            ),
            PrevLane => ("previous lane", "lĩnh vực trước"),
            NextLane => ("next lane", "lĩnh vực sau"),
            First => ("first card", "thẻ đầu"),
            Last => ("last card", "thẻ cuối"),
            MoveNext => (
                "move card to the next status",
                "chuyển thẻ sang trạng thái sau",
            ),
            MovePrev => (
                "move card to the previous status",
                "chuyển thẻ về trạng thái trước",
            ),
            SetPlanned => ("set Planned", "đặt Chưa thực hiện"),
            SetInProgress => ("set In Progress", "đặt Đang thực hiện"),
            SetDone => ("set Done (stamps the date)", "đặt Hoàn thành (ghi ngày)"),
            Detail => ("details of the card", "chi tiết thẻ"),
            Edit => ("edit the task in $EDITOR", "sửa nhiệm vụ bằng $EDITOR"),
            SetDue => ("set the deadline", "đặt hạn"),
            AddLog => ("add a progress-log entry", "ghi nhật ký tiến độ"),
            AddEvidence => (
                "add evidence (a document or text)",
                "thêm minh chứng (văn bản hoặc chữ)",
            ),
            Add => ("add a task to this lane", "thêm nhiệm vụ vào lĩnh vực này"),
            Delete => ("delete the task", "xoá nhiệm vụ"),
            Search => ("search (accents optional)", "tìm (không cần dấu)"),
            NextMatch => ("next match", "kết quả sau"),
            PrevMatch => ("previous match", "kết quả trước"),
            FilterLead => ("filter by lead unit", "lọc theo đơn vị chủ trì"),
            OverdueOnly => ("show overdue only", "chỉ hiện quá hạn"),
            Clear => ("clear search and filters", "bỏ tìm và lọc"),
            Undo => ("undo", "hoàn tác"),
            Redo => ("redo", "làm lại"),
            Save => ("save", "lưu"),
            Quit => ("quit", "thoát"),
            Help => ("this help", "trợ giúp"),
            Changes => (
                "changes since the last commit (git)",
                "thay đổi từ lần commit trước (git)",
            ),
            Commit => ("commit the board (git)", "commit bảng (git)"),
            Pull => (
                "pull, fast-forward only (git)",
                "pull, chỉ fast-forward (git)",
            ),
            Push => ("push (git, never forced)", "push (git, không ép)"),
            Targets => ("the targets and their measurements", "chỉ tiêu và số đo"),
            Report => (
                "the period's report: figures, overdue list, write the file",
                "báo cáo kỳ: số liệu, nhiệm vụ quá hạn, ghi tệp",
            ),
            ScrollDown => ("scroll down", "cuộn xuống"),
            ScrollUp => ("scroll up", "cuộn lên"),
            PageDown => ("a page down", "xuống một trang"),
            PageUp => ("a page up", "lên một trang"),
            Top => ("to the top", "về đầu"),
            Close => (
                "close (so does any other key)",
                "đóng (phím khác cũng đóng)",
            ),
            ChangeDown => (
                "next change (scrolls the raw diff)",
                "thay đổi sau (cuộn diff)",
            ),
            ChangeUp => (
                "previous change (scrolls the raw diff)",
                "thay đổi trước (cuộn diff)",
            ),
            RawDiff => ("the raw git diff, or back", "diff git gốc, hoặc quay lại"),
            GoToCard => ("go to the change's card", "đến thẻ của thay đổi"),
            CloseChanges => ("close the changes view", "đóng danh sách thay đổi"),
            TargetDown => ("next target", "chỉ tiêu sau"),
            TargetUp => ("previous target", "chỉ tiêu trước"),
            RecordMeasurement => (
                "record a measurement: value [date] [source]",
                "nhập số đo: giá trị [ngày] [nguồn]",
            ),
            CloseTargets => ("close the targets view", "đóng danh sách chỉ tiêu"),
            ReportPrev => ("previous report of the year", "kỳ báo cáo trước"),
            ReportNext => ("next report of the year", "kỳ báo cáo sau"),
            ReportCalendar => (
                "calendar quarters, or the reporting calendar's windows",
                "quý dương lịch, hoặc kỳ số liệu của lịch báo cáo",
            ),
            ReportFormat => (
                "next file format (docx, xlsx, md, html, json)",
                "định dạng tệp sau (docx, xlsx, md, html, json)",
            ),
            ReportWrite => (
                "write the file beside the board (asks before replacing)",
                "ghi tệp cạnh bảng (hỏi trước khi ghi đè)",
            ),
            ReportScrollDown => ("scroll down", "cuộn xuống"),
            ReportScrollUp => ("scroll up", "cuộn lên"),
            CloseReport => ("close the report view", "đóng báo cáo"),
            Submit => ("accept", "chấp nhận"),
            Cancel => ("cancel", "huỷ"),
            DeleteBack => ("delete the last character", "xoá ký tự cuối"),
            ClearInput => ("clear the text", "xoá hết"),
            NextChoice => (
                "next choice (lead units in the filter)",
                "lựa chọn sau (đơn vị khi lọc)",
            ),
            PrevChoice => ("previous choice", "lựa chọn trước"),
            AnswerYes => ("yes", "đồng ý"),
            AnswerSaveQuit => ("save and quit", "lưu rồi thoát"),
            AnswerRestore => ("restore them", "khôi phục"),
            AnswerDiscard => ("discard them", "bỏ đi"),
            AnswerMerge => (
                "merge theirs into mine (keeps both; asks about real conflicts)",
                "gộp bản của họ vào bản của tôi (giữ cả hai; chỉ hỏi khi xung đột thật)",
            ),
            AnswerReload => (
                "reload theirs (drop mine)",
                "tải bản của họ (bỏ bản của tôi)",
            ),
            AnswerKeepMine => ("keep mine", "giữ bản của tôi"),
            AnswerTakeTheirs => ("take theirs", "lấy bản của họ"),
            AnswerSideFile => ("save mine to a side file", "lưu bản của tôi ra tệp khác"),
            AnswerSaveAs => ("save as another file", "lưu thành tệp khác"),
            AnswerWriteBack => ("write the board file back", "ghi lại tệp bảng"),
            AnswerStay => ("stay", "ở lại"),
            Suspend => ("suspend (fg to come back)", "tạm dừng (fg để quay lại)"),
        }
    }

    /// The word shown in the footer.
    pub fn short(self, vi: bool) -> &'static str {
        use Action::*;
        let (en, v) = match self {
            MoveNext => ("move", "chuyển"),
            Detail => ("detail", "chi tiết"),
            Search => ("search", "tìm"),
            Save => ("save", "lưu"),
            Help => ("help", "trợ giúp"),
            Quit => ("quit", "thoát"),
            Undo => ("undo", "hoàn tác"),
            OverdueOnly => ("overdue", "quá hạn"),
            RecordMeasurement => ("record a measurement", "nhập số đo"),
            CloseTargets | CloseReport => ("close", "đóng"),
            ReportPrev | ReportNext => ("period", "kỳ"),
            ReportCalendar => ("windows", "kỳ số liệu"),
            ReportFormat => ("format", "định dạng"),
            ReportWrite => ("write", "ghi tệp"),
            _ => self.describe(),
        };
        if vi { v } else { en }
    }
}
