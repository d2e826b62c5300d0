/**
 * An ONVIF device for the tests: device, media, PTZ, search and replay services over SOAP 1.2 on loopback, each at
 * its own path as GetServices lists them. Strict like a real device: every call but GetSystemDateAndTime needs a
 * WS-Security UsernameToken with PasswordDigest, a Created within 5 minutes and an unused Nonce (else
 * env:Sender/ter:NotAuthorized, HTTP 400); an action sent to the wrong service or unknown → ter:ActionNotSupported;
 * the request elements it reads are validated (ter:InvalidArgVal with ter:NoProfile, ter:NoRecording, ...).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

export interface EmulatedProfile {
  token: string;
  name: string;
  videoSource: string;
  encoding: 'H264' | 'H265';
  streamUri: string;
  ptz: boolean;
}

export interface EmulatedRecording {
  token: string;
  sourceId: string;
  /** UTC ISO dateTime. */
  earliest: string;
  latest: string;
  replayUri: string;
}

export interface EmulatorConfig {
  user: string;
  password: string;
  profiles: EmulatedProfile[];
  recordings: EmulatedRecording[];
  /** The device clock minus the real one, ms (a device whose clock is off). */
  clockSkewMs?: number;
}

export interface EmulatorCall {
  service: string;
  action: string;
  body: Record<string, unknown>;
}

const SERVICES = {
  device: 'http://www.onvif.org/ver10/device/wsdl',
  media: 'http://www.onvif.org/ver10/media/wsdl',
  ptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  search: 'http://www.onvif.org/ver10/search/wsdl',
  replay: 'http://www.onvif.org/ver10/replay/wsdl',
} as const;
type ServiceName = keyof typeof SERVICES;

const ACTIONS: Record<ServiceName, string[]> = {
  device: ['GetSystemDateAndTime', 'GetDeviceInformation', 'GetServices'],
  media: ['GetProfiles', 'GetStreamUri'],
  ptz: ['ContinuousMove', 'Stop'],
  search: ['FindRecordings', 'GetRecordingSearchResults', 'EndSearch', 'GetRecordingSummary'],
  replay: ['GetReplayUri'],
};

