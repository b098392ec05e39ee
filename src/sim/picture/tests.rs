//! The picture of worlds a learner makes: where alice's session is drawn,
//! what a restart leaves, what the shared database keeps, how many chips show.

use super::*;
use crate::sim::*;

fn world(store: StoreKind, servers: u8) -> World {
    World::new(WorldConfig { servers, store, ..WorldConfig::default() }, 11).unwrap()
}

fn log_in(w: &mut World) {
    w.browser_do(BrowserId::ALICE, BrowserAction::LogIn { user: User::Alice, password: User::Alice.password().into() })
        .unwrap();
}

/// A world of `servers` servers keeping sessions in `store`, alice logged
/// in, and its picture.
fn logged_in(store: StoreKind, servers: u8) -> (World, Picture) {
    let mut w = world(store, servers);
    log_in(&mut w);
    let p = Picture::of(&w, None);
    (w, p)
}

#[test]
fn alice_s_session_is_drawn_in_the_memory_of_the_server_that_answered() {
    let (_, p) = logged_in(StoreKind::InMemory, 2);
    let token = p.token.clone().expect("a request was made");
    let server = token.server.expect("the balancer chose a server");
    let node = p.servers.iter().find(|s| s.number == server).unwrap();
    assert!(node.answered_last);
    assert_eq!(node.memory.shown.len(), 1);
    let chip = &node.memory.shown[0];
    assert_eq!(chip.owner, Owner::Alice);
    let name = chip.name(&format!("{server}'s memory"));
    assert!(name.starts_with("alice's session "), "{name}");
    assert!(name.contains(&format!("in {server}'s memory, created 0:00")), "{name}");
    let jar = &p.browsers[0].cookies;
    assert!(jar.iter().any(|c| c.session && c.short_value == chip.short_id), "{jar:?} {chip:?}");
    assert!(token.summary().starts_with("alice's request, "), "{}", token.summary());
    assert_eq!(token.status, Some(200));
}

#[test]
fn a_restart_empties_the_memory_and_leaves_a_ghost_with_its_cause_until_the_next_action() {
    let (mut w, before) = logged_in(StoreKind::InMemory, 1);
    w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
    let after = Picture::of(&w, Some(&before));
    assert_eq!(after.servers[0].memory.total(), 0);
    assert_eq!(after.ghosts.len(), 1);
    let ghost = &after.ghosts[0];
    assert_eq!(ghost.place, "server 1's memory");
    assert_eq!(ghost.cause, LossCause::ServerRestarted { server: ServerNumber(1) });
    assert!(after.caption.as_deref().unwrap_or("").to_lowercase().contains("restart"), "{:?}", after.caption);
    w.run(Action::Advance { by: SimTime::secs(1) }).unwrap();
    let next = Picture::of(&w, Some(&after));
    assert!(next.ghosts.is_empty(), "a ghost stays only until the next action");
}

#[test]
fn with_the_shared_database_the_session_is_in_the_database_and_survives_a_restart() {
    let (mut w, before) = logged_in(StoreKind::Database, 2);
    let shared = before.shared.clone().expect("a shared database");
    assert_eq!((shared.name, shared.up, shared.chips.total()), ("database", true, 1));
    w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
    w.run(Action::RestartServer { server: ServerNumber(2) }).unwrap();
    let after = Picture::of(&w, Some(&before));
    assert_eq!(after.shared.unwrap().chips.shown[0].owner, Owner::Alice);
    assert!(after.ghosts.is_empty());
}

#[test]
fn a_cached_copy_is_marked_as_a_copy_and_a_signed_cookie_carries_the_session_itself() {
    let mut w = world(StoreKind::CachedDatabase, 1);
    log_in(&mut w);
    w.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
    let p = Picture::of(&w, None);
    let copies = &p.servers[0].cache.shown;
    assert!(copies.iter().all(|c| matches!(c.state, ChipState::Copy | ChipState::StaleCopy)), "{copies:?}");

    let (_, p) = logged_in(StoreKind::SignedCookie, 1);
    let session = p.browsers[0].cookies.iter().find(|c| c.session).expect("a session cookie");
    assert_eq!(session.inside.as_ref().map(|c| c.owner), Some(Owner::Alice));
}

#[test]
fn a_thousand_sessions_show_the_first_few_and_how_many_more() {
    let mut w = world(StoreKind::Database, 2);
    w.run(Action::RunLoad { users: 1000, minutes: 5 }).unwrap();
    let p = Picture::of(&w, None);
    let chips = &p.shared.as_ref().unwrap().chips;
    assert_eq!(chips.shown.len(), CHIPS_SHOWN);
    assert!(chips.more > 900, "{}", chips.more);
    assert_eq!(chips.more_text(), Some(format!("and {} more", chips.more)));
    assert!(p.as_list().iter().any(|l| l.ends_with(&format!("and {} more", chips.more))));
}

#[test]
fn a_lookup_on_the_wrong_server_says_not_found_here() {
    let mut w = world(StoreKind::InMemory, 2);
    w.run(Action::SetBalancing { policy: Balancing::RoundRobin }).unwrap();
    log_in(&mut w);
    w.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
    let token = Picture::of(&w, None).token.unwrap();
    assert!(token.lookup.as_deref().is_some_and(|l| l.ends_with("not found here")), "{token:?}");
}

#[test]
fn a_new_or_changed_session_is_fresh_and_an_unchanged_one_is_not() {
    let (mut w, first) = logged_in(StoreKind::Database, 1);
    w.run(Action::Advance { by: SimTime::secs(1) }).unwrap();
    let quiet = Picture::of(&w, Some(&first));
    assert!(!quiet.shared.as_ref().unwrap().chips.shown[0].fresh, "nothing changed it");
    w.browser_do(BrowserId::ALICE, BrowserAction::Request { route: Route::AddToCart { item: Item::Tea } }).unwrap();
    let saved = Picture::of(&w, Some(&quiet));
    assert!(saved.shared.as_ref().unwrap().chips.shown[0].fresh, "a save bumps its version");
}
