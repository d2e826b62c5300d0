/**
 * Secrets that must never reach a log line (conventions §21, after go2rtc `pkg/creds`). Every `nvr_pwd` and
 * every configured token is registered; the log destination masks them, and URL userinfo, as `***`.
 */
const MASK = '***';
/** Shorter secrets would mask ordinary text; structured fields are masked by path instead (pino redact). */
const MIN_SECRET_LENGTH = 3;
/** Bound on remembered secrets (oldest forgotten first). */
const MAX_SECRETS = 10_000;

/** Bounded repetitions keep the match linear: a long line must never stall the logger (no backtracking blow-up). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^/@\s:]{0,256}):([^/@\s]{0,256})@/gi;

export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    if (this.secrets.size >= MAX_SECRETS) this.secrets.delete(this.secrets.values().next().value!);
    this.secrets.add(secret);
  }

  /** Masks every registered secret, its JSON-escaped form, and URL userinfo passwords. */
  redact(text: string): string {
    let out = text.replace(URL_USERINFO, `$1$2:${MASK}@`);
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(MASK);
      const escaped = JSON.stringify(s).slice(1, -1);
      if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join(MASK);
    }
    return out;
  }
}

/** Field paths masked structurally in every log object. */
export const REDACT_PATHS = [
  'nvr_pwd', '*.nvr_pwd', 'req.body.nvr_pwd', 'body.nvr_pwd',
  'password', '*.password', 'credentials.password',
  'token', '*.token', 'req.headers.authorization', 'headers.authorization',
];
