//! The one line on stderr that says where a past day's statuses came from
//! (see [`crate::as_of`]): said once per command, and only when the board
//! could not be read from its history.

use super::context::err_line;
use super::words::Words;
use crate::app::Lang;
use crate::as_of::Source;
use chrono::NaiveDate;

/// The note for `source`, or `None` when there is nothing to say (today, or
/// the statuses came from the history as asked).
pub fn text(source: &Source, day: NaiveDate, w: &Words) -> Option<String> {
    let date = w.date(day);
    let vi = w.lang == Lang::Vi;
    match source {
        Source::Today | Source::History { .. } => None,
        Source::NoCommitBefore => Some(if vi {
            format!(
                "cchc: lưu ý: bảng chưa có commit nào đến ngày {date}; trạng thái ngày đó lấy theo ngày hoàn thành ghi trong tệp"
            )
        } else {
            format!(
                "cchc: note: the board has no commit on or before {date}; statuses on that day come from the completion dates in the file"
            )
        }),
        Source::NoGit(why) => Some(if vi {
            format!(
                "cchc: lưu ý: {why}; trạng thái ngày {date} lấy theo ngày hoàn thành ghi trong tệp, không theo lịch sử"
            )
        } else {
            format!(
                "cchc: note: {why}; statuses on {date} come from the completion dates in the file, not from its history"
            )
        }),
    }
}

/// Prints the note for `source`, if any.
pub fn say(source: &Source, day: NaiveDate, w: &Words) {
    if let Some(t) = text(source, day, w) {
        err_line(&t);
    }
}
