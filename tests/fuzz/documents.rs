//! Valid documents of each decoder, made from worlds that use every kind of
//! action (browser clicks, server and store events, settings, presets,
//! attacks, the clock, a small load run) and from the course's lessons, so
//! that mutations land on every field a stranger could change.

use serde_json::{json, Value};
use session_lab::lessons::{course, Tracker, Window};
use session_lab::sim::attack::{FixedId, ForgedRequest, Plant};
use session_lab::sim::config::{CacheSettings, Cleanup, Persistence};
use session_lab::sim::jar::BrowserEngine;
use session_lab::sim::*;

/// The valid documents of every decoder.
pub struct Documents {
    scenarios: Vec<Scenario>,
}

/// A decoder's valid documents: JSON values, sent as JSON text or, for the
/// share link, as base64url of it.
pub struct Valid {
    /// The documents.
    pub docs: Vec<Value>,
    /// Whether the decoder reads base64url (the share-link fragment).
    pub base64: bool,
}

const ALICE: BrowserId = BrowserId::ALICE;
const BOB: BrowserId = BrowserId::BOB;

fn browser(browser: BrowserId, act: BrowserAction) -> Action {
    Action::Browser { browser, act }
}

/// Clicks of the named browsers: every kind of browser action.
fn clicks() -> Vec<Action> {
    let mut a = vec![
        browser(ALICE, BrowserAction::home()),
        browser(ALICE, BrowserAction::log_in(User::Alice)),
        browser(ALICE, BrowserAction::LogIn { user: User::Bob, password: "wrong".into() }),
        browser(ALICE, BrowserAction::add_to_cart(Item::Mug)),
        browser(ALICE, BrowserAction::set_theme(Theme::Dark)),
        browser(ALICE, BrowserAction::Request { route: Route::Checkout { step: 2 } }),
        browser(ALICE, BrowserAction::Request { route: Route::SaveDraft { chars: 40 } }),
        browser(ALICE, BrowserAction::TwoTabs { first: Route::Cart, second: Route::AddToCart { item: Item::Tea } }),
        browser(BOB, BrowserAction::Reload),
        browser(BOB, BrowserAction::confirm_password()),
        browser(BOB, BrowserAction::change_email(User::Mallory)),
        browser(BOB, BrowserAction::active_sessions()),
        browser(BOB, BrowserAction::log_out_other_sessions()),
        browser(BOB, BrowserAction::Close),
        browser(BOB, BrowserAction::Reopen),
        browser(BOB, BrowserAction::ReplayOldCookies),
        browser(BOB, BrowserAction::ClearCookies),
        browser(BOB, BrowserAction::RestoreOnReopen { on: true }),
        browser(BOB, BrowserAction::UseEngine { engine: BrowserEngine::ALL[1] }),
        browser(BOB, BrowserAction::UseHttps { on: false }),
        browser(ALICE, BrowserAction::log_out()),
    ];
    a.push(Action::Step);
    a
}

/// Server and store events, settings and presets, attacks and the clock.
fn events() -> Vec<Action> {
    let sweep = SessionConfig {
        cleanup: Cleanup::Sweep { interval_secs: 600, jitter_percent: 20 },
        ..SessionConfig::default()
    };
    vec![
        Action::RestartServer { server: ServerNumber(1) },
        Action::AddServer,
        Action::CrashServer { server: ServerNumber(2) },
        Action::StartServer { server: ServerNumber(2) },
        Action::ReplaceServer { server: ServerNumber(1) },
        Action::SetBalancing { policy: Balancing::Sticky },
        Action::SetTlsToServers { on: false },
        Action::SetSession { config: Box::new(sweep) },
        Action::Attack { attack: Attack::Sniff { victim: ALICE } },
        Action::Attack { attack: Attack::Xss { victim: BOB } },
        Action::Attack { attack: Attack::Csrf { victim: ALICE, forged: ForgedRequest::AddToCart } },
        Action::Attack { attack: Attack::XssRequest { victim: ALICE, forged: ForgedRequest::ChangeEmail } },
        Action::Attack { attack: Attack::Fixation { victim: BOB, via: Plant::Link, id: FixedId::MadeUp } },
        Action::Attack { attack: Attack::Guess { tries: 20 } },
        Action::Advance { by: SimTime::mins(20) },
        Action::RunLoad { users: 4, minutes: 2 },
        Action::RemoveServer { server: ServerNumber(2) },
        Action::SwitchStore { to: StoreKind::Cache },
        Action::SetCache { settings: CacheSettings { memory_limit_bytes: 8192, persistence: Persistence::AppendOnly } },
        Action::StoreDown,
        Action::StoreUp,
        Action::RestartStore,
        Action::CrashStore,
        Action::ApplyPreset { preset: Preset::Php },
    ]
}

/// Applies each action as a click does (refused ones are left out).
fn world(config: WorldConfig, seed: u64, actions: &[Action]) -> Scenario {
    let mut w = World::new(config, seed).expect("a valid config");
    for a in actions {
        let _ = w.run(a.clone());
    }
    Scenario::of(&w)
}

impl Documents {
    /// Worlds of every kind of action, and the start of three lessons.
    pub fn new() -> Documents {
        let mut scenarios = vec![
            world(WorldConfig::default(), 1, &[clicks(), events()].concat()),
            world(WorldConfig { servers: 2, store: StoreKind::Database, ..WorldConfig::default() }, 2, &events()),
        ];
        let mut actix = WorldConfig::default();
        Preset::ActixCookie.apply(&mut actix);
        scenarios.push(world(actix, 3, &clicks()));
        for l in course()
            .expect("the course parses")
            .iter()
            .filter(|l| ["claim-ticket", "sniffing"].contains(&l.id.as_str()))
        {
            let (w, _) = l.start_world().expect("the lesson starts");
            scenarios.push(Scenario::of(&w));
        }
        Documents { scenarios }
    }

    /// The valid documents of decoder `name`.
    pub fn valid(&self, name: &str) -> Valid {
        let scenario = |s: &Scenario| serde_json::to_value(s).expect("a scenario is JSON");
        let docs = match name {
            "fragment" | "import" => self.scenarios.iter().map(scenario).collect(),
            "sandbox" => self.scenarios.iter().map(|s| json!({ "schema": 1, "scenario": scenario(s) })).collect(),
            "lesson" => self
                .scenarios
                .iter()
                .map(|s| {
                    let tracker = Tracker {
                        reached: 1,
                        window: Window { events: 3, actions: 2 },
                        began: vec![Window::default()],
                        answered: vec![0],
                    };
                    json!({ "schema": 1, "scenario": scenario(s), "tracker": tracker })
                })
                .collect(),
            "progress" => {
                let ids = course().expect("the course parses").iter().map(|l| l.id.clone()).collect::<Vec<_>>();
                let all: serde_json::Map<String, Value> = ids
                    .iter()
                    .enumerate()
                    .map(|(i, id)| (id.clone(), json!(if i % 2 == 0 { "done" } else { "in-progress" })))
                    .collect();
                vec![json!({ "schema": 1, "lessons": all }), json!({ "schema": 1, "lessons": {} })]
            }
            other => panic!("no decoder {other}"),
        };
        Valid { docs, base64: name == "fragment" }
    }
}
