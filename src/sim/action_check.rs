//! The checks an action passes whatever the world it is given to: a load
//! run's size, how far the clock moves, how many IDs mallory guesses, a
//! checkout step, a draft's length. The world runs them first on every
//! action, and a scenario runs them on every action it carries before it is
//! replayed, so a link is refused with the same words as the controls.

use super::action::{Action, BrowserAction};
use super::attack::{Attack, MAX_GUESSES};
use super::http::Route;
use super::time::SimTime;

/// The most visitors a load run may have.
pub const MAX_USERS: u32 = 5_000;
/// The longest load run, in minutes.
pub const MAX_MINUTES: u32 = 24 * 60;
/// The furthest the clock moves in one action.
pub const MAX_ADVANCE: SimTime = SimTime::days(365);
/// The longest draft a request saves, in characters.
pub const MAX_DRAFT_CHARS: u32 = 100_000;

impl Action {
    /// Refuses a value out of range, saying what the range is.
    pub fn check_range(&self) -> Result<(), String> {
        match self {
            Action::RunLoad { users, .. } if *users == 0 || *users > MAX_USERS => {
                Err(format!("a load run has 1 to {MAX_USERS} users, not {users}"))
            }
            Action::RunLoad { minutes, .. } if *minutes == 0 || *minutes > MAX_MINUTES => {
                Err(format!("a load run lasts 1 to {MAX_MINUTES} minutes, not {minutes}"))
            }
            Action::Advance { by } if *by == SimTime::ZERO || *by > MAX_ADVANCE => {
                Err("the clock moves forward by more than 0 and at most 365 days".to_string())
            }
            Action::Attack { attack: Attack::Guess { tries } } if !(1..=MAX_GUESSES).contains(tries) => {
                Err(format!("mallory tries between 1 and {MAX_GUESSES} IDs"))
            }
            Action::Browser { act: BrowserAction::Request { route }, .. } => check_route(*route),
            Action::Browser { act: BrowserAction::TwoTabs { first, second }, .. } => {
                check_route(*first).and_then(|()| check_route(*second))
            }
            _ => Ok(()),
        }
    }
}

/// A checkout step is 1 to 3; a draft holds at most 100,000 characters.
fn check_route(route: Route) -> Result<(), String> {
    match route {
        Route::Checkout { step } if !(1..=3).contains(&step) => Err(format!("checkout has steps 1 to 3, not {step}")),
        Route::SaveDraft { chars } if chars > MAX_DRAFT_CHARS => {
            Err("a draft has at most 100,000 characters".to_string())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::BrowserId;

    #[test]
    fn out_of_range_values_are_refused_with_their_range() {
        let refused = |a: Action| a.check_range().unwrap_err();
        assert_eq!(refused(Action::RunLoad { users: 5001, minutes: 1 }), "a load run has 1 to 5000 users, not 5001");
        assert_eq!(refused(Action::RunLoad { users: 1, minutes: 0 }), "a load run lasts 1 to 1440 minutes, not 0");
        assert!(refused(Action::Advance { by: SimTime::days(366) }).contains("at most 365 days"));
        assert!(refused(Action::Attack { attack: Attack::Guess { tries: 0 } }).contains("between 1 and 10000"));
        let two_tabs = BrowserAction::TwoTabs { first: Route::Cart, second: Route::Checkout { step: 0 } };
        assert!(refused(Action::Browser { browser: BrowserId::ALICE, act: two_tabs }).contains("steps 1 to 3"));
        assert_eq!(Action::RunLoad { users: MAX_USERS, minutes: MAX_MINUTES }.check_range(), Ok(()));
    }
}
