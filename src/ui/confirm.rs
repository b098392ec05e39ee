//! Asking before a learner's work is thrown away: a modal `<dialog>` (the
//! browser traps the focus in it and closes it on Escape) with a title, what
//! would be lost, "Cancel" (focused first) and the button that goes ahead.
//! The focus goes back to where it was when the dialog closes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A question to ask before doing something that discards work.
#[derive(Clone)]
pub struct Ask {
    /// The dialog's title, a question ("Reset the lesson?").
    pub title: String,
    /// What would be lost.
    pub text: String,
    /// The label of the button that goes ahead ("Reset lesson").
    pub yes: String,
    /// What going ahead does.
    pub on_yes: Callback<()>,
}

/// The dialog for the question in `ask`, open while `ask` holds one.
#[component]
pub fn ConfirmDialog(
    /// The question being asked, if any.
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let open = ask.with(Option::is_some);
        let Some(d) = dialog.get() else {
            return;
        };
        if open && !d.open() {
            opener.set_value(document().active_element().and_then(|e| e.dyn_into().ok()));
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let answer = move |yes: bool| {
        let question = ask.get_untracked();
        ask.set(None);
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        if let Some(el) = opener.get_value() {
            let _ = el.focus();
        }
        if let (true, Some(q)) = (yes, question) {
            q.on_yes.run(());
        }
    };
    let field = move |f: fn(&Ask) -> String| move || ask.with(|a| a.as_ref().map(f).unwrap_or_default());
    view! {
        <dialog
            node_ref=dialog
            class="confirm"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-text"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                answer(false);
            }
        >
            <h2 id="confirm-title">{field(|a| a.title.clone())}</h2>
            <p id="confirm-text">{field(|a| a.text.clone())}</p>
            <div class="actions">
                <button type="button" autofocus=true on:click=move |_| answer(false)>
                    "Cancel"
                </button>
                <button type="button" class="confirm-yes" on:click=move |_| answer(true)>
                    {field(|a| a.yes.clone())}
                </button>
            </div>
        </dialog>
    }
}
