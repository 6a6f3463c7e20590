// The demo page: open an invite link, see the invitation, accept or reject it.
// Loading reads only (link parsing, one GET to the provider); only a click writes. The link
// leaves the address bar as soon as it is parsed; it is kept in sessionStorage so a reload
// shows the invitation's current state.
import init, { InviteClient, InviteError, capabilities, checkAcceptance, parseInviteLink } from "/pkg/index.mjs";
import { SANDBOX_PATHS, inviteeAuth, userIdOf } from "/people.mjs";

// The demo's invite-link formats (any well-known format works too).
const TEMPLATES = ["/join/{provider}/code/{code}?email={email}", "/join/{provider}/code/{code}", "/join/{provider}/id/{id}?org={organization}", "/join/{provider}/id/{id}"];
const STORE = "invitekit-demo-link";
const WHO = "invitekit-demo-signed-in";
const $ = (id) => document.getElementById(id);

let current = null; // { link, invitation }

function signedIn() {
  return $("signed-in").value.trim();
}

// One client per provider and signed-in person, reused by every read and write of the page:
// a client keeps what it fetched for its credentials (Logto's M2M token, until it expires).
const clients = new Map();

function client(provider) {
  const who = signedIn();
  const key = `${provider}\n${who}`;
  let c = clients.get(key);
  if (!c) {
    c = new InviteClient({
      provider,
      baseUrl: location.origin + SANDBOX_PATHS[provider],
      auth: inviteeAuth(provider, who),
      // Sandbox credentials only: a real page keeps passwords and client secrets on a server.
      allowSecretsInBrowser: true,
      timeoutMs: 8000,
      retries: 1,
    });
    clients.set(key, c);
  }
  return c;
}

function refOf(link, invitation) {
  if (invitation) return invitation;
  return link.kind === "code" ? link.value : { id: link.value, organization: link.organization ?? undefined };
}

function say(kind, title, text) {
  const box = $("outcome");
  box.className = kind;
  box.replaceChildren();
  const strong = document.createElement("strong");
  strong.textContent = title;
  box.append(strong);
  if (text) box.append(document.createTextNode(text));
  box.dataset.outcome = title;
  box.focus();
}

const MESSAGES = {
  not_found: ["Invitation not found", "This invitation does not exist, or is no longer open."],
  expired: ["This invitation has expired", "Ask the person who invited you to send a new one."],
  already_accepted: ["Already used", "This invitation was already accepted."],
  already_rejected: ["Already used", "This invitation was already declined."],
  revoked: ["This invitation was revoked", "It can no longer be used."],
  email_mismatch: ["Wrong account", ""],
  unauthorized: ["Not signed in for this provider", "The provider refused the credentials."],
  forbidden: ["Not allowed", "This account may not do that."],
  network: ["Network error", "The provider could not be reached. Check your connection and try again."],
  timeout: ["No answer", "The provider did not answer in time. Try again."],
  provider_unavailable: ["Provider unavailable", "The provider is having trouble. Try again later."],
  malformed_response: ["Unexpected answer", "The provider answered something invitekit could not read."],
  unsupported: ["Not possible here", ""],
};

function explain(err) {
  if (!(err instanceof InviteError)) return say("bad", "Something went wrong", String(err));
  if (err.code === "rate_limited") {
    const wait = err.retryAfterMs ? Math.ceil(err.retryAfterMs / 1000) : null;
    return say("warn", "Too many requests", wait ? `Please wait ${wait} seconds and try again.` : "Please wait a moment and try again.");
  }
  const [title, text] = MESSAGES[err.code] ?? ["Something went wrong", ""];
  say(err.code === "timeout" || err.code === "network" ? "warn" : "bad", title, text || err.message);
}

function timeLeft(iso) {
  if (!iso) return "no expiry";
  const ms = Date.parse(iso) - Date.now();
  if (ms <= 0) return "expired";
  const h = Math.floor(ms / 3_600_000);
  return h >= 48 ? `${Math.floor(h / 24)} days` : h >= 1 ? `${h} hours` : `${Math.max(1, Math.floor(ms / 60_000))} minutes`;
}

function show(link, inv) {
  const rows = [
    ["Provider", link.provider],
    ["Organization", inv.organization.name ?? inv.organization.id ?? link.organization ?? "—"],
    ["Role", inv.roles.length ? inv.roles.join(", ") : "—"],
    ["Invited by", inv.inviter?.name ?? inv.inviter?.email ?? inv.inviter?.id ?? "—"],
    ["Invitee", inv.email ?? "—"],
    ["Status", inv.status],
    ["Time left", inv.status === "pending" || inv.status === "bounced" ? timeLeft(inv.expiresAt) : "—"],
  ];
  const dl = $("fields");
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    dd.dataset.field = k.toLowerCase().replace(/\s/g, "-");
    dl.append(dt, dd);
  }
  $("invitation").hidden = false;
  const caps = capabilities(link.provider);
  $("reject").hidden = !caps.reject;
  $("no-reject").hidden = caps.reject;
  $("no-reject").textContent = caps.reject ? "" : `${link.provider} has no way to decline an invitation: simply do not accept it.`;
}

