// invitekit/core in workerd (Cloudflare Workers) and Deno: the .wasm is imported as a compiled
// module and instantiated synchronously. No init call needed.
import source wasmModule from "../dist/invitekit_core_bg.wasm";
import { initSync } from "../dist/invitekit_core.mjs";
initSync({ module: wasmModule });
export { default, initSync } from "../dist/invitekit_core.mjs";
export * from "../dist/invitekit_core.mjs";
export { InviteError, PROVIDERS } from "../dist/runtime.mjs";
