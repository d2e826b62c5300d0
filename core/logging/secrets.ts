/**
 * The one masking policy of the service (after go2rtc `pkg/creds`). A secret is masked where it stands as a
 * value — a JSON field, URL userinfo, a URL query value, a whole token in text — and never inside another word:
 * a password `any` masks `pwd any refused` but leaves `Too many bits` alone. Every `nvr_pwd`, the API token and
 * the secrets carried by configured URLs are registered; the log destination and plugins (`ctx.redact`) apply it.
 */
const MASK = '***';
/** Shorter secrets would mask ordinary numbers (`channel 12`); structured fields are masked by path (pino redact). */
const MIN_SECRET_LENGTH = 3;
/** Bound on remembered secrets (oldest forgotten first). */
const MAX_SECRETS = 10_000;
/** Query parameters that carry credentials whoever registered them (SRS `secret`, Tencent `txSecret`, ...). */
const SECRET_PARAM = /^(?:token|access_token|auth|authorization|key|secret|txsecret|sign|signature|password|passwd|pwd|pass)$/i;

/** Bounded repetitions keep the match linear: a long line must never stall the logger (no backtracking blow-up). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^/@\s:"']{0,256}):([^/@\s"']{0,256})@/gi;
const QUERY_PARAM = /([?&])([A-Za-z_][\w.-]{0,63})=([^&#\s"']{1,1024})/g;
const WORD = 'A-Za-z0-9_';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The secrets a URL carries: its userinfo password and the values of credential-named query parameters. */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out = u.password ? [decodeURIComponent(u.password)] : [];
    for (const [name, value] of u.searchParams) if (SECRET_PARAM.test(name)) out.push(value);
    return out;
  } catch {
    return [];
  }
}

export class SecretRegistry {
  private readonly secrets = new Map<string, RegExp>();

  /** Registers a secret (shorter than 3 characters: ignored). Its plain, JSON-escaped and URL-encoded forms are masked. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    if (this.secrets.size >= MAX_SECRETS) this.secrets.delete(this.secrets.keys().next().value!);
    const forms = [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])].map(escapeRegExp);
    this.secrets.set(secret, new RegExp(`(?<![${WORD}])(?:${forms.join('|')})(?![${WORD}])`, 'g'));
  }

  /** Registers what a URL carries (see {@link urlSecrets}). */
  addUrl(url: string | undefined): void {
    if (url) for (const s of urlSecrets(url)) this.add(s);
  }

  /** Masks URL userinfo passwords, credential-named query values and every registered secret standing as a value. */
  redact(text: string): string {
    let out = text
      .replace(URL_USERINFO, `$1$2:${MASK}@`)
      .replace(QUERY_PARAM, (m, sep: string, name: string) => (SECRET_PARAM.test(name) ? `${sep}${name}=${MASK}` : m));
    for (const [s, re] of this.secrets) {
      if (out.includes(s) || out.includes(JSON.stringify(s).slice(1, -1)) || out.includes(encodeURIComponent(s))) out = out.replace(re, MASK);
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
