//! Everything that touches JavaScript. Compiled for `wasm32` only. Layers, each using only
//! those before it:
//!
//! - [`runtime`]: the one import block of `js/runtime.js`, and core errors made into JS
//!   `InviteError`s.
//! - [`crypto`]: signature checks on the platform's WebCrypto, with a key cache.
//! - [`transport`]: the only I/O, through `fetch`.
//! - [`bindings`]: every `#[wasm_bindgen]` export; converts at the boundary, once.

pub mod runtime;

/// The heap: talc instead of the standard library's dlmalloc, for size: -2,422 B of gzip for
/// `invitekit/core`, +431 B for `invitekit`, with decode and link parsing unchanged (measured
/// 2026-12-05).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod crypto;
#[cfg(feature = "client")]
pub mod transport;

pub mod bindings;