class Fault extends Error {
  constructor(readonly http: number, readonly code: 'Sender' | 'Receiver', readonly subcodes: string[], readonly reason: string) {
    super(reason);
  }
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });
const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const str = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Record<string, unknown>)['#text']) : '');
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:ter="http://www.onvif.org/ver10/error" xmlns:tds="${SERVICES.device}" xmlns:trt="${SERVICES.media}" xmlns:tptz="${SERVICES.ptz}" xmlns:tse="${SERVICES.search}" xmlns:trp="${SERVICES.replay}"><env:Body>${body}</env:Body></env:Envelope>`;
}

function faultXml(f: Fault): string {
  let sub = '';
  for (const s of [...f.subcodes].reverse()) sub = `<env:Subcode><env:Value>${s}</env:Value>${sub}</env:Subcode>`;
  return envelope(`<env:Fault><env:Code><env:Value>env:${f.code}</env:Value>${sub}</env:Code><env:Reason><env:Text xml:lang="en">${esc(f.reason)}</env:Text></env:Reason></env:Fault>`);
}

export class OnvifEmulator {
  readonly calls: EmulatorCall[] = [];
  /** Requests refused with ter:NotAuthorized. */
  authFailures = 0;
  private server?: http.Server;
  private readonly nonces = new Set<string>();
  private readonly searches = new Set<string>();
  private searchSeq = 0;
  port = 0;

  constructor(readonly config: EmulatorConfig) {}

  get deviceUrl(): string {
    return `http://127.0.0.1:${this.port}/onvif/device_service`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { status, xml } = this.handle(req, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
        res.end(xml);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private handle(req: http.IncomingMessage, text: string): { status: number; xml: string } {
    try {
      if (req.method !== 'POST') throw new Fault(405, 'Sender', ['ter:InvalidArgs'], 'only POST is served');
      if (!/^application\/soap\+xml/i.test(req.headers['content-type'] ?? '')) throw new Fault(415, 'Sender', ['ter:InvalidArgs'], 'Content-Type must be application/soap+xml');
      const service = (Object.keys(SERVICES) as ServiceName[]).find((s) => req.url === `/onvif/${s}_service`);
      if (!service) throw new Fault(404, 'Sender', ['ter:InvalidArgs'], `no service at ${req.url}`);
      let doc: Record<string, unknown>;
      try {
        doc = parser.parse(text, true) as Record<string, unknown>;
      } catch {
        throw new Fault(400, 'Sender', ['ter:WellFormed'], 'request is not well-formed XML');
      }
      const env = obj(doc.Envelope);
      const body = obj(env?.Body);
      if (!env || !body) throw new Fault(400, 'Sender', ['ter:InvalidArgs'], 'not a SOAP 1.2 envelope');
      const action = Object.keys(body).find((k) => !k.startsWith('@'));
      if (!action || !ACTIONS[service].includes(action)) throw new Fault(400, 'Receiver', ['ter:ActionNotSupported'], `${action ?? 'no action'} is not served by the ${service} service`);
      if (action !== 'GetSystemDateAndTime') {
        try {
          this.authenticate(obj(env.Header));
        } catch (e) {
          this.authFailures++;
          throw e;
        }
      }
      const args = obj(body[action]) ?? {};
      this.calls.push({ service, action, body: args });
      return { status: 200, xml: envelope(this.answer(action, args)) };
    } catch (e) {
      if (e instanceof Fault) return { status: e.http, xml: faultXml(e) };
      return { status: 500, xml: faultXml(new Fault(500, 'Receiver', ['ter:Action'], (e as Error).message)) };
    }
  }

  private authenticate(header: Record<string, unknown> | undefined): void {
    const denied = (why: string) => new Fault(400, 'Sender', ['ter:NotAuthorized'], `Sender not Authorized: ${why}`);
    const token = obj(obj(header?.Security)?.UsernameToken);
    if (!token) throw denied('no WS-Security UsernameToken');
    const user = str(token.Username);
    const pw = obj(token.Password);
    const nonce = str(token.Nonce);
    const created = str(token.Created);
    if (!pw || !String(pw['@Type'] ?? '').endsWith('#PasswordDigest')) throw denied('password type must be PasswordDigest');
    if (!nonce || !created) throw denied('Nonce and Created are required');
    const at = Date.parse(created);
    if (!Number.isFinite(at) || Math.abs(at - this.now()) > 5 * 60_000) throw denied('Created is not within 5 minutes of the device clock');
    if (this.nonces.has(nonce)) throw denied('Nonce was used before');
    this.nonces.add(nonce);
    const digest = createHash('sha1').update(Buffer.from(nonce, 'base64')).update(created).update(this.config.password).digest('base64');
    if (user !== this.config.user || str(pw) !== digest) throw denied('wrong user name or password');
  }

  private now(): number {
    return Date.now() + (this.config.clockSkewMs ?? 0);
  }

  private profile(args: Record<string, unknown>): EmulatedProfile {
    const token = str(args.ProfileToken);
    const p = this.config.profiles.find((x) => x.token === token);
    if (!p) throw new Fault(400, 'Sender', ['ter:InvalidArgVal', 'ter:NoProfile'], `no profile "${token}"`);
    return p;
  }

  private streamSetup(args: Record<string, unknown>): void {
    const setup = obj(args.StreamSetup);
    const stream = str(setup?.Stream);
    const protocol = str(obj(setup?.Transport)?.Protocol);
    if (!['RTP-Unicast', 'RTP-Multicast'].includes(stream) || !['UDP', 'TCP', 'RTSP', 'HTTP'].includes(protocol))
      throw new Fault(400, 'Sender', ['ter:InvalidArgVal', 'ter:InvalidStreamSetup'], 'StreamSetup needs Stream and Transport/Protocol');
  }

  private answer(action: string, args: Record<string, unknown>): string {
    const c = this.config;
    const x = (service: ServiceName) => `http://127.0.0.1:${this.port}/onvif/${service}_service`;
    switch (action) {
      case 'GetSystemDateAndTime': {
        const d = new Date(this.now());
        return `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
          `<tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
          `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime>` +
          '</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>';
      }
      case 'GetDeviceInformation':
        return '<tds:GetDeviceInformationResponse><tds:Manufacturer>nvr-pusher</tds:Manufacturer><tds:Model>ONVIF emulator</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>1</tds:SerialNumber><tds:HardwareId>1</tds:HardwareId></tds:GetDeviceInformationResponse>';
      case 'GetServices': {
        if (!['true', 'false'].includes(str(args.IncludeCapability))) throw new Fault(400, 'Sender', ['ter:InvalidArgVal'], 'IncludeCapability must be a boolean');
        const list = (Object.keys(SERVICES) as ServiceName[]).map((s) => `<tds:Service><tds:Namespace>${SERVICES[s]}</tds:Namespace><tds:XAddr>${x(s)}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>`);
        return `<tds:GetServicesResponse>${list.join('')}</tds:GetServicesResponse>`;
      }
      case 'GetProfiles':
        return `<trt:GetProfilesResponse>${c.profiles.map((p) => `<trt:Profiles token="${esc(p.token)}" fixed="true"><tt:Name>${esc(p.name)}</tt:Name><tt:VideoSourceConfiguration token="vsc-${esc(p.token)}"><tt:Name>vsc</tt:Name><tt:UseCount>1</tt:UseCount><tt:SourceToken>${esc(p.videoSource)}</tt:SourceToken><tt:Bounds x="0" y="0" width="320" height="240"/></tt:VideoSourceConfiguration><tt:VideoEncoderConfiguration token="vec-${esc(p.token)}"><tt:Name>vec</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>${p.encoding}</tt:Encoding></tt:VideoEncoderConfiguration>${p.ptz ? '<tt:PTZConfiguration token="ptz"><tt:Name>ptz</tt:Name><tt:UseCount>1</tt:UseCount><tt:NodeToken>node</tt:NodeToken></tt:PTZConfiguration>' : ''}</trt:Profiles>`).join('')}</trt:GetProfilesResponse>`;
      case 'GetStreamUri': {
        this.streamSetup(args);
        const p = this.profile(args);
        return `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${esc(p.streamUri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`;
      }
      case 'ContinuousMove': {
        const p = this.profile(args);
        if (!p.ptz) throw new Fault(500, 'Receiver', ['ter:Action', 'ter:NoPTZProfile'], `profile ${p.token} has no PTZ configuration`);
        const v = obj(args.Velocity);
        const pt = obj(v?.PanTilt);
        const zoom = obj(v?.Zoom);
        if (!pt && !zoom) throw new Fault(400, 'Sender', ['ter:InvalidArgVal'], 'Velocity needs PanTilt or Zoom');
        for (const n of [pt?.['@x'], pt?.['@y'], zoom?.['@x']]) {
          if (n === undefined) continue;
          const f = Number(n);
          if (!Number.isFinite(f) || f < -1 || f > 1) throw new Fault(400, 'Sender', ['ter:InvalidArgVal', 'ter:SpaceNotSupported'], `velocity ${String(n)} is outside the generic velocity space [-1, 1]`);
        }
        return '<tptz:ContinuousMoveResponse/>';
      }
      case 'Stop': {
        const p = this.profile(args);
        if (!p.ptz) throw new Fault(500, 'Receiver', ['ter:Action', 'ter:NoPTZProfile'], `profile ${p.token} has no PTZ configuration`);
        return '<tptz:StopResponse/>';
      }
      case 'FindRecordings': {
        if (!obj(args.Scope) && args.Scope !== '') throw new Fault(400, 'Sender', ['ter:InvalidArgVal'], 'Scope is required');
        if (!/^P(T\d+S|T\d+M)$/.test(str(args.KeepAliveTime))) throw new Fault(400, 'Sender', ['ter:InvalidArgVal'], 'KeepAliveTime must be an xs:duration');
        const token = `search-${++this.searchSeq}`;
        this.searches.add(token);
        return `<tse:FindRecordingsResponse><tse:SearchToken>${token}</tse:SearchToken></tse:FindRecordingsResponse>`;
      }
      case 'GetRecordingSearchResults': {
        const token = str(args.SearchToken);
        if (!this.searches.has(token)) throw new Fault(400, 'Sender', ['ter:InvalidArgVal', 'ter:InvalidToken'], `unknown search ${token}`);
        const list = c.recordings.map((r) => `<tt:RecordingInformation><tt:RecordingToken>${esc(r.token)}</tt:RecordingToken><tt:Source><tt:SourceId>${esc(r.sourceId)}</tt:SourceId><tt:Name>cam</tt:Name><tt:Location/><tt:Description/><tt:Address/></tt:Source><tt:EarliestRecording>${r.earliest}</tt:EarliestRecording><tt:LatestRecording>${r.latest}</tt:LatestRecording><tt:Content/><tt:RecordingStatus>Stopped</tt:RecordingStatus></tt:RecordingInformation>`);
        return `<tse:GetRecordingSearchResultsResponse><tse:ResultList><tt:SearchState>Completed</tt:SearchState>${list.join('')}</tse:ResultList></tse:GetRecordingSearchResultsResponse>`;
      }
      case 'EndSearch': {
        const token = str(args.SearchToken);
        if (!this.searches.delete(token)) throw new Fault(400, 'Sender', ['ter:InvalidArgVal', 'ter:InvalidToken'], `unknown search ${token}`);
        return '<tse:EndSearchResponse><tse:Endpoint>1970-01-01T00:00:00Z</tse:Endpoint></tse:EndSearchResponse>';
      }
      case 'GetRecordingSummary': {
        const from = c.recordings.map((r) => r.earliest).sort()[0] ?? '1970-01-01T00:00:00Z';
        const until = c.recordings.map((r) => r.latest).sort().at(-1) ?? '1970-01-01T00:00:00Z';
        return `<tse:GetRecordingSummaryResponse><tse:Summary><tt:DataFrom>${from}</tt:DataFrom><tt:DataUntil>${until}</tt:DataUntil><tt:NumberRecordings>${c.recordings.length}</tt:NumberRecordings></tse:Summary></tse:GetRecordingSummaryResponse>`;
      }
      case 'GetReplayUri': {
        this.streamSetup(args);
        const token = str(args.RecordingToken);
        const r = c.recordings.find((x) => x.token === token);
        if (!r) throw new Fault(400, 'Sender', ['ter:InvalidArgVal', 'ter:NoRecording'], `no recording "${token}"`);
        return `<trp:GetReplayUriResponse><trp:Uri>${esc(r.replayUri)}</trp:Uri></trp:GetReplayUriResponse>`;
      }
      default:
        throw new Fault(400, 'Receiver', ['ter:ActionNotSupported'], `${action} is not supported`);
    }
  }

  /** Calls of one action, in order (tests assert PTZ reached the device). */
  callsOf(action: string): EmulatorCall[] {
    return this.calls.filter((c) => c.action === action);
  }
}
