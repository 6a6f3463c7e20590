// The JavaScript half of invitekit's runtime: the error class every failure is thrown as and
// the provider list. The Rust bindings construct `InviteError` through this module, so the
// class users import is the class that is thrown. Plain ES2020, no dependencies.

const PROVIDERS = Object.freeze(["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]);

class InviteError extends Error {
  constructor(code, message, details) {
    super(message);
    const d = details || {};
    Object.defineProperty(this, "name", { value: "InviteError", enumerable: false, configurable: true, writable: true });
    this.code = code;
    this.provider = d.provider ?? null;
    this.status = d.status ?? null;
    this.retryAfterMs = d.retryAfterMs ?? null;
    this.field = d.field ?? null;
    this.detail = d.detail ?? null;
  }

  toJSON() {
    return {
      name: this.name, code: this.code, message: this.message, provider: this.provider,
      status: this.status, retryAfterMs: this.retryAfterMs, field: this.field, detail: this.detail,
    };
  }
}

export { InviteError, PROVIDERS };
