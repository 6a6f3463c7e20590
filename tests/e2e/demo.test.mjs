// The demo in Debian's Chromium, driven by playwright-core, against the provider sandbox: for
// each provider a pending link is opened and accepted (Toggl and Jaqpot also reject), and the
// sandbox's state is checked; expired, wrong-account and already-used links show their message
// and send no write request; a reload after accepting shows the accepted state; rate limits and
// network errors are explained. Screenshots go to target/screenshots/ (git-ignored).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { startServer } from "../../www/server.mjs";

const shots = new URL("../../target/screenshots/", import.meta.url);
let server, url, browser;

before(async () => {
  ({ server, url } = await startServer({ port: 0 }));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  await mkdir(shots, { recursive: true });
});
after(async () => { await browser?.close(); server?.close(); });
beforeEach(async () => { await fetch(url + "sandbox/_reset", { method: "POST" }); });

const sandbox = async (what) => (await fetch(url + "sandbox/_" + what)).json();
const writes = async (provider) => (await sandbox("log")).filter((l) => l.provider === provider && l.method !== "GET" && !(provider === "logto" && l.path === "/oidc/token"));
async function links(provider, state, email = "alice@example.com") {
  return (await sandbox("links")).find((l) => l.provider === provider && l.state === state && l.email === email).url;
}

async function open(link, { as = "alice@example.com", width = 1024 } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  // Chromium logs every 4xx answer to fetch as a console error; a 404 read of a used Toggl
  // code is expected, so only script errors and other messages count here.
  page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource: the server responded with a status of 404/.test(m.text())) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  await page.fill("#signed-in", as);
  await page.goto(link);
  await page.waitForSelector("body[data-ready=true]");
  return { page, problems };
}

const outcome = async (page, pattern) => {
  await page.waitForFunction((src) => new RegExp(src, "i").test(document.querySelector("#outcome").textContent), pattern.source, { timeout: 10_000 });
  return page.textContent("#outcome");
};

test("the page loads with no console errors and lists the sandbox links", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector("#sample-links li", { state: "attached" });
  assert.equal(await page.title(), "invitekit demo: your invitation");
  assert.ok((await page.$$("#sample-links li")).length >= 40);
  assert.deepEqual(problems, []);
  await page.close();
});

const stateOf = {
  toggl: (s, link) => s.toggl.invitations.find((i) => link.endsWith(encodeURIComponent(i.code)))?.state,
  jaqpot: (s, link) => s.jaqpot.invitations.find((i) => link.includes(i.id))?.status,
  gencove: (s, link) => s.gencove.invitations.find((i) => link.includes(encodeURIComponent(i.token)))?.last_status.status,
  cloudtruth: (s, link) => s.cloudtruth.invitations.find((i) => link.includes(i.id))?.state,
  logto: (s, link) => s.logto.invitations.find((i) => link.endsWith(i.id))?.status,
};
const accepted = { toggl: "accepted", jaqpot: "ACCEPTED", gencove: "accepted", cloudtruth: "accepted", logto: "Accepted" };

