//! `stance` command line: parse arguments, run a subcommand, print errors on
//! one line. Exit codes: 0 success, 2 bad input or usage, 1 internal failure.

// Nothing in a binary is reachable from outside: its items are `pub(crate)`.
#![warn(unreachable_pub)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};
use cli::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Train(a) => commands::train_cmd(a),
        Command::Classify(a) => commands::classify_cmd(a),
        Command::Evaluate(a) => commands::evaluate_cmd(a),
        Command::Cv(a) => commands::cv_cmd(a),
        Command::Explain(a) => commands::explain_cmd(a),
        Command::Inspect(a) => commands::inspect_cmd(a),
        Command::Suggest(a) => commands::suggest_cmd(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit_for(&e),
    }
}

/// Print an error chain on one line and choose the exit code.
fn exit_for(e: &anyhow::Error) -> ExitCode {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS; // `stance classify ... | head` is fine
        }
    }
    let message = e
        .chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
        .replace('\n', " ");
    eprintln!("stance: error: {message}");
    match e.downcast_ref::<stance::Error>() {
        Some(err) if !err.is_input_error() => ExitCode::from(1),
        Some(_) => ExitCode::from(2),
        None => ExitCode::from(1),
    }
}
