//! End-to-end tests of `pacta import` as users run it (spreadsheet files with mistakes, dry
//! runs, the same file twice, a newer version of a file, JSON Lines) and of the citations added
//! to recorded facts (`pacta cite`, several citations to `record`).

use crate::common::*;

const HEADER: &str = "treaty,state,act,date,cite_title,cite_url,cite_kind";

/// A sandbox with the Ottawa Convention registered.
fn ottawa_sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.register_ottawa();
    s
}

fn stderr_of(s: &Sandbox, args: &[&str], code: i32) -> String {
    s.fails(args, code)
}

#[test]
fn a_spreadsheet_file_lists_every_problem_at_once_and_writes_nothing() {
    let s = ottawa_sandbox();
    let before = s.count();
    // A semicolon file with a byte order mark, CR LF line ends, a blank line, a quoted line
    // break (in a title, which must be one line), an unknown treaty, a bad date, a bad state, a
    // withdrawal the rules refuse, and an extra column.
    let text = "\u{feff}treaty;state;act;date;cite_title;cite_url;remarks\r\n\
                ottawa;FI;accession;2012-01-09;UNTC;https://treaties.un.org/x;ok\r\n\
                \r\n\
                ottawa;EE;accession;2004-5-12;UNTC;https://treaties.un.org/x;\r\n\
                ottawa;LV;accession;2005-07-01;\"UN Treaty\r\nCollection\";https://treaties.un.org/x;\r\n\
                ottawa;ZZ;ratification;2003-05-12;UNTC;https://treaties.un.org/x;\r\n\
                geneva;DE;ratification;2003-05-12;UNTC;https://treaties.un.org/x;\r\n\
                ottawa;PL;withdrawal;2025-01-01;UNTC;https://treaties.un.org/x;\r\n";
    let file = s.write("status.csv", text);
    let refused = stderr_of(&s, &["import", &file, "--delimiter", ";"], 1);
    assert!(
        refused.contains(
            "status.csv:1: unknown column 'remarks'; the known columns are treaty,state,act,date,"
        ),
        "{refused}"
    );
    assert!(refused.contains("--ignore-column remarks"), "{refused}");
    let out = stderr_of(
        &s,
        &[
            "import",
            &file,
            "--delimiter",
            ";",
            "--ignore-column",
            "remarks",
            "--dry-run",
        ],
        1,
    );
    let problems: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("status.csv:"))
        .collect();
    assert_eq!(
        problems,
        [
            "status.csv:4:21: date: '2004-5-12' is not a date in the form YYYY-MM-DD",
            "status.csv:5:32: citation title: must be one line without control characters",
            "status.csv:7:8: 'ZZ' is not a state code or name known to pacta (give a code such as FI or FIN, or a name such as Finland or Viet Nam, as data/names.csv lists them)",
            "status.csv:8: unknown treaty 'geneva'",
            "status.csv:9: PL: no instrument in effect on 2025-01-01 to withdraw from",
        ],
        "{out}"
    );
    assert!(out.contains("Error: 5 problems in status.csv"), "{out}");
    assert!(out.contains("dry run"), "{out}");
    assert_eq!(s.count(), before);
    // Without --dry-run, the same list, and still nothing written.
    let again = stderr_of(
        &s,
        &[
            "import",
            &file,
            "--delimiter",
            ";",
            "--ignore-column",
            "remarks",
        ],
        1,
    );
    let listed: Vec<&str> = again
        .lines()
        .filter(|l| l.starts_with("status.csv:"))
        .collect();
    assert_eq!(listed, problems);
    assert_eq!(s.count(), before);
}

/// A mistyped act is listed at its cell as before, and the hint guesses the act meant, in
/// CSV and JSON Lines alike.
#[test]
fn a_mistyped_act_gets_a_did_you_mean_hint() {
    let s = ottawa_sandbox();
    let text = format!(
        "{HEADER}\n\
         ottawa,FI,ratificaton,2012-01-09,UNTC,https://treaties.un.org/x,\n\
         ottawa,EE,ratificaton,2004-05-12,UNTC,https://treaties.un.org/x,\n"
    );
    let file = s.write("typo.csv", &text);
    let refused = stderr_of(&s, &["import", &file, "--dry-run"], 1);
    assert!(
        refused.contains("typo.csv:3:11: 'ratificaton' is not an act"),
        "{refused}"
    );
    assert_eq!(refused.matches("did you mean").count(), 1, "{refused}");
    assert!(
        refused.contains("'ratificaton': did you mean 'ratification'?"),
        "{refused}"
    );
    let line = r#"{"treaty":"ottawa","state":"FI","act":"acesion","date":"2012-01-09","citations":[{"title":"UNTC","url":"https://treaties.un.org/x"}]}"#;
    let file = s.write("typo.jsonl", &format!("{line}\n"));
    let refused = stderr_of(&s, &["import", &file], 1);
    assert!(
        refused.contains("'acesion': did you mean 'accession'"),
        "{refused}"
    );
}

