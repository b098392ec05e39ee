//! Settings: the session store, the balancing policy, a library preset and
//! every middleware setting the engine offers, each with a one-line
//! explanation. A change applies at once; a refused one says why.

use leptos::prelude::*;

use super::lab::{Lab, Notice};
use crate::sim::config::{
    CacheSettings, Cleanup, CreatePolicy, IdAlphabet, IdGenerator, LogoutPolicy, SameSite, SavePolicy,
};
use crate::sim::{Action, Balancing, Preset, SessionConfig, StoreKind};

/// The ID generators offered, with their names.
const GENERATORS: [(&str, IdGenerator); 7] = [
    ("128 random bits, hex (default)", IdGenerator::DEFAULT),
    (
        "192 random bits, base64url (express-session)",
        IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 32 },
    ),
    (
        "132 random bits, base64url (tower-sessions)",
        IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 22 },
    ),
    ("165 random bits, a-z0-9 (Django)", IdGenerator::Random { alphabet: IdAlphabet::LowerAlnum, length: 32 }),
    ("381 random bits, A-Za-z0-9 (actix-session)", IdGenerator::Random { alphabet: IdAlphabet::Alnum, length: 64 }),
    ("Sequential numbers (weak)", IdGenerator::Sequential),
    ("Creation timestamp (weak)", IdGenerator::Timestamp),
];

fn cleanup_name(c: Cleanup) -> &'static str {
    match c {
        Cleanup::None => "none",
        Cleanup::LazyOnRead => "lazy",
        Cleanup::Sweep { .. } => "sweep",
        Cleanup::Probabilistic { .. } => "probabilistic",
        Cleanup::Ttl => "ttl",
    }
}

fn parse_optional_secs(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>().map(Some).map_err(|_| format!("\"{t}\" is not a whole number of seconds (0 or more)"))
}

