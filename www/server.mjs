// The demo server: the page (www/) at /, the built package at /pkg/, and the provider sandbox
// at /sandbox/<provider>/, all on 127.0.0.1. Standard library only. `PORT=0` picks a free port.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox, handle as handleSandbox, inviteLinks } from "./sandbox/index.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const roots = { "/pkg/": resolve(here, "../pkg"), "/": resolve(here) };
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
};
const security = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:",
};

async function serveFile(res, file) {
  const info = await stat(file).catch(() => null);
  if (!info) return false;
  if (info.isDirectory()) return serveFile(res, join(file, "index.html"));
  const body = await readFile(file);
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store", ...security });
  res.end(body);
  return true;
}

export function startServer({ port = 4173, host = "127.0.0.1", sandbox = createSandbox() } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      if (await handleSandbox(sandbox, req, res, url.pathname, url.search)) return;
      const path = decodeURIComponent(url.pathname);
      const prefix = path.startsWith("/pkg/") ? "/pkg/" : "/";
      const root = roots[prefix];
      const file = normalize(join(root, path.slice(prefix.length)));
      if ((file === root || file.startsWith(root + sep)) && (await serveFile(res, file))) return;
      if (prefix === "/pkg/" || path.startsWith("/sandbox")) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
      // Invite links (/join/...) and any other page path: the page reads the link itself.
      if (req.method === "GET" || req.method === "HEAD") {
        await serveFile(res, join(roots["/"], "index.html"));
        return;
      }
      res.writeHead(405, { "Content-Type": "text/plain" }).end("method not allowed");
    } catch {
      if (!res.headersSent) res.writeHead(400, { "Content-Type": "text/plain" }).end("bad request");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok({ server, sandbox, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4173);
  const { url, sandbox } = await startServer({ port });
  console.log(`invitekit demo: ${url}`);
  console.log("ready invite links (signed-in email defaults to alice@example.com):");
  for (const l of inviteLinks(sandbox, url.replace(/\/$/, ""))) console.log(`  ${l.provider.padEnd(10)} ${l.state.padEnd(8)} ${l.email.padEnd(17)} ${l.url}`);
}
