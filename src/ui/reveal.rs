//! Bringing something into view: scroll an element into the viewport
//! (smoothly, or at once when the learner's system asks for reduced motion)
//! and, where the learner should read it next, move the focus to it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use crate::persist;

/// Where the element should end up in the viewport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Its top at the top (text to read from its start).
    Start,
    /// In the middle (a control being pressed).
    Center,
}

/// Scrolls `el` into view, without smooth motion if reduced motion is asked for.
pub fn scroll_to(el: &web_sys::Element, align: Align) {
    let opts = ScrollIntoViewOptions::new();
    opts.set_behavior(if persist::prefers_reduced_motion() { ScrollBehavior::Instant } else { ScrollBehavior::Smooth });
    opts.set_block(match align {
        Align::Start => ScrollLogicalPosition::Start,
        Align::Center => ScrollLogicalPosition::Center,
    });
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// Moves the focus to `el` without the jump focusing makes (the scroll is ours).
pub fn focus_quietly(el: &HtmlElement) {
    let opts = web_sys::FocusOptions::new();
    opts.set_prevent_scroll(true);
    let _ = el.focus_with_options(&opts);
}

/// Once the screen has drawn its latest change, scrolls the element with
/// this id into view and focuses it.
pub fn reveal_soon(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            scroll_to(&el, Align::Start);
            if let Ok(el) = el.dyn_into::<HtmlElement>() {
                focus_quietly(&el);
            }
        }
    });
}
