//! The questions the board asks: which answers each offers, whether another
//! key dismisses it, and its text, generated from the keymap so that a
//! rebound answer shows its real key.

use super::Confirm;
use super::i18n::Lang;
use super::keymap::{Action, Keymap};

impl Confirm {
    /// One of each kind, for checks over every question (the data is empty).
    pub const KINDS: &'static [Confirm] = &[
        Confirm::Delete(0),
        Confirm::Quit,
        Confirm::Recovery,
        Confirm::ExternalChange,
        Confirm::MergeConflict(Vec::new()),
        Confirm::SaveFailed(String::new()),
        Confirm::Rewrite,
        Confirm::BoardDeleted,
        Confirm::OverwriteReport(String::new()),
    ];

    /// The answers this question offers, in the order its text lists them.
    pub fn answers(&self) -> &'static [Action] {
        use Action::*;
        match self {
            Confirm::Delete(_) => &[AnswerYes],
            Confirm::Quit => &[AnswerSaveQuit, AnswerYes, AnswerStay],
            Confirm::Recovery => &[AnswerRestore, AnswerDiscard],
            Confirm::ExternalChange => &[AnswerMerge, AnswerReload, AnswerKeepMine, AnswerSideFile],
            Confirm::MergeConflict(_) => &[
                AnswerKeepMine,
                AnswerTakeTheirs,
                AnswerReload,
                AnswerSideFile,
            ],
            Confirm::SaveFailed(_) => &[AnswerSaveAs],
            Confirm::Rewrite => &[AnswerYes],
            Confirm::BoardDeleted => &[AnswerWriteBack, AnswerSaveAs],
            Confirm::OverwriteReport(_) => &[AnswerYes],
        }
    }

    /// Whether a key that is no answer closes the question (it asked before
    /// doing something the user started). Questions about data on disk must
    /// be answered, not dismissed.
    pub fn dismissable(&self) -> bool {
        self.other_keys().is_some() || *self == Confirm::Quit
    }

    /// The question's text: what happened, then each answer with its keys
    /// (`m = merge theirs into mine …`), then what other keys do.
    pub fn text(&self, lang: Lang, keymap: &Keymap) -> String {
        let vi = lang == Lang::Vi;
        let pick = |(en, v): (&'static str, &'static str)| if vi { v } else { en };
        let answers: Vec<String> = self
            .answers()
            .iter()
            .map(|&a| {
                let keys: Vec<String> =
                    keymap.keys_for(a).iter().map(ToString::to_string).collect();
                format!("{} = {}", keys.join("/"), pick(self.label(a)))
            })
            .collect();
        let mut text = format!("{} {}", self.sentence(vi), answers.join(", "));
        if let Some(other) = self.other_keys() {
            text.push_str(", ");
            text.push_str(pick(other));
        }
        text
    }

    /// What a key that is no answer does, when it closes the question.
    fn other_keys(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Confirm::Delete(_) => Some(("any other key = keep", "phím khác = giữ")),
            Confirm::Rewrite => Some((
                "any other key = cancel (run `cchc fmt` to review the rewrite with git diff)",
                "phím khác = huỷ (chạy `cchc fmt` để xem trước bằng git diff)",
            )),
            Confirm::SaveFailed(_) => Some((
                "any other key = back to the board (the edits stay unsaved, and in the recovery file)",
                "phím khác = quay lại bảng (thay đổi vẫn chưa lưu, và có trong tệp khôi phục)",
            )),
            Confirm::BoardDeleted => Some((
                "any other key = keep editing (w later writes it back)",
                "phím khác = tiếp tục sửa (sau đó w sẽ ghi lại tệp)",
            )),
            Confirm::OverwriteReport(_) => {
                Some(("any other key = keep that file", "phím khác = giữ tệp đó"))
            }
            _ => None,
        }
    }

    /// What happened, in the interface language.
    fn sentence(&self, vi: bool) -> String {
        let words = if vi { Lang::Vi } else { Lang::En }.words();
        match self {
            Confirm::Delete(id) => words.confirm_delete.replace("{id}", &id.to_string()),
            Confirm::Quit => words.confirm_quit.to_owned(),
            Confirm::Recovery => words.recovery.to_owned(),
            Confirm::ExternalChange => words.changed_on_disk.to_owned(),
            Confirm::MergeConflict(lines) => {
                let list: Vec<String> = lines
                    .iter()
                    .map(|l| format!("• {}", crate::text::clean(l)))
                    .collect();
                format!("{}\n{}\n", words.merge_conflicts, list.join("\n"))
            }
            Confirm::SaveFailed(e) => {
                format!(
                    "{}\n",
                    words.save_failed.replace("{error}", &crate::text::clean(e))
                )
            }
            Confirm::Rewrite => words.rewrite.to_owned(),
            Confirm::BoardDeleted => words.board_deleted.to_owned(),
            Confirm::OverwriteReport(path) => words.report_exists.replace("{path}", path),
        }
    }

    /// An answer's words in this question: (English, Vietnamese).
    fn label(&self, answer: Action) -> (&'static str, &'static str) {
        use Action::*;
        match (self, answer) {
            (Confirm::Delete(_), AnswerYes) => ("delete", "xoá"),
            (Confirm::Quit, AnswerYes) => ("quit without saving", "thoát không lưu"),
            (Confirm::Rewrite, AnswerYes) => ("save anyway", "vẫn lưu"),
            (Confirm::OverwriteReport(_), AnswerYes) => ("replace it", "ghi đè"),
            (Confirm::ExternalChange, AnswerKeepMine) => (
                "keep only mine (save over theirs)",
                "chỉ giữ bản của tôi (ghi đè bản của họ)",
            ),
            (Confirm::MergeConflict(_), AnswerKeepMine) => (
                "mine for these (every other change of both is kept)",
                "lấy bản của tôi cho các chỗ này (mọi thay đổi khác của cả hai được giữ)",
            ),
            (Confirm::MergeConflict(_), AnswerTakeTheirs) => {
                ("theirs for these", "lấy bản của họ cho các chỗ này")
            }
            (Confirm::BoardDeleted, AnswerWriteBack) => ("write it back", "ghi lại tệp"),
            (Confirm::SaveFailed(_), AnswerSaveAs) => (
                "save as another file (you type the path)",
                "lưu ra tệp khác (nhập đường dẫn)",
            ),
            (_, a) => a.describe(),
        }
    }
}
