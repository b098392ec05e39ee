//! Engine throughput benchmark (filled in with the engine).
fn main() {}
