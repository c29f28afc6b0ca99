//! Writers for what the CLI prints: classified articles as an aligned table,
//! JSON, JSON lines or CSV; metrics as text or JSON; explanations and the
//! model card; suggestions to label as CSV; HTML reports; progress of the
//! long steps.

pub(crate) mod articles;
pub(crate) mod explain;
pub(crate) mod html;
pub(crate) mod metrics;
pub(crate) mod suggestions;
