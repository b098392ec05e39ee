//! The security panel's controls: mallory's moves by their button names,
//! filled in with the victim and guesses chosen on screen, and the action
//! that switches a defense on or off. [`press`](super::press) and the
//! security panel both use them.

use super::inputs::Inputs;
use crate::sim::attack::{Attack, FixedId, ForgedRequest, Plant};
use crate::sim::defense::Defense;
use crate::sim::{Action, BrowserAction, World};

/// Mallory's moves on the security panel, by name.
pub const ATTACK_BUTTONS: [(&str, AttackMove); 9] = [
    ("Sniff the victim's cookie", AttackMove::Sniff),
    ("Post a script comment (XSS)", AttackMove::Xss),
    ("Post a script that changes the email (XSS)", AttackMove::XssRequest(ForgedRequest::ChangeEmail)),
    ("Forge a cross-site add to cart", AttackMove::Csrf(ForgedRequest::AddToCart)),
    ("Forge a cross-site email change", AttackMove::Csrf(ForgedRequest::ChangeEmail)),
    ("Plant an ID by link", AttackMove::Fixation(Plant::Link, FixedId::Issued)),
    ("Plant an ID from a sibling site", AttackMove::Fixation(Plant::SiblingCookie, FixedId::Issued)),
    ("Plant a made-up ID", AttackMove::Fixation(Plant::Link, FixedId::MadeUp)),
    ("Guess session IDs", AttackMove::Guess),
];

/// One of mallory's moves before its victim and numbers are filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttackMove {
    /// Sniff the victim's traffic.
    Sniff,
    /// Post a script comment.
    Xss,
    /// Post a script that sends a request from inside the page.
    XssRequest(ForgedRequest),
    /// Forge a cross-site request.
    Csrf(ForgedRequest),
    /// Plant a session ID.
    Fixation(Plant, FixedId),
    /// Guess IDs.
    Guess,
}

impl AttackMove {
    /// The attack, against the victim and with the guesses chosen in `inputs`.
    pub fn attack(self, inputs: &Inputs) -> Attack {
        let victim = inputs.victim;
        match self {
            AttackMove::Sniff => Attack::Sniff { victim },
            AttackMove::Xss => Attack::Xss { victim },
            AttackMove::XssRequest(forged) => Attack::XssRequest { victim, forged },
            AttackMove::Csrf(forged) => Attack::Csrf { victim, forged },
            AttackMove::Fixation(via, id) => Attack::Fixation { victim, via, id },
            AttackMove::Guess => Attack::Guess { tries: inputs.guesses },
        }
    }
}

/// The action that switches defense `d` on or off, as the security panel
/// sends it: HTTPS for the active browser, TLS to the servers, or new
/// session settings.
pub fn defense(d: Defense, on: bool, inputs: &Inputs, world: &World) -> Result<Action, String> {
    match d {
        Defense::Https => Ok(Action::Browser { browser: inputs.active, act: BrowserAction::UseHttps { on } }),
        Defense::TlsToServers => Ok(Action::SetTlsToServers { on }),
        _ => {
            let mut config = world.config().clone();
            d.set(&mut config, on);
            if config.session == world.config().session {
                return Err(format!("{}: {}; there is nothing to switch", d.label(), d.explanation()));
            }
            Ok(Action::SetSession { config: Box::new(config.session) })
        }
    }
}
