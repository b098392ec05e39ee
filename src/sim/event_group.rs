//! Which group of the event log's filter an event belongs to (requests,
//! sessions, failures), and which events are losses a learner should notice.

use super::event::{Event, EventCategory, EventKind};

impl Event {
    /// Which filter group the event belongs to.
    pub fn category(&self) -> EventCategory {
        use EventKind::*;
        match &self.kind {
            RequestSent { .. }
            | Routed { .. }
            | ServerReceived { .. }
            | Responded { status: 0..=499, .. }
            | PageShown { status: 0..=499, .. }
            | CookieStored { .. }
            | CookieCleared { .. } => EventCategory::Requests,
            StoreRead { .. }
            | StoreWrite { .. }
            | SessionCreated { .. }
            | SessionRotated { .. }
            | SessionDestroyed { .. }
            | WaitedForSessionLock { .. }
            | Swept { .. }
            | SettingsChanged { .. }
            | ClockAdvanced { .. }
            | BrowserOpened { .. }
            | HttpsChanged { .. }
            | ServerStarted { .. }
            | ServerAdded { .. }
            | StoreSwitched { dropped: 0, .. }
            | AttackLaunched { .. }
            | AttackBlocked { .. }
            | AttackFailed { .. }
            | IdPlanted { .. }
            | IdsGuessed { found: 0, .. }
            | SessionsListed { .. }
            | OtherSessionsEnded { .. }
            | SessionLimitReached { .. }
            | SessionsNotListable { .. }
            | OldCookiesReplayed { .. } => EventCategory::Sessions,
            _ => EventCategory::Failures,
        }
    }

    /// True for the events a learner should notice: losses and their kin.
    pub fn is_loss(&self) -> bool {
        matches!(
            self.kind,
            EventKind::SessionLost { .. }
                | EventKind::UpdateOverwritten { .. }
                | EventKind::StaleRead { .. }
                | EventKind::DestroyedSessionWrittenBack { .. }
                | EventKind::SecureCookieNotSet { .. }
        )
    }
}
