//! `pacta report`: the HTML file shows hostile text as text, loads nothing, is the same for the
//! same ledger and clock, leaves nothing behind when it fails, and renders in a real browser
//! (headless Chromium, when installed: skipped with a reason otherwise, never under CI) with its
//! chart and table, no console message and no request for anything.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Text that would be markup if it were not escaped.
const SCRIPT_TITLE: &str = "Text <script>alert(1)</script>";
const SCRIPT_QUOTE: &str =
    "</blockquote><script>alert(\"quote\")</script><img src=x onerror=alert(3)>";
const IMG_RECORDER: &str = "<img src=http://127.0.0.1:9/x>";

/// A small treaty, in force after two instruments, whose citations, title and recorder hold
/// markup; Estonia withdraws, Finland stays, the United States only signs.
fn hostile(s: &Sandbox) {
    let run = |line: &str, more: &[&str]| {
        let mut args: Vec<&str> = line.split(' ').collect();
        args.extend(more);
        s.run(&args);
    };
    run(
        "treaty add small --rules ottawa --eif-instruments 2",
        &[
            "--title",
            "Small <b>treaty</b> & \"friends\"",
            "--cite-title",
            SCRIPT_TITLE,
            "--cite-url",
            "https://example.org/t?a=1&b=\"><script>alert(2)</script>",
        ],
    );
    let cite = " --cite-title Source --cite-url https://example.org/";
    run(
        &format!("record ratification --treaty small --state FI --date 2000-01-10{cite}fi"),
        &["--quote", SCRIPT_QUOTE],
    );
    run(
        &format!("record accession --treaty small --state EE --date 2000-02-01{cite}ee"),
        &["--recorder", IMG_RECORDER],
    );
    run(
        &format!("record withdrawal --treaty small --state EE --date 2025-06-27{cite}ee-out"),
        &[],
    );
    run(
        &format!("record signature --treaty small --state US --date 1999-01-01{cite}us"),
        &[],
    );
}

fn report(s: &Sandbox, treaty: &str, name: &str) -> String {
    s.run(&["report", treaty, "--at", "2026-03-01", "--out", name]);
    std::fs::read_to_string(s.path(name)).unwrap()
}

#[test]
fn hostile_text_is_shown_as_text_and_only_web_addresses_are_links() {
    let s = Sandbox::new();
    hostile(&s);
    let html = report(&s, "small", "r.html");
    assert!(!html.to_lowercase().contains("<script"), "a script element");
    assert!(!html.contains("<img"), "an img element");
    assert!(!html.contains("<b>treaty"), "the title became markup");
    assert!(html.contains("Text &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;/blockquote&gt;&lt;script&gt;alert(&quot;quote&quot;)"));
    assert!(html.contains("by &lt;img src=http://127.0.0.1:9/x&gt;"));
    // The address with a quote in it stays inside its attribute.
    assert!(html.contains("href=\"https://example.org/t?a=1&amp;b=&quot;&gt;&lt;script&gt;"));
    // Nothing is loaded: no src, no url(), no @import, and a policy that forbids it anyway.
    for loader in [" src=\"", "url(", "@import", "<link", "<iframe", "<object"] {
        assert!(!html.contains(loader), "{loader} in the report");
    }
    assert!(html.contains(
        "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"
    ));
    // Every link is to the web.
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with("http://") || href.starts_with("https://"),
            "{}",
            &href[..40.min(href.len())]
        );
    }
}

#[test]
fn the_report_holds_the_counts_the_marks_the_table_and_the_basis() {
    let s = Sandbox::new();
    hostile(&s);
    let html = report(&s, "small", "r.html");
    // On 2026-03-01 Estonia has withdrawn (effective 2025-12-27) and Finland is in force.
    assert!(html.contains("<dd>1 state</dd>"), "in-force figure");
    assert!(html.contains("EE withdrew 2025-12-27"), "withdrawal label");
    assert!(
        html.contains("Entry into force 2000-08-01"),
        "entry-into-force label"
    );
    assert!(html.contains("the withdrawal of Estonia (EE) took effect."));
    assert_eq!(html.matches("<tr role=\"row\" id=\"state-").count(), 3);
    for status in ["withdrawn", "party", "signatory"] {
        assert!(html.contains(&format!("\">{status}</span>")), "{status}");
    }
    let log = s.json(&["log"]);
    let head = log[4]["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{log}"))
        .to_string();
    assert!(html.contains(&head), "the head hash");
    assert!(html.contains("status small --at 2026-03-01 --as-of 5"));
    assert!(html.contains("not signed"));
    assert_eq!(
        html.matches("class=\"chart chart-").count(),
        2,
        "a wide and a narrow chart"
    );
}

