//! Parties named as people write them, run as a user would: UN names, common names, ISO 3166-3
//! codes, the European Union and Kosovo, a typo answered with the name meant, and an import that
//! names its states.

use crate::common::*;

/// Records one act under the Ottawa Convention for the party typed; returns stdout.
fn record(s: &Sandbox, act: &str, party: &str, date: &str) -> String {
    s.run(&[
        "record",
        act,
        "--treaty",
        "ottawa",
        "--state",
        party,
        "--date",
        date,
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ])
}

#[test]
fn a_state_is_typed_by_its_name_and_shown_by_the_uns() {
    let s = Sandbox::new();
    s.register_ottawa();
    record(&s, "accession", "Finland", "2012-01-09");
    record(&s, "ratification", "viet nam", "2005-01-01");
    let history = s.run(&["history", "ottawa", "Finland"]);
    assert!(history.contains("2012-01-09"), "{history}");
    let vn = s.json(&["state", "Viet Nam"]);
    assert_eq!(vn["state"], "VN");
    assert_eq!(vn["name"], "Viet Nam");
    assert_eq!(s.json(&["state", "VIETNAM"])["state"], "VN");
    let table = s.run(&["state", "Vietnam"]);
    assert!(table.contains("Viet Nam (VN)"), "{table}");
    let log = s.json(&["log", "--state", "Finland"]);
    assert_eq!(log.as_array().unwrap().len(), 1, "{log}");
}

#[test]
fn a_renamed_state_is_typed_by_its_old_name_and_shown_by_its_new_one() {
    let s = Sandbox::new();
    s.register_ottawa();
    record(&s, "ratification", "Swaziland", "1998-12-22");
    let sz = s.json(&["state", "Eswatini"]);
    assert_eq!(
        (&sz["state"], &sz["name"]),
        (&"SZ".into(), &"Eswatini".into())
    );
    let status = s.run(&["status", "ottawa", "--at", "2000-01-01"]);
    assert!(
        status.contains("Eswatini") && !status.contains("Swaziland"),
        "{status}"
    );
    let csv = s.run(&["status", "ottawa", "--at", "2000-01-01", "--format", "csv"]);
    assert!(csv.contains("\nSZ,Eswatini,joined,"), "{csv}");
}

#[test]
fn the_eu_kosovo_and_former_states_are_parties() {
    let s = Sandbox::new();
    s.register_ottawa();
    record(&s, "signature", "european union", "1998-01-01");
    record(&s, "accession", "Kosovo", "2010-01-01");
    record(&s, "signature", "DDDE", "1997-12-03");
    let eu = s.json(&["state", "EU"]);
    assert_eq!(eu["name"], "European Union");
    assert_eq!(s.json(&["state", "Kosovo"])["state"], "XK");
    // An ISO 3166-3 code is stored as pacta has always stored that state: `DD`.
    let gdr = s.json(&["state", "East Germany"]);
    assert_eq!(gdr["state"], "DD");
    assert_eq!(gdr["name"], "German Democratic Republic");
    assert_eq!(
        s.json(&["log", "--state", "DD"]).as_array().unwrap().len(),
        1
    );
    s.run(&["verify"]);
}

#[test]
fn a_party_the_table_lacks_is_declared_under_a_user_assigned_code() {
    let s = Sandbox::new();
    s.register_ottawa();
    let table = s.write(
        "parties.csv",
        "code,un_name,aliases\nXA,Atlantis,Atlantida\n",
    );
    let declared = |args: &[&str]| {
        let out = s.cmd(args).env("PACTA_PARTIES", &table).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    declared(&[
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "atlantida",
        "--date",
        "2011-01-01",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
    assert!(declared(&["state", "Atlantis"]).contains("Atlantis (XA)"));
    // Without the file the ledger still reads and verifies; only the name is missing.
    s.run(&["verify"]);
    let log = s.run(&["log"]);
    assert!(log.contains("ottawa XA accession"), "{log}");
    assert!(s.fails(&["state", "Atlantis"], 1).contains("'Atlantis'"));
    let clash = s.write("clash.csv", "code,un_name\nFR,Francia\n");
    let out = s
        .cmd(&["log"])
        .env("PACTA_PARTIES", &clash)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'FR' is not a user-assigned code"));
    // An endless table is refused at its limit, not read for ever.
    let out = s
        .cmd(&["log"])
        .env("PACTA_PARTIES", "/dev/zero")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 1 MiB"));
}

#[test]
fn a_mistyped_name_is_answered_with_the_names_meant() {
    let s = Sandbox::new();
    s.register_ottawa();
    let before = s.count();
    let typo = s.fails(
        &[
            "record",
            "accession",
            "--treaty",
            "ottawa",
            "--state",
            "Finlnd",
            "--date",
            "2012-01-09",
            "--cite-title",
            "UN",
            "--cite-url",
            "https://example.org/un",
        ],
        1,
    );
    assert!(typo.contains("'Finlnd'"), "{typo}");
    assert!(typo.contains("did you mean 'Finland'"), "{typo}");
    assert_eq!(s.count(), before, "nothing was written");
    let far = s.fails(&["state", "Narnia"], 1);
    assert!(far.contains("data/names.csv"), "{far}");
}

#[test]
fn an_import_names_its_states_as_a_status_page_does() {
    let s = Sandbox::new();
    s.register_ottawa();
    let file = s.write(
        "names.csv",
        "treaty,state,act,date,cite_title,cite_url\n\
         ottawa,Viet Nam,accession,2005-01-01,UN,https://example.org/un\n\
         ottawa,Türkiye,accession,2003-09-25,UN,https://example.org/un\n\
         ottawa,European Union,signature,1998-01-01,UN,https://example.org/un\n\
         ottawa,Bolivia (Plurinational State of),ratification,1998-06-09,UN,https://example.org/un\n",
    );
    s.run(&["import", &file]);
    for (typed, code) in [
        ("Vietnam", "VN"),
        ("Turkey", "TR"),
        ("EU", "EU"),
        ("Bolivia", "BO"),
    ] {
        let log = s.json(&["log", "--state", typed]);
        assert_eq!(log.as_array().unwrap().len(), 1, "{code}: {log}");
    }
}
