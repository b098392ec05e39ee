//! The request token travels. When the token moves on to the next card, it is
//! first drawn where it was and then glides to its new card over most of one
//! animation beat, so its speed follows the speed the learner chose (a FLIP
//! animation: first, last, invert, play). With reduced motion, or with
//! animation off, it simply appears at its new card; the card's highlight
//! still marks the change.

use leptos::prelude::*;

use crate::persist;
use crate::sim::ids::RequestId;
use crate::sim::picture::Picture;
use crate::sim::words::decimal;
use crate::sim::world::RequestPosition;
use crate::ui::lab::Lab;

/// Where the token was last drawn, relative to the picture's grid.
#[derive(Clone, Copy)]
struct Spot {
    request: RequestId,
    position: RequestPosition,
    x: f64,
    y: f64,
}

/// Share of a beat the glide takes, so it lands before the next hop starts.
const GLIDE_SHARE: f64 = 0.8;

/// Makes the token in `picture` glide from card to card as its request moves.
pub fn follow_the_token(picture: Memo<Picture>) {
    let lab = Lab::get();
    let last: StoredValue<Option<Spot>> = StoredValue::new(None);
    Effect::new(move |_| {
        let Some((request, position)) = picture.with(|p| p.token.as_ref().map(|t| (t.request, t.position))) else {
            last.set_value(None);
            return;
        };
        let Some((chip, grid)) = token_and_grid() else { return };
        let (x, y) = offset(&chip, &grid);
        let before = last.get_value();
        last.set_value(Some(Spot { request, position, x, y }));
        let Some(from) = before.filter(|s| s.request == request && s.position != position) else { return };
        if !lab.animate.get_untracked() || persist::prefers_reduced_motion() {
            return;
        }
        let (dx, dy) = (from.x - x, from.y - y);
        if dx.abs() < 1.0 && dy.abs() < 1.0 {
            return;
        }
        // Invert: drawn where it was, at once; then play: back to its own place.
        let _ = chip.set_attribute(
            "style",
            &format!("transform: translate({}px, {}px); transition: none", decimal(dx, 0), decimal(dy, 0)),
        );
        let _ = chip.get_bounding_client_rect(); // the browser takes the starting place before the glide
        let ms = decimal(lab.beat_ms() * GLIDE_SHARE, 0);
        request_animation_frame(move || {
            let _ = chip.set_attribute("style", &format!("transform: none; transition: transform {ms}ms ease-in-out"));
        });
    });
}

/// The token's chip and the grid it moves over, when both are on the page.
fn token_and_grid() -> Option<(web_sys::Element, web_sys::Element)> {
    let document = web_sys::window()?.document()?;
    let chip = document.query_selector(".picture-grid .pic-token-chip").ok()??;
    let grid = document.query_selector(".picture-grid").ok()??;
    Some((chip, grid))
}

/// The chip's top-left corner relative to the grid's (scrolling moves both alike).
fn offset(chip: &web_sys::Element, grid: &web_sys::Element) -> (f64, f64) {
    let (c, g) = (chip.get_bounding_client_rect(), grid.get_bounding_client_rect());
    (c.left() - g.left(), c.top() - g.top())
}
