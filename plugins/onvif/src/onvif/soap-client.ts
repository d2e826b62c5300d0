/** SOAP over HTTP to one ONVIF service, every request signed with a fresh WS-Security UsernameToken. */
import { randomBytes } from 'node:crypto';
import { envelope, parseSoap, securityHeader, type SoapFaultInfo, type XmlNode } from '../format/soap-envelope.js';

/** A SOAP fault, or an HTTP/transport failure (`subcode` then names it: `HTTP 401`, `unreachable`, `timeout`). */
export class SoapFault extends Error {
  constructor(readonly action: string, readonly info: SoapFaultInfo, readonly httpStatus: number) {
    super(`ONVIF ${action} failed: ${info.subcode || info.code}${info.reason ? ` (${info.reason})` : ''}`);
    this.name = 'SoapFault';
  }

  /** The device refused the credentials (ONVIF `ter:NotAuthorized`, or HTTP 401). */
  get notAuthorized(): boolean {
    return this.info.subcodes.includes('NotAuthorized') || this.httpStatus === 401;
  }
}

export interface SoapCredentials {
  user: string;
  password: string;
  timeoutMs: number;
  /** Added to the local clock when stamping `Created` (device clock skew, ms). */
  clockOffsetMs?: number;
}

const transport = (action: string, subcode: string, reason: string, status = 0) =>
  new SoapFault(action, { code: 'Transport', subcode, subcodes: [subcode], reason }, status);

/** Posts `body` to `url`; resolves the Body element of the answer, rejects with SoapFault. */
export async function soapCall(url: string, action: string, body: string, c: SoapCredentials, signal: AbortSignal): Promise<XmlNode> {
  const created = new Date(Date.now() + (c.clockOffsetMs ?? 0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const xml = envelope(body, c.user ? securityHeader(c.user, c.password, randomBytes(16), created) : '');
  const timeout = AbortSignal.timeout(c.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': `application/soap+xml; charset=utf-8; action="${action}"` },
      body: xml,
      signal: AbortSignal.any([signal, timeout]),
    });
  } catch (e) {
    signal.throwIfAborted();
    if (timeout.aborted) throw transport(action, 'timeout', `no answer within ${c.timeoutMs} ms`);
    throw transport(action, 'unreachable', (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message);
  }
  const text = await res.text();
  let parsed;
  try {
    parsed = parseSoap(text);
  } catch (e) {
    throw transport(action, `HTTP ${res.status}`, `${res.statusText || 'answer'} is ${(e as Error).message}`, res.status);
  }
  if (parsed.fault) throw new SoapFault(action, parsed.fault, res.status);
  if (!res.ok) throw transport(action, `HTTP ${res.status}`, res.statusText, res.status);
  return parsed.body;
}