/// Statements on the small treaty: Finland's reservation with markup in its words, Estonia's
/// objection to it, withdrawn later, and Finland's extension to the Åland Islands; the entry
/// number of the reservation.
fn statements(s: &Sandbox) -> u64 {
    let record = |line: &str, more: &[&str]| {
        let mut args: Vec<&str> = line.split(' ').collect();
        args.extend(more);
        args.extend([
            "--cite-title",
            "Depositary notification <i>C.N.1</i>",
            "--cite-ref",
            "C.N.1",
        ]);
        s.json(&args)[0]["entry"].as_u64().unwrap()
    };
    let reserved = record(
        "record reservation --treaty small --state FI --date 2000-01-10",
        &["--text", STATEMENT_WORDS],
    );
    let objection = record(
        "record objection --treaty small --state EE --date 2000-03-01 --objects-to",
        &[&reserved.to_string()],
    );
    record(
        "record objection-withdrawal --treaty small --state EE --date 2001-03-01 --withdraws",
        &[&objection.to_string()],
    );
    record(
        "record territorial-extension --treaty small --state FI --date 2000-01-10 --territory AX",
        &[],
    );
    reserved
}

/// A statement's words that would be markup, on two lines.
const STATEMENT_WORDS: &str = "Article 1 <script>alert(4)</script>\nshall not apply.";

