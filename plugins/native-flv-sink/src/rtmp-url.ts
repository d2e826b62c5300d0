/** Splits a publish URL into what RTMP `connect` and `publish` need (Adobe RTMP spec 1.0 §7.2.1.1, §7.2.2.6). */
import { badParameter } from '@nvr-pusher/core/contracts';

/** §1: 1935 is the RTMP port. */
export const DEFAULT_RTMP_PORT = 1935;

export interface RtmpPublishUrl {
  host: string;
  port: number;
  /** Everything between host and stream key, e.g. `live` (connect's `app`). */
  app: string;
  /** `rtmp://host:port/app` (connect's `tcUrl`). */
  tcUrl: string;
  /** The last path segment with the URL's query string kept (`key?token=…`): publish's name. */
  streamName: string;
}

/**
 * `rtmp://host[:port]/app[/inst…]/key[?query]`. The query stays on the stream name: servers read publish
 * tokens there (SRS `?secret=`, nginx `on_publish` args).
 */
export function parseRtmpUrl(url: string): RtmpPublishUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badParameter('rtmp_url', 'is not a URL');
  }
  if (u.protocol !== 'rtmp:') throw badParameter('rtmp_url', `scheme ${u.protocol.replace(':', '')} is not rtmp`);
  if (!u.hostname) throw badParameter('rtmp_url', 'has no host');
  const segments = u.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length < 2) throw badParameter('rtmp_url', 'needs an application and a stream key (rtmp://host/app/key)');
  const key = decodeURIComponent(segments.pop()!);
  const app = segments.map(decodeURIComponent).join('/');
  const port = u.port ? Number(u.port) : DEFAULT_RTMP_PORT;
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { host, port, app, tcUrl: `rtmp://${u.hostname}:${port}/${app}`, streamName: key + u.search };
}
