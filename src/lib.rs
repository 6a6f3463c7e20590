//! # invitekit
//!
//! One client for the organization-invitation APIs of Toggl Track, Jaqpot, Gencove, CloudTruth
//! and Logto, compiled to WebAssembly.
//!
//! The crate is a pure core with thin edges:
//!
//! - **Pure core** (no wasm-bindgen or web-sys imports; tested natively):
//!   [`model`], [`error`], [`secret`], [`time`], [`email`], [`link`], [`token`], [`http`]
//!   and [`providers`] (one module per provider: request builders and response parsers).
//! - **Edges** (`wasm` module, compiled for `wasm32` only): `wasm::transport` does the I/O
//!   through `fetch`, `wasm::crypto` verifies signatures with WebCrypto, and
//!   `wasm::bindings` holds every `#[wasm_bindgen]` export and converts at the boundary.

pub mod email;
pub mod error;
pub mod http;
pub mod link;
pub mod model;
pub mod providers;
pub mod secret;
pub mod time;
pub mod token;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{ErrorCode, InviteError};
pub use model::{Invitation, Provider, Status};
pub mod client;
pub mod contract;
pub mod validate;
