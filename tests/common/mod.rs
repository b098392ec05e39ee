//! Helpers shared by the native test files.
#![allow(dead_code)]

pub mod lesson_text;
pub mod reality;
pub mod survival_table;
pub mod world;
