//! Public suffixes, as browsers use them to refuse a cookie's Domain: a
//! cookie may not be set for a whole registry (`com`, `co.uk`), or every site
//! under it would receive it. Browsers ship the Public Suffix List; the
//! playground needs only its default rule (`*`: any single label, such as
//! `example` or `com`, is a public suffix) and the few multi-label suffixes
//! below, which the lessons and tests name.
//!
//! Source: RFC 6265 section 5.3, step 5 of the storage model (a Domain that
//! is a public suffix is ignored unless it is the request's own host), and
//! the Public Suffix List's format (publicsuffix.org/list: "If no rules
//! match, the prevailing rule is `*`").

/// Multi-label public suffixes the playground knows (a sample of the list).
const MULTI_LABEL: [&str; 6] = ["co.uk", "org.uk", "com.au", "github.io", "herokuapp.com", "vercel.app"];

/// Whether `domain` (lowercase, without a leading dot) is a public suffix.
///
/// ```
/// use session_lab::sim::public_suffix::is_public_suffix;
/// assert!(is_public_suffix("example") && is_public_suffix("com") && is_public_suffix("github.io"));
/// assert!(!is_public_suffix("example.com") && !is_public_suffix("shop.example.com"));
/// ```
pub fn is_public_suffix(domain: &str) -> bool {
    !domain.contains('.') || MULTI_LABEL.contains(&domain)
}
