//! Signed session IDs as express-session writes them: `s:<id>.<signature>`,
//! the signature being HMAC-SHA256 of the ID under the secret, in base64
//! without padding (the cookie-signature package's format).

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The simulated clock's zero as Unix time in milliseconds (2026-01-05 09:00 UTC),
/// for generators and dates that need a calendar.
pub const SIM_EPOCH_MS: u64 = 1_767_603_600_000;

fn mac(secret: &[u8], id: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    m.update(id.as_bytes());
    STANDARD_NO_PAD.encode(m.finalize().into_bytes())
}

/// `s:<id>.<signature>`.
pub fn sign(id: &str, secret: &[u8]) -> String {
    format!("s:{id}.{}", mac(secret, id))
}

/// The ID inside a signed value, if the signature matches.
pub fn unsign(value: &str, secret: &[u8]) -> Option<String> {
    let rest = value.strip_prefix("s:")?;
    let (id, sig) = rest.rsplit_once('.')?;
    let expected = mac(secret, id);
    // Compare without an early exit, as a real implementation must.
    let same =
        expected.len() == sig.len() && expected.bytes().zip(sig.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    same.then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_ids_round_trip_and_forgeries_fail() {
        let v = sign("abc", b"keyboard cat");
        assert!(v.starts_with("s:abc."));
        assert_eq!(unsign(&v, b"keyboard cat").as_deref(), Some("abc"));
        assert_eq!(unsign(&v, b"another secret"), None);
        assert_eq!(unsign("s:abd.".to_string().as_str(), b"keyboard cat"), None);
        assert_eq!(unsign("abc", b"keyboard cat"), None);
    }
}
