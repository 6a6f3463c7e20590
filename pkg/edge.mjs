// workerd (Cloudflare Workers) and Deno: the .wasm is imported as a compiled module (workerd
// only instantiates precompiled modules) and instantiated synchronously. No init call needed.
import source wasmModule from "./dist/invitekit_bg.wasm";
import { initSync } from "./dist/invitekit.mjs";
initSync({ module: wasmModule });
export { default, initSync } from "./dist/invitekit.mjs";
export * from "./dist/invitekit.mjs";
export { InviteError, PROVIDERS } from "./dist/runtime.mjs";
