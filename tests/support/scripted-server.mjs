// The scripted HTTP server on 127.0.0.1 that the client tests run against, in Node
// (tests/js/client.test.mjs) and in Chromium (tests/e2e/client-browser.test.mjs): handlers
// queued per "METHOD path" and used in order (the last one repeats), every request recorded,
// a 404 for anything unscripted. `item()` is a CloudTruth invitation in the current `state`.
import { createServer } from "node:http";

export const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

/** `serve(req, res)`, when given, answers first and returns true for what it handled itself
 *  (the browser test serves its page and pkg/ from the same origin). */
export async function scriptedServer({ serve } = {}) {
  const hits = [];
  const state = { accepted: 0, status: "pending" };
  let script = new Map();
  const server = createServer((req, res) => {
    if (serve?.(req, res)) return;
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const key = `${req.method} ${req.url}`;
      hits.push({ key, auth: req.headers.authorization, body, at: Date.now() });
      const queue = script.get(key);
      const handler = queue?.length > 1 ? queue.shift() : queue?.[0];
      if (handler) return handler(req, res, body);
      json(res, 404, { detail: "Not found." });
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    hits,
    state,
    /** Scripts `key` ("METHOD path") with handlers `(req, res, body)`, used in order. */
    on: (key, ...handlers) => script.set(key, handlers),
    reset() {
      script = new Map();
      hits.length = 0;
      state.accepted = 0;
      state.status = "pending";
    },
    item: (s = state.status) => ({
      url: "http://x/api/v1/invitations/i1/", id: "i1", email: "jane@example.com", role: "VIEWER",
      inviter: "http://x/api/v1/users/u1/", inviter_name: "Boss", state: s, state_detail: "", membership: null,
      organization: "http://x/api/v1/organizations/o1/",
    }),
    close: () => server.close(),
  };
}