#[test]
fn problems_past_the_limit_are_counted() {
    let s = ottawa_sandbox();
    let rows: String = (1..=30)
        .map(|i| {
            format!("ottawa,FI,accession,2012-01-{i:02}x,UNTC,https://treaties.un.org/x,dataset\n")
        })
        .collect();
    let file = s.write("many.csv", &format!("{HEADER}\n{rows}"));
    let out = stderr_of(&s, &["import", &file, "--max-problems", "5"], 1);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("many.csv:")).count(),
        6,
        "{out}"
    );
    assert!(out.contains("many.csv: ... and 25 more problems"), "{out}");
    assert!(out.contains("30 problems in many.csv"), "{out}");
}

/// A status table as a researcher keeps it: one row per citation.
const FIRST_VERSION: &str = "ottawa,FI,accession,2012-01-09,UNTC,https://treaties.un.org/x,dataset\n\
                             ottawa,FI,accession,2012-01-09,Yle,https://yle.fi/x,news-report\n\
                             ottawa,EE,accession,2004-05-12,UNTC,https://treaties.un.org/x,dataset\n\
                             ottawa,EE,accession,2004-05-12,UNTC,https://treaties.un.org/x,dataset\n";

#[test]
fn the_same_file_twice_adds_nothing_the_second_time() {
    let s = ottawa_sandbox();
    let file = s.write("facts.csv", &format!("{HEADER}\n{FIRST_VERSION}"));
    let first = s.run(&["import", &file]);
    assert_eq!(
        first.trim_end(),
        "facts.csv: 2 facts recorded (3 citations), 1 repeated row skipped"
    );
    let count = s.count();
    let second = s.run(&["import", &file]);
    assert!(
        second.starts_with(
            "facts.csv: nothing new, 2 facts are already recorded with every citation"
        ),
        "{second}"
    );
    assert_eq!(s.count(), count);
}

#[test]
fn a_newer_version_records_new_facts_and_adds_new_sources() {
    let s = ottawa_sandbox();
    let file = s.write("facts.csv", &format!("{HEADER}\n{FIRST_VERSION}"));
    s.run(&["import", &file]);
    let fi = s.json(&["log", "--treaty", "ottawa", "--state", "FI"])[0]["entry"]
        .as_u64()
        .unwrap();
    let newer = format!(
        "{HEADER}\n{FIRST_VERSION}\
         ottawa,FI,accession,2012-01-09,Helsingin Sanomat,https://hs.fi/x,news-report\n\
         ottawa,LV,accession,2005-07-01,UNTC,https://treaties.un.org/x,dataset\n"
    );
    s.write("facts.csv", &newer);
    let dry = s.run(&["import", &file, "--dry-run"]);
    assert!(
        dry.contains("importing it would record 1 fact (1 citation) and add 1 citation to 1 recorded fact; 1 fact already recorded, 1 repeated row skipped"),
        "{dry}"
    );
    let summary = s.json(&["import", &file]);
    assert_eq!(summary["facts_recorded"], 1);
    assert_eq!(summary["citations_added"], 1);
    assert_eq!(summary["facts_already_recorded"], 1);
    let entries = summary["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["event"], "ottawa LV accession 2005-07-01");
    assert_eq!(entries[0]["line"], 7);
    assert_eq!(entries[1]["event"], format!("more sources for entry {fi}"));
    assert_eq!(entries[1]["line"], 6);
    let shown = s.json(&["show", &fi.to_string()]);
    let cited: Vec<(String, u64)> = shown["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["title"].as_str().unwrap().to_string(),
                c["entry"].as_u64().unwrap(),
            )
        })
        .collect();
    let added = entries[1]["entry"].as_u64().unwrap();
    assert_eq!(
        cited,
        [
            ("UNTC".to_string(), fi),
            ("Yle".to_string(), fi),
            ("Helsingin Sanomat".to_string(), added)
        ]
    );
    s.run(&["verify"]);
}

