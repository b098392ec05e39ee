//! The storage survival table: for each session store, against each thing
//! that can happen to a session, does alice stay logged in, and if not, is
//! the loss explained with the right cause?
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::world::{heading, losses_since};
use session_lab::sim::*;

/// What happens between logging in and reloading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trouble {
    RestartHolder,
    OtherServer,
    ReplaceHolder,
    RestartStore,
    CloseBrowser,
    IdlePastTimeout,
    PastAbsoluteLimit,
}

/// What the table expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Survives,
    Lost(&'static str),
    /// The trouble does not apply to this store (the action is refused).
    NotApplicable,
}

const ALICE: BrowserId = BrowserId::ALICE;

fn world(store: StoreKind, policy: Balancing) -> World {
    let mut config = WorldConfig { servers: 2, store, balancing: policy, ..WorldConfig::default() };
    config.session.idle_timeout_secs = Some(30 * 60);
    config.session.absolute_timeout_secs = Some(8 * 3600);
    World::new(config, 42).unwrap()
}

fn run(store: StoreKind, trouble: Trouble) -> Expect {
    let policy = if trouble == Trouble::OtherServer { Balancing::RoundRobin } else { Balancing::Sticky };
    let mut w = world(store, policy);
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    assert_eq!(heading(&w, ALICE), "Welcome back, alice", "{store:?}: login failed");
    let holder = ServerNumber(1);
    let mark = w.events().len();
    let applied = match trouble {
        Trouble::RestartHolder => w.run(Action::RestartServer { server: holder }),
        Trouble::OtherServer => Ok(()), // round robin: the reload goes to server 2
        Trouble::ReplaceHolder => w.run(Action::ReplaceServer { server: holder }),
        Trouble::RestartStore => w.run(Action::RestartStore),
        Trouble::CloseBrowser => {
            w.browser_do(ALICE, BrowserAction::Close).and_then(|_| w.browser_do(ALICE, BrowserAction::Reopen))
        }
        Trouble::IdlePastTimeout => w.run(Action::Advance { by: SimTime::mins(30) + SimTime::millis(1) }),
        Trouble::PastAbsoluteLimit => {
            // Busy every 20 minutes, so never idle for 30, until 8 hours have passed.
            for _ in 0..24 {
                w.run(Action::Advance { by: SimTime::mins(20) }).unwrap();
                w.browser_do(ALICE, BrowserAction::Reload).unwrap();
                if losses_since(&w, mark).iter().any(|c| matches!(c, LossCause::AbsoluteTimeout { .. })) {
                    break;
                }
            }
            Ok(())
        }
    };
    if applied.is_err() {
        return Expect::NotApplicable;
    }
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    let lost = losses_since(&w, mark);
    match lost.first() {
        None => {
            assert_eq!(
                heading(&w, ALICE),
                "Welcome back, alice",
                "{store:?} {trouble:?}: no loss reported but logged out"
            );
            Expect::Survives
        }
        Some(cause) => {
            let label = cause.label();
            let _ = lost;
            if trouble != Trouble::PastAbsoluteLimit {
                assert_eq!(
                    heading(&w, ALICE),
                    "Hello, guest",
                    "{store:?} {trouble:?}: loss reported but still logged in"
                );
            }
            Expect::Lost(label)
        }
    }
}

use Expect::{Lost, NotApplicable as NA, Survives as Ok_};

/// Rows: stores. Columns: restart holder, other server, replace holder,
/// restart database/cache, close browser, idle past timeout, past absolute limit.
#[rustfmt::skip]
const TABLE: [(StoreKind, [Expect; 7]); 6] = [
    (StoreKind::InMemory,       [Lost("server restart"), Lost("other server"), Lost("server replaced"), NA, CLOSED, IDLE, ABSOLUTE]),
    (StoreKind::File,           [Ok_, Lost("other server"), Lost("server replaced"), NA, CLOSED, IDLE, ABSOLUTE]),
    (StoreKind::Database,       [Ok_, Ok_, Ok_, Ok_, CLOSED, IDLE, ABSOLUTE]),
    (StoreKind::Cache,          [Ok_, Ok_, Ok_, Lost("cache restart"), CLOSED, IDLE, ABSOLUTE]),
    (StoreKind::CachedDatabase, [Ok_, Ok_, Ok_, Ok_, CLOSED, IDLE, ABSOLUTE]),
    (StoreKind::SignedCookie,   [Ok_, Ok_, Ok_, NA, CLOSED, IDLE, ABSOLUTE]),
];

/// The last three columns, the same for every store: a session cookie dies
/// with the browser, and both timeouts end a session wherever it is kept.
const CLOSED: Expect = Lost("browser closed");
const IDLE: Expect = Lost("idle timeout");
const ABSOLUTE: Expect = Lost("absolute timeout");

const TROUBLES: [Trouble; 7] = [
    Trouble::RestartHolder,
    Trouble::OtherServer,
    Trouble::ReplaceHolder,
    Trouble::RestartStore,
    Trouble::CloseBrowser,
    Trouble::IdlePastTimeout,
    Trouble::PastAbsoluteLimit,
];

fn check_row(store: StoreKind) {
    let (_, row) = TABLE.iter().find(|(s, _)| *s == store).unwrap();
    let got: Vec<Expect> = TROUBLES.iter().map(|t| run(store, *t)).collect();
    assert_eq!(got, row.to_vec(), "survival row for {store:?} (columns: {TROUBLES:?})");
}

/// One test per row of the table, named after its store.
macro_rules! row_tests {
    ($($name:ident: $store:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_row(StoreKind::$store);
            }
        )*
    };
}

row_tests! {
    in_memory_row: InMemory,
    file_row: File,
    shared_database_row: Database,
    shared_cache_row: Cache,
    cached_database_row: CachedDatabase,
    signed_cookie_row: SignedCookie,
}
