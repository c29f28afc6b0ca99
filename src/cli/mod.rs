//! The binary's edge: argument definitions and one runner per subcommand.

pub mod args;
pub mod commands;
pub mod progress;
