//! Browser test: the browser's random source works through getrandom (wasm_js
//! backend) and uuid (js feature). A misconfiguration here only shows at run time.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn two_fresh_seeds_differ() {
    let a = session_lab::persist::fresh_seed();
    let b = session_lab::persist::fresh_seed();
    assert_ne!(a, b, "two seeds from getrandom were equal");
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("getrandom has a browser backend");
    assert!(bytes.iter().any(|&b| b != 0));
}

#[wasm_bindgen_test]
fn two_fresh_scenario_ids_differ_and_are_uuids() {
    let a = session_lab::persist::new_scenario_id();
    let b = session_lab::persist::new_scenario_id();
    assert_ne!(a, b);
    assert_eq!(a.len(), 36, "hyphenated UUID: {a}");
    let parsed = uuid::Uuid::parse_str(&a).expect("a valid UUID");
    assert_eq!(parsed.get_version_num(), 4);
}
