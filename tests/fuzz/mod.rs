//! The fuzzer's parts: the valid documents it starts from, and the
//! generator that breaks them (and makes random text of its own).

pub mod documents;
pub mod mutate;