for (const provider of ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]) {
  test(`${provider}: open a pending link, accept, the sandbox changes, a reload shows it`, async () => {
    const link = await links(provider, "pending");
    const { page, problems } = await open(link);
    await page.waitForSelector("#invitation:not([hidden])");
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/", "the link left the address bar");
    assert.equal(await page.textContent("[data-field=status]"), "pending");
    assert.deepEqual(await writes(provider), [], "loading wrote nothing");
    await page.click("#accept");
    assert.match(await outcome(page, /Invitation accepted/), /Welcome to/);
    assert.equal(stateOf[provider](await sandbox("state"), link), accepted[provider]);
    assert.equal((await writes(provider)).length, 1, "exactly one write");
    await page.screenshot({ path: new URL(`accepted-${provider}.png`, shots).pathname, fullPage: true });
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await outcome(page, /accepted|Already used/);
    assert.equal((await writes(provider)).length, 1, "the reload wrote nothing");
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("logto: the read and the accept share one M2M token (one token request)", async () => {
  const tokens = async () => (await sandbox("log")).filter((l) => l.provider === "logto" && l.path === "/oidc/token").length;
  const link = await links("logto", "pending");
  const { page, problems } = await open(link);
  await page.waitForSelector("#invitation:not([hidden])");
  assert.equal(await tokens(), 1, "the read fetched one token");
  await page.click("#accept");
  await outcome(page, /Invitation accepted/);
  assert.equal(await tokens(), 1, "the accept reused it");
  assert.deepEqual(problems, []);
  await page.close();
});

for (const provider of ["toggl", "jaqpot"]) {
  test(`${provider}: reject`, async () => {
    const link = await links(provider, "pending", "bob@example.com");
    const { page } = await open(link, { as: "bob@example.com" });
    await page.waitForSelector("#invitation:not([hidden])");
    await page.click("#reject");
    await outcome(page, /Invitation declined/);
    assert.equal(stateOf[provider](await sandbox("state"), link), provider === "toggl" ? "rejected" : "REJECTED");
    await page.close();
  });
}

test("Reject is hidden, with a reason, where the provider has no reject", async () => {
  const { page } = await open(await links("cloudtruth", "pending"));
  await page.waitForSelector("#invitation:not([hidden])");
  assert.equal(await page.isVisible("#reject"), false);
  assert.match(await page.textContent("#no-reject"), /cloudtruth has no way to decline/);
  await page.close();
});

const closed = [
  ["jaqpot", "expired", /has expired/],
  ["gencove", "expired", /has expired/],
  ["logto", "expired", /has expired/],
  ["jaqpot", "accepted", /Already used/],
  ["cloudtruth", "accepted", /Already used/],
  ["logto", "revoked", /was revoked/],
  ["gencove", "revoked", /was revoked/],
];
for (const [provider, state, message] of closed) {
  test(`${provider} ${state} link: message shown, no write request`, async () => {
    const { page } = await open(await links(provider, state));
    await outcome(page, message);
    assert.equal(await page.isDisabled("#accept"), true);
    assert.deepEqual(await writes(provider), []);
    await page.close();
  });
}

for (const provider of ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]) {
  test(`${provider}: wrong account is shown before any request is sent`, async () => {
    const { page } = await open(await links(provider, "pending"), { as: "bob@example.com" });
    const text = await outcome(page, /Wrong account/);
    assert.match(text, /for alice@example\.com, but you are signed in as bob@example\.com/);
    assert.equal(await page.isDisabled("#accept"), true);
    assert.deepEqual(await writes(provider), []);
    await page.close();
  });
}

test("a Toggl link that no longer exists says not found", async () => {
  const { page } = await open(url + "join/toggl/code/no-such-code");
  await outcome(page, /Invitation not found/);
  await page.close();
});

test("rate limited shows the wait; a network error says so; usable at 375 px", async () => {
  const { page } = await open(await links("cloudtruth", "pending"), { width: 375 });
  await page.waitForSelector("#invitation:not([hidden])");
  await fetch(url + "sandbox/_faults", { method: "POST", body: JSON.stringify({ rate429: 1, retryAfterSeconds: 30 }) });
  await page.click("#accept");
  assert.match(await outcome(page, /Too many requests/), /wait 30 seconds/);
  // The page's client honours the Retry-After for its later calls too: a second click within
  // the wait sends nothing and says how long is left.
  await fetch(url + "sandbox/_faults", { method: "POST", body: "{}" });
  const sent = (await sandbox("log")).length;
  await page.evaluate(() => { document.querySelector("#outcome").textContent = ""; });
  await page.click("#accept");
  assert.match(await outcome(page, /Too many requests/), /wait \d+ seconds/);
  assert.equal((await sandbox("log")).length, sent, "nothing was sent during the wait");
  // A network error, on a fresh page (a new client, with no wait to honour).
  const fresh = await open(await links("cloudtruth", "pending"), { width: 375 });
  await fresh.page.waitForSelector("#invitation:not([hidden])");
  await fetch(url + "sandbox/_faults", { method: "POST", body: JSON.stringify({ resetRate: 1 }) });
  await fresh.page.click("#accept");
  await outcome(fresh.page, /Network error/);
  await fresh.page.close();
  await fetch(url + "sandbox/_faults", { method: "POST", body: "{}" });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no horizontal scroll at 375 px (${width})`);
  await page.screenshot({ path: new URL("mobile-375.png", shots).pathname, fullPage: true });
  // Keyboard: the Accept button is reachable and the outcome takes focus.
  await page.focus("#accept");
  assert.equal(await page.evaluate(() => document.activeElement.id), "accept");
  await page.close();
});
