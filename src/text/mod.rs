//! Text stages: article -> sentences -> tokens -> stems.

pub(crate) mod sentences;
pub(crate) mod stem;
pub(crate) mod tokens;
