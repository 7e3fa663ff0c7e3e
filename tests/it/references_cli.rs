//! Entries named on the command line: fewer than 8 digits alone are an entry number, 8 or more
//! a number or a hash prefix, hex with a letter a hash prefix, and `n:` and `h:` say which, on a
//! ledger long enough to hold hashes that start with digits. (Digits that are both, which need
//! ten million entries, are refused: `ledger::tests` checks that choice and its message.)

use crate::common::*;

/// A ledger of Ottawa and `n` domestic steps of Finland, each with its own note; the hash of
/// every entry, by number (index 0 is entry 1).
fn long_ledger(s: &Sandbox, n: usize) -> Vec<String> {
    s.register_ottawa();
    let mut csv = String::from("treaty,state,act,date,cite_title,cite_ref,note\n");
    for i in 0..n {
        csv.push_str(&format!(
            "ottawa,FI,domestic-step,2011-01-01,Parliament of Finland,record {i},step {i}\n"
        ));
    }
    let file = s.write("steps.csv", &csv);
    s.run(&["import", &file]);
    s.json(&["log"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["hash"].as_str().unwrap().to_string())
        .collect()
}

/// The entry `show REFERENCE` names.
fn shown(s: &Sandbox, reference: &str) -> u64 {
    s.json(&["show", reference])["seq"].as_u64().unwrap()
}

#[test]
fn short_digits_are_a_number_long_ones_a_number_or_a_hash_and_prefixes_say_which() {
    let s = Sandbox::new();
    let hashes = long_ledger(&s, 1500);
    let count = hashes.len() as u64;
    // The entries whose hash starts with these digits.
    let starting = |digits: &str| -> Vec<u64> {
        (1..=count)
            .filter(|&seq| hashes[seq as usize - 1].starts_with(digits))
            .collect()
    };
    let all_digits = |text: &str| text.bytes().all(|b| b.is_ascii_digit());
    // Four digits that number an entry and start only another entry's hash: the number,
    // unless h: says the hash.
    let (short, other) = hashes
        .iter()
        .map(|h| h[..4].to_string())
        .filter(|p| all_digits(p))
        .find_map(|p| {
            let number: u64 = p.parse().unwrap();
            match starting(&p).as_slice() {
                [one] if (1..=count).contains(&number) && *one != number => Some((p, *one)),
                _ => None,
            }
        })
        .expect("four digits that are an entry's number and another's hash prefix");
    let number: u64 = short.parse().unwrap();
    assert_eq!(shown(&s, &short), number);
    assert_eq!(shown(&s, &format!("n:{short}")), number);
    assert_eq!(shown(&s, &format!("h:{short}")), other);
    // Eight digits or more: no entry has that number, so they are the hash they start.
    let long = hashes
        .iter()
        .map(|h| h[..8].to_string())
        .find(|p| all_digits(p) && starting(p).len() == 1)
        .expect("a hash starting with eight digits");
    assert_eq!(shown(&s, &long), starting(&long)[0]);
    // Hex with a letter is a hash prefix, in either case.
    let lettered = hashes.iter().position(|h| !all_digits(&h[..6])).unwrap();
    let prefix = &hashes[lettered][..6];
    assert_eq!(shown(&s, prefix), lettered as u64 + 1);
    assert_eq!(shown(&s, &prefix.to_uppercase()), lettered as u64 + 1);
    // A number beyond the ledger: no entry, and the hint for a hash of short digits.
    let beyond = (count + 1).to_string();
    let none = s.fails(&["show", &beyond], 1);
    assert!(
        none.contains(&format!("there is no entry {beyond}")) && none.contains("h:DIGITS"),
        "{none}"
    );
    // What is neither, in every form; a command that writes refuses it and writes nothing.
    for bad in ["n:12a", "h:12", "h:xyz1", "+1234", "n:", "12 "] {
        let error = s.fails(&["show", bad], 1);
        assert!(error.contains("n:N names entry N"), "{bad}: {error}");
    }
    let before = s.count();
    let retract: Vec<&str> = "retract h:12 --reason r --cite-title t --cite-ref r"
        .split(' ')
        .collect();
    let refused = s.fails(&retract, 1);
    assert!(refused.contains("n:N names entry N"), "{refused}");
    assert_eq!(s.count(), before);
}
