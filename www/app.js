// The demo page: reads an invite link with invitekit (parseInviteLink, decodeInviteToken,
// validateEmail, emailsMatch). Loading the page never sends anything; the link's token is
// removed from the address bar as soon as it has been read.
import init, { parseInviteLink, decodeInviteToken, validateEmail, emailsMatch, InviteError } from "/pkg/index.mjs";

const $ = (id) => document.getElementById(id);

function show(rows) {
  const dl = $("fields");
  dl.replaceChildren();
  for (const [label, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value ?? "—";
    dl.append(dt, dd);
  }
  $("result").hidden = false;
}

function status(text, kind) {
  const el = $("status");
  el.textContent = text;
  el.className = kind;
}

function read(linkText) {
  let link;
  try {
    link = parseInviteLink(linkText);
  } catch (e) {
    $("result").hidden = true;
    status(e instanceof InviteError ? `Not an invite link: ${e.message} (${e.code})` : String(e), "error");
    return;
  }
  const rows = [
    ["Format", link.format], ["Provider", link.provider], ["Kind", link.kind],
    ["Invitation", link.value.length > 24 ? `${link.value.slice(0, 12)}…` : link.value],
    ["Organization", link.organization], ["Invitee", link.email],
  ];
  let invitee = link.email;
  if (link.value.split(".").length === 3) {
    try {
      const token = decodeInviteToken(link.value);
      invitee ??= token.email;
      rows.push(["Token expires", token.expiresAt], ["Token expired", token.expired ? "yes" : "no"]);
    } catch {
      // Not a JWT: an opaque code, which is fine.
    }
  }
  show(rows);
  const signedIn = $("signed-in").value.trim();
  if (signedIn && !validateEmail(signedIn).ok) {
    status("The signed-in email is not a valid address.", "error");
  } else if (signedIn && invitee && !emailsMatch(signedIn, invitee)) {
    status(`This invitation is for ${invitee}, but you are signed in as ${signedIn}.`, "error");
  } else {
    status("Link read.", "ok");
  }
}

await init();
document.body.dataset.ready = "true";
$("link-form").addEventListener("submit", (event) => {
  event.preventDefault();
  read($("link").value);
});
// Opened as an invite link itself (or with ?link=...): read it, then drop it from the URL.
const here = new URL(location.href);
const given = here.searchParams.get("link") ?? (here.search || here.hash ? location.href : null);
if (given) {
  $("link").value = given;
  history.replaceState(null, "", "/");
  read(given);
}
