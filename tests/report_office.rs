//! The report files opened by real programs: the docx and the xlsx converted
//! to PDF by LibreOffice (`soffice --headless --convert-to pdf`), their text
//! read back with `pdftotext`; the HTML rendered by headless Chromium to a
//! PNG and printed to PDF. Without these programs the tests say so and pass,
//! except under CI (`CI=true`), where a missing program fails them: `.ci/run`
//! installs them.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `program` can be run; under CI a missing one is a failure.
fn have(program: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is missing under CI: .ci/run installs it"
        );
        eprintln!("skipped: {program} is not installed");
    }
    found
}

fn report(sb: &Sandbox, format: &str, period: &str) -> PathBuf {
    let o = sb.run(&["report", "--format", format, "--period", period]);
    expect_code(&o, 0);
    sb.path().join(format!("bao-cao-cchc-{period}.{format}"))
}

/// Converts `file` to PDF with LibreOffice (its own profile, so tests may
/// run at once) and returns the PDF's text.
fn soffice_pdf_text(file: &Path) -> String {
    let dir = file.parent().expect("dir");
    let profile = tempfile::tempdir().expect("profile dir");
    let o = Command::new("timeout")
        .arg("300")
        .arg("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "soffice: {o:?}");
    let pdf = file.with_extension("pdf");
    assert!(pdf.is_file(), "no PDF from soffice: {o:?}");
    pdf_text(&pdf)
}

fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(o.status.success(), "pdftotext: {o:?}");
    let text = String::from_utf8(o.stdout).expect("UTF-8 text");
    // Undo line wrapping: the checks look for phrases.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_info(pdf: &Path) -> String {
    let o = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_docx_converts_in_libreoffice_and_holds_the_figures() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let sb = Sandbox::shipped();
    let docx = report(&sb, "docx", "2024-Q1");
    let text = soffice_pdf_text(&docx);
    for phrase in [
        "UBND TỈNH NAM ĐỊNH",
        "SỞ XÂY DỰNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nam Định, ngày 10 tháng 4 năm 2024",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
        "Đã hoàn thành 0/43 nhiệm vụ, đạt 0,00%",
        "Chưa đến hạn 39/43 nhiệm vụ, chiếm 90,70%",
        "Quá hạn 4/43 nhiệm vụ, chiếm 9,30%",
        "quá hạn 74 ngày (thời hạn 31/12/2023)",
        "Phụ lục",
        "Văn bản chứng minh",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in the PDF:\n{text}");
    }
    let info = pdf_info(&docx.with_extension("pdf"));
    assert!(info.contains("(A4)"), "{info}");
}

#[test]
fn the_docx_of_the_edges_board_carries_done_tasks_and_evidence() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let sb = Sandbox::fixture("report/edges.yaml");
    let text = soffice_pdf_text(&report(&sb, "docx", "2024-Q1"));
    for phrase in [
        "Đã hoàn thành 4/9 nhiệm vụ, đạt 44,44%",
        "đạt 66,67%",
        "Kế hoạch số 12/KH-STN ngày 14/03/2024",
        "gia hạn đến 29/02/2024",
        "Hoàn thành ngày 20/01/2024 (trễ 20 ngày)",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in the PDF:\n{text}");
    }
}

#[test]
fn the_xlsx_converts_in_libreoffice_and_holds_both_tables() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let sb = Sandbox::fixture("report/edges.yaml");
    let text = soffice_pdf_text(&report(&sb, "xlsx", "2024-Q1"));
    for phrase in [
        "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2024",
        "Xây dựng kế hoạch theo dõi thi hành pháp luật",
        "Hoàn thành ngày 14/03/2024",
        "Quá hạn 14 ngày",
        "Đơn vị chủ trì",
        "Thanh tra Sở",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in the PDF:\n{text}");
    }
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|p| {
            std::env::var_os("PATH")
                .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(p).is_file()))
        })
        .or_else(|| {
            have("chromium");
            None
        })
}

#[test]
fn the_html_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let sb = Sandbox::fixture("report/edges.yaml");
    let html = report(&sb, "html", "2024-Q1");
    let text = std::fs::read_to_string(&html).expect("html");
    assert!(
        !text.contains("http://") || !text.contains("src=\"http"),
        "no external asset"
    );
    assert!(!text.contains("<script"), "no script");
    assert!(text.contains("<svg"), "the charts");
    let run = |extra: &[String]| {
        let profile = tempfile::tempdir().expect("profile");
        let o = Command::new("timeout")
            .arg("120")
            .arg(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("run chromium");
        assert!(o.status.success(), "chromium: {o:?}");
    };
    let png = sb.path().join("report.png");
    run(&[
        format!("--screenshot={}", png.display()),
        "--window-size=1240,1754".to_owned(),
    ]);
    let bytes = std::fs::read(&png).expect("a PNG");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG file");
    assert!(
        bytes.len() > 20_000,
        "a page with content ({} bytes)",
        bytes.len()
    );
    if !have("pdftotext") {
        return;
    }
    let pdf = sb.path().join("report.pdf");
    run(&[
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_owned(),
    ]);
    let info = pdf_info(&pdf);
    assert!(info.contains("(A4)"), "printed on A4: {info}");
    let text = pdf_text(&pdf);
    for phrase in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đã hoàn thành 4/9 nhiệm vụ, đạt 44,44%",
        "Biểu đồ 1",
        "Phụ lục",
    ] {
        assert!(
            text.contains(phrase),
            "{phrase:?} not in the printed page:\n{text}"
        );
    }
}
