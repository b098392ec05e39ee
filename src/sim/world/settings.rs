//! Changing the settings while the world runs: TLS to the servers, the
//! balancing policy, the session and cache settings, a library preset. One
//! handler each; a change that breaks sessions (a new store, a renamed
//! cookie, a smaller cache) records what was lost.

use super::{ActionError, World};
use crate::sim::balancer::Balancing;
use crate::sim::config::{CacheSettings, SessionConfig, WorldConfig};
use crate::sim::event::{EventKind, SettingChanged};
use crate::sim::loss::LossCause;
use crate::sim::presets::Preset;
use crate::sim::store::{CacheStore, SessionStore, SignedCookieStore};

impl World {
    /// TLS from the balancer to the servers, or not.
    pub(super) fn on_set_tls_to_servers(&mut self, on: bool) {
        self.config.tls_to_servers = on;
        self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Tls });
    }

    /// The balancer's policy.
    pub(super) fn on_set_balancing(&mut self, policy: Balancing) {
        self.config.balancing = policy;
        self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Balancing });
    }

    /// New session settings, checked first.
    pub(super) fn on_set_session(&mut self, session: &SessionConfig) -> Result<(), ActionError> {
        let mut next = self.config.clone();
        next.session = session.clone();
        self.change_settings(next, SettingChanged::Session)
    }

    /// New cache settings, checked first.
    pub(super) fn on_set_cache(&mut self, settings: &CacheSettings) -> Result<(), ActionError> {
        let mut next = self.config.clone();
        next.cache = settings.clone();
        self.change_settings(next, SettingChanged::Cache)
    }

    /// A real library's settings; a new store leaves every session behind.
    pub(super) fn on_apply_preset(&mut self, preset: Preset) -> Result<(), ActionError> {
        let mut next = self.config.clone();
        preset.apply(&mut next);
        next.validate()?;
        if next.store != self.config.store {
            let from = self.config.store;
            let dropped = self.drop_all_sessions(LossCause::StoreSwitched { from });
            self.emit(None, EventKind::StoreSwitched { from, to: next.store, dropped });
        }
        self.set_config(next);
        self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Preset });
        Ok(())
    }

    /// Checks `next`, installs it and says what changed.
    fn change_settings(&mut self, next: WorldConfig, what: SettingChanged) -> Result<(), ActionError> {
        next.validate()?;
        self.set_config(next);
        self.emit(None, EventKind::SettingsChanged { what });
        Ok(())
    }

    /// Installs a validated config, rebuilding what depends on it.
    fn set_config(&mut self, next: WorldConfig) {
        let cache_changed = next.cache != self.config.cache;
        if next.session.cookie.name != self.config.session.cookie.name {
            self.note_cookie_renamed(&next);
        }
        self.cluster.cookie_store = SignedCookieStore::sealed(
            next.session.secret.as_bytes(),
            next.session.cookie.name.len(),
            next.session.library.cookie_seal,
        );
        if cache_changed {
            let mut fresh = CacheStore::new(next.cache.memory_limit_bytes as usize, next.cache.persistence);
            let mut evicted = Vec::new();
            for r in self.cluster.cache.entries() {
                if let Ok(saved) = fresh.save(r, self.agenda.now) {
                    evicted.extend(saved.evicted);
                }
            }
            self.mark_lost(&evicted, LossCause::Evicted);
            self.cluster.cache = fresh;
        }
        self.config = next;
        self.config_version += 1;
        self.schedule_all_sweeps();
    }

    /// The session cookie gets a new name: every browser holding one under
    /// the old name will arrive without a session cookie the server reads.
    fn note_cookie_renamed(&mut self, next: &WorldConfig) {
        let cause = if next.store == self.config.store {
            LossCause::CookieRenamed
        } else {
            LossCause::StoreSwitched { from: self.config.store }
        };
        let old = self.config.session.cookie.name.clone();
        for idx in 0..self.browsers.len() {
            let Some(value) = self.browsers[idx].jar.get(&old).map(|c| c.value.clone()) else { continue };
            // The first thing that cut the browser off explains the loss: a
            // rename must not hide an earlier store switch or timeout.
            let cause = match self.journal.ledger.fate(&self.session_id_in(&value)) {
                super::Fate::Lost(earlier) => earlier,
                _ => cause,
            };
            let b = &mut self.browsers[idx];
            b.renamed_from = Some(value);
            b.cookie_gone.get_or_insert(cause);
        }
    }
}
