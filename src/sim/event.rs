//! What happened: every hop of every request, every session change and
//! every failure, stamped with the simulated time. The UI animates these;
//! lessons check them; [`Event::describe`] says each in plain words.

use serde::{Deserialize, Serialize};
use std::rc::Rc;
use strum::EnumDiscriminants;

use super::attack::{Attack, AttackKind, AttackMiss, ForgedRequest, Plant, Theft};
use super::balancer::RouteReason;
use super::defense::Defense;
use super::ids::{BrowserId, RequestId, ServerNumber, SessionId};
use super::loss::{ExpiryKind, LossCause};
use super::session::User;
use super::store::StoreKind;
use super::time::SimTime;

pub use super::event_parts::{CookieRefusal, EventCategory, ReadOutcome, SettingChanged, Withheld, WriteKind};

/// One thing that happened. A field whose name says what it is (`browser`,
/// `server`, `store`, `session`, `name` of a cookie, `count`, `why`) has no comment of its own.
#[derive(Clone, Debug, PartialEq, Serialize, EnumDiscriminants)]
#[strum_discriminants(
    name(EventName),
    derive(Deserialize, Hash, PartialOrd, Ord),
    serde(rename_all = "kebab-case"),
    allow(missing_docs),
    doc = "The kind of an event without its details, as lesson files name it (`\"server-restarted\"`)."
)]
#[allow(missing_docs)]
pub enum EventKind {
    /// A browser sent a request.
    RequestSent {
        browser: BrowserId,
        /// Method and path, such as `GET /`.
        line: &'static str,
        /// Whether a session cookie went with it.
        with_session_cookie: bool,
    },
    /// The browser held a cookie back.
    CookieWithheld { browser: BrowserId, name: Rc<str>, why: Withheld },
    /// The balancer chose a server.
    Routed {
        server: ServerNumber,
        /// Why that one.
        why: RouteReason,
    },
    /// Every server was down: the balancer answered 503 itself.
    NoServerUp,
    /// A server received the request.
    ServerReceived { server: ServerNumber },
    /// The middleware read the session from the store.
    StoreRead {
        /// The server reading.
        server: ServerNumber,
        store: StoreKind,
        /// The session ID read (shortened display in the UI).
        session: SessionId,
        /// What it found.
        outcome: ReadOutcome,
        /// The version of the session it read, when it read one.
        version: Option<u32>,
    },
    /// The middleware wrote to the store.
    StoreWrite {
        /// The server writing.
        server: ServerNumber,
        store: StoreKind,
        session: SessionId,
        /// Save, touch or delete.
        kind: WriteKind,
        /// Size of the data written.
        bytes: u32,
        /// The version a save wrote (none for a touch or a delete).
        version: Option<u32>,
    },
    /// The store did not answer; the request fails with 503 and the session is kept.
    StoreUnavailable {
        /// The server that tried.
        server: ServerNumber,
        store: StoreKind,
    },
    /// A new session began.
    SessionCreated {
        /// Its ID.
        session: SessionId,
        /// The server that made it.
        server: ServerNumber,
    },
    /// A session got a new ID.
    SessionRotated { old: SessionId, new: SessionId },
    /// A session ended because it timed out.
    SessionExpired {
        session: SessionId,
        /// Idle or absolute.
        why: ExpiryKind,
    },
    /// A session was destroyed on purpose (logout).
    SessionDestroyed { session: SessionId },
    /// A browser that had a session was treated as a stranger.
    SessionLost {
        browser: BrowserId,
        /// The ID it had, if it still sent one.
        session: Option<SessionId>,
        /// Why, in the learner's words.
        cause: LossCause,
    },
    /// A write replaced a version of the session this request never saw: the other request's changes are gone (two tabs
    /// at once).
    UpdateOverwritten {
        session: SessionId,
        /// The version this request read.
        read_version: u32,
        /// The version it overwrote.
        overwrote_version: u32,
    },
    /// A request waited for the session file: PHP's files handler locks
    /// `sess_<id>` from session_start until the request that holds it ends, so requests of one session on one server
    /// run one after another.
    WaitedForSessionLock {
        /// The server whose disk holds the file.
        server: ServerNumber,
        session: SessionId,
    },
    /// A request that began before logout wrote its copy of the session back after logout destroyed it: the destroyed
    /// session is in the store again.
    DestroyedSessionWrittenBack { session: SessionId },
    /// A request that began before logout tried to save the session after logout deleted it, and the library refused:
    /// the request got 400 and the session stays deleted (Django's `SessionInterrupted`).
    WriteBackRefused { session: SessionId },
    /// Logout deleted the session on the server but sent no Set-Cookie: the browser keeps the dead ID and sends it
    /// again (express-session's
    /// `destroy()`, PHP's `session_destroy()`).
    LogoutKeptCookie,
    /// The server did not send the session cookie at all: it is Secure, TLS ended at the load balancer, and the app
    /// does not trust the balancer's word that the browser used https (express-session without `trust proxy`).
    SecureCookieNotSet { server: ServerNumber },
    /// A server's own cache answered with an older version than the database holds.
    StaleRead {
        server: ServerNumber,
        session: SessionId,
        /// Version in the server's cache.
        cached_version: u32,
        /// Version in the database.
        current_version: u32,
    },
    /// Sessions were pushed out of the full cache.
    Evicted { count: u32 },
    /// A request failed because the session does not fit where it is kept: over the 4096-byte cookie limit (signed
    /// cookies), or bigger than the cache's whole memory limit (Redis answers OOM).
    SessionTooLarge {
        /// Bytes it would take.
        bytes: u32,
        /// The limit it is over.
        limit: u32,
        /// The store that refused it.
        store: StoreKind,
    },
    /// A server answered (or the balancer did, if `server` is none).
    Responded {
        /// Who answered.
        server: Option<ServerNumber>,
        status: u16,
    },
    /// The browser received the response and shows the page.
    PageShown { browser: BrowserId, status: u16 },
    /// The browser stored a cookie.
    CookieStored { browser: BrowserId, name: Rc<str> },
    /// The browser deleted a cookie because the response said so.
    CookieCleared { browser: BrowserId, name: Rc<str> },
    /// The browser refused a cookie.
    CookieRefused { browser: BrowserId, name: Rc<str>, why: CookieRefusal },
    /// A browser's cookie reached its expiry and was dropped.
    CookieExpired { browser: BrowserId, name: Rc<str> },
    /// Cleanup removed expired sessions.
    Swept {
        store: StoreKind,
        /// Which server's store, for per-server stores.
        server: Option<ServerNumber>,
        /// How many were removed.
        removed: u32,
        /// How many remain.
        remaining: u32,
    },
    /// A server restarted: memory lost, disk kept.
    ServerRestarted {
        server: ServerNumber,
        /// Sessions lost from its memory.
        lost: u32,
    },
    /// A server crashed and stays down until started.
    ServerCrashed {
        server: ServerNumber,
        /// Sessions lost from its memory.
        lost: u32,
    },
    /// A crashed server was started again.
    ServerStarted { server: ServerNumber },
    /// A server was replaced by a new instance: memory and disk empty.
    ServerReplaced {
        server: ServerNumber,
        /// Sessions lost from its memory and disk.
        lost: u32,
    },
    /// A server joined the cluster.
    ServerAdded { server: ServerNumber },
    /// A server left the cluster.
    ServerRemoved {
        server: ServerNumber,
        /// Sessions lost with it.
        lost: u32,
    },
    /// The cluster switched session store; the new one starts empty.
    StoreSwitched {
        from: StoreKind,
        to: StoreKind,
        /// Sessions left behind in the old store.
        dropped: u32,
    },
    /// The shared database or cache went down or came back.
    StoreOutage {
        store: StoreKind,
        /// True when it came back.
        up: bool,
    },
    /// The shared database or cache restarted.
    StoreRestarted {
        store: StoreKind,
        /// Sessions lost.
        lost: u32,
    },
    /// The shared database or cache crashed and came back (killed, not stopped cleanly): it kept what was on disk.
    StoreCrashed {
        store: StoreKind,
        /// Sessions lost.
        lost: u32,
    },
    /// A browser sent again the cookies it held before they were dropped (a copy kept by hand, or a browser restoring
    /// its last session).
    OldCookiesReplayed {
        browser: BrowserId,
        /// How many cookies it put back.
        cookies: u32,
    },
    /// A browser was closed.
    BrowserClosed {
        browser: BrowserId,
        /// Browser-session cookies dropped.
        dropped: u32,
    },
    /// A browser was opened again.
    BrowserOpened { browser: BrowserId },
    /// A browser's cookies were cleared.
    CookiesCleared { browser: BrowserId, dropped: u32 },
    /// A browser switched between https and plain http.
    HttpsChanged {
        browser: BrowserId,
        /// Now using https.
        https: bool,
    },
    /// A setting changed.
    SettingsChanged { what: SettingChanged },
    /// The clock was moved forward by the learner.
    ClockAdvanced {
        /// By how much.
        by: SimTime,
    },
    /// Mallory started an attack.
    AttackLaunched { attack: Attack },
    /// Mallory got hold of a victim's session cookie and put it in her own browser.
    CookieStolen {
        victim: BrowserId,
        /// How she got it.
        how: Theft,
        name: Rc<str>,
    },
    /// A browser was served a session that belongs to another user: the attack worked.
    Hijacked {
        /// The browser that got the session.
        attacker: BrowserId,
        /// Whose session it is.
        user: User,
        session: SessionId,
    },
    /// A defense stopped an attack.
    AttackBlocked {
        attack: AttackKind,
        /// The defense that stopped it.
        defense: Defense,
    },
    /// An attack came to nothing for a reason other than a defense.
    AttackFailed { attack: AttackKind, why: AttackMiss },
    /// Mallory planted a session ID she knows in the victim's browser.
    IdPlanted {
        victim: BrowserId,
        /// How.
        via: Plant,
        /// The ID.
        session: SessionId,
    },
    /// Mallory's script, running in the victim's shop page, sent a request that changed the victim's session: it rode
    /// the session from inside the page, HttpOnly or not.
    ScriptRodeSession {
        victim: BrowserId,
        /// What the script's request did.
        forged: ForgedRequest,
    },
    /// A forged request from another site changed the victim's session.
    ForgedRequestWorked {
        victim: BrowserId,
        /// What the forged form did.
        forged: ForgedRequest,
    },
    /// Mallory tried guessed session IDs against the store.
    IdsGuessed {
        /// How many she tried.
        tries: u32,
        /// How many named a live session.
        found: u32,
    },
    /// The page of active sessions listed a user's sessions.
    SessionsListed { user: User, count: u32 },
    /// "Log out other sessions" ended a user's other sessions.
    OtherSessionsEnded { user: User, count: u32 },
    /// A login went over the limit of concurrent sessions; older ones were ended.
    SessionLimitReached {
        user: User,
        limit: u32,
        /// How many sessions were ended.
        ended: u32,
    },
    /// The server keeps sessions only in signed cookies, so it can neither list nor end a user's sessions.
    SessionsNotListable {
        /// Whose sessions were asked for.
        user: User,
    },
    /// Logout left the session valid for anyone who kept a copy of the cookie.
    LogoutLeftSessionValid {
        session: SessionId,
        /// True when the session lives in the signed cookie itself (it cannot be revoked before it expires); false when
        /// logout only cleared the cookie and left the session in the store.
        in_cookie: bool,
    },
}

/// An event and when it happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Simulated time.
    pub at: SimTime,
    /// The request it belongs to, if any.
    pub request: Option<RequestId>,
    /// What happened.
    pub kind: EventKind,
}

impl EventName {
    /// Whether `kind` is of this kind.
    pub fn matches(self, kind: &EventKind) -> bool {
        EventName::from(kind) == self
    }
}