#[test]
fn statements_are_listed_by_state_with_objections_and_marked_in_the_table() {
    let s = Sandbox::new();
    hostile(&s);
    let before = report(&s, "small", "before.html");
    assert!(before.contains(
        "No reservation, declaration or territorial application made by 2026-03-01 is recorded."
    ));
    let reserved = statements(&s);
    let html = report(&s, "small", "r.html");
    assert!(!html.to_lowercase().contains("<script"), "a script element");
    assert!(!html.contains("<i>"), "a citation title became markup");
    assert!(html.contains("Article 1 &lt;script&gt;alert(4)&lt;/script&gt;\nshall not apply."));
    assert!(html.contains("Depositary notification &lt;i&gt;C.N.1&lt;/i&gt;"));
    let section = &html[html
        .find("id=\"statements\"")
        .expect("the statements section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert_eq!(
        section.matches("<h3>").count(),
        1,
        "one state made statements: {section}"
    );
    assert!(section.contains("<h3>Finland<span class=\"code\">FI</span></h3>"));
    assert!(section.contains("reservation 2000-01-10"));
    assert!(section.contains("territorial-extension to Åland Islands (AX) 2000-01-10"));
    assert!(section.contains(&format!("Entry {reserved}, hash ")));
    // Estonia's objection sits under the reservation, withdrawn by its next entry.
    let objection = &section[section
        .find("objection by Estonia (EE) 2000-03-01")
        .unwrap()..];
    assert!(objection.starts_with(&format!(
        "objection by Estonia (EE) 2000-03-01 — withdrawn 2001-03-01 (entry {})",
        reserved + 2
    )));
    assert!(
        section.find("<ol class=\"facts objections\">").unwrap()
            < section.find("objection by").unwrap()
    );
    // Finland's row carries the marker; Estonia (an objection only) and the United States don't.
    let row = |state: &str| {
        let row = &html[html.find(&format!("id=\"state-{state}\"")).unwrap()..];
        row[..row.find("</tr>").unwrap()].to_string()
    };
    let marker = "reservation or declaration in force";
    assert!(row("FI").contains(marker));
    assert!(!row("EE").contains(marker) && !row("US").contains(marker));
    // Before the reservation, nothing is listed or marked.
    s.run(&[
        "report",
        "small",
        "--at",
        "2000-01-09",
        "--out",
        "early.html",
    ]);
    let early = std::fs::read_to_string(s.path("early.html")).unwrap();
    assert!(early.contains(
        "No reservation, declaration or territorial application made by 2000-01-09 is recorded."
    ));
    assert!(!early.contains(marker));
}

#[test]
fn the_same_ledger_and_clock_give_the_same_bytes() {
    let s = Sandbox::new();
    hostile(&s);
    let a = report(&s, "small", "a.html");
    let b = report(&s, "small", "b.html");
    assert_eq!(a, b);
}

#[test]
fn a_signed_report_names_its_signer() {
    let s = Sandbox::new();
    hostile(&s);
    s.run(&["key", "generate", "--name", "org.example", "--out", "key"]);
    s.run(&["report", "small", "--out", "r.html", "--sign", "key"]);
    let html = std::fs::read_to_string(s.path("r.html")).unwrap();
    assert!(html.contains("signed by <code>org.example</code>"));
    assert!(
        html.contains("— org.example "),
        "the signature line of the checkpoint"
    );
}

#[test]
fn a_failed_report_leaves_the_last_one_untouched() {
    let s = Sandbox::new();
    hostile(&s);
    s.write("r.html", "the last good report");
    let err = s.fails(&["report", "nosuch", "--out", "r.html"], 1);
    assert!(err.contains("nosuch"), "{err}");
    assert_eq!(
        std::fs::read_to_string(s.path("r.html")).unwrap(),
        "the last good report"
    );
    let err = s.fails(&["report", "small", "--out", "missing/dir/r.html"], 1);
    assert!(err.contains("cannot write missing/dir/r.html"), "{err}");
    let stray: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    s.fails(
        &["report", "small", "--out", "r.html", "--format", "json"],
        2,
    );
}

// ---- In a real browser ----------------------------------------------------------------------

/// Debian's `chromium` on PATH, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

/// What the browser did with a page.
struct Visit {
    stdout: String,
    /// Messages the page wrote to the console (a script ran, or the policy blocked something).
    console: Vec<String>,
    /// Every URL the page asked for, whether or not it was reached.
    requests: Vec<String>,
}

/// Opens `page` in headless Chromium with a fresh profile, no name resolving to anything (so no
/// request can leave the machine), and a network log from which the page's own requests are
/// read (the browser's own update and account checks carry no page origin and are set aside).
fn visit(browser: &Path, page: &Path, extra: &[String]) -> Visit {
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("netlog.json");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes while the browser runs: a page's DOM fills a pipe long before it ends.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish with {} in 90 s", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    assert!(status.success(), "chromium failed: {stderr}");
    Visit {
        stdout,
        console: stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(String::from)
            .collect(),
        requests: page_requests(&netlog),
    }
}

/// The URLs requested on behalf of a page (with an initiator that is an origin, or `null` for a
/// file), from Chromium's network log.
fn page_requests(netlog: &Path) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(netlog).unwrap()).unwrap();
    let start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
    assert!(
        start.is_number(),
        "the network log names no URL_REQUEST_START_JOB"
    );
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == start)
        .map(|e| &e["params"])
        .filter(|p| p["initiator"] != "not an origin")
        .filter_map(|p| p["url"].as_str())
        .filter(|url| !url.starts_with("file:") && !url.starts_with("data:"))
        .map(String::from)
        .collect()
}

/// The share of pixels that are not white, and how many are near each colour asked for.
fn pixels(png: &Path, colours: &[[u8; 3]]) -> (f64, Vec<usize>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let rgb: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let ink = rgb
        .iter()
        .filter(|p| p[..3].iter().any(|&c| c < 235))
        .count();
    let near = |want: &[u8; 3]| {
        rgb.iter()
            .filter(|p| (0..3).all(|i| p[i].abs_diff(want[i]) <= 24))
            .count()
    };
    (
        ink as f64 / rgb.len() as f64,
        colours.iter().map(near).collect(),
    )
}

