//! Load runs: the report, and customers who keep their sessions on every store.

use session_lab::sim::*;

use crate::common::world::*;

#[test]
fn a_load_run_reports_requests_and_latency() {
    let mut w = World::new(config(2, StoreKind::Database), 24).unwrap();
    w.run(Action::RunLoad { users: 50, minutes: 10 }).unwrap();
    let r = w.last_load().expect("a report");
    assert_eq!((r.users, r.minutes, r.store), (50, 10, StoreKind::Database));
    assert!(r.requests > 0 && r.sessions_created > 0);
    assert!(r.p50 <= r.p99 && r.p50 > SimTime::ZERO);
    assert!(r.ops.reads > 0 && r.ops.writes > 0);
    assert_eq!(r.failed_requests, 0);
    assert!(r.store_size > 0);
    assert!(w.now() >= SimTime::mins(10));
    // Each visitor logs in with an account of its own (customer1...customer50):
    // the shared database holds their logged-in sessions, one user each.
    let users: Vec<User> =
        w.store_views(usize::MAX).iter().flat_map(|v| v.entries.iter()).filter_map(|rec| rec.data.user).collect();
    let distinct: std::collections::BTreeSet<User> = users.iter().copied().collect();
    assert!(distinct.len() > 10, "logged-in customers in the store: {}", distinct.len());
    assert_eq!(distinct.len(), users.len(), "one session per customer");
    assert!(distinct.iter().all(|u| matches!(u, User::Customer(1..=50))), "{distinct:?}");
    assert!(w.run(Action::RunLoad { users: 0, minutes: 10 }).is_err());
    assert!(w.run(Action::RunLoad { users: 10, minutes: 0 }).is_err());
}

#[test]
fn customers_of_a_load_run_log_in_and_keep_their_sessions_on_every_store() {
    for store in StoreKind::ALL {
        // Sticky where sessions live on one server, as an operator would set it.
        let balancing = match store {
            StoreKind::InMemory | StoreKind::File | StoreKind::CachedDatabase => Balancing::Sticky,
            _ => Balancing::RoundRobin,
        };
        let mut w = World::new(WorldConfig { servers: 3, store, balancing, ..WorldConfig::default() }, 26).unwrap();
        w.run(Action::RunLoad { users: 30, minutes: 20 }).unwrap();
        let r = w.last_load().expect("a report");
        assert_eq!(r.failed_requests, 0, "{store:?}");
        assert!(r.lost_by_cause.is_empty(), "{store:?}: {:?}", r.lost_by_cause);
        assert!(r.sessions_created >= 30, "{store:?}: {} created", r.sessions_created);
        // Logging in rotated each customer's ID: the store (or, for signed
        // cookies, the cookie) holds the logged-in session.
        if store == StoreKind::SignedCookie {
            assert_eq!(r.store_size, 0);
        } else {
            let customers: std::collections::BTreeSet<User> = w
                .store_views(usize::MAX)
                .iter()
                .filter(|v| !(v.kind == StoreKind::CachedDatabase && v.server.is_some()))
                .flat_map(|v| v.entries.iter())
                .filter_map(|rec| rec.data.user)
                .collect();
            assert!(customers.len() >= 20, "{store:?}: {} customers logged in", customers.len());
        }
    }
}

#[test]
fn a_load_run_past_the_log_cap_keeps_the_latest_events_and_counts_the_rest_exactly() {
    use session_lab::sim::world::{DROP_CHUNK, EVENT_LOG_CAP};
    // In-memory sessions behind round robin: nearly every visitor request
    // lands on a server that never saw its session, one loss each.
    let mut w = World::new(config(8, StoreKind::InMemory), 5).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let before = w.event_count();
    w.run(Action::RunLoad { users: 1000, minutes: 200 }).unwrap();
    let (kept, dropped, total) = (w.events().len(), w.events_dropped(), w.event_count());
    assert!(total > EVENT_LOG_CAP + DROP_CHUNK, "past the cap: {total} events");
    assert!((EVENT_LOG_CAP..=EVENT_LOG_CAP + DROP_CHUNK).contains(&kept), "{kept} kept");
    let summary = w.event_summary();
    assert_eq!(dropped + kept, total);
    assert_eq!(summary.events as usize, dropped);
    assert_eq!(summary.by_kind.values().sum::<u64>(), summary.events);
    // Losses: those summarised plus those kept are every loss the metrics count, cause by cause.
    let mut losses =
        summary.losses.iter().map(|(k, v)| (k.to_string(), *v)).collect::<std::collections::BTreeMap<_, _>>();
    for e in w.events() {
        if let EventKind::SessionLost { cause, .. } = e.kind {
            *losses.entry(cause.label().to_string()).or_default() += 1;
        }
    }
    assert_eq!(losses, w.metrics().lost_by_cause);
    assert!(w.metrics().lost_total() > summary.lost(), "some losses are still in the log");
    // Numbers go on: "since" a number before the cap still answers, with what is kept.
    assert_eq!(w.events_since(before).len(), kept);
    assert_eq!(w.events_since(total - 10).len(), 10);
    let back = w.rewound_to(before).unwrap();
    assert_eq!(back.event_count(), before);
    assert_eq!((back.events().len(), back.events_dropped()), (before, 0), "alice's login, nothing of the run yet");
}
