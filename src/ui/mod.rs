//! The web app's screens, built with Leptos. Components read the engine and
//! send it actions; they never reimplement what the engine decides.

mod app;
mod browser_panel;
mod choice;
pub mod chunks;
mod confirm;
mod event_log;
mod exchange_inspector;
mod fold;
mod job_progress;
pub mod lab;
mod lesson_page;
mod lesson_steps;
mod lessons_view;
mod load_panel;
mod metrics_strip;
mod middleware_settings;
mod notices;
mod panel_frame;
mod picture;
mod playground;
mod reveal;
pub mod route;
pub mod sandbox;
pub mod sandbox_setups;
mod security_panel;
mod servers_panel;
mod settings_panel;
mod share_panel;
mod show_me;
mod step_controls;
mod store_inspector;
mod table_button;
mod time_controls;

pub use crate::persist::Mode;
pub use app::App;