/// The in-force line's blue and the States Parties line's orange (style.css).
const IN_FORCE: [u8; 3] = [0x0b, 0x53, 0x94];
const PARTIES: [u8; 3] = [0xc0, 0x5a, 0x00];

/// Where screenshots are kept for people to look at.
fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: chromium is not installed, and CI must run this test (.ci/run installs it)"
        );
        eprintln!("skipped {test}: chromium is not on PATH (apt-get install chromium)");
    }
    found
}

/// Renders a report as a person would see it, wide and narrow, and checks what the browser did.
fn check_in_browser(browser: &Path, page: &Path, name: &str, states: usize) {
    let dom = visit(browser, page, &["--dump-dom".into()]);
    assert!(dom.console.is_empty(), "console: {:?}", dom.console);
    assert!(dom.requests.is_empty(), "requests: {:?}", dom.requests);
    let html = dom.stdout;
    assert!(
        !html.to_lowercase().contains("<script"),
        "a script element in the DOM"
    );
    assert_eq!(
        html.matches("<svg").count(),
        html.matches("class=\"chart chart-").count()
    );
    assert!(html.contains("class=\"chart chart-wide\""), "no chart");
    assert!(html.contains("<table class=\"states\""), "no table");
    assert_eq!(html.matches("<tr role=\"row\" id=\"state-").count(), states);
    for (label, width, height) in [("wide", 1280, 1400), ("narrow", 390, 1900)] {
        let png = shots().join(format!("{name}-{label}.png"));
        let _ = std::fs::remove_file(&png);
        let shot = visit(
            browser,
            page,
            &[
                format!("--window-size={width},{height}"),
                format!("--screenshot={}", png.display()),
            ],
        );
        assert!(shot.console.is_empty(), "console: {:?}", shot.console);
        assert!(shot.requests.is_empty(), "requests: {:?}", shot.requests);
        let (ink, colours) = pixels(&png, &[IN_FORCE, PARTIES]);
        assert!(
            ink > 0.03,
            "{}: only {:.1}% of pixels are not white",
            png.display(),
            ink * 100.0
        );
        assert!(
            colours.iter().all(|&n| n > 60),
            "{}: the chart's lines are missing: {colours:?}",
            png.display()
        );
        eprintln!(
            "{}: {:.0}% ink, line pixels {colours:?}",
            png.display(),
            ink * 100.0
        );
    }
}

#[test]
fn the_browser_check_sees_requests_scripts_and_blank_pages() {
    let Some(browser) = browser_or_skip("the_browser_check_sees_requests_scripts_and_blank_pages")
    else {
        return;
    };
    let s = Sandbox::bare();
    let page = s.path("control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>x</p><script>console.log('ran')</script>\
         <img src=\"http://example.org/x.png\"></body></html>",
    )
    .unwrap();
    let v = visit(&browser, &page, &["--dump-dom".into()]);
    assert_eq!(v.requests, vec!["http://example.org/x.png".to_string()]);
    assert!(
        v.console.iter().any(|l| l.contains("\"ran\"")),
        "{:?}",
        v.console
    );
    let png = s.path("blank.png");
    visit(
        &browser,
        &page,
        &[
            "--window-size=400,300".into(),
            format!("--screenshot={}", png.display()),
        ],
    );
    let (ink, colours) = pixels(&png, &[IN_FORCE]);
    assert!(ink < 0.03 && colours[0] == 0, "{ink} {colours:?}");
}

#[test]
fn reports_render_in_a_browser_with_chart_and_table_and_no_request() {
    let Some(browser) =
        browser_or_skip("reports_render_in_a_browser_with_chart_and_table_and_no_request")
    else {
        return;
    };
    let s = Sandbox::new();
    hostile(&s);
    statements(&s);
    report(&s, "small", "small.html");
    check_in_browser(&browser, &s.path("small.html"), "hostile", 3);
    // The report the demo writes beside its ledger, of the bundled Ottawa history.
    let demo = Sandbox::bare();
    demo.run(&["demo"]);
    check_in_browser(&browser, &demo.path("ottawa.html"), "ottawa", 166);
}
