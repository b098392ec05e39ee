//! The small web shop every server serves. Pure: given a route and the
//! session's data, it changes the data and says what page to show.

use super::http::{Line, Page, Route};
use super::session::{Item, SessionData, Theme, User};
use std::borrow::Cow;

/// What a request did besides changing data, for the middleware to act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing special.
    None,
    /// A user logged in (the middleware may rotate the ID).
    LoggedIn,
    /// The user logged out (the middleware destroys the session or clears the cookie).
    LoggedOut,
    /// The user confirmed the password: a privilege change (the middleware
    /// may rotate the ID).
    PrivilegeRaised,
    /// The user asked for the list of their sessions (the middleware,
    /// which can see the store, writes it on the page).
    ListSessions,
    /// The user asked to end every other session of theirs.
    EndOtherSessions,
}

/// The shop's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// HTTP status.
    pub status: u16,
    /// The page.
    pub page: Page,
    /// Whether the session data changed.
    pub modified: bool,
    /// What the middleware must do.
    pub effect: Effect,
}

/// The page's own lines, in a vector with room for the lines [`page`] adds
/// (cart, theme, email), so that it is allocated once.
macro_rules! lines {
    ($($line:expr),+ $(,)?) => {{
        let mut v: Vec<Line> = Vec::with_capacity(5);
        $(v.push(Line::from($line));)+
        v
    }};
}

/// `prefix` followed by the user's name, as fixed text: the lines that name
/// a user are shown on most pages, and need no allocation this way.
macro_rules! naming {
    ($user:expr, $prefix:literal) => {
        match $user {
            User::Alice => Cow::Borrowed(concat!($prefix, "alice")),
            User::Bob => Cow::Borrowed(concat!($prefix, "bob")),
            User::Mallory => Cow::Borrowed(concat!($prefix, "mallory")),
            User::Customer(_) => Cow::Owned(format!("{}{}", $prefix, $user)),
        }
    };
}

/// "Added tea to the cart", as fixed text.
fn added(item: Item) -> &'static str {
    match item {
        Item::Tea => "Added tea to the cart",
        Item::Mug => "Added mug to the cart",
        Item::Book => "Added book to the cart",
        Item::Lamp => "Added lamp to the cart",
    }
}

/// "Welcome back, alice" or "Hello, guest": the top line of every page.
pub fn greeting(data: &SessionData) -> Line {
    match data.user {
        Some(u) => naming!(u, "Welcome back, "),
        None => Cow::Borrowed("Hello, guest"),
    }
}

/// The cart line for carts of up to 9 items, as fixed text.
const CART_LINES: [&str; 10] = [
    "Cart: empty",
    "Cart: 1 item",
    "Cart: 2 items",
    "Cart: 3 items",
    "Cart: 4 items",
    "Cart: 5 items",
    "Cart: 6 items",
    "Cart: 7 items",
    "Cart: 8 items",
    "Cart: 9 items",
];

fn cart_line(cart: &[Item]) -> Line {
    match CART_LINES.get(cart.len()) {
        Some(line) => Cow::Borrowed(line),
        None => Cow::Owned(format!("Cart: {} items", cart.len())),
    }
}

fn page(data: &SessionData, lines: Vec<Line>) -> Page {
    let mut all = lines;
    // Room for the lines below without growing the vector again.
    all.reserve(1 + usize::from(data.theme.is_some()) + usize::from(data.email.is_some()));
    all.push(cart_line(&data.cart));
    if let Some(t) = data.theme {
        all.push(Cow::Borrowed(if t == Theme::Dark { "Theme: dark" } else { "Theme: light" }));
    }
    if let Some(u) = data.email {
        all.push(match u {
            User::Alice => Cow::Borrowed("Email: alice@mail.example"),
            User::Bob => Cow::Borrowed("Email: bob@mail.example"),
            User::Mallory => Cow::Borrowed("Email: mallory@evil.example"),
            User::Customer(_) => Cow::Owned(format!("Email: {}", u.email())),
        });
    }
    Page { heading: greeting(data), lines: all }
}

