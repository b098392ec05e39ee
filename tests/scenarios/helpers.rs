//! Readers and actors only the scenario files use: the browsers and servers
//! they name, alice's session record, the parsed Set-Cookie lines.

use cookie::Cookie;
use session_lab::sim::*;

use crate::common::world::*;

pub const ALICE: BrowserId = BrowserId::ALICE;
pub const BOB: BrowserId = BrowserId::BOB;
pub const S1: ServerNumber = ServerNumber(1);
pub const S2: ServerNumber = ServerNumber(2);

/// The record of the session alice's cookie names (server-side, unsigned IDs).
pub fn alice_record(w: &World) -> SessionRecord {
    let id = cookie_value(w, ALICE, &w.config().session.cookie.name).expect("alice has a session cookie");
    w.store_views(usize::MAX)
        .iter()
        .flat_map(|v| v.entries.iter())
        .find(|r| r.id.as_str() == id)
        .map(|r| (*r).clone())
        .expect("the store holds alice's session")
}

/// The Set-Cookie lines of the last response browser `b` received, parsed.
pub fn last_set_cookies(w: &World, b: BrowserId) -> Vec<Cookie<'static>> {
    last_set_cookie_lines(w, b)
        .into_iter()
        .map(|line| Cookie::parse(line).expect("a Set-Cookie line the cookie crate parses"))
        .collect()
}
