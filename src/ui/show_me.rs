//! "Show me": presses the current step's reference solution one control per
//! beat, and before each press scrolls to that control on the screen and
//! highlights it, so the learner sees where it is and what it does.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::lab::Lab;
use super::reveal::{scroll_to, Align};
use super::step_controls::STEP_CONTROL_CLASS;

/// Real milliseconds before the next control is shown.
const BEAT_MS: u64 = 450;
/// Real milliseconds a control is shown, highlighted, before it is pressed.
const POINT_MS: u64 = 550;
/// The class of the control being pressed.
pub const TARGET_CLASS: &str = "show-me-target";

/// Presses `controls` from `next` on, one per beat, waiting while requests
/// run; stops when `showing` turns false.
pub fn play_solution(lab: Lab, controls: Vec<String>, next: usize, showing: RwSignal<bool>) {
    if !showing.get_untracked() {
        clear_highlight();
        return;
    }
    let Some(name) = controls.get(next).cloned() else {
        showing.set(false);
        set_timeout(clear_highlight, Duration::from_millis(BEAT_MS * 2));
        return;
    };
    set_timeout(
        move || {
            if lab.animating.get_untracked() {
                play_solution(lab, controls, next, showing);
                return;
            }
            if let Some(el) = find_control(&name) {
                point_at(&el);
            }
            lab.announcement.set(format!("Show me: pressing \"{name}\""));
            set_timeout(
                move || {
                    lab.press(&name);
                    play_solution(lab, controls, next + 1, showing);
                },
                Duration::from_millis(POINT_MS),
            );
        },
        Duration::from_millis(BEAT_MS),
    );
}

/// Scrolls `el` into the middle of the viewport and highlights it alone.
fn point_at(el: &HtmlElement) {
    clear_highlight();
    // A setting inside a closed disclosure: open it, as the learner would.
    if let Some(details) = el.closest("details").ok().flatten() {
        let _ = details.set_attribute("open", "");
    }
    let _ = el.class_list().add_1(TARGET_CLASS);
    scroll_to(el, Align::Center);
}

/// Takes the highlight off every control.
fn clear_highlight() {
    let list = document().query_selector_all(&format!(".{TARGET_CLASS}"));
    if let Ok(list) = list {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = el.class_list().remove_1(TARGET_CLASS);
            }
        }
    }
}

/// The elements of the main area matching `selector`.
fn all(selector: &str) -> Vec<HtmlElement> {
    let Ok(list) = document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<HtmlElement>().ok()).collect()
}

/// Whether `el` takes up room on the screen (not hidden).
fn drawn(el: &HtmlElement) -> bool {
    el.offset_width() > 0 || el.offset_height() > 0
}

/// The control a lesson names: a button by its text, or "Label = value"
/// (a select, checkbox or field by its label's own text).
pub fn find_control(name: &str) -> Option<HtmlElement> {
    if let Some((label, _)) = name.split_once(" = ") {
        return labelled(label.trim());
    }
    // The playground's own control, not the copy beside the step's task.
    let buttons = all(&format!("main button:not(.{STEP_CONTROL_CLASS})"));
    let named = |b: &&HtmlElement| b.text_content().unwrap_or_default().trim() == name;
    buttons.iter().filter(named).find(|b| drawn(b)).or_else(|| buttons.iter().find(named)).cloned()
}

/// The control whose label says `label`: exactly, else at its start.
fn labelled(label: &str) -> Option<HtmlElement> {
    let pairs: Vec<(String, HtmlElement)> = all("main label")
        .into_iter()
        .filter_map(|l| {
            let control = match l.get_attribute("for") {
                Some(id) => document().get_element_by_id(&id)?.dyn_into::<HtmlElement>().ok()?,
                None => l.query_selector("input, select, textarea").ok()??.dyn_into::<HtmlElement>().ok()?,
            };
            let all_text = l.text_content().unwrap_or_default();
            let inner =
                if l.contains(Some(&control)) { control.text_content().unwrap_or_default() } else { String::new() };
            Some((all_text.replacen(&inner, "", 1).trim().to_string(), control))
        })
        .collect();
    let exact = pairs.iter().find(|(text, _)| text == label);
    exact.or_else(|| pairs.iter().find(|(text, _)| text.starts_with(label))).map(|(_, c)| c.clone())
}
