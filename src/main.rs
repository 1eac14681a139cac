//! The `verbatim` command: parse arguments, run, turn the outcome into an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = verbatim::cli::Args::parse();
    verbatim::cli::main(args)
}
