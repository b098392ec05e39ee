//! HTTP as the simulated shop speaks it: methods, routes, requests and
//! responses with real header lines.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

use super::ids::{BrowserId, RequestId};
use super::session::{Item, Theme, User};

/// The host name of the shop every server serves.
pub const SHOP_HOST: &str = "shop.example.com";

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// Read a page.
    Get,
    /// Submit a form.
    Post,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Post => "POST",
        })
    }
}

/// A page or form of the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Route {
    /// `GET /`: "Hello, guest" or "Welcome back, alice".
    Home,
    /// `POST /login` with user and password.
    Login {
        /// Who logs in.
        user: User,
        /// Whether the password typed was right.
        password_ok: bool,
    },
    /// `GET /account`: refuses a guest.
    Account,
    /// `POST /cart` adding one item.
    AddToCart {
        /// The item.
        item: Item,
    },
    /// `GET /cart`.
    Cart,
    /// `POST /preferences` setting the theme.
    SetTheme {
        /// The theme.
        theme: Theme,
    },
    /// `POST /checkout/<step>`, step 1 to 3.
    Checkout {
        /// The step.
        step: u8,
    },
    /// `POST /draft`: saves a message draft of this many characters.
    SaveDraft {
        /// Length of the draft.
        chars: u32,
    },
    /// `POST /logout`.
    Logout,
    /// `POST /account/email`: changes the account's email address.
    ChangeEmail {
        /// Whose address it becomes.
        to: User,
    },
    /// `POST /account/confirm`: the user types the password again before a
    /// sensitive change ("sudo mode", a privilege change).
    ConfirmPassword {
        /// Whether the password typed was right.
        password_ok: bool,
    },
    /// `GET /account/sessions`: my active sessions, with device and last seen.
    ActiveSessions,
    /// `POST /account/sessions/end-others`: log out every other session of mine.
    LogOutOtherSessions,
}

impl Route {
    /// The request line without the version, such as `GET /` or
    /// `POST /cart`: the one table of each route's method and path.
    pub fn request_line(self) -> &'static str {
        match self {
            Route::Home => "GET /",
            Route::Login { .. } => "POST /login",
            Route::Account => "GET /account",
            Route::AddToCart { .. } => "POST /cart",
            Route::Cart => "GET /cart",
            Route::SetTheme { .. } => "POST /preferences",
            Route::Checkout { step: 1 } => "POST /checkout/1",
            Route::Checkout { step: 2 } => "POST /checkout/2",
            Route::Checkout { .. } => "POST /checkout/3",
            Route::SaveDraft { .. } => "POST /draft",
            Route::Logout => "POST /logout",
            Route::ChangeEmail { .. } => "POST /account/email",
            Route::ConfirmPassword { .. } => "POST /account/confirm",
            Route::ActiveSessions => "GET /account/sessions",
            Route::LogOutOtherSessions => "POST /account/sessions/end-others",
        }
    }
    /// The method of this route.
    pub fn method(self) -> Method {
        if self.request_line().starts_with("GET ") {
            Method::Get
        } else {
            Method::Post
        }
    }
    /// The path of this route.
    pub fn path(self) -> &'static str {
        // Every request line is "GET <path>" or "POST <path>" (asked on
        // every request: a prefix is cut, the line is not searched).
        let line = self.request_line();
        line.strip_prefix("GET ").or_else(|| line.strip_prefix("POST ")).unwrap_or(line)
    }
    /// The form body, as `application/x-www-form-urlencoded`, if any.
    pub fn body(self) -> Option<String> {
        match self {
            Route::Login { user, password_ok } => {
                Some(format!("user={}&password={}", user.name(), if password_ok { "********" } else { "wrong" }))
            }
            Route::AddToCart { item } => Some(format!("item={}", item.name())),
            Route::SetTheme { theme } => Some(format!("theme={}", if theme == Theme::Dark { "dark" } else { "light" })),
            Route::Checkout { step } => Some(format!("step={step}")),
            Route::SaveDraft { chars } => Some(format!("draft=({chars} characters)")),
            Route::ChangeEmail { to } => Some(format!("email={}", to.email())),
            Route::ConfirmPassword { password_ok } => {
                Some(format!("password={}", if password_ok { "********" } else { "wrong" }))
            }
            _ => None,
        }
    }
    /// Whether the request carries a form body: [`Route::body`] is `Some`
    /// (asked on every request, so without formatting the body).
    pub fn has_body(self) -> bool {
        matches!(
            self,
            Route::Login { .. }
                | Route::AddToCart { .. }
                | Route::SetTheme { .. }
                | Route::Checkout { .. }
                | Route::SaveDraft { .. }
                | Route::ChangeEmail { .. }
                | Route::ConfirmPassword { .. }
        )
    }
}

