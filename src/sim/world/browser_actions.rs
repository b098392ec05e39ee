//! What a learner makes a browser do: visit, log in, two tabs at once,
//! close and reopen, clear cookies, send old cookies again, and the
//! browser's own settings (HTTPS, browser type, continue where you left off).
//! One handler each; sending the request is in `browser_side.rs`.

use super::{ActionError, World};
use crate::sim::action::BrowserAction;
use crate::sim::event::{EventKind, SettingChanged};
use crate::sim::http::Route;
use crate::sim::ids::BrowserId;
use crate::sim::loss::LossCause;

impl World {
    /// Checks and performs one browser action.
    pub(crate) fn browser_action(&mut self, b: BrowserId, act: &BrowserAction) -> Result<(), ActionError> {
        let Some(browser) = self.browsers.get(b.0 as usize) else {
            return Err(ActionError::new(format!("there is no browser {}", b.0)));
        };
        let works_closed = matches!(
            act,
            BrowserAction::Reopen
                | BrowserAction::UseHttps { .. }
                | BrowserAction::UseEngine { .. }
                | BrowserAction::RestoreOnReopen { .. }
        );
        if !works_closed && !browser.open {
            return Err(ActionError::new(format!("{b} is closed; reopen it first")));
        }
        match act {
            BrowserAction::Request { route } => {
                self.send(b, *route, true);
            }
            BrowserAction::Reload => {
                let route = self.browsers[b.0 as usize].last_get;
                self.send(b, route, true);
            }
            BrowserAction::LogIn { user, password } => {
                let route = Route::Login { user: *user, password_ok: *password == user.password() };
                self.send(b, route, true);
            }
            BrowserAction::TwoTabs { first, second } => self.on_two_tabs(b, *first, *second),
            BrowserAction::Close => self.on_close(b),
            BrowserAction::Reopen => self.on_reopen(b)?,
            BrowserAction::ClearCookies => self.on_clear_cookies(b),
            BrowserAction::RestoreOnReopen { on } => {
                self.browsers[b.0 as usize].restores_session = *on;
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::BrowserEngine });
            }
            BrowserAction::UseEngine { engine } => {
                self.browsers[b.0 as usize].engine = *engine;
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::BrowserEngine });
            }
            BrowserAction::ReplayOldCookies => self.on_replay_old_cookies(b)?,
            BrowserAction::UseHttps { on } => {
                self.browsers[b.0 as usize].https = *on;
                self.emit(None, EventKind::HttpsChanged { browser: b, https: *on });
            }
        }
        Ok(())
    }

    /// Two requests at once from two tabs (both checked by `Action::check_range`).
    fn on_two_tabs(&mut self, b: BrowserId, first: Route, second: Route) {
        self.send(b, first, true);
        self.send(b, second, true);
    }

    /// The browser closes: it drops its session cookies, unless it restores
    /// them when reopened.
    fn on_close(&mut self, b: BrowserId) {
        let idx = b.0 as usize;
        let dropped =
            if self.browsers[idx].restores_session { Vec::new() } else { self.browsers[idx].jar.close_browser() };
        self.note_cookies_gone(idx, &dropped, LossCause::BrowserClosed);
        self.browsers[idx].open = false;
        self.browsers[idx].page = None;
        self.emit(None, EventKind::BrowserClosed { browser: b, dropped: dropped.len() as u32 });
    }

    /// A closed browser opens again.
    fn on_reopen(&mut self, b: BrowserId) -> Result<(), ActionError> {
        let idx = b.0 as usize;
        if self.browsers[idx].open {
            return Err(ActionError::new(format!("{b} is already open")));
        }
        self.browsers[idx].open = true;
        self.emit(None, EventKind::BrowserOpened { browser: b });
        Ok(())
    }

    /// The learner clears the browser's cookies.
    fn on_clear_cookies(&mut self, b: BrowserId) {
        let idx = b.0 as usize;
        let dropped = self.browsers[idx].jar.clear();
        self.note_cookies_gone(idx, &dropped, LossCause::CookiesCleared);
        self.emit(None, EventKind::CookiesCleared { browser: b, dropped: dropped.len() as u32 });
    }

    /// The cookies the browser dropped go back in its jar, as someone who
    /// copied them would send them again.
    fn on_replay_old_cookies(&mut self, b: BrowserId) -> Result<(), ActionError> {
        let idx = b.0 as usize;
        let cookies = self.browsers[idx].jar.replay_dropped(self.agenda.now);
        if cookies == 0 {
            return Err(ActionError::new(format!("{b} has dropped no cookies to send again")));
        }
        let browser = &mut self.browsers[idx];
        // What it sends now is its own doing: a loss found next is reported afresh.
        browser.cookie_gone = None;
        browser.last_loss = None;
        self.emit(None, EventKind::OldCookiesReplayed { browser: b, cookies: cookies as u32 });
        Ok(())
    }
}
