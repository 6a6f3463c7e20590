// The demo server: serves www/ at / and the built package at /pkg/, on 127.0.0.1 only.
// Standard library only. `PORT=0` picks a free port; the URL is printed once listening.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const roots = { "/pkg/": resolve(here, "../pkg"), "/": resolve(here) };
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
};

async function serveFile(res, file) {
  const info = await stat(file).catch(() => null);
  if (!info) return false;
  if (info.isDirectory()) return serveFile(res, join(file, "index.html"));
  const body = await readFile(file);
  res.writeHead(200, {
    "Content-Type": types[extname(file)] ?? "application/octet-stream",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy":
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'",
  });
  res.end(body);
  return true;
}

export function startServer({ port = 4173, host = "127.0.0.1" } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const prefix = path.startsWith("/pkg/") ? "/pkg/" : "/";
      const root = roots[prefix];
      const file = normalize(join(root, path.slice(prefix.length)));
      if ((file !== root && !file.startsWith(root + sep)) || !(await serveFile(res, file))) {
        // Invite links point at the page with their own path and query: serve the page.
        if (prefix === "/" && req.method === "GET" && (await serveFile(res, join(roots["/"], "index.html")))) return;
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      }
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" }).end("bad request");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4173);
  const { url } = await startServer({ port });
  console.log(`invitekit demo: ${url}`);
  console.log(`try an invite link: ${url}accept?invitation_token=tok_demo_123&email=jane%40example.com`);
}