/// The value of cookie `name` in a `Cookie` request header: exactly what
/// the `cookie` crate's `Cookie::split_parse` finds first under that name
/// (its `value_raw`), without building a `Cookie` for every pair. Each piece
/// between semicolons is trimmed and split at its first `=`; the name and
/// the value are trimmed; a piece without `=` or with an empty name is
/// skipped. Borrowed from the header, so reading it copies nothing; the
/// `http::tests` compare it with the crate on awkward headers. The jar
/// notes where the session and affinity cookies go as it writes a header
/// (`CookieJar::write_cookie_header_finding`, checked against this in debug
/// builds); this reads headers again only when the settings changed while
/// a request was on its way, and for the attacker. It looks at as little as
/// it can: a piece is checked for the name at its start (the name before
/// the first `=`, trimmed, equals `name` exactly when the trimmed piece
/// starts with `name` followed by spaces and `=`), and a value is never
/// read through.
pub(crate) fn cookie_in_header<'h>(header: &'h str, name: &str) -> Option<Cow<'h, str>> {
    cookie_range_in_header(header, name).map(|r| Cow::Borrowed(&header[r]))
}

/// Where in the header [`cookie_in_header`] finds the value, so that a
/// request can keep the place instead of searching again at every hop.
pub(crate) fn cookie_range_in_header(header: &str, name: &str) -> Option<std::ops::Range<usize>> {
    // A name before the first `=`, trimmed, is never empty, never holds a
    // `=` and never starts or ends with a space.
    if name.is_empty() || name.contains('=') || name.trim() != name {
        return None;
    }
    let mut start = 0;
    loop {
        let rest = &header[start..];
        let end = rest.find(';').map_or(header.len(), |i| start + i);
        if let Some(after) = trim(&header[start..end]).strip_prefix(name) {
            if let Some(value) = after.trim_start().strip_prefix('=') {
                let value = trim(value);
                // `value` lies inside `header`: its place is its distance from the start.
                let at = value.as_ptr() as usize - header.as_ptr() as usize;
                return Some(at..at + value.len());
            }
        }
        if end == header.len() {
            return None;
        }
        start = end + 1;
    }
}

/// `str::trim`, with the ASCII whitespace taken byte by byte; only text
/// with another character at either end goes through the Unicode trim.
fn trim(s: &str) -> &str {
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let b = s.as_bytes();
    let (mut i, mut j) = (0, b.len());
    while i < j && is_space(b[i]) {
        i += 1;
    }
    while j > i && is_space(b[j - 1]) {
        j -= 1;
    }
    let t = &s[i..j];
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&f), Some(&l)) if f >= 0x80 || l >= 0x80 => t.trim(),
        _ => t,
    }
}

/// One HTTP header line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Header name, such as `Cookie`.
    pub name: &'static str,
    /// Header value.
    pub value: String,
}

/// A line of a page: most are fixed text, borrowed for free; a line with
/// a number or a list in it is written for the page.
pub type Line = std::borrow::Cow<'static, str>;

/// What the shop page shows after a response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The heading, such as "Hello, guest" or "Welcome back, alice".
    pub heading: Line,
    /// Further lines of the page ("Cart: 2 items", "Theme: dark").
    pub lines: Vec<Line>,
}

impl Page {
    /// The whole page as text.
    pub fn text(&self) -> String {
        let mut s = self.heading.to_string();
        for l in &self.lines {
            s.push('\n');
            s.push_str(l);
        }
        s
    }
}

