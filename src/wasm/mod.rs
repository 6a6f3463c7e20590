//! Everything that touches JavaScript. Compiled for `wasm32` only.
//!
//! - [`bindings`]: every `#[wasm_bindgen]` export; converts at the boundary, once.
//! - [`transport`]: the only I/O, through `fetch`.

pub mod bindings;
pub mod transport;
