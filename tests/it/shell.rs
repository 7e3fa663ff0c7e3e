//! `pacta completions` and `pacta man`: bash loads the completions and they complete commands
//! and flags; every shell's script and the manual pages are generated from the definitions.

use crate::common::*;
use std::process::Command;

/// Runs `script` in a bash without start-up files, with `pacta` on PATH.
fn bash(script: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("pacta");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .env("PATH", path)
        .output()
        .expect("bash runs")
}

#[test]
fn bash_loads_the_completions_and_completes_commands_and_flags() {
    let out = bash(
        r#"set -e
source <(pacta completions bash)
complete -p pacta
COMP_WORDS=(pacta rep); COMP_CWORD=1
_pacta pacta rep pacta
echo "commands: ${COMPREPLY[*]}"
COMP_WORDS=(pacta report ottawa --o); COMP_CWORD=3
_pacta pacta --o ottawa
echo "flags: ${COMPREPLY[*]}"
COMP_WORDS=(pacta completions ''); COMP_CWORD=2
_pacta pacta '' completions
echo "shells: ${COMPREPLY[*]}""#,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("-F _pacta"), "{stdout}");
    assert!(stdout.contains("commands: report\n"), "{stdout}");
    assert!(stdout.contains("flags: --out\n"), "{stdout}");
    assert!(
        stdout.contains("bash elvish fish powershell zsh\n"),
        "{stdout}"
    );
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let s = Sandbox::bare();
    for (shell, opening) in [
        ("bash", "_pacta()"),
        ("zsh", "#compdef pacta"),
        ("fish", "complete -c pacta"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[pacta]"),
    ] {
        let script = s.run(&["completions", shell]);
        assert!(script.contains(opening), "{shell}: {opening}");
        for sub in ["report", "verify-proof", "completions", "man"] {
            assert!(script.contains(sub), "{shell}: {sub}");
        }
    }
    s.fails(&["completions", "tcsh"], 2);
}

#[test]
fn the_manual_page_documents_commands_environment_and_exit_codes() {
    let s = Sandbox::bare();
    let page = s.run(&["man"]);
    assert!(page.contains(".TH pacta 1"), "{page}");
    for part in [
        ".SH SYNOPSIS",
        ".SH SUBCOMMANDS",
        "pacta\\-report(1)",
        ".SH ENVIRONMENT",
        "PACTA_LEDGER",
        ".SH \"EXIT STATUS\"",
        ".SH VERSION",
    ] {
        assert!(page.contains(part), "{part}");
    }
    s.run(&["man", "--dir", "man"]);
    for name in [
        "pacta.1",
        "pacta-report.1",
        "pacta-treaty-add.1",
        "pacta-key-generate.1",
    ] {
        let text = std::fs::read_to_string(s.path("man").join(name)).unwrap();
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name}");
    }
}
