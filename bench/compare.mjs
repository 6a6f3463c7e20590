// Decode and link parsing of several builds of the package in one Node process, builds and
// baselines alternating round by round (medians of 21 rounds of 4000 calls each, after ~2 s of
// warm-up): for choosing build flags, where bench/core.mjs measures one build against peers.
// Prints ns/op, the ratio to the JS baseline, and the ratio to the first build.
//   node bench/compare.mjs <pkg dir> <pkg dir> ...     (each a built pkg/, e.g. from a worktree)
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { minimalDecode, signToken } from "./shared.mjs";

const dirs = process.argv.slice(2).map((d) => resolve(d));
if (dirs.length === 0) {
  console.error("usage: node bench/compare.mjs <pkg dir> [<pkg dir> ...]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const builds = dirs.map((dir) => require(`${dir}/dist/invitekit.cjs`));
const token = await signToken();
const link = `https://app.example.com/accept-invitation?invitation_token=${token.slice(0, 350)}&utm_source=email&utm_medium=invite&utm_campaign=team-onboarding&lang=en`;

const groups = {
  decode: { baseline: () => minimalDecode(token), call: (ik) => () => ik.decodeInviteToken(token) },
  link: { baseline: () => new URL(link).searchParams.get("invitation_token"), call: (ik) => () => ik.parseInviteLink(link) },
};
const cases = [];
for (const [group, { baseline, call }] of Object.entries(groups)) {
  builds.forEach((ik, i) => cases.push({ group, name: dirs[i], fn: call(ik) }));
  cases.push({ group, name: "baseline", fn: baseline });
}
for (const until = performance.now() + 2000; performance.now() < until;) {
  for (const c of cases) for (let i = 0; i < 50; i++) c.fn();
}
for (const c of cases) c.samples = [];
for (let round = 0; round < 21; round++) {
  for (const c of cases) {
    const t = performance.now();
    for (let i = 0; i < 4000; i++) c.fn();
    c.samples.push(((performance.now() - t) * 1e6) / 4000);
  }
}
for (const c of cases) c.ns = c.samples.sort((a, b) => a - b)[10];
for (const group of Object.keys(groups)) {
  const mine = cases.filter((c) => c.group === group);
  const base = mine.find((c) => c.name === "baseline").ns;
  const first = mine[0].ns;
  console.log(`${group} (baseline: ${group === "decode" ? "minimal JS decode" : "new URL()"})`);
  for (const c of mine) {
    const vsFirst = c.name === "baseline" ? "" : `  ${(c.ns / first).toFixed(2)} of the first`;
    console.log(`  ${c.name.padEnd(40)} ${c.ns.toFixed(0).padStart(7)} ns/op  ${(c.ns / base).toFixed(2)}x${vsFirst}`);
  }
}
