//! The playground's panels in their layout, shared by the sandbox (every
//! panel, plus sharing) and a lesson (the panels it needs). The browser, the
//! diagram, the clock and the event log are always there.

use leptos::prelude::*;

use super::browser_panel::BrowserPanel;
use super::event_log::EventLog;
use super::exchange_inspector::ExchangeInspector;
use super::job_progress::JobProgress;
use super::load_panel::LoadPanel;
use super::metrics_strip::MetricsStrip;
use super::notices::Notices;
use super::picture::PictureView;
use super::security_panel::SecurityPanel;
use super::servers_panel::ServersPanel;
use super::settings_panel::SettingsPanel;
use super::share_panel::SharePanel;
use super::store_inspector::StoreInspector;
use super::time_controls::TimeControls;
use crate::lessons::shown::ShownButtons;
use crate::lessons::Panel;

/// The panels of the lab in context.
#[component]
pub fn Playground(
    /// The optional panels to show; empty shows them all.
    panels: Vec<Panel>,
    /// Whether to show the share panel (link, export, import).
    #[prop(optional)]
    share: bool,
    /// The buttons a lesson shows (`None`: every button, as in the sandbox).
    #[prop(optional)]
    buttons: Option<ShownButtons>,
) -> impl IntoView {
    if let Some(buttons) = buttons {
        provide_context(buttons);
    }
    let shows = move |p: Panel| panels.is_empty() || panels.contains(&p);
    view! {
        <Notices />
        <JobProgress />
        <TimeControls />
        <PictureView />
        <div class="pg-grid">
            <BrowserPanel />
            <div class="pg-center">
                {shows(Panel::Servers).then(|| view! { <ServersPanel /> })}
            </div>
            {shows(Panel::Settings).then(|| view! { <SettingsPanel /> })}
        </div>
        {shows(Panel::Metrics).then(|| view! { <MetricsStrip /> })}
        <div class="pg-pair">
            <EventLog />
            {shows(Panel::Inspector).then(|| view! { <ExchangeInspector /> })}
        </div>
        {shows(Panel::Store).then(|| view! { <StoreInspector /> })}
        {shows(Panel::Security).then(|| view! { <SecurityPanel /> })}
        <div class="pg-pair">
            {shows(Panel::Load).then(|| view! { <LoadPanel /> })}
            {share.then(|| view! { <SharePanel /> })}
        </div>
    }
}
