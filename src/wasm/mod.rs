//! Everything that touches JavaScript. Compiled for `wasm32` only. Layers, each using only
//! those before it:
//!
//! - [`runtime`]: the one import block of `js/runtime.js`, and core errors made into JS
//!   `InviteError`s.
//! - [`crypto`]: signature checks on the platform's WebCrypto, with a key cache.
//! - [`transport`]: the only I/O, through `fetch`.
//! - [`bindings`]: every `#[wasm_bindgen]` export; converts at the boundary, once.

pub mod runtime;

pub mod crypto;
#[cfg(feature = "client")]
pub mod transport;

pub mod bindings;
