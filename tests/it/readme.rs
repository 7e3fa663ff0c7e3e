//! The README's tour, run as written: every `console` block of README.md is a list of `$ `
//! commands, each followed by its output. They run in order, in one scratch directory holding a
//! copy of `data/`, through bash with the real `pacta` first on PATH, and each output must match
//! (a line `...` stands for any number of lines). A command whose shown output has an `Error:`
//! line must fail; every other must succeed. So the README cannot fall behind the program.
//!
//! `PACTA_README_BLESS=1 cargo test --release readme` writes the outputs the commands give now
//! into README.md, keeping each shown output that still matches (so its `...` elisions).

use std::path::Path;
use std::process::Command;

/// One `$ ` command (with its continuation lines) and the output shown after it.
#[derive(Debug)]
struct Step {
    command: String,
    shown: Vec<String>,
}

/// A fenced block of README.md: where it is, and its steps.
struct Block {
    /// Lines of README.md inside the fence (exclusive).
    lines: std::ops::Range<usize>,
    steps: Vec<Step>,
}

fn blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let end = (start..lines.len())
            .find(|&j| lines[j].trim_end() == "```")
            .expect("an unclosed console block in README.md");
        blocks.push(Block {
            lines: start..end,
            steps: steps(&lines[start..end]),
        });
        i = end + 1;
    }
    blocks
}

/// Splits a block into commands and outputs. A command goes on past a line ending in `\` and,
/// when it opens a here-document (`<<'EOF'`), up to the line that closes it.
fn steps(lines: &[&str]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = lines[i].strip_prefix("$ ") else {
            let step = steps
                .last_mut()
                .unwrap_or_else(|| panic!("output before any command: {}", lines[i]));
            step.shown.push(lines[i].to_string());
            i += 1;
            continue;
        };
        let mut command = first.to_string();
        let mut closing = heredoc(first);
        while command.ends_with('\\') || closing.is_some() {
            i += 1;
            let line = lines.get(i).expect("a command runs past its block");
            command.push('\n');
            command.push_str(line);
            if closing.as_deref() == Some(line.trim_end()) {
                closing = None;
            } else if closing.is_none() {
                closing = heredoc(line);
            }
        }
        steps.push(Step {
            command,
            shown: Vec::new(),
        });
        i += 1;
    }
    steps
}

/// The word that closes a here-document opened on this line, if one is.
fn heredoc(line: &str) -> Option<String> {
    let after = line.split("<<").nth(1)?;
    let word = after
        .trim()
        .trim_start_matches('-')
        .split_whitespace()
        .next()?;
    Some(word.trim_matches(|c| c == '\'' || c == '"').to_string())
}

/// Whether the output matches what is shown, `...` standing for any lines.
fn matches(shown: &[String], actual: &[&str]) -> bool {
    match shown.split_first() {
        None => actual.is_empty(),
        Some((line, rest)) if line.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((line, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == line.trim_end() && matches(rest, more)),
    }
}

/// A scratch directory with the data a fresh clone has.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data/ottawa");
    std::fs::create_dir_all(&data).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("data/ottawa/facts.csv"), data.join("facts.csv")).unwrap();
    dir
}

/// Runs one command after the `export` and `cd` commands before it, as a reader's shell would
/// have them; returns its exit status and its output, standard error merged in order.
fn run(dir: &Path, prelude: &[String], command: &str) -> (bool, String) {
    let pacta = assert_cmd::cargo::cargo_bin("pacta");
    let path = format!(
        "{}:/usr/local/bin:/usr/bin:/bin",
        pacta.parent().unwrap().display()
    );
    let script = format!("exec 2>&1\n{}\n{command}", prelude.join("\n"));
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .env("LANG", "C.UTF-8")
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn the_readme_tour_runs_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let blocks = blocks(&readme);
    assert!(blocks.len() >= 2, "README.md has no tour");
    let dir = scratch();
    let bless = std::env::var_os("PACTA_README_BLESS").is_some();
    let mut prelude: Vec<String> = Vec::new();
    let mut failures = Vec::new();
    let mut blessed: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    for block in &blocks {
        let mut text = Vec::new();
        for step in &block.steps {
            let (ok, output) = run(dir.path(), &prelude, &step.command);
            let actual: Vec<&str> = output.lines().collect();
            let fails = step.shown.iter().any(|l| l.starts_with("Error:"));
            if ok == fails {
                failures.push(format!(
                    "$ {}\nexited {} but the README shows {}:\n{output}",
                    step.command,
                    if ok { "0" } else { "non-zero" },
                    if fails { "an error" } else { "success" }
                ));
            } else if !matches(&step.shown, &actual) {
                failures.push(format!(
                    "$ {}\nthe README shows:\n{}\nit printed:\n{output}",
                    step.command,
                    step.shown.join("\n")
                ));
            }
            text.push(format!("$ {}", step.command));
            if matches(&step.shown, &actual) {
                text.extend(step.shown.iter().cloned());
            } else {
                text.extend(actual.iter().map(|l| l.trim_end().to_string()));
            }
            let first = step.command.split_whitespace().next().unwrap_or("");
            if first == "export" || first == "cd" {
                prelude.push(step.command.clone());
            }
        }
        blessed.push((block.lines.clone(), text));
    }
    if bless {
        let lines: Vec<&str> = readme.lines().collect();
        let mut out: Vec<String> = Vec::new();
        let mut at = 0;
        for (range, text) in blessed {
            out.extend(lines[at..range.start].iter().map(|l| l.to_string()));
            out.extend(text);
            at = range.end;
        }
        out.extend(lines[at..].iter().map(|l| l.to_string()));
        std::fs::write(root.join("README.md"), out.join("\n") + "\n").unwrap();
        return;
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_tour_reader_sees_commands_continuations_heredocs_and_elisions() {
    let block = [
        "$ echo one \\",
        "  two",
        "one two",
        "$ cat > f <<'EOF'",
        "a $ b",
        "EOF",
        "$ pacta",
        "...",
        "last",
    ];
    let s = steps(&block);
    assert_eq!(s.len(), 3, "{s:?}");
    assert_eq!(s[0].command, "echo one \\\n  two");
    assert_eq!(s[0].shown, vec!["one two"]);
    assert_eq!(s[1].command, "cat > f <<'EOF'\na $ b\nEOF");
    assert!(s[1].shown.is_empty());
    let shown: Vec<String> = s[2].shown.clone();
    assert!(matches(&shown, &["x", "y", "last"]));
    assert!(matches(&shown, &["last"]));
    assert!(!matches(&shown, &["last", "more"]));
    assert!(!matches(&["a".to_string()], &["b"]));
}
