/**
 * SOAP 1.2 envelopes as ONVIF speaks them: the WS-Security UsernameToken with PasswordDigest
 * (Base64(SHA-1(nonce + created + password)), ONVIF Core §5.12), and the answer's body or fault
 * (env:Code / env:Subcode chain / env:Reason). Namespace prefixes are dropped when reading.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tse: 'http://www.onvif.org/ver10/search/wsdl',
  trp: 'http://www.onvif.org/ver10/replay/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
} as const;

const PASSWORD_DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export const xmlEscape = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function passwordDigest(nonce: Uint8Array, created: string, password: string): string {
  return createHash('sha1').update(nonce).update(created).update(password).digest('base64');
}

export function securityHeader(user: string, password: string, nonce: Uint8Array, created: string): string {
  return (
    `<wsse:Security xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}" env:mustUnderstand="1"><wsse:UsernameToken>` +
    `<wsse:Username>${xmlEscape(user)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_DIGEST}">${passwordDigest(nonce, created, password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_BINARY}">${Buffer.from(nonce).toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

/** A SOAP 1.2 envelope around `body` (which declares its own namespaces). */
export function envelope(body: string, header = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${NS.env}" xmlns:tt="${NS.tt}">` +
    `<env:Header>${header}</env:Header><env:Body>${body}</env:Body></env:Envelope>`;
}

export interface SoapFaultInfo {
  /** `env:Sender` / `env:Receiver` without prefix: `Sender`. */
  readonly code: string;
  /** The innermost subcode without prefix (`NotAuthorized`, `InvalidArgVal`, `NoProfile`, ...), or ''. */
  readonly subcode: string;
  /** Every subcode, outermost first. */
  readonly subcodes: readonly string[];
  readonly reason: string;
}

/** Elements that repeat in the answers the plugin reads: always arrays. */
const REPEATED = new Set(['Profiles', 'Service', 'RecordingInformation', 'Track', 'Text']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
  processEntities: true,
});

export type XmlNode = Record<string, unknown>;

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** Text of an element read by the parser (plain string, or `#text` next to attributes). */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return text(v[0]);
  if (v && typeof v === 'object' && '#text' in v) return String((v as XmlNode)['#text']);
  return '';
}

/** Parses an answer. Throws Error for text that is not a SOAP envelope. */
export function parseSoap(xml: string): { body: XmlNode; fault?: SoapFaultInfo } {
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (e) {
    throw new Error(`not XML: ${(e as Error).message}`, { cause: e });
  }
  const env = doc.Envelope as XmlNode | undefined;
  const body = env?.Body as XmlNode | undefined;
  if (!env || body === undefined) throw new Error('not a SOAP envelope');
  const fault = (body as XmlNode).Fault as XmlNode | undefined;
  if (!fault) return { body: body as XmlNode };
  const code = fault.Code as XmlNode | undefined;
  const subcodes: string[] = [];
  for (let s = code?.Subcode as XmlNode | undefined; s; s = s.Subcode as XmlNode | undefined) subcodes.push(local(text(s.Value)));
  const reasonNode = (fault.Reason as XmlNode | undefined)?.Text;
  return {
    body: body as XmlNode,
    fault: { code: local(text(code?.Value)), subcode: subcodes[subcodes.length - 1] ?? '', subcodes, reason: text(reasonNode) },
  };
}
