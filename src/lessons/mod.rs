//! The course: lessons as data, in teaching order.

/// One entry of the course outline.
#[derive(Clone, Copy, Debug)]
pub struct Outline {
    /// Stable id, used in the lesson's URL (`#/lessons/<id>`).
    pub id: &'static str,
    /// Title as the learner sees it.
    pub title: &'static str,
    /// One sentence on what the lesson shows.
    pub summary: &'static str,
}

/// The course outline in the order it is taught.
pub const COURSE: &[Outline] = &[
    Outline {
        id: "http-forgets",
        title: "HTTP forgets you",
        summary: "Without a session the shop greets you as a guest on every page.",
    },
    Outline {
        id: "claim-ticket",
        title: "A claim ticket",
        summary: "The session ID travels in a cookie: Set-Cookie out, Cookie back.",
    },
    Outline {
        id: "what-it-holds",
        title: "What a session holds",
        summary: "Login, cart, preferences and a form filled in over several steps.",
    },
    Outline { id: "lifecycle", title: "Lifecycle", summary: "Creation, use, idle and absolute timeouts, and logout." },
    Outline { id: "in-memory", title: "In-memory storage", summary: "Fast, and gone when the server restarts." },
    Outline {
        id: "file-storage",
        title: "File storage",
        summary: "Survives a restart; old files pile up until cleaned.",
    },
    Outline { id: "two-servers", title: "Two servers behind a load balancer", summary: "Logged out at random." },
    Outline { id: "sticky", title: "Sticky sessions", summary: "A fix that breaks when a server dies or is replaced." },
    Outline {
        id: "shared-database",
        title: "A shared database",
        summary: "Every server sees the session, until the database itself is down.",
    },
];
