//! A choice from a list, drawn as a select: for a setting (a labelled
//! select with a hint for the option chosen now) and inline (a label
//! wrapping its select, beside the buttons that use the choice). Options are
//! found again by their place in the list. The select is drawn by one
//! function for every kind of option: only [`Choice::of`] knows the kind, so
//! the WebAssembly holds one copy of the drawing code.

use leptos::prelude::*;

/// A list the learner picks one of, by position: the names shown, which one
/// is chosen now, and what choosing one does.
pub struct Choice {
    /// The name each option shows, in the order shown.
    names: Vec<&'static str>,
    /// The position of the option chosen now.
    now: Signal<usize>,
    /// What choosing the option at a position does.
    pick: Callback<usize>,
}

impl Choice {
    /// A choice among `all`, each shown by `name`; `now` is the one chosen
    /// now and `pick` does what choosing one means.
    pub fn of<T: Copy + PartialEq + Send + Sync + 'static>(
        all: &'static [T],
        name: fn(T) -> &'static str,
        now: impl Fn() -> T + Send + Sync + 'static,
        pick: impl Fn(T) + Send + Sync + 'static,
    ) -> Choice {
        Choice {
            names: all.iter().map(|&t| name(t)).collect(),
            now: Signal::derive(move || {
                let chosen = now();
                all.iter().position(|&t| t == chosen).unwrap_or(usize::MAX)
            }),
            pick: Callback::new(move |i: usize| {
                if let Some(&t) = all.get(i) {
                    pick(t);
                }
            }),
        }
    }

    /// The select itself, with `id` if it is labelled from outside.
    fn select(self, id: Option<&'static str>) -> impl IntoView {
        let Choice { names, now, pick } = self;
        view! {
            <select
                id=id
                on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                        pick.run(i);
                    }
                }
            >
                {names
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| {
                        view! { <option value=i.to_string() selected=move || now.get() == i>{name}</option> }
                    })
                    .collect_view()}
            </select>
        }
    }
}

/// A setting chosen from a list: its label, the select, and a hint (for the
/// option chosen now, by its position).
pub fn setting_choice(
    id: &'static str,
    label: &'static str,
    choice: Choice,
    hint: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <div class="setting">
            <label for=id>{label}</label>
            {choice.select(Some(id))}
            <p class="hint">{hint}</p>
        </div>
    }
}

/// A choice beside the buttons that use it: "Item [tea]".
pub fn inline_choice(label: &'static str, choice: Choice) -> impl IntoView {
    view! { <label>{label} " " {choice.select(None)}</label> }
}
