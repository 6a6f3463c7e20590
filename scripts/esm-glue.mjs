// Builds the package's ESM glue from wasm-bindgen's `--target web` output with esbuild: the
// glue imports js/runtime.js under wasm-bindgen's hashed snippet path, which esbuild resolves
// to the package's own ESM copy of it (`./runtime.mjs`, left external so that the glue and the
// package's entries share one instance of it, one InviteError class). It is shipped with its
// comments and whitespace removed and its syntax shortened (a page pays for the glue's bytes:
// -1.1 KB of gzip for the full glue, measured), with every name as wasm-bindgen wrote it, so
// stack traces and `.name` stay readable; the wasm's import module names (string keys in the
// glue) stay as they are.
//   node scripts/esm-glue.mjs <wasm-bindgen web glue> <output .mjs> <its declarations, for Deno>
import { build } from "esbuild";

const [entry, outfile, types] = process.argv.slice(2);
const SNIPPET = /^\.\/snippets\/[^/]+\/js\/runtime\.js$/;
let redirected = 0;

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2020",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  // wasm-bindgen's imports object names the snippet module once per import block, with one
  // key; JavaScript keeps the last, and every block is the same module.
  logOverride: { "duplicate-object-key": "silent" },
  // Deno reads the glue's types from this pragma, which esbuild does not keep by itself.
  banner: { js: `/* @ts-self-types="${types}" */` },
  plugins: [
    {
      name: "invitekit-runtime",
      setup(b) {
        b.onResolve({ filter: SNIPPET }, () => {
          redirected += 1;
          return { path: "./runtime.mjs", external: true };
        });
      },
    },
  ],
});

if (redirected === 0) {
  throw new Error(`esm-glue: ${entry} imports no snippets/*/js/runtime.js; has wasm-bindgen's layout changed?`);
}
