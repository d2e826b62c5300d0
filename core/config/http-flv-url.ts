import type { ServiceConfig } from './schema.js';

/**
 * Base URL where players read streams over HTTP-FLV (`<base>/<key>.flv`): `rtmp.httpFlvUrl` when set, else the
 * embedded node-media-server's `http://127.0.0.1:<rtmp.embeddedHttpPort>/<app>` when `rtmp.embedded`, else none.
 */
export function httpFlvBase(rtmp: ServiceConfig['rtmp']): string | undefined {
  if (rtmp.httpFlvUrl) return rtmp.httpFlvUrl.replace(/\/+$/, '');
  if (!rtmp.embedded) return undefined;
  const app = new URL(rtmp.publishUrl.replace(/^rtmps?:/, 'http:')).pathname.replace(/\/+$/, '');
  return `http://127.0.0.1:${rtmp.embeddedHttpPort}${app}`;
}

/** The HTTP-FLV URL of one stream key, or null without a base. */
export function httpFlvUrl(base: string | undefined, streamKey: string): string | null {
  return base ? `${base}/${encodeURIComponent(streamKey)}.flv` : null;
}
