// The sandbox's people and credentials, shared by the sandbox (which checks them) and the demo
// page (which signs in as one of the invitees). Sandbox-only values: nothing here is real.
export const USERS = {
  alice: { id: "usr_alice", email: "alice@example.com", name: "Alice Invitee" },
  bob: { id: "usr_bob", email: "bob@example.com", name: "Bob Invitee" },
  admin: { id: "usr_admin", email: "admin@example.com", name: "Ada Admin" },
};

export const CREDENTIALS = {
  toggl: { admin: { apiToken: "toggl-admin-token" }, userPassword: "sandbox" },
  jaqpot: { admin: { bearer: "jaqpot-admin" }, keyPair: { key: "jaqpot-key", secret: "jaqpot-secret" }, userBearer: (email) => `jaqpot-user-${email}` },
  gencove: { admin: { apiKey: "gencove-admin-key" }, userBearer: (email) => `gencove-user-${email}` },
  cloudtruth: { admin: { apiKey: "cloudtruth-admin-key" }, userBearer: (email) => `cloudtruth-user-${email}` },
  logto: { clientCredentials: { clientId: "sandbox-m2m", clientSecret: "sandbox-m2m-secret", resource: "https://default.logto.app/api" } },
};

/** Where each provider's spec paths live under the sandbox (the client's baseUrl). */
export const SANDBOX_PATHS = {
  toggl: "/sandbox/toggl/api/v9",
  jaqpot: "/sandbox/jaqpot",
  gencove: "/sandbox/gencove",
  cloudtruth: "/sandbox/cloudtruth",
  logto: "/sandbox/logto",
};

/** The credentials the person signed in as `email` uses with `provider` in the sandbox. */
export function inviteeAuth(provider, email) {
  switch (provider) {
    case "toggl": return { basic: { username: email, password: CREDENTIALS.toggl.userPassword } };
    case "logto": return { clientCredentials: CREDENTIALS.logto.clientCredentials };
    default: return { bearer: CREDENTIALS[provider].userBearer(email) };
  }
}

/** The sandbox user id of an email (Logto's accept needs the accepting user's id). */
export function userIdOf(email) {
  return Object.values(USERS).find((u) => u.email === String(email).trim().toLowerCase())?.id ?? null;
}
