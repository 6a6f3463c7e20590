// The demo page in Debian's Chromium, driven by playwright-core: it loads without console
// errors, reads an invite link opened directly, and takes the token out of the address bar.
import { test, before, after } from "node:test";
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
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  await mkdir(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, viewport = { width: 1024, height: 768 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()}`));
  await page.goto(url + path.replace(/^\//, ""));
  await page.waitForSelector("body[data-ready=true]");
  return { page, problems };
}

test("the demo page loads with no console errors", async () => {
  const { page, problems } = await open("/");
  assert.equal(await page.title(), "invitekit demo: open an invite link");
  assert.deepEqual(problems, []);
  await page.close();
});

test("an opened invite link is read and leaves the address bar", async () => {
  const { page, problems } = await open("/accept?invitation_token=tok_demo_123", { width: 375, height: 700 });
  await page.waitForSelector("#result:not([hidden])");
  const text = await page.textContent("#fields");
  assert.match(text, /workos/);
  assert.match(text, /tok_demo_123/);
  assert.equal(new URL(page.url()).search, "", "the token must leave the address bar");
  assert.equal(await page.textContent("#status"), "Link read.");
  await page.screenshot({ path: new URL("demo-link.png", shots).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a pasted non-link shows the library's error code", async () => {
  const { page } = await open("/");
  await page.fill("#link", "https://example.com/just-a-page");
  await page.press("#link", "Enter");
  await page.waitForFunction(() => document.querySelector("#status").textContent.length > 0);
  assert.match(await page.textContent("#status"), /invalid_link/);
  await page.close();
});

test("an email mismatch is shown before anything is sent", async () => {
  const { page } = await open("/");
  await page.fill("#signed-in", "bob@example.com");
  await page.fill("#link", "https://auth.example.com/x?one_time_token=ott&login_hint=alice%40example.com");
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#status").textContent.length > 0);
  assert.match(await page.textContent("#status"), /for alice@example\.com, but you are signed in as bob@example\.com/);
  await page.close();
});
