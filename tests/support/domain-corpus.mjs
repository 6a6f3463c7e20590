// The e-mail domain differential: invitekit's validateEmail against the runtime's own URL host
// parser, over a generated corpus of the domains that trip IDNA implementations. Plain ES2020,
// no imports: Node (tests/js/email-differential.test.mjs) and Chromium
// (tests/e2e/core-browser.test.mjs) run the same module.

const LABELS = [
  // NFC/NFD/NFKC material: precomposed and combining forms, compatibility characters.
  "bücher", "Bücher", "münchen", "español", "ñandú", "Ångström", "résumé", "ﬁle", "ﬀl", "ǆemal",
  // Sharp s, final sigma, Greek and Cyrillic.
  "straße", "STRASSE", "faß", "ẞig", "σίσυφος", "ΣΊΣΥΦΟΣ", "ὀδυσσεύς", "почта", "ПОЧТА",
  // Fullwidth letters and digits, enclosed numerals, superscripts.
  "ｅｘａｍｐｌｅ", "ＥＸＡＭＰＬＥ", "ｂüｃｈｅｒ", "１２３", "①②③", "ⓔⓧ", "x²", "Ⅻ",
  // Soft hyphen, ZWJ, ZWNJ, in and out of the contexts that allow them.
  "ex\u00ADample", "a\u200Db", "a\u200Cb", "\u0915\u094D\u200D\u0937", "\u0915\u094D\u200C\u0937", "\u0628\u200C\u0628",
  // Cherokee (its case mapping changed in Unicode 8), CJK, Thai, Devanagari.
  "ᏣᎳᎩ", "ꮳꮃꭹ", "例え", "中文", "ไทย", "नमस्ते",
  // Right-to-left labels, alone and mixed with left-to-right and digits.
  "שלום", "مرحبا", "שלוםabc", "abcשלום", "مرحبا1", "1مرحبا", "\u05D0\u05BF",
  // Emoji and symbols.
  "😀", "i❤", "ex☃ample", "ex«ample", "⌘",
  // Already punycode: valid, invalid, and punycode of a disallowed label.
  "xn--bcher-kva", "XN--BCHER-KVA", "xn--zz", "xn--a", "xn--", "xn---", "xn--bcher-kv", "xn--mnchen-3ya", "xn--ls8h", "xn--1ca",
  // ASCII corner cases.
  "example", "EXAMPLE", "ex-ample", "-example", "example-", "ex--ample", "ex_ample", "a", "0x7f", "123", "0",
  // Disallowed and unassigned code points, and ones that map to nothing.
  "ex\uFFFDample", "ex\u00A0ample", "ex\u2028ample", "ex\uFE0Fample", "ex\u034Fample", "\u0378x",
  // Over-long labels: 63 and 64 octets, and one that grows past 63 once punycoded.
  "a".repeat(63), "b".repeat(64), "ü".repeat(20), "ü".repeat(40),
];
const TLDS = ["com", "de", "COM", "рф", "xn--p1ai", "ｃｏｍ", "中国", "123", "1", "", "com."];
const STOPS = [".", "\u3002", "\uFF0E", "\uFF61"];

/** The generated domains, deterministic and without duplicates. */
export function corpus() {
  const out = new Set();
  for (const label of LABELS) {
    for (const form of ["NFC", "NFD", "NFKC", "NFKD"]) {
      const l = label.normalize(form);
      for (const tld of TLDS) {
        out.add(tld === "" ? l : `${l}.${tld}`);
      }
      for (const stop of STOPS) out.add(`${l}${stop}example${stop}com`);
      out.add(l.toUpperCase() + ".com");
    }
  }
  // Label pairs: every label before a few others, as subdomains.
  for (const a of LABELS) for (const b of ["bücher", "xn--bcher-kva", "שלום", "example"]) out.add(`${a}.${b}.com`);
  // A domain right at and past the 253-octet limit, IPv4 forms, and empty labels.
  out.add(`${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(57)}.com`);
  out.add(`${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.com`);
  for (const d of ["1.2.3.4", "0x7f.1", "127.1", "1.2.3.256", "example.0x10", "example..com", ".example.com", "example.com..", ""]) out.add(d);
  return [...out];
}

/** What invitekit must answer for `a@<domain>`: the URL Standard's host (new URL), refused
 *  where URL refuses it, where the domain holds what URL reads as structure around a host, or
 *  where the host is not the e-mail grammar's dot-separated letters, digits and inner hyphens. */
export function expected(domain) {
  if (domain === "" || /[\u0000-\u0020\u007F/\\?#@:%[\]]/.test(domain)) return null;
  let host;
  try {
    host = new URL("http://" + domain).hostname;
  } catch {
    return null;
  }
  if (!host.split(".").every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l))) return null;
  if (("a@" + host).length > 254) return null;
  return host;
}

/** Runs the differential with the package `ik`: counts, and every disagreement. */
export function differential(ik) {
  const counts = { domains: 0, sameHost: 0, bothRefused: 0, mismatches: 0 };
  const mismatches = [];
  for (const domain of corpus()) {
    counts.domains++;
    const want = expected(domain);
    const r = ik.validateEmail("a@" + domain);
    const got = r.ok ? r.normalized.slice(2) : null;
    if (got === want) {
      if (want === null) counts.bothRefused++;
      else counts.sameHost++;
    } else {
      counts.mismatches++;
      mismatches.push({ domain, codePoints: [...domain].map((c) => c.codePointAt(0).toString(16)).join(" "), url: want, invitekit: got });
    }
  }
  // emailsMatch agrees: each accepted domain matches its URL host, in every form generated.
  let matchFailures = 0;
  for (const domain of corpus()) {
    const want = expected(domain);
    if (want !== null && !ik.emailsMatch("a@" + domain, "A@" + want.toUpperCase())) matchFailures++;
  }
  counts.emailsMatchFailures = matchFailures;
  return { counts, mismatches: mismatches.slice(0, 20) };
}