/// The settings panel.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let lab = Lab::get();
    let session = move || lab.world.with(|w| w.config().session.clone());
    let edit = move |f: &dyn Fn(&mut SessionConfig) -> Result<(), String>| {
        let mut cfg = lab.world.with_untracked(|w| w.config().session.clone());
        match f(&mut cfg) {
            Ok(()) => lab.act(Action::SetSession { config: Box::new(cfg) }),
            Err(text) => lab.notice.set(Some(Notice { text, problem: true })),
        }
    };
    let store = move || lab.world.with(|w| w.config().store);
    let balancing = move || lab.world.with(|w| w.config().balancing);
    view! {
        <section class="panel settings-panel" aria-labelledby="settings-title">
            <h3 id="settings-title">"Settings"</h3>
            <div class="setting">
                <label for="store-select">"Session storage"</label>
                <select
                    id="store-select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = StoreKind::ALL.iter().find(|k| k.label() == v) {
                            lab.act(Action::SwitchStore { to: *k });
                        }
                    }
                >
                    {StoreKind::ALL
                        .iter()
                        .map(|k| {
                            view! {
                                <option value=k.label() selected=move || store() == *k>
                                    {k.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="hint">
                    {move || match store() {
                        StoreKind::InMemory => "Each server keeps sessions in its own process memory: fast, lost on restart, not shared.",
                        StoreKind::File => "One file per session on each server's own disk: survives a restart, not shared, gone with a replaced server.",
                        StoreKind::Database => "One table every server reads and writes: survives any app-server event; the database can go down.",
                        StoreKind::Cache => "A shared in-memory cache with a TTL per key and a memory limit (LRU eviction); a restart loses it without persistence.",
                        StoreKind::CachedDatabase => "The shared database with a cache in each server: fast reads, but a server can serve a stale copy.",
                        StoreKind::SignedCookie => "No server-side state: the session travels in a signed cookie; it cannot be revoked and must fit in 4096 bytes.",
                    }}
                </p>
            </div>
            <div class="setting">
                <label for="balancing-select">"Load balancing"</label>
                <select
                    id="balancing-select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(p) = Balancing::ALL.iter().find(|p| p.label() == v) {
                            lab.act(Action::SetBalancing { policy: *p });
                        }
                    }
                >
                    {Balancing::ALL
                        .iter()
                        .map(|p| {
                            view! {
                                <option value=p.label() selected=move || balancing() == *p>
                                    {p.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="hint">
                    {move || match balancing() {
                        Balancing::RoundRobin => "Each server in turn.",
                        Balancing::Random => "A random server each time (seeded, so replays match).",
                        Balancing::LeastConnections => "The server with the fewest requests in progress.",
                        Balancing::Sticky => "The balancer sets its own cookie and sends a browser back to the same server.",
                        Balancing::IpHash => "A hash of the client's IP address picks the server.",
                    }}
                </p>
            </div>
            <div class="setting">
                <label for="preset-select">"Library preset"</label>
                <select
                    id="preset-select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(p) = Preset::ALL.iter().find(|p| p.label() == v) {
                            lab.act(Action::ApplyPreset { preset: *p });
                            lab.announcement.set(format!("Applied {}: {}", p.label(), p.source()));
                        }
                    }
                >
                    <option value="" selected=true>
                        "Choose a preset..."
                    </option>
                    {Preset::ALL.iter().map(|p| view! { <option value=p.label()>{p.label()}</option> }).collect_view()}
                </select>
                <p class="hint">"Sets the store and every setting below to a real library's defaults, and names the source."</p>
            </div>
            <details class="middleware">
                <summary>"Session middleware settings"</summary>
                <TextSetting
                    label="Cookie name"
                    hint="The session cookie's name, e.g. connect.sid, PHPSESSID, sessionid, or __Host-id."
                    value=Signal::derive(move || session().cookie.name)
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.cookie.name = v.clone();
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="HttpOnly"
                    hint="Page scripts (document.cookie) cannot read the cookie: stolen by XSS less easily."
                    value=Signal::derive(move || session().cookie.http_only)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.cookie.http_only = v;
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Secure"
                    hint="The browser sends the cookie over HTTPS only."
                    value=Signal::derive(move || session().cookie.secure)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.cookie.secure = v;
                        Ok(())
                    }))
                />
                <div class="setting">
                    <label for="samesite-select">"SameSite"</label>
                    <select
                        id="samesite-select"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|c| {
                                c.cookie.same_site = match v.as_str() {
                                    "Strict" => Some(SameSite::Strict),
                                    "Lax" => Some(SameSite::Lax),
                                    "None" => Some(SameSite::None),
                                    _ => None,
                                };
                                Ok(())
                            })
                        }
                    >
                        {["not set", "Strict", "Lax", "None"]
                            .into_iter()
                            .map(|o| {
                                let selected = move || {
                                    let now = match session().cookie.same_site {
                                        None => "not set",
                                        Some(SameSite::Strict) => "Strict",
                                        Some(SameSite::Lax) => "Lax",
                                        Some(SameSite::None) => "None",
                                    };
                                    now == o
                                };
                                view! { <option value=o selected=selected>{o}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint">"Whether the cookie goes along on requests started by other sites (CSRF)."</p>
                </div>
                <TextSetting
                    label="Cookie Max-Age (seconds)"
                    hint="Empty: a browser-session cookie, deleted when the browser closes."
                    value=Signal::derive(move || session().cookie.max_age_secs.map(|s| s.to_string()).unwrap_or_default())
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.cookie.max_age_secs = parse_optional_secs(&v)?;
                        Ok(())
                    }))
                />
                <TextSetting
                    label="Cookie Path"
                    hint="The cookie is sent only to paths under this one."
                    value=Signal::derive(move || session().cookie.path)
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.cookie.path = v.clone();
                        Ok(())
                    }))
                />
                <TextSetting
                    label="Cookie Domain"
                    hint="Empty: host-only. A domain also sends the cookie to its subdomains."
                    value=Signal::derive(move || session().cookie.domain.unwrap_or_default())
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.cookie.domain = if v.trim().is_empty() { None } else { Some(v.trim().to_string()) };
                        Ok(())
                    }))
                />
                <TextSetting
                    label="Idle timeout (seconds)"
                    hint="The server ends a session nobody used for this long. Empty: never."
                    value=Signal::derive(move || session().idle_timeout_secs.map(|s| s.to_string()).unwrap_or_default())
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.idle_timeout_secs = parse_optional_secs(&v)?;
                        Ok(())
                    }))
                />
                <TextSetting
                    label="Absolute timeout (seconds)"
                    hint="The server ends a session this long after it began, however active. Empty: never."
                    value=Signal::derive(move || session().absolute_timeout_secs.map(|s| s.to_string()).unwrap_or_default())
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.absolute_timeout_secs = parse_optional_secs(&v)?;
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Touch on every request"
                    hint="Every request moves the store's expiry, even when nothing changed (express-session, PHP)."
                    value=Signal::derive(move || session().touch_every_request)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.touch_every_request = v;
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Rolling cookie"
                    hint="Re-send the cookie with a fresh Max-Age on every response."
                    value=Signal::derive(move || session().rolling)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.rolling = v;
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Save on every request"
                    hint="Write the whole session back even when unchanged (express resave). Off: only when modified."
                    value=Signal::derive(move || session().save == SavePolicy::EveryRequest)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.save = if v { SavePolicy::EveryRequest } else { SavePolicy::WhenModified };
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Session for every visitor"
                    hint="Create a session (and cookie) on the first visit. Off: only once something is stored."
                    value=Signal::derive(move || session().create == CreatePolicy::EveryVisitor)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.create = if v { CreatePolicy::EveryVisitor } else { CreatePolicy::WhenDataStored };
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="New ID on login"
                    hint="Rotate the session ID when a user logs in (defeats session fixation)."
                    value=Signal::derive(move || session().rotate_on_login)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.rotate_on_login = v;
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Logout destroys the session on the server"
                    hint="Off: logout only clears the cookie, and a copied ID stays valid."
                    value=Signal::derive(move || session().logout == LogoutPolicy::DestroyOnServer)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.logout = if v { LogoutPolicy::DestroyOnServer } else { LogoutPolicy::ClearCookieOnly };
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Strict IDs"
                    hint="Reject session IDs the server never issued. Off: adopt an ID the client made up (PHP's default)."
                    value=Signal::derive(move || session().strict_ids)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.strict_ids = v;
                        Ok(())
                    }))
                />
                <CheckSetting
                    label="Sign the ID"
                    hint="Send s:<id>.<signature> (express-session); a forged or re-signed ID is rejected."
                    value=Signal::derive(move || session().sign_id)
                    on_set=Callback::new(move |v: bool| edit(&|c| {
                        c.sign_id = v;
                        Ok(())
                    }))
                />
                <TextSetting
                    label="Signing secret"
                    hint="Signs IDs and signed-cookie sessions. Changing it invalidates every signed cookie."
                    value=Signal::derive(move || session().secret)
                    on_set=Callback::new(move |v: String| edit(&|c| {
                        c.secret = v.clone();
                        Ok(())
                    }))
                />
                <div class="setting">
                    <label for="idgen-select">"Session ID generator"</label>
                    <select
                        id="idgen-select"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some((_, g)) = GENERATORS.iter().find(|(n, _)| *n == v) {
                                let g = *g;
                                edit(&|c| {
                                    c.id_generator = g;
                                    Ok(())
                                })
                            }
                        }
                    >
                        {GENERATORS
                            .iter()
                            .map(|(name, g)| {
                                let g = *g;
                                view! {
                                    <option value=*name selected=move || session().id_generator == g>
                                        {*name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint">
                        {move || format!(
                            "Entropy: {:.0} bits (OWASP asks at least 64).",
                            session().id_generator.entropy_bits(),
                        )}
                    </p>
                </div>
                <CleanupSetting />
            </details>
            <CacheSettingsForm />
        </section>
    }
}

/// A text or number setting, applied when the field changes.
#[component]
fn TextSetting(
    /// The visible label.
    label: &'static str,
    /// One line on what it does.
    hint: &'static str,
    /// The current value.
    value: Signal<String>,
    /// Called with the new text.
    on_set: Callback<String>,
) -> impl IntoView {
    let id = format!("setting-{}", label.to_lowercase().replace([' ', '(', ')', '-'], ""));
    view! {
        <div class="setting">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" prop:value=value on:change=move |ev| on_set.run(event_target_value(&ev)) />
            <p class="hint">{hint}</p>
        </div>
    }
}

/// A yes/no setting.
#[component]
fn CheckSetting(
    /// The visible label.
    label: &'static str,
    /// One line on what it does.
    hint: &'static str,
    /// The current value.
    value: Signal<bool>,
    /// Called with the new value.
    on_set: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="setting">
            <label class="check">
                <input type="checkbox" prop:checked=value on:change=move |ev| on_set.run(event_target_checked(&ev)) />
                {label}
            </label>
            <p class="hint">{hint}</p>
        </div>
    }
}

/// How expired sessions are cleaned up.
#[component]
fn CleanupSetting() -> impl IntoView {
    let lab = Lab::get();
    let cleanup = move || lab.world.with(|w| w.config().session.cleanup);
    let set = move |c: Cleanup| {
        let mut cfg = lab.world.with_untracked(|w| w.config().session.clone());
        cfg.cleanup = c;
        lab.act(Action::SetSession { config: Box::new(cfg) });
    };
    let number = move |text: String, what: &str| -> Option<u64> {
        match text.trim().parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                lab.notice
                    .set(Some(Notice { text: format!("{what}: \"{text}\" is not a whole number"), problem: true }));
                None
            }
        }
    };
    view! {
        <div class="setting">
            <label for="cleanup-select">"Cleanup of expired sessions"</label>
            <select
                id="cleanup-select"
                on:change=move |ev| {
                    set(match event_target_value(&ev).as_str() {
                        "lazy" => Cleanup::LazyOnRead,
                        "sweep" => Cleanup::Sweep { interval_secs: 900, jitter_percent: 50 },
                        "probabilistic" => Cleanup::Probabilistic { one_in: 100 },
                        "ttl" => Cleanup::Ttl,
                        _ => Cleanup::None,
                    })
                }
            >
                {[
                    ("none", "None (expired sessions pile up)"),
                    ("lazy", "Lazy: delete when read"),
                    ("sweep", "Periodic sweep with jitter"),
                    ("probabilistic", "Probabilistic, per request (PHP)"),
                    ("ttl", "TTL: the store expires keys (shared cache)"),
                ]
                    .into_iter()
                    .map(|(v, name)| {
                        view! {
                            <option value=v selected=move || cleanup_name(cleanup()) == v>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {move || match cleanup() {
                Cleanup::Sweep { interval_secs, jitter_percent } => {
                    view! {
                        <label>
                            "Sweep every (seconds) "
                            <input
                                type="number"
                                min="1"
                                prop:value=interval_secs.to_string()
                                on:change=move |ev| {
                                    if let Some(n) = number(event_target_value(&ev), "Sweep interval") {
                                        set(Cleanup::Sweep { interval_secs: n, jitter_percent });
                                    }
                                }
                            />
                        </label>
                        <label>
                            " Jitter (%) "
                            <input
                                type="number"
                                min="0"
                                max="100"
                                prop:value=jitter_percent.to_string()
                                on:change=move |ev| {
                                    if let Some(n) = number(event_target_value(&ev), "Sweep jitter") {
                                        set(Cleanup::Sweep { interval_secs, jitter_percent: n.min(255) as u8 });
                                    }
                                }
                            />
                        </label>
                    }
                        .into_any()
                }
                Cleanup::Probabilistic { one_in } => {
                    view! {
                        <label>
                            "Sweep on 1 request in "
                            <input
                                type="number"
                                min="1"
                                prop:value=one_in.to_string()
                                on:change=move |ev| {
                                    if let Some(n) = number(event_target_value(&ev), "Cleanup probability") {
                                        set(Cleanup::Probabilistic { one_in: n.min(u64::from(u32::MAX)) as u32 });
                                    }
                                }
                            />
                        </label>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
            <p class="hint">"Without cleanup, expired sessions stay in the store and it only grows."</p>
        </div>
    }
}

/// The shared cache's memory limit and persistence.
#[component]
fn CacheSettingsForm() -> impl IntoView {
    let lab = Lab::get();
    let settings = move || lab.world.with(|w| w.config().cache.clone());
    let set = move |s: CacheSettings| lab.act(Action::SetCache { settings: s });
    view! {
        <details class="cache-settings">
            <summary>"Shared cache settings"</summary>
            <div class="setting">
                <label for="cache-limit">"Cache memory limit (KiB)"</label>
                <input
                    id="cache-limit"
                    type="number"
                    min="1"
                    prop:value=move || (settings().memory_limit_bytes / 1024).to_string()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        match text.trim().parse::<u32>() {
                            Ok(kib) => {
                                set(CacheSettings { memory_limit_bytes: kib.saturating_mul(1024), ..settings() })
                            }
                            Err(_) => {
                                lab.notice
                                    .set(
                                        Some(Notice {
                                            text: format!("Cache memory limit: \"{text}\" is not a whole number of KiB"),
                                            problem: true,
                                        }),
                                    )
                            }
                        }
                    }
                />
                <p class="hint">"When full, the least recently used sessions are evicted."</p>
            </div>
            <div class="setting">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || settings().persistence
                        on:change=move |ev| set(CacheSettings { persistence: event_target_checked(&ev), ..settings() })
                    />
                    "Cache persistence"
                </label>
                <p class="hint">"Keep the cache's data across a restart (like Redis with RDB or AOF)."</p>
            </div>
        </details>
    }
}
