//! Browser tests of a lesson's flow in headless Chromium (issue 19): a
//! reached step's "why" comes into view with the focus on it; "Lesson
//! complete" waits for the last check question; "Show me" scrolls to and
//! highlights each control it presses; "Reset lesson" and "Restart step" ask
//! in a modal dialog before discarding work; Undo opens again the step its
//! action had reached.
#![cfg(target_arch = "wasm32")]

mod web_common;

use session_lab::persist::lessons::PROGRESS_KEY;
use wasm_bindgen_test::*;
use web_common::{button, find, focused_id, open_app, sleep, text_in, until};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Whether the top of `el` is inside the window's viewport (to a pixel).
fn in_viewport(el: &HtmlElement) -> bool {
    let r = el.get_bounding_client_rect();
    let h = web_sys::window().unwrap().inner_height().unwrap().as_f64().unwrap();
    r.top() >= -1.0 && r.top() < h
}

/// Clicks "Show me" and waits until `done` steps are marked done.
async fn show_me(root: &HtmlElement, done: u32) {
    button(root, "Show me").click();
    until(&format!("{done} step(s) done"), || count(root, ".step-done") >= done).await;
}

/// Whether the confirm dialog is open.
fn asking(root: &HtmlElement) -> bool {
    root.query_selector("dialog.confirm[open]").unwrap().is_some()
}

#[wasm_bindgen_test]
async fn a_reached_steps_why_comes_into_view_with_focus_and_completion_waits_for_the_question() {
    storage().clear().unwrap();
    let root = open_app("#/lessons/http-forgets").await;
    until("the lesson", || count(&root, ".step-current") == 1).await;
    show_me(&root, 1).await;
    until("the focus on step 1's why", || focused_id() == "step-why-0").await;
    let why = find(&root, "#step-why-0");
    until("step 1's why in view", || in_viewport(&why)).await;
    assert!(text_in(&root, ".live-region").contains("Step 1 of 2 done"));

    show_me(&root, 2).await;
    until("the focus on step 2's why", || focused_id() == "step-why-1").await;
    // Every step is done, but step 2's question is not answered: no "complete" yet.
    let text = root.text_content().unwrap();
    assert!(!text.contains("Lesson complete!"), "complete before the question was answered");
    assert!(text_in(&root, ".lesson-waiting").contains("1 question waiting above"));
    assert!(text_in(&root, ".live-region").contains("answer the question below"));
    assert!(!storage().get_item(PROGRESS_KEY).unwrap().unwrap_or_default().contains("\"http-forgets\":\"done\""));
    button(&root, "Go to the question").click();
    until("the focus on the question", || focused_id() == "check-1").await;

    find(&root, "#check-1 .choice").click();
    until("the lesson complete", || root.text_content().unwrap().contains("Lesson complete!")).await;
    assert_eq!(count(&root, ".lesson-waiting"), 0);
    assert!(text_in(&root, ".live-region").contains("Lesson complete"));
    assert!(storage().get_item(PROGRESS_KEY).unwrap().unwrap_or_default().contains("\"http-forgets\":\"done\""));
    root.remove();
}

#[wasm_bindgen_test]
async fn show_me_scrolls_to_and_highlights_each_control_it_presses() {
    storage().clear().unwrap();
    let root = open_app("#/lessons/two-servers").await;
    until("the lesson", || count(&root, ".step-current") == 1).await;
    // Scrolled away from the controls, as a learner reading the steps is.
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    button(&root, "Show me").click();
    let target =
        || root.query_selector(".show-me-target").unwrap().map(wasm_bindgen::JsCast::unchecked_into::<HtmlElement>);
    until("a highlighted control", || target().is_some()).await;
    let first = target().unwrap();
    assert_eq!(first.text_content().unwrap().trim(), "Log in", "the first control of the solution");
    until("the highlighted control in view", || in_viewport(&first)).await;
    until("the next control highlighted", || {
        target().is_some_and(|t| t.text_content().unwrap().trim() == "Reload page")
    })
    .await;
    assert!(!first.class_list().contains("show-me-target"), "one control is highlighted at a time");
    until("the step done", || count(&root, ".step-done") == 1).await;
    until("the highlight gone", || target().is_none()).await;
    root.remove();
}

#[wasm_bindgen_test]
async fn undo_opens_again_the_step_it_reached_and_reset_lesson_asks_first() {
    storage().clear().unwrap();
    let root = open_app("#/lessons/in-memory").await;
    until("the lesson", || count(&root, ".step-current") == 1).await;
    // Nothing done yet: nothing to lose, so no question.
    button(&root, "Reset lesson").click();
    leptos::task::tick().await;
    assert!(!asking(&root), "a fresh lesson resets without asking");

    show_me(&root, 1).await;
    button(&root, "Undo").click();
    until("step 1 open again", || count(&root, ".step-done") == 0).await;
    assert!(text_in(&root, ".step-current").contains("Log in as alice"));
    assert!(text_in(&root, ".live-region").contains("step 1 is open again"));
    show_me(&root, 1).await;

    // A click on a button focuses it, as a learner's click does.
    let reset = button(&root, "Reset lesson");
    reset.focus().unwrap();
    reset.click();
    until("the dialog", || asking(&root)).await;
    let dialog = find(&root, "dialog.confirm");
    assert!(dialog.text_content().unwrap().contains("Reset the whole lesson?"));
    assert_eq!(focused_id(), "", "the focus is inside the dialog, on Cancel");
    assert_eq!(web_common::document().active_element().unwrap().text_content().unwrap(), "Cancel");
    button(&dialog, "Cancel").click();
    leptos::task::tick().await;
    assert!(!asking(&root));
    assert_eq!(count(&root, ".step-done"), 1, "Cancel keeps the learner's work");
    assert_eq!(web_common::document().active_element().unwrap().text_content().unwrap(), "Reset lesson");

    button(&root, "Reset lesson").click();
    until("the dialog", || asking(&root)).await;
    find(&root, "dialog.confirm .confirm-yes").click();
    until("the first step again", || count(&root, ".step-done") == 0).await;
    root.remove();
}

#[wasm_bindgen_test]
async fn restart_step_takes_the_world_back_to_where_the_step_began() {
    storage().clear().unwrap();
    let root = open_app("#/lessons/in-memory").await;
    until("the lesson", || count(&root, ".step-current") == 1).await;
    show_me(&root, 1).await;
    until("the last request settled", || !text_in(&root, ".clock").contains("in flight")).await;
    sleep(200).await;
    let restart = button(&root, "Restart step");
    assert!(restart.has_attribute("disabled"), "nothing done in this step yet");
    button(&root, "Restart server 1").click();
    until("the restart in the log", || text_in(&root, ".log").contains("restarted")).await;
    assert!(!restart.has_attribute("disabled"));
    restart.click();
    until("the dialog", || asking(&root)).await;
    assert!(text_in(&root, "dialog.confirm").contains("1 action since then will be undone"));
    find(&root, "dialog.confirm .confirm-yes").click();
    until("the restart undone", || !text_in(&root, ".log").contains("restarted")).await;
    assert_eq!(count(&root, ".step-done"), 1, "the step done stays done");
    assert!(text_in(&root, "[aria-label='Browser page']").contains("Added mug to the cart"));
    root.remove();
}
