//! The web app's screens, built with Leptos. Components read the engine and
//! send it actions; they never reimplement what the engine decides.

mod app;
mod lessons_view;
mod sandbox_view;

pub use app::{App, Mode};
