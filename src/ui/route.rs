//! Where the app is, as the URL fragment says: `#/lessons`, `#/lessons/<id>`,
//! `#/sandbox`, or a share link `#/sandbox/s/<scenario>`. Fragments keep
//! links working on any static host.

/// A place in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The course; with a lesson id, that lesson.
    Lessons(Option<String>),
    /// The sandbox; with a scenario fragment, the shared scenario.
    Sandbox(Option<String>),
}

impl Place {
    /// Reads a fragment such as `#/lessons/in-memory`. Unknown fragments: `None`.
    pub fn parse(hash: &str) -> Option<Place> {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(3, '/');
        match (parts.next()?, parts.next(), parts.next()) {
            ("lessons", None, _) | ("lessons", Some(""), _) => Some(Place::Lessons(None)),
            ("lessons", Some(id), _) => Some(Place::Lessons(Some(id.to_string()))),
            ("sandbox", Some("s"), Some(fragment)) if !fragment.is_empty() => {
                Some(Place::Sandbox(Some(fragment.to_string())))
            }
            ("sandbox", _, _) => Some(Place::Sandbox(None)),
            _ => None,
        }
    }

    /// The fragment for this place.
    pub fn to_hash(&self) -> String {
        match self {
            Place::Lessons(None) => "#/lessons".into(),
            Place::Lessons(Some(id)) => format!("#/lessons/{id}"),
            Place::Sandbox(None) => "#/sandbox".into(),
            Place::Sandbox(Some(f)) => format!("#/sandbox/s/{f}"),
        }
    }
}

/// Whether the fragment asks for a lesson in present mode
/// (`#/lessons/<id>/present`): the picture and the lesson text only, in
/// large type, for a projector.
pub fn presenting(hash: &str) -> bool {
    matches!(Place::parse(hash), Some(Place::Lessons(Some(_)))) && hash.trim_end_matches('/').ends_with("/present")
}

/// The page's current fragment.
pub fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Replaces the fragment without adding a history entry.
pub fn replace_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_parse_and_print() {
        assert_eq!(Place::parse("#/lessons"), Some(Place::Lessons(None)));
        assert_eq!(Place::parse("#/lessons/in-memory"), Some(Place::Lessons(Some("in-memory".into()))));
        assert_eq!(Place::parse("#/sandbox"), Some(Place::Sandbox(None)));
        assert_eq!(Place::parse("#/sandbox/s/abc"), Some(Place::Sandbox(Some("abc".into()))));
        assert_eq!(Place::parse("#/nowhere"), None);
        assert_eq!(Place::parse(""), None);
        assert_eq!(Place::parse("#/lessons/in-memory/present"), Some(Place::Lessons(Some("in-memory".into()))));
        assert!(presenting("#/lessons/in-memory/present"));
        assert!(!presenting("#/lessons/in-memory") && !presenting("#/sandbox/present"));
        for p in [Place::Lessons(Some("x".into())), Place::Sandbox(Some("y".into()))] {
            assert_eq!(Place::parse(&p.to_hash()), Some(p));
        }
    }
}
