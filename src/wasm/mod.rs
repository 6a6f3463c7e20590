//! Everything that touches JavaScript. Compiled for `wasm32` only.
//!
//! - [`bindings`]: every `#[wasm_bindgen]` export; converts at the boundary, once.
//! - [`crypto`]: signature checks on the platform's WebCrypto, with a key cache.
//! - [`transport`]: the only I/O, through `fetch`.

pub mod bindings;
pub mod crypto;
pub mod transport;
