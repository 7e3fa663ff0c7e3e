//! The `pacta` command: parse, run, map the outcome to an exit code.

#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
