//! Signed session IDs as express-session writes them: `s:<id>.<signature>`,
//! the signature being HMAC-SHA256 of the ID under the secret, in base64
//! without padding (the cookie-signature package's format), then URL-encoded
//! into the cookie by `encodeURIComponent`, so that the browser holds
//! `s%3A<id>.<signature>` (with `+` and `/` of the signature as `%2B`, `%2F`).

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::Sha256;
use std::borrow::Cow;

/// What JavaScript's `encodeURIComponent` escapes: everything but letters,
/// digits and `- _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The simulated clock's zero as Unix time in milliseconds (2026-01-05 09:00 UTC),
/// for generators and dates that need a calendar.
pub const SIM_EPOCH_MS: u64 = 1_767_603_600_000;

fn mac(secret: &[u8], id: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    m.update(id.as_bytes());
    STANDARD_NO_PAD.encode(m.finalize().into_bytes())
}

/// The cookie value: `s:<id>.<signature>`, URL-encoded.
pub fn sign(id: &str, secret: &[u8]) -> String {
    let signed = format!("s:{id}.{}", mac(secret, id));
    utf8_percent_encode(&signed, URI_COMPONENT).to_string()
}

/// The cookie value as express-session reads it: URL-decoded when it holds
/// a `%` and decodes to text, else as it is (the `cookie` package's parse).
fn decoded(value: &str) -> Cow<'_, str> {
    if value.contains('%') {
        if let Ok(text) = percent_decode_str(value).decode_utf8() {
            return text;
        }
    }
    Cow::Borrowed(value)
}

/// The ID inside a signed cookie value, if the signature matches. Takes the
/// value URL-encoded (as express-session writes it) or not.
pub fn unsign(value: &str, secret: &[u8]) -> Option<String> {
    let value = decoded(value);
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
        assert!(v.starts_with("s%3Aabc."), "{v}");
        assert!(!v.contains(['+', '/', '=', ':']), "URL-encoded: {v}");
        assert_eq!(unsign(&v, b"keyboard cat").as_deref(), Some("abc"));
        // Not encoded, as another client might send it: still read.
        let plain = percent_decode_str(&v).decode_utf8().unwrap().into_owned();
        assert!(plain.starts_with("s:abc."));
        assert_eq!(unsign(&plain, b"keyboard cat").as_deref(), Some("abc"));
        assert_eq!(unsign(&v, b"another secret"), None);
        assert_eq!(unsign("s:abd.".to_string().as_str(), b"keyboard cat"), None);
        assert_eq!(unsign("abc", b"keyboard cat"), None);
        assert_eq!(unsign("s%3Aabc.%ZZ", b"keyboard cat"), None);
    }

    #[test]
    fn signatures_with_plus_and_slash_are_escaped_like_encode_uri_component() {
        // Some ID among these has a `+` and one a `/` in its signature.
        let values: Vec<String> = (0..64).map(|i| sign(&format!("id{i}"), b"keyboard cat")).collect();
        assert!(values.iter().any(|v| v.contains("%2B")));
        assert!(values.iter().any(|v| v.contains("%2F")));
        for (i, v) in values.iter().enumerate() {
            assert_eq!(unsign(v, b"keyboard cat"), Some(format!("id{i}")));
        }
    }
}
