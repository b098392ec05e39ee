//! The small web shop every server serves. Pure: given a route and the
//! session's data, it changes the data and says what page to show.

use super::http::{Page, Route};
use super::session::{Item, SessionData, Theme};

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

/// "Welcome back, alice" or "Hello, guest": the top line of every page.
pub fn greeting(data: &SessionData) -> String {
    match data.user {
        Some(u) => format!("Welcome back, {u}"),
        None => "Hello, guest".to_string(),
    }
}

fn cart_line(cart: &[Item]) -> String {
    match cart.len() {
        0 => "Cart: empty".to_string(),
        1 => "Cart: 1 item".to_string(),
        n => format!("Cart: {n} items"),
    }
}

fn page(data: &SessionData, lines: Vec<String>) -> Page {
    let mut all = lines;
    all.push(cart_line(&data.cart));
    if let Some(t) = data.theme {
        all.push(format!("Theme: {}", if t == Theme::Dark { "dark" } else { "light" }));
    }
    if let Some(u) = data.email {
        all.push(format!("Email: {}", u.email()));
    }
    Page { heading: greeting(data), lines: all }
}

/// Serves one request against the session's data.
pub fn handle(route: Route, data: &mut SessionData) -> Outcome {
    let before = data.clone();
    let (status, lines, effect) = match route {
        Route::Home => (200, vec!["Home".to_string()], Effect::None),
        Route::Login { user, password_ok: true } => {
            data.user = Some(user);
            (200, vec![format!("Logged in as {user}")], Effect::LoggedIn)
        }
        Route::Login { user, password_ok: false } => (401, vec![format!("Wrong password for {user}")], Effect::None),
        Route::Account => match data.user {
            Some(u) => (200, vec![format!("Account of {u}"), format!("Orders: {}", data.orders)], Effect::None),
            None => (401, vec!["Please log in to see your account".to_string()], Effect::None),
        },
        Route::AddToCart { item } => {
            data.cart.push(item);
            (200, vec![format!("Added {} to the cart", item.name())], Effect::None)
        }
        Route::Cart => {
            let list = if data.cart.is_empty() {
                "Your cart is empty".to_string()
            } else {
                format!("Your cart: {}", data.cart.iter().map(|i| i.name()).collect::<Vec<_>>().join(", "))
            };
            (200, vec![list], Effect::None)
        }
        Route::SetTheme { theme } => {
            data.theme = Some(theme);
            (200, vec!["Preferences saved".to_string()], Effect::None)
        }
        Route::Checkout { step } => checkout(step, data),
        Route::SaveDraft { chars } => {
            data.draft_chars = chars;
            (200, vec![format!("Draft saved ({chars} characters)")], Effect::None)
        }
        Route::Logout => {
            *data = SessionData::default();
            (200, vec!["You are logged out".to_string()], Effect::LoggedOut)
        }
        Route::ChangeEmail { to } => match data.user {
            Some(_) => {
                data.email = Some(to);
                (200, vec![format!("Email changed to {}", to.email())], Effect::None)
            }
            None => (401, vec!["Please log in to change your email".to_string()], Effect::None),
        },
        Route::ConfirmPassword { password_ok } => match data.user {
            Some(_) if password_ok => {
                data.sudo = true;
                (200, vec!["Password confirmed: sensitive settings unlocked".to_string()], Effect::PrivilegeRaised)
            }
            Some(u) => (401, vec![format!("Wrong password for {u}")], Effect::None),
            None => (401, vec!["Please log in first".to_string()], Effect::None),
        },
        Route::ActiveSessions => match data.user {
            Some(u) => (200, vec![format!("Active sessions of {u}")], Effect::ListSessions),
            None => (401, vec!["Please log in to see your sessions".to_string()], Effect::None),
        },
        Route::LogOutOtherSessions => match data.user {
            Some(u) => (200, vec![format!("Logging out the other sessions of {u}")], Effect::EndOtherSessions),
            None => (401, vec!["Please log in first".to_string()], Effect::None),
        },
    };
    let modified = *data != before;
    Outcome { status, page: page(data, lines), modified, effect }
}

fn checkout(step: u8, data: &mut SessionData) -> (u16, Vec<String>, Effect) {
    let c = &mut data.checkout;
    match step {
        1 => {
            c.address = true;
            (200, vec!["Checkout step 1 of 3: address saved".to_string()], Effect::None)
        }
        2 if c.address => {
            c.shipping = true;
            (200, vec!["Checkout step 2 of 3: shipping chosen".to_string()], Effect::None)
        }
        3 if c.address && c.shipping => {
            if data.cart.is_empty() {
                return (400, vec!["Checkout: the cart is empty".to_string()], Effect::None);
            }
            data.orders += 1;
            data.cart.clear();
            data.checkout = Default::default();
            (200, vec!["Checkout step 3 of 3: order placed".to_string()], Effect::None)
        }
        _ => (
            400,
            vec![format!("Checkout step {step}: the earlier steps are missing, start again at step 1")],
            Effect::None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::session::User;

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
        assert_eq!((o.page.heading.as_str(), o.effect, o.modified), ("Welcome back, alice", Effect::LoggedIn, true));
        handle(Route::AddToCart { item: Item::Tea }, &mut d);
        assert!(handle(Route::Cart, &mut d).page.lines.contains(&"Your cart: tea".to_string()));
        assert_eq!(handle(Route::Checkout { step: 3 }, &mut d).status, 400);
        for s in 1..=3 {
            assert_eq!(handle(Route::Checkout { step: s }, &mut d).status, 200);
        }
        assert_eq!((d.orders, d.cart.len()), (1, 0));
        let o = handle(Route::Logout, &mut d);
        assert_eq!((o.page.heading.as_str(), o.effect), ("Hello, guest", Effect::LoggedOut));
    }

    #[test]
    fn email_and_password_confirmation_need_a_login() {
        let mut d = SessionData::default();
        assert_eq!(handle(Route::ChangeEmail { to: User::Mallory }, &mut d).status, 401);
        assert_eq!(handle(Route::ActiveSessions, &mut d).status, 401);
        handle(Route::Login { user: User::Alice, password_ok: true }, &mut d);
        let o = handle(Route::ChangeEmail { to: User::Mallory }, &mut d);
        assert!(o.modified && o.page.lines.contains(&"Email: mallory@evil.example".to_string()));
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
}
