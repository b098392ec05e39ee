//! What a session holds, and the one value type every store keeps.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

use super::ids::{BrowserId, SessionId};
pub use super::shared_list::SharedList;
use super::time::SimTime;

/// The shop's users. Each logs in with a password of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum User {
    /// A customer; her browser is the active one at start.
    Alice,
    /// Another customer.
    Bob,
    /// The attacker.
    Mallory,
    /// One of the traffic generator's customers (`customer1`,
    /// `customer2`...): the virtual user of the same number logs in with it.
    Customer(u16),
}

impl User {
    /// The named users, in browser order (the customers of a load run are not listed).
    pub const ALL: [User; 3] = [User::Alice, User::Bob, User::Mallory];
    /// The name as typed in the login form.
    pub fn name(self) -> Cow<'static, str> {
        match self {
            User::Alice => Cow::Borrowed("alice"),
            User::Bob => Cow::Borrowed("bob"),
            User::Mallory => Cow::Borrowed("mallory"),
            User::Customer(n) => Cow::Owned(format!("customer{n}")),
        }
    }
    /// The user's email address.
    pub fn email(self) -> Cow<'static, str> {
        match self {
            User::Alice => Cow::Borrowed("alice@mail.example"),
            User::Bob => Cow::Borrowed("bob@mail.example"),
            User::Mallory => Cow::Borrowed("mallory@evil.example"),
            User::Customer(n) => Cow::Owned(format!("customer{n}@mail.example")),
        }
    }
    /// The password the shop accepts for this user.
    pub fn password(self) -> &'static str {
        match self {
            User::Alice => "wonderland",
            User::Bob => "builder",
            User::Mallory => "hunter2",
            User::Customer(_) => "load-test",
        }
    }
}

impl fmt::Display for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            User::Customer(n) => write!(f, "customer{n}"),
            named => f.write_str(&named.name()),
        }
    }
}

/// Things the shop sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Item {
    /// A box of tea.
    Tea,
    /// A mug.
    Mug,
    /// A book.
    Book,
    /// A lamp.
    Lamp,
}

impl Item {
    /// Every item in catalogue order.
    pub const ALL: [Item; 4] = [Item::Tea, Item::Mug, Item::Book, Item::Lamp];
    /// The item's name on the page.
    pub fn name(self) -> &'static str {
        match self {
            Item::Tea => "tea",
            Item::Mug => "mug",
            Item::Book => "book",
            Item::Lamp => "lamp",
        }
    }
}

/// The colour theme preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

impl Theme {
    /// Both themes, in the order the browser panel lists them.
    pub const ALL: [Theme; 2] = [Theme::Dark, Theme::Light];
    /// The theme's name, as the page and the cookie write it.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
        }
    }
}

/// Progress through the three-step checkout form, kept in the session
/// between pages as real shops do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkout {
    /// Step 1: the delivery address was entered.
    pub address: bool,
    /// Step 2: a shipping option was chosen.
    pub shipping: bool,
    /// Step 3: payment details were entered (then the order is placed).
    pub payment: bool,
}

impl Checkout {
    /// How many steps are done, 0 to 3.
    pub fn steps_done(&self) -> u8 {
        u8::from(self.address) + u8::from(self.shipping) + u8::from(self.payment)
    }
}

/// What the shop keeps in a session. Cheap to copy: the lists are shared
/// between copies until one changes (see [`SharedList`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// Who is logged in, if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The cart, in the order items were added.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub cart: SharedList<Item>,
    /// The chosen theme, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// Progress through the checkout form.
    #[serde(default, skip_serializing_if = "is_default")]
    pub checkout: Checkout,
    /// Orders placed in this session.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub orders: u32,
    /// Characters of a saved message draft (to make the session grow, as in
    /// the signed-cookie size lesson).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub draft_chars: u32,
    /// The account's email address is that of this user (changed by the
    /// email form; a forged form sets mallory's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<User>,
    /// The user confirmed the password in this session ("sudo mode").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sudo: bool,
    /// The browsers (User-Agents) that used this session while logged in,
    /// in the order first seen: the page of active sessions shows them, so
    /// a user can spot a device that is not theirs.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub devices: SharedList<BrowserId>,
}

fn is_default(c: &Checkout) -> bool {
    *c == Checkout::default()
}

fn is_empty_list<T>(l: &SharedList<T>) -> bool {
    l.is_empty()
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl SessionData {
    /// True when nothing has been stored (an "uninitialized" session in
    /// express-session's words).
    pub fn is_empty(&self) -> bool {
        *self == SessionData::default()
    }
    /// Approximate size in bytes when serialized as JSON, as a store or a
    /// cookie would hold it. Cheap: no serialization.
    pub fn size_bytes(&self) -> usize {
        let mut n = 2; // {}
        if let Some(u) = self.user {
            n += 10 + u.name().len();
        }
        if !self.cart.is_empty() {
            n += 9 + self.cart.iter().map(|i| i.name().len() + 3).sum::<usize>();
        }
        if self.theme.is_some() {
            n += 15;
        }
        if !is_default(&self.checkout) {
            n += 60;
        }
        if self.orders > 0 {
            n += 12;
        }
        if self.draft_chars > 0 {
            n += 16 + self.draft_chars as usize;
        }
        if let Some(u) = self.email {
            n += 24 + u.name().len();
        }
        if self.sudo {
            n += 12;
        }
        n += 12 * self.devices.len();
        n
    }
}

/// A session as a store keeps it: the one value type shared by every store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The session ID.
    pub id: SessionId,
    /// What the session holds.
    pub data: SessionData,
    /// When it was created.
    pub created: SimTime,
    /// When a request last used (or touched) it.
    pub last_access: SimTime,
    /// When the store stops honouring it ([`SimTime::NEVER`] if never).
    /// It is valid while `now < expires`.
    pub expires: SimTime,
    /// Bumped on every save; shows lost updates and stale reads.
    pub version: u32,
}

impl SessionRecord {
    /// True once `now` has reached the expiry time.
    pub fn is_expired(&self, now: SimTime) -> bool {
        now >= self.expires
    }
}
