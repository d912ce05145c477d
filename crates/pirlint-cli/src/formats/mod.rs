//! Machine- and CI-oriented renderings of a check's outcome, one module per
//! format. Each returns the whole output as a string; the order is the
//! outcome's (files sorted, findings sorted), so output is deterministic.

pub mod github;
pub mod gitlab;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod short;