#[test]
fn a_row_contradicting_a_recorded_fact_names_the_entry_to_retract() {
    let s = ottawa_sandbox();
    let file = s.write("facts.csv", &format!("{HEADER}\n{FIRST_VERSION}"));
    s.run(&["import", &file]);
    let ee = s.json(&["log", "--treaty", "ottawa", "--state", "EE"])[0]["entry"]
        .as_u64()
        .unwrap();
    let corrected = s.write(
        "corrected.csv",
        &format!(
            "{HEADER}\nottawa,EE,accession,2004-05-13,UNTC,https://treaties.un.org/x,dataset\n"
        ),
    );
    let out = stderr_of(&s, &["import", &corrected], 1);
    assert!(
        out.contains(&format!(
            "corrected.csv:2: ottawa EE accession 2004-05-13 contradicts entry {ee}, which records ottawa EE accession 2004-05-12"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("pacta retract {ee}")), "{out}");
    // Listing both acts says both happened: the recorded one is then stated by the file, and the
    // ledger's rules judge the other (a second accession while party is refused by them).
    let both = s.write(
        "both.csv",
        &format!(
            "{HEADER}\nottawa,EE,accession,2004-05-12,UNTC,https://treaties.un.org/x,dataset\n\
             ottawa,EE,accession,2004-05-13,UNTC,https://treaties.un.org/x,dataset\n"
        ),
    );
    let out = stderr_of(&s, &["import", &both], 1);
    assert!(!out.contains("contradicts entry"), "{out}");
    assert!(out.contains("both.csv:3: EE:"), "{out}");
}

#[test]
fn json_lines_import_and_its_schema() {
    let s = ottawa_sandbox();
    let schema: serde_json::Value = serde_json::from_str(&s.run(&["schema", "import"])).unwrap();
    assert_eq!(schema["title"], "pacta import line");
    assert_eq!(
        schema["required"],
        serde_json::json!(["treaty", "act", "date", "citations"])
    );
    assert_eq!(
        schema["properties"]["citations"]["items"]["$ref"],
        "#/$defs/CitationLine"
    );
    let text = "{\"treaty\":\"ottawa\",\"state\":\"FI\",\"act\":\"accession\",\"date\":\"2012-01-09\",\
                \"citations\":[{\"title\":\"UNTC\",\"url\":\"https://treaties.un.org/x\"},\
                {\"title\":\"Yle\",\"url\":\"https://yle.fi/x\",\"kind\":\"news-report\"}]}\n\
                \n\
                {\"treaty\":\"ottawa\",\"state\":\"EE\",\"act\":\"accession\",\"date\":\"2004-05-12\",\
                \"citations\":[{\"title\":\"UNTC\",\"ref\":\"C.N.1.2004\"}],\"note\":\"as listed\"}\n";
    let file = s.write("facts.jsonl", text);
    let lines = s.run(&["import", &file, "--format", "jsonl"]);
    let entries: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["event"], "ottawa EE accession 2004-05-12");
    assert_eq!(entries[0]["line"], 3);
    let fi = entries[1]["entry"].as_u64().unwrap();
    let shown = s.json(&["show", &fi.to_string()]);
    assert_eq!(shown["citations"].as_array().unwrap().len(), 2);
    let bad = s.write(
        "bad.jsonl",
        "{\"treaty\":\"ottawa\",\"act\":\"accession\"\n",
    );
    let out = stderr_of(&s, &["import", &bad], 1);
    assert!(out.contains("bad.jsonl:1:"), "{out}");
}