/// What [`handle`] compares to tell whether it changed the data, without
/// copying the data: every field but the two lists, and the lists' lengths.
/// The shop changes a list only by adding to it or emptying it, so a list it
/// changed always changed length (checked against a full copy in debug builds).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Shape {
    user: Option<User>,
    cart: usize,
    theme: Option<Theme>,
    checkout: (bool, bool, bool),
    orders: u32,
    draft_chars: u32,
    email: Option<User>,
    sudo: bool,
    devices: usize,
}

impl Shape {
    fn of(d: &SessionData) -> Shape {
        // Every field named: a new one fails to compile until it is added here.
        let SessionData { user, cart, theme, checkout, orders, draft_chars, email, sudo, devices } = d;
        Shape {
            user: *user,
            cart: cart.len(),
            theme: *theme,
            checkout: (checkout.address, checkout.shipping, checkout.payment),
            orders: *orders,
            draft_chars: *draft_chars,
            email: *email,
            sudo: *sudo,
            devices: devices.len(),
        }
    }
}

/// Serves one request against the session's data.
pub fn handle(route: Route, data: &mut SessionData) -> Outcome {
    #[cfg(debug_assertions)]
    let copy = data.clone();
    let before = Shape::of(data);
    let (status, lines, effect) = match route {
        Route::Home => (200, lines!["Home"], Effect::None),
        Route::Login { user, password_ok: true } => {
            data.user = Some(user);
            (200, lines![naming!(user, "Logged in as ")], Effect::LoggedIn)
        }
        Route::Login { user, password_ok: false } => (401, lines![format!("Wrong password for {user}")], Effect::None),
        Route::Account => match data.user {
            Some(u) => (200, lines![naming!(u, "Account of "), format!("Orders: {}", data.orders)], Effect::None),
            None => (401, lines!["Please log in to see your account"], Effect::None),
        },
        Route::AddToCart { item } => {
            data.cart.push(item);
            (200, lines![added(item)], Effect::None)
        }
        Route::Cart => {
            let list = if data.cart.is_empty() {
                "Your cart is empty".into()
            } else {
                format!("Your cart: {}", data.cart.iter().map(|i| i.name()).collect::<Vec<_>>().join(", "))
            };
            (200, lines![list], Effect::None)
        }
        Route::SetTheme { theme } => {
            data.theme = Some(theme);
            (200, lines!["Preferences saved"], Effect::None)
        }
        Route::Checkout { step } => checkout(step, data),
        Route::SaveDraft { chars } => {
            data.draft_chars = chars;
            (200, lines![format!("Draft saved ({chars} characters)")], Effect::None)
        }
        Route::Logout => {
            *data = SessionData::default();
            (200, lines!["You are logged out"], Effect::LoggedOut)
        }
        Route::ChangeEmail { to } => match data.user {
            Some(_) => {
                data.email = Some(to);
                (200, lines![format!("Email changed to {}", to.email())], Effect::None)
            }
            None => (401, lines!["Please log in to change your email"], Effect::None),
        },
        Route::ConfirmPassword { password_ok } => match data.user {
            Some(_) if password_ok => {
                data.sudo = true;
                (200, lines!["Password confirmed: sensitive settings unlocked"], Effect::PrivilegeRaised)
            }
            Some(u) => (401, lines![format!("Wrong password for {u}")], Effect::None),
            None => (401, lines!["Please log in first"], Effect::None),
        },
        Route::ActiveSessions => match data.user {
            Some(u) => (200, lines![format!("Active sessions of {u}")], Effect::ListSessions),
            None => (401, lines!["Please log in to see your sessions"], Effect::None),
        },
        // Ending sessions asks for the password again (ASVS V3.3.4): whoever
        // only holds a stolen cookie must not lock the owner out.
        Route::LogOutOtherSessions => match data.user {
            Some(u) if data.sudo => {
                (200, lines![format!("Logging out the other sessions of {u}")], Effect::EndOtherSessions)
            }
            Some(_) => (403, lines!["Confirm your password first: ending sessions asks for it again"], Effect::None),
            None => (401, lines!["Please log in first"], Effect::None),
        },
    };
    let modified = Shape::of(data) != before;
    #[cfg(debug_assertions)]
    debug_assert_eq!(modified, *data != copy, "the shape must tell every change");
    Outcome { status, page: page(data, lines), modified, effect }
}

