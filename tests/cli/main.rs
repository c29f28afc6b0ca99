//! Every integration test in one test binary, which links the crate and its
//! dependencies once: a module per file of tests/cli/, and `common` for the
//! helpers they share. One module alone:
//! `cargo test --release --test cli MODULE::`.

mod common;

mod articles;
mod cli_bad_input;
mod cli_classify;
mod cli_evaluate;
mod cli_explain;
mod cli_hostile_input;
mod cli_html_input;
mod cli_logs;
mod cli_page_chrome;
mod cli_records;
mod cli_refusals;
mod cli_suggest;
mod cli_train;
mod corpus;
mod default_model;
mod fuzz;
mod html_report;
mod informal_text;
mod public_benchmarks;
mod sparse_fit;