#[test]
fn a_successful_import_is_one_line_and_quiet_on_stderr() {
    let s = ottawa_sandbox();
    let file = s.write("facts.csv", &format!("{HEADER}\n{FIRST_VERSION}"));
    let out = s.cmd(&["import", &file]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // stderr is not a terminal here: no progress bar, no message.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let verbose = s.run(&["import", &file, "--verbose"]);
    assert_eq!(
        verbose.lines().count(),
        1,
        "nothing new, nothing listed: {verbose}"
    );
    let quiet = s
        .cmd(&["-q", "import", &file, "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
}

/// On a terminal, each phase draws a progress bar on stderr; under `-q`, none.
#[test]
fn progress_is_drawn_on_a_terminal_only() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        return; // no `script` to give the command a terminal
    }
    let s = ottawa_sandbox();
    let rows: String = (0..8000)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(i);
            format!("ottawa,FI,domestic-step,{day},Vote {i},https://example.org/{i},parliamentary-record\n")
        })
        .collect();
    let file = s.write("steps.csv", &format!("{HEADER}\n{rows}"));
    let pacta = assert_cmd::cargo::cargo_bin("pacta");
    let run = |quiet: &str| {
        let command = format!(
            "{} --ledger {} {quiet} import --dry-run {file}",
            pacta.display(),
            s.ledger().display()
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(s.dir.path())
            .env("PACTA_NOW", NOW)
            .env("PACTA_RECORDER", "tester")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let shown = run("");
    assert!(
        shown.contains("reading") || shown.contains("checking"),
        "no progress bar on a terminal: {shown:?}"
    );
    let quiet = run("-q");
    assert!(
        !quiet.contains("reading") && !quiet.contains("checking"),
        "{quiet:?}"
    );
}

#[test]
fn cite_adds_sources_that_audit_export_and_restore_keep() {
    let s = ottawa_sandbox();
    let file = s.write("facts.csv", &format!("{HEADER}\n{FIRST_VERSION}"));
    s.run(&["import", &file]);
    let fi = s.json(&["log", "--treaty", "ottawa", "--state", "FI"])[0]["entry"]
        .as_u64()
        .unwrap()
        .to_string();
    let added = s.json(&[
        "cite",
        &fi,
        "--cite-title",
        "Depositary notification",
        "--cite-ref",
        "C.N.18.2012.TREATIES-XXVI.5",
        "--cite-kind",
        "depositary-notification",
        "--cite-title",
        "MFA",
        "--cite-url",
        "https://um.fi/x",
    ]);
    let corroboration = added[0]["entry"].as_u64().unwrap();
    let repeated = stderr_of(
        &s,
        &[
            "cite",
            &fi,
            "--cite-title",
            "MFA",
            "--cite-url",
            "https://um.fi/x",
        ],
        1,
    );
    assert!(
        repeated.contains(&format!(
            "entry {fi} already cites 'MFA' (added by entry {corroboration})"
        )),
        "{repeated}"
    );
    let not_a_fact = stderr_of(
        &s,
        &[
            "cite",
            &corroboration.to_string(),
            "--cite-title",
            "X",
            "--cite-url",
            "https://x.org",
        ],
        1,
    );
    assert!(
        not_a_fact.contains("is itself a corroboration"),
        "{not_a_fact}"
    );
    let audit = s.json(&["audit", &fi]);
    let added_by: Vec<u64> = audit["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["added_by"].as_u64().unwrap())
        .collect();
    let own: u64 = fi.parse().unwrap();
    assert_eq!(added_by, [own, own, corroboration, corroboration]);
    let why = s.run(&["why", "ottawa", "FI", "--at", "2020-01-01"]);
    assert!(
        why.contains(&format!(
            "    - MFA <https://um.fi/x> (added by entry {corroboration})"
        )),
        "{why}"
    );
    // The export carries the corroboration as its own line; a restore rebuilds it and verifies.
    s.run(&["export", "ledger.jsonl"]);
    let copy = s.path("copy");
    s.cmd(&[
        "restore",
        "ledger.jsonl",
        "--ledger",
        copy.to_str().unwrap(),
    ])
    .assert()
    .success();
    s.cmd_at(&copy, &["verify"]).assert().success();
    let restored = s
        .cmd_at(&copy, &["show", &fi, "--format", "json"])
        .output()
        .unwrap();
    let restored: serde_json::Value = serde_json::from_slice(&restored.stdout).unwrap();
    assert_eq!(restored["citations"].as_array().unwrap().len(), 4);
    // Retracting the corroboration withdraws its two citations only.
    s.run(&[
        "retract",
        &corroboration.to_string(),
        "--reason",
        "wrong fact",
        "--cite-title",
        "Note",
        "--cite-url",
        "https://example.org/n",
    ]);
    let shown = s.json(&["show", &fi]);
    assert_eq!(shown["citations"].as_array().unwrap().len(), 2);
    s.run(&["verify"]);
}

#[test]
fn record_takes_several_citations_and_archived_sources_fill_title_and_url() {
    let s = ottawa_sandbox();
    let doc = s.write(
        "notice.txt",
        "Finland presented the instrument of withdrawal on 10 July 2025.",
    );
    let digest = s
        .run(&[
            "source",
            "add",
            &doc,
            "--title",
            "Finland informs UN",
            "--url",
            "https://um.fi/notice",
        ])
        .split_whitespace()
        .find(|w| w.len() == 64)
        .map(String::from)
        .expect("source add prints the digest");
    let cites = s.write(
        "cites.json",
        "[{\"title\":\"UNTC\",\"url\":\"https://treaties.un.org/x\",\"kind\":\"dataset\"}]",
    );
    s.run(&[
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2012-01-09",
        "--cite-title",
        "Yle",
        "--cite-url",
        "https://yle.fi/x",
        "--cite-file",
        &cites,
    ]);
    let recorded = s.json(&[
        "record",
        "withdrawal",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2025-07-10",
        "--cite-source",
        &digest,
        "--quote",
        "instrument of withdrawal",
        "--cite-title",
        "HRW",
        "--cite-url",
        "https://hrw.org/x",
    ]);
    let entry = recorded[0]["entry"].as_u64().unwrap().to_string();
    let shown = s.json(&["show", &entry]);
    let citations = shown["citations"].as_array().unwrap();
    assert_eq!(citations.len(), 2);
    assert_eq!(citations[0]["title"], "Finland informs UN");
    assert_eq!(citations[0]["url"], "https://um.fi/notice");
    assert_eq!(citations[1]["title"], "HRW");
    let accession = s.json(&["log", "--treaty", "ottawa", "--state", "FI"])[0]["entry"]
        .as_u64()
        .unwrap()
        .to_string();
    let titles: Vec<String> = s.json(&["show", &accession])["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles, ["Yle", "UNTC"]);
}

/// An export is not trusted: a corroboration naming itself (which admission refuses) is
/// restored placed nowhere, or refused, but never crashes the restore.
#[test]
fn an_export_with_a_corroboration_of_itself_does_not_crash_restore() {
    use pacta::archive::export::ExportLine;
    use pacta::chain::entry::{Entry, FORMAT_VERSION};
    use pacta::vocabulary::calendar::Instant;
    use pacta::vocabulary::digest::Digest;
    use pacta::vocabulary::event::{Corroboration, Event, Fact};
    let entry = |seq: u64, prev: Digest, fact: Fact| {
        Entry {
            version: FORMAT_VERSION,
            seq,
            prev,
            recorded_at: Instant::parse(NOW).unwrap(),
            recorder: "tester".into(),
            fact,
        }
        .seal()
    };
    let first = entry(1, Digest::ZERO, ottawa());
    let selfish = entry(
        2,
        first.hash,
        Fact {
            event: Event::Corroboration(Corroboration {
                target: 2,
                target_hash: Digest::ZERO,
            }),
            citations: vec![citation()],
            note: None,
        },
    );
    let lines = [ExportLine::of(&first), ExportLine::of(&selfish)]
        .iter()
        .map(ExportLine::to_json)
        .collect::<Vec<_>>()
        .join("\n");
    let s = Sandbox::bare();
    let file = s.write("odd.jsonl", &(lines + "\n"));
    let out = s.cmd(&["restore", &file]).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file of `steps` domestic steps of Finland on consecutive days, one row each.
fn domestic_steps(steps: usize) -> String {
    let mut text = String::from("treaty,state,act,date,note,cite_title,cite_url\n");
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    for i in 0..steps {
        let day = start + chrono::Days::new(i as u64);
        text.push_str(&format!(
            "ottawa,FI,domestic-step,{day},step {i},Gazette,https://example.org/{i}\n"
        ));
    }
    text
}

/// The sizes of every file of a ledger but its lock and journal, by path.
fn file_sizes(ledger: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for sub in ["entries", "merkle", ""] {
        let Ok(listing) = std::fs::read_dir(ledger.join(sub)) else {
            continue;
        };
        for item in listing {
            let item = item.unwrap();
            let meta = item.metadata().unwrap();
            let name = item.file_name().to_string_lossy().to_string();
            if meta.is_file() && name != "lock" && name != "journal" {
                out.push((format!("{sub}/{name}"), meta.len()));
            }
        }
    }
    out.sort();
    out
}

/// An import long enough to be streamed into the files is recorded whole, read back and
/// verified; a second one that fails at its last fact leaves every file as it was.
#[test]
fn a_streamed_import_is_recorded_whole_or_not_at_all() {
    let s = ottawa_sandbox();
    let before = s.count();
    let file = s.write("steps.csv", &domestic_steps(5000));
    let summary = s.json(&["import", &file]);
    assert_eq!(summary["facts_recorded"], 5000);
    assert_eq!(summary["entries"].as_array().unwrap().len(), 5000);
    assert_eq!(s.count(), before + 5000);
    let last = &summary["entries"][4999];
    let shown = s.json(&["show", &last["entry"].to_string()]);
    assert_eq!(shown["hash"], last["hash"]);
    s.run(&["verify"]);
    let again = s.run(&["import", &file]);
    assert!(again.contains("nothing new, 5,000 facts are"), "{again}");

    let other = Sandbox::new();
    other.register_ottawa();
    let count = other.count();
    settle(&other.ledger());
    let sizes = file_sizes(&other.ledger());
    assert!(!sizes.is_empty());
    let mut text = domestic_steps(5000);
    text.push_str("ottawa,FI,withdrawal,2001-01-01,,Notice,https://example.org/w\n");
    let file = other.write("steps.csv", &text);
    let refused = other.fails(&["import", &file], 1);
    assert!(
        refused.contains("steps.csv:5002: FI: no instrument in effect"),
        "{refused}"
    );
    assert!(refused.contains("nothing was written"), "{refused}");
    assert_eq!(other.count(), count);
    assert_eq!(file_sizes(&other.ledger()), sizes);
    other.run(&["verify"]);
}

/// Steps `from..to` of [`domestic_steps`] as JSON Lines, each with both the citation of its
/// row there and a second one.
fn domestic_step_lines(from: usize, to: usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let mut text = String::new();
    for i in from..to {
        let day = start + chrono::Days::new(i as u64);
        let line = serde_json::json!({
            "treaty": "ottawa", "state": "FI", "act": "domestic-step", "date": day.to_string(),
            "note": format!("step {i}"),
            "citations": [
                {"title": "Gazette", "url": format!("https://example.org/{i}")},
                {"title": "Yle", "url": format!("https://yle.fi/{i}"), "kind": "news-report"},
            ],
        });
        text.push_str(&format!("{line}\n"));
    }
    text
}

/// The entries a streamed import writes are byte for byte those the same facts get when
/// recorded whole by smaller imports: a CSV file of 5,000 facts, each fact's second citation
/// on a row of its own at the end, gives the hashes two JSON Lines files of 2,500 give.
#[test]
fn a_streamed_import_writes_the_entries_a_whole_one_does() {
    let streamed = ottawa_sandbox();
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let row = |i: u64, title: &str, url: &str, kind: &str| {
        let day = start + chrono::Days::new(i);
        format!("ottawa,FI,domestic-step,{day},step {i},{title},{url}/{i},{kind}\n")
    };
    let mut text = String::from("treaty,state,act,date,note,cite_title,cite_url,cite_kind\n");
    for i in 0..5000 {
        text.push_str(&row(i, "Gazette", "https://example.org", ""));
    }
    for i in (0..5000).rev() {
        text.push_str(&row(i, "Yle", "https://yle.fi", "news-report"));
    }
    let file = streamed.write("steps.csv", &text);
    let summary = streamed.json(&["import", &file]);
    assert_eq!(summary["citations_recorded"], 10_000);
    let hashes = |summary: &serde_json::Value| -> Vec<String> {
        let entries = summary["entries"].as_array().unwrap();
        entries.iter().map(|e| e["hash"].to_string()).collect()
    };
    let streamed_hashes = hashes(&summary);

    let whole = ottawa_sandbox();
    let mut whole_hashes = Vec::new();
    for (from, to) in [(0, 2500), (2500, 5000)] {
        let file = whole.write("steps.jsonl", &domestic_step_lines(from, to));
        whole_hashes.extend(hashes(&whole.json(&["import", &file])));
    }
    assert_eq!(streamed_hashes.len(), 5000);
    assert_eq!(streamed_hashes, whole_hashes);
}
