//! The metrics strip: sessions alive, created, lost by cause and expired;
//! store operations; latency percentiles; and store size over time.

use leptos::prelude::*;

use super::lab::Lab;
use super::panel_frame::PanelFrame;
use crate::sim::words::decimal;

/// The metrics strip.
#[component]
pub fn MetricsStrip() -> impl IntoView {
    view! {
        <PanelFrame class="metrics" id="metrics" title="Metrics">
            <MetricFigures />
            <StoreSizeChart />
        </PanelFrame>
    }
}

/// The figures: sessions alive, created, lost (by cause), expired, lost
/// updates, requests, latency and store operations.
#[component]
fn MetricFigures() -> impl IntoView {
    let lab = Lab::get();
    let figures = move || {
        lab.world.with(|w| {
            let m = w.metrics();
            let ops = m.ops(w.config().store);
            (
                w.sessions_alive(),
                m.sessions_created,
                m.lost_total(),
                m.lost_by_cause.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", "),
                m.expired,
                m.lost_updates,
                ops.in_words(w.config().store),
                m.latency_percentiles([50, 99]).map_or(["–".into(), "–".into()], |ts| ts.map(|t| t.as_latency())),
                m.requests,
                m.failed_requests,
            )
        })
    };
    move || {
        let (alive, created, lost, causes, expired, lost_updates, ops, [p50, p99], requests, failed) = figures();
        let causes = if causes.is_empty() { String::new() } else { format!(" ({causes})") };
        let rows = [
            ("Sessions alive", alive.to_string()),
            ("Created", created.to_string()),
            ("Lost", format!("{lost}{causes}")),
            ("Expired", expired.to_string()),
            ("Lost updates", lost_updates.to_string()),
            ("Requests", format!("{requests} ({failed} failed)")),
            ("Latency p50 / p99", format!("{p50} / {p99}")),
            ("Store operations", ops),
        ];
        view! {
            <dl class="figures">
                {rows.map(|(name, value)| view! { <div><dt>{name}</dt><dd>{value}</dd></div> })}
            </dl>
        }
    }
}

/// The store's size over time as a line chart, once there are two points.
#[component]
fn StoreSizeChart() -> impl IntoView {
    let lab = Lab::get();
    let chart = move || {
        lab.world.with(|w| {
            let pts = &w.metrics().store_size;
            if pts.len() < 2 {
                return None;
            }
            let t0 = pts[0].0 .0 as f64;
            let t1 = pts[pts.len() - 1].0 .0 as f64;
            let max = pts.iter().map(|p| p.1).max().unwrap_or(1).max(1) as f64;
            let span = (t1 - t0).max(1.0);
            let line = pts
                .iter()
                .map(|(t, n)| {
                    format!(
                        "{},{}",
                        decimal((t.0 as f64 - t0) / span * 200.0, 1),
                        decimal(40.0 - f64::from(*n) / max * 36.0, 1)
                    )
                })
                .collect::<Vec<_>>()
                .join(" ");
            Some((line, max as u32))
        })
    };
    move || {
        chart().map(|(line, max)| {
            view! {
                <figure class="size-chart">
                    <svg viewBox="0 0 200 40" role="img" aria-label=format!("Store size over time, up to {max} sessions")>
                        <polyline points=line fill="none" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                    <figcaption>{format!("Store size over time (max {max})")}</figcaption>
                </figure>
            }
        })
    }
}
