//! The exchange inspector: the selected request's raw HTTP request and
//! response (Cookie and Set-Cookie in full), which server handled it and
//! why, and what the session store did.

use leptos::prelude::*;

use super::lab::Lab;
use super::panel_frame::PanelFrame;
use crate::sim::EventKind;

/// The exchange inspector.
#[component]
pub fn ExchangeInspector() -> impl IntoView {
    let lab = Lab::get();
    // A memo: the clock moving (Step) leaves the request's text as it was,
    // and then nothing is redrawn.
    let detail = Memo::new(move |_| {
        let id = lab.selected_request.get()?;
        lab.world.with(|w| {
            let x = w.exchange(id)?;
            let mut request = vec![x.request_line()];
            request.extend(x.request_headers.iter().map(|h| format!("{}: {}", h.name, h.value)));
            if let Some(body) = x.route.body() {
                request.push(String::new());
                request.push(body);
            }
            let mut response = Vec::new();
            if let Some(s) = x.status_line() {
                response.push(s);
                response.extend(x.response_headers.iter().map(|h| format!("{}: {}", h.name, h.value)));
            } else {
                response.push("(no response yet)".to_string());
            }
            let story: Vec<String> = w
                .events()
                .iter()
                .filter(|e| e.request == Some(id))
                .filter(|e| {
                    matches!(
                        e.kind,
                        EventKind::Routed { .. }
                            | EventKind::NoServerUp
                            | EventKind::StoreRead { .. }
                            | EventKind::StoreWrite { .. }
                            | EventKind::StoreUnavailable { .. }
                            | EventKind::SessionCreated { .. }
                            | EventKind::SessionRotated { .. }
                            | EventKind::SessionExpired { .. }
                            | EventKind::SessionDestroyed { .. }
                            | EventKind::SessionLost { .. }
                            | EventKind::UpdateOverwritten { .. }
                            | EventKind::DestroyedSessionWrittenBack { .. }
                            | EventKind::StaleRead { .. }
                            | EventKind::CookieRefused { .. }
                            | EventKind::CookieWithheld { .. }
                    )
                })
                .map(|e| e.describe())
                .collect();
            Some((id, x.https, request.join("\n"), response.join("\n"), story))
        })
    });
    view! {
        <PanelFrame class="exchange" id="exchange" title="Request inspector">
            {move || match detail.get() {
                None => view! { <p class="muted">"No request yet. Use the browser, then pick a request here or in the log."</p> }.into_any(),
                Some((id, https, request, response, story)) => {
                    view! {
                        <p>
                            {format!(
                                "Request #{} over {}",
                                id.0,
                                if https { "https" } else { "plain http: anyone on the network can read it" },
                            )}
                        </p>
                        <h4>"Request"</h4>
                        <pre class="raw" tabindex="0">{request}</pre>
                        <h4>"Response"</h4>
                        <pre class="raw" tabindex="0">{response}</pre>
                        <h4>"What happened"</h4>
                        <ul class="story">{story.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    }
                        .into_any()
                }
            }}
        </PanelFrame>
    }
}