/** Checks what can be decided locally (before any write) and enables the buttons. */
function gate(inv) {
  const check = checkAcceptance(inv, { signedInEmail: signedIn() });
  const open = check.ok;
  $("accept").disabled = !open;
  $("reject").disabled = !open;
  if (!open) {
    if (check.code === "email_mismatch") say("bad", "Wrong account", `This invitation is for ${inv.email}, but you are signed in as ${signedIn()}.`);
    else if (MESSAGES[check.code]) say("bad", MESSAGES[check.code][0], MESSAGES[check.code][1]);
    else say("bad", "This invitation cannot be accepted", check.message ?? "");
  }
  return open;
}

function clearOutcome() {
  $("outcome").className = "";
  $("outcome").replaceChildren();
  delete $("outcome").dataset.outcome;
}

async function load(link) {
  current = { link, invitation: null };
  $("invitation").hidden = true;
  say("", "Loading the invitation…", "");
  const c = client(link.provider);
  try {
    const caps = capabilities(link.provider);
    const inv = caps.lookup && link.kind === "code" ? await c.lookup(link.value) : await c.get(refOf(link, null));
    // Some providers do not say whom an invitation is for (Gencove's token lookup): the link may.
    if (!inv.email && link.email) inv.email = link.email;
    current.invitation = inv;
    show(link, inv);
    if (gate(inv)) clearOutcome();
  } catch (err) {
    // Toggl cannot show an invitation once it is used: remember what this page did with it.
    const done = JSON.parse(sessionStorage.getItem(STORE) ?? "{}").outcome;
    if (err instanceof InviteError && err.code === "not_found" && done) {
      say("ok", done === "accepted" ? "Invitation accepted" : "Invitation declined", "");
      return;
    }
    explain(err);
  }
}

async function act(kind) {
  if (!current?.invitation || !gate(current.invitation)) return;
  const { link, invitation } = current;
  $("accept").disabled = true;
  $("reject").disabled = true;
  const c = client(link.provider);
  try {
    const ref = refOf(link, invitation);
    const inv = kind === "accept" ? await c.accept(ref, { userId: userIdOf(signedIn()) ?? undefined }) : await c.reject(ref);
    current.invitation = inv;
    sessionStorage.setItem(STORE, JSON.stringify({ link, outcome: kind === "accept" ? "accepted" : "rejected" }));
    show(link, inv);
    say("ok", kind === "accept" ? "Invitation accepted" : "Invitation declined", kind === "accept" ? `Welcome to ${inv.organization.name ?? inv.organization.id ?? "the organization"}.` : "");
  } catch (err) {
    explain(err);
    // Worth another click only when the failure was passing.
    const passing = err instanceof InviteError && ["rate_limited", "network", "timeout", "provider_unavailable"].includes(err.code);
    $("accept").disabled = $("reject").disabled = !passing;
  }
}

function open(text) {
  let link;
  try {
    link = parseInviteLink(text, { templates: TEMPLATES });
  } catch (err) {
    if (err instanceof InviteError && err.code === "invalid_link") return say("bad", "Not an invite link", err.message);
    return explain(err);
  }
  if (!link.provider) return say("bad", "Not a sandbox invite link", `This is a ${link.format} link; the demo opens links of the five providers.`);
  sessionStorage.setItem(STORE, JSON.stringify({ link }));
  return load(link);
}

await init();

$("accept").addEventListener("click", () => act("accept"));
$("reject").addEventListener("click", () => act("reject"));
const saved = sessionStorage.getItem(WHO);
if (saved) $("signed-in").value = saved;
for (const event of ["input", "change"]) {
  $("signed-in").addEventListener(event, () => {
    sessionStorage.setItem(WHO, signedIn());
    if (current?.invitation && gate(current.invitation)) clearOutcome();
  });
}
$("link-form").addEventListener("submit", (e) => {
  e.preventDefault();
  open($("link").value);
});
for (const b of document.querySelectorAll("[data-fault]")) {
  b.addEventListener("click", async () => {
    await fetch("/sandbox/_faults", { method: "POST", body: b.dataset.fault });
    say("warn", "Sandbox faults set", b.textContent);
  });
}
fetch("/sandbox/_links").then((r) => r.json()).then((links) => {
  const ul = $("sample-links");
  for (const l of links) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = l.url;
    a.textContent = `${l.provider} · ${l.state} · ${l.email}`;
    li.append(a);
    ul.append(li);
  }
});

// Opened as an invite link: read it, then take it out of the address bar.
const here = new URL(location.href);
if (here.pathname.startsWith("/join/") || here.search || here.hash) {
  const text = location.href;
  history.replaceState(null, "", "/");
  open(text);
} else {
  const last = JSON.parse(sessionStorage.getItem(STORE) ?? "null");
  if (last?.link) load(last.link);
}
document.body.dataset.ready = "true";
