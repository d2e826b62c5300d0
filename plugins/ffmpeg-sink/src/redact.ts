/**
 * Masks secrets in what this plugin logs or puts in error messages: the userinfo of URLs
 * (`rtmp://user:pass@host` → `rtmp://***@host`) and every query value (`?token=abc` → `?token=***`), since
 * RTMP servers (SRS `?secret=`, Tencent `txSecret=`) take their auth tokens there.
 */

const URL_RE = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s'"/?#]*@)?([^\s'"?#]*)(\?[^\s'"#]*)?/gi;

/** Masks userinfo and query values of every URL inside `text`. */
export function redactUrls(text: string): string {
  return text.replace(URL_RE, (_m, scheme: string, userinfo: string | undefined, rest: string, query: string | undefined) => {
    const user = userinfo ? '***@' : '';
    return `${scheme}${user}${rest}${query ? maskQuery(query) : ''}`;
  });
}

function maskQuery(query: string): string {
  return query.replace(/([?&][^=&]*)=[^&]*/g, '$1=***');
}

/** The secrets a URL carries (password of its userinfo, query values), to register with the host's redactor. */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out: string[] = [];
    if (u.password) out.push(decodeURIComponent(u.password));
    for (const v of u.searchParams.values()) if (v.length >= 4) out.push(v);
    return out;
  } catch {
    return [];
  }
}

/** Redacts an ffmpeg argument list for logging. */
export function redactArgs(args: readonly string[]): string {
  return args.map((a) => redactUrls(a)).join(' ');
}
