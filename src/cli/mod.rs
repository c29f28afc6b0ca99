//! The binary's edge: argument definitions and one runner per subcommand.

pub(crate) mod args;
pub(crate) mod commands;
pub(crate) mod progress;