fn checkout(step: u8, data: &mut SessionData) -> (u16, Vec<Line>, Effect) {
    let c = &mut data.checkout;
    match step {
        1 => {
            c.address = true;
            (200, lines!["Checkout step 1 of 3: address saved"], Effect::None)
        }
        2 if c.address => {
            c.shipping = true;
            (200, lines!["Checkout step 2 of 3: shipping chosen"], Effect::None)
        }
        3 if c.address && c.shipping => {
            if data.cart.is_empty() {
                return (400, lines!["Checkout: the cart is empty"], Effect::None);
            }
            data.orders += 1;
            data.cart.clear();
            data.checkout = Default::default();
            (200, lines!["Checkout step 3 of 3: order placed"], Effect::None)
        }
        _ => (
            400,
            lines![format!("Checkout step {step}: the earlier steps are missing, start again at step 1")],
            Effect::None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guest_is_greeted_as_a_guest_and_refused_the_account_page() {
        let mut d = SessionData::default();
        let o = handle(Route::Home, &mut d);
        assert_eq!(o.page.heading, "Hello, guest");
        assert!(!o.modified);
        assert_eq!(handle(Route::Account, &mut d).status, 401);
    }

    #[test]
    fn login_cart_and_checkout() {
        let mut d = SessionData::default();
        let o = handle(Route::Login { user: User::Alice, password_ok: true }, &mut d);
        assert_eq!((&*o.page.heading, o.effect, o.modified), ("Welcome back, alice", Effect::LoggedIn, true));
        handle(Route::AddToCart { item: Item::Tea }, &mut d);
        assert!(handle(Route::Cart, &mut d).page.lines.contains(&"Your cart: tea".into()));
        assert_eq!(handle(Route::Checkout { step: 3 }, &mut d).status, 400);
        for s in 1..=3 {
            assert_eq!(handle(Route::Checkout { step: s }, &mut d).status, 200);
        }
        assert_eq!((d.orders, d.cart.len()), (1, 0));
        let o = handle(Route::Logout, &mut d);
        assert_eq!((&*o.page.heading, o.effect), ("Hello, guest", Effect::LoggedOut));
    }

    #[test]
    fn email_and_password_confirmation_need_a_login() {
        let mut d = SessionData::default();
        assert_eq!(handle(Route::ChangeEmail { to: User::Mallory }, &mut d).status, 401);
        assert_eq!(handle(Route::ActiveSessions, &mut d).status, 401);
        handle(Route::Login { user: User::Alice, password_ok: true }, &mut d);
        let o = handle(Route::ChangeEmail { to: User::Mallory }, &mut d);
        assert!(o.modified && o.page.lines.contains(&"Email: mallory@evil.example".into()));
        let o = handle(Route::LogOutOtherSessions, &mut d);
        assert_eq!((o.status, o.effect), (403, Effect::None), "ending sessions asks for the password first");
        let o = handle(Route::ConfirmPassword { password_ok: true }, &mut d);
        assert_eq!((o.effect, d.sudo), (Effect::PrivilegeRaised, true));
        assert_eq!(handle(Route::LogOutOtherSessions, &mut d).effect, Effect::EndOtherSessions);
    }

    #[test]
    fn a_wrong_password_changes_nothing() {
        let mut d = SessionData::default();
        let o = handle(Route::Login { user: User::Bob, password_ok: false }, &mut d);
        assert_eq!((o.status, o.modified), (401, false));
    }

    #[test]
    fn fixed_lines_read_as_if_written_for_the_page() {
        for u in User::ALL.into_iter().chain([User::Customer(7)]) {
            assert_eq!(naming!(u, "Welcome back, "), format!("Welcome back, {}", u.name()));
            assert_eq!(naming!(u, "Logged in as "), format!("Logged in as {}", u.name()));
        }
        for item in Item::ALL {
            assert_eq!(added(item), format!("Added {} to the cart", item.name()));
        }
        for n in 2..=12 {
            assert_eq!(cart_line(&vec![Item::Tea; n]), format!("Cart: {n} items"));
        }
        for u in [User::Bob, User::Customer(12)] {
            let d = SessionData { email: Some(u), ..SessionData::default() };
            assert!(page(&d, Vec::new()).lines.contains(&format!("Email: {}", u.email()).into()));
        }
        assert_eq!(User::Customer(12).to_string(), "customer12");
        assert_eq!(User::Customer(12).email(), "customer12@mail.example");
    }
}
