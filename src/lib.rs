//! # invitekit
//!
//! One client for the organization-invitation APIs of Toggl Track, Jaqpot, Gencove, CloudTruth
//! and Logto, compiled to WebAssembly.
//!
//! The crate is a pure core with thin edges. Its modules form layers, each using only those
//! above it in this list (the tests in `architecture.rs` hold the code to it):
//!
//! - Core types, no I/O and no provider knowledge:
//!   [`platform`] (the URL host parser and Unicode lowercasing the platform lends: the
//!   JavaScript runtime's in wasm),
//!   [`json`] (a validating scanner of a JSON object's members, keys and raw values),
//!   [`time`] (ISO-8601 and epoch milliseconds; never reads a clock),
//!   [`http`] (`HttpRequest`/`HttpResponse`, the sans-IO boundary, and URL/base64 helpers),
//!   [`model`] (the invitation model, its statuses, capabilities and operations),
//!   [`error`] (one error type with stable codes),
//!   [`secret`] (credential newtypes and redaction),
//!   [`draft`] (the draft `create` takes, and the problems a check of it finds).
//! - Parsers of what users hand in: [`email`] (addresses, domains as the URL Standard reads
//!   them), [`link`] (invite-link templates and well-known formats), [`token`] (JWS/JWT decoding
//!   and claim checks; signatures behind a trait).
//! - [`providers`]: one module per provider (request builders, response parsers and its facts)
//!   and the registry that dispatches to them.
//! - [`validate`]: `validateInvitation` and `checkAcceptance`, with each provider's rules.
//! - [`client`]: retries, `Retry-After`, deadlines, pagination, bulk create and verified accepts
//!   over a `Runtime` trait (I/O, clock, timers and randomness come from outside).
//! - [`contract`]: the option objects of the JavaScript contract, and (in its test) the
//!   generated TypeScript declarations.
//! - `wasm` (compiled for `wasm32` only): `runtime` (the one import block of `js/runtime.js`),
//!   `crypto` (WebCrypto signatures), `transport` (the only I/O, through `fetch`) and
//!   `bindings` (every `#[wasm_bindgen]` export, converting at the boundary).

pub mod draft;
pub mod email;
pub mod error;
pub mod http;
pub mod json;
pub mod link;
pub mod model;
pub mod platform;
pub mod providers;
pub mod secret;
pub mod time;
pub mod token;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{ErrorCode, InviteError};
pub use model::{Invitation, Provider, Status};
#[cfg(feature = "client")]
pub mod client;
pub mod contract;
pub mod validate;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod architecture;
