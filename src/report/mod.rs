//! Writers for what the CLI prints: classified articles as an aligned table,
//! JSON, JSON lines or CSV; metrics as text or JSON; suggestions to label as CSV.

pub mod articles;
pub mod metrics;
pub mod suggestions;