/// A request and its response, as the exchange inspector shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// The request.
    pub id: RequestId,
    /// Which browser sent it.
    pub browser: BrowserId,
    /// What was asked.
    pub route: Route,
    /// Over https (from the browser to the balancer).
    pub https: bool,
    /// Request headers as sent by the browser.
    pub request_headers: Vec<Header>,
    /// Status code, once answered.
    pub status: Option<u16>,
    /// Response headers (Set-Cookie lines in full).
    pub response_headers: Vec<Header>,
    /// The page the browser shows.
    pub page: Option<Page>,
}

impl Exchange {
    /// The request line, such as `POST /login HTTP/1.1`.
    pub fn request_line(&self) -> String {
        format!("{} {} HTTP/1.1", self.route.method(), self.route.path())
    }
    /// The status line, such as `HTTP/1.1 200 OK`, once answered.
    pub fn status_line(&self) -> Option<String> {
        self.status.map(|s| format!("HTTP/1.1 {s} {}", reason_phrase(s)))
    }
}

/// The standard reason phrase of a status code.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cookie::Cookie;

    /// What the `cookie` crate finds, for comparison.
    fn by_crate<'h>(header: &'h str, name: &str) -> Option<Cow<'h, str>> {
        Cookie::split_parse(header).flatten().find(|c| c.name() == name).map(|c| match c.value_raw() {
            Some(raw) => Cow::Borrowed(raw),
            None => Cow::Owned(c.value().to_string()),
        })
    }

    #[test]
    fn cookie_in_header_finds_what_the_cookie_crate_finds() {
        let headers = [
            "",
            ";",
            " ; ;",
            "sid=abc",
            "sid=abc; lb=2",
            "lb=2; sid=abc",
            "lb=2;sid=abc;sid=def",
            "  sid =  abc  ; lb = 3 ",
            "=x; sid=1",
            " =x; sid=2",
            "sid; sid=3",
            "sid=; lb=1",
            "sid==a=b; lb=\"q\"",
            "sid=\"quoted\"",
            "\u{a0}sid=nbsp\u{a0}; x=1",
            "\u{2003}sid=em\u{3000} ;\u{b}lb=vt\u{b}",
            "\tsid\r=\x0ctab\n",
            "sid=é; lb=ü",
            "sidx=1; sid =2",
            "sid x=1; sid=3",
            "a=b=c; a=d",
            "s id=1; sid=2",
            "SID=1; sid=2",
            "sid=a b c",
            "a=1; b=2; c=3; sid=s:abc.def+/=",
        ];
        for h in headers {
            for name in ["sid", "lb", "SID", "a", "b", "c", "x", "s id", "", " sid", "a=b", "sid "] {
                assert_eq!(cookie_in_header(h, name), by_crate(h, name), "{h:?} {name:?}");
            }
        }
    }

    #[test]
    fn every_request_line_is_its_method_and_path() {
        let routes = [
            Route::Home,
            Route::Login { user: User::Alice, password_ok: true },
            Route::Account,
            Route::AddToCart { item: Item::Tea },
            Route::Cart,
            Route::SetTheme { theme: Theme::Dark },
            Route::Checkout { step: 1 },
            Route::Checkout { step: 2 },
            Route::Checkout { step: 3 },
            Route::SaveDraft { chars: 10 },
            Route::Logout,
            Route::ChangeEmail { to: User::Bob },
            Route::ConfirmPassword { password_ok: false },
            Route::ActiveSessions,
            Route::LogOutOtherSessions,
        ];
        for r in routes {
            assert!(r.path().starts_with('/'), "{r:?}: {}", r.path());
            assert_eq!(format!("{} {}", r.method(), r.path()), r.request_line(), "{r:?}");
        }
        assert_eq!(Route::Checkout { step: 2 }.path(), "/checkout/2");
        assert_eq!(Route::Home.method(), Method::Get);
        assert_eq!(Route::Logout.method(), Method::Post);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn cookie_in_header_agrees_with_the_crate_on_any_header(
            header in "[sidlb =;\t\u{b}\u{a0}\u{2003}é\"x]{0,40}",
            name in proptest::sample::select(vec!["sid", "lb", "s", "x", "sid ", "s id", "=", "é"]),
        ) {
            proptest::prop_assert_eq!(cookie_in_header(&header, name), by_crate(&header, name), "{:?}", header);
        }
    }
}
