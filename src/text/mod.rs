//! Text stages: article -> sentences -> tokens -> stems.

pub mod sentences;
pub mod stem;
pub mod tokens;
