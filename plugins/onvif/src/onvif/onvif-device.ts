/**
 * The ONVIF calls the plugin makes: device (GetDeviceInformation, GetServices), media (GetProfiles,
 * GetStreamUri), PTZ (ContinuousMove, Stop), search (FindRecordings, GetRecordingSearchResults, EndSearch,
 * GetRecordingSummary) and replay (GetReplayUri). Service addresses come from GetServices; where a device
 * does not list one, the device service address is used (many devices serve everything there).
 */
import { NS, text, xmlEscape, type XmlNode } from '../format/soap-envelope.js';
import { soapCall, type SoapCredentials } from './soap-client.js';

export interface OnvifProfile {
  readonly token: string;
  readonly name: string;
  readonly videoSourceToken: string;
  readonly encoding: string;
}

export interface OnvifRecording {
  readonly token: string;
  readonly sourceId: string;
  /** ISO dateTime (UTC). */
  readonly earliest: string;
  readonly latest: string;
}

type Service = 'device' | 'media' | 'ptz' | 'search' | 'replay';
const SERVICE_NS: Record<Service, string> = { device: NS.tds, media: NS.trt, ptz: NS.tptz, search: NS.tse, replay: NS.trp };

const arr = (v: unknown): XmlNode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as XmlNode[];
const child = (n: unknown, ...path: string[]): unknown => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as XmlNode)[k] : undefined), n);

export class OnvifDevice {
  private services?: Map<string, string>;

  constructor(readonly deviceUrl: string, private readonly creds: SoapCredentials) {}

  private call(service: Service, action: string, inner: string, signal: AbortSignal): Promise<XmlNode> {
    const url = this.services?.get(SERVICE_NS[service]) ?? this.deviceUrl;
    const ns = SERVICE_NS[service];
    return soapCall(url, `${ns}/${action}`, `<${action} xmlns="${ns}">${inner}</${action}>`, this.creds, signal);
  }

  /**
   * Reads the device clock (GetSystemDateAndTime, unauthenticated as ONVIF allows) and stamps later tokens on it:
   * devices refuse a UsernameToken whose Created is minutes off their clock. Returns the offset, ms.
   */
  async syncClock(signal: AbortSignal): Promise<number> {
    const b = await soapCall(this.deviceUrl, `${NS.tds}/GetSystemDateAndTime`, `<GetSystemDateAndTime xmlns="${NS.tds}"/>`, { ...this.creds, user: '' }, signal);
    const utc = child(b, 'GetSystemDateAndTimeResponse', 'SystemDateAndTime', 'UTCDateTime');
    const n = (...p: string[]) => Number(text(child(utc, ...p)));
    const device = Date.UTC(n('Date', 'Year'), n('Date', 'Month') - 1, n('Date', 'Day'), n('Time', 'Hour'), n('Time', 'Minute'), n('Time', 'Second'));
    if (!Number.isFinite(device)) return 0;
    this.creds.clockOffsetMs = device - Date.now();
    return this.creds.clockOffsetMs;
  }

  async getDeviceInformation(signal: AbortSignal): Promise<{ manufacturer: string; model: string; firmware: string }> {
    const b = await this.call('device', 'GetDeviceInformation', '', signal);
    const r = child(b, 'GetDeviceInformationResponse');
    return { manufacturer: text(child(r, 'Manufacturer')), model: text(child(r, 'Model')), firmware: text(child(r, 'FirmwareVersion')) };
  }

  /** Learns the service addresses (GetServices); keeps the device address for services not listed. */
  async discoverServices(signal: AbortSignal): Promise<void> {
    const b = await this.call('device', 'GetServices', '<IncludeCapability>false</IncludeCapability>', signal);
    const map = new Map<string, string>();
    for (const s of arr(child(b, 'GetServicesResponse', 'Service'))) {
      const ns = text(s.Namespace);
      const xaddr = text(s.XAddr);
      if (ns && xaddr) map.set(ns, xaddr);
    }
    this.services = map;
  }

  hasService(service: Service): boolean {
    return this.services?.has(SERVICE_NS[service]) ?? false;
  }

  async getProfiles(signal: AbortSignal): Promise<OnvifProfile[]> {
    const b = await this.call('media', 'GetProfiles', '', signal);
    return arr(child(b, 'GetProfilesResponse', 'Profiles')).map((p) => ({
      token: String(p['@token'] ?? ''),
      name: text(p.Name),
      videoSourceToken: text(child(p, 'VideoSourceConfiguration', 'SourceToken')),
      encoding: text(child(p, 'VideoEncoderConfiguration', 'Encoding')),
    }));
  }

  async getStreamUri(profileToken: string, signal: AbortSignal): Promise<string> {
    const b = await this.call('media', 'GetStreamUri',
      '<StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></StreamSetup>' +
      `<ProfileToken>${xmlEscape(profileToken)}</ProfileToken>`, signal);
    return text(child(b, 'GetStreamUriResponse', 'MediaUri', 'Uri'));
  }

  async continuousMove(profileToken: string, pan: number, tilt: number, zoom: number, signal: AbortSignal): Promise<void> {
    const v = `<Velocity><tt:PanTilt x="${pan}" y="${tilt}"/><tt:Zoom x="${zoom}"/></Velocity>`;
    await this.call('ptz', 'ContinuousMove', `<ProfileToken>${xmlEscape(profileToken)}</ProfileToken>${v}`, signal);
  }

  async stop(profileToken: string, signal: AbortSignal): Promise<void> {
    await this.call('ptz', 'Stop', `<ProfileToken>${xmlEscape(profileToken)}</ProfileToken><PanTilt>true</PanTilt><Zoom>true</Zoom>`, signal);
  }

  /** Every recording the device holds (FindRecordings → GetRecordingSearchResults until Completed → EndSearch). */
  async findRecordings(signal: AbortSignal): Promise<OnvifRecording[]> {
    const start = await this.call('search', 'FindRecordings', '<Scope/><MaxMatches>100</MaxMatches><KeepAliveTime>PT10S</KeepAliveTime>', signal);
    const token = text(child(start, 'FindRecordingsResponse', 'SearchToken'));
    const out: OnvifRecording[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const r = await this.call('search', 'GetRecordingSearchResults',
          `<SearchToken>${xmlEscape(token)}</SearchToken><MinResults>1</MinResults><WaitTime>PT1S</WaitTime>`, signal);
        const list = child(r, 'GetRecordingSearchResultsResponse', 'ResultList');
        for (const ri of arr(child(list, 'RecordingInformation'))) {
          out.push({
            token: text(ri.RecordingToken),
            sourceId: text(child(ri, 'Source', 'SourceId')),
            earliest: text(ri.EarliestRecording),
            latest: text(ri.LatestRecording),
          });
        }
        if (text(child(list, 'SearchState')) === 'Completed') break;
      }
    } finally {
      await this.call('search', 'EndSearch', `<SearchToken>${xmlEscape(token)}</SearchToken>`, signal).catch(() => undefined);
    }
    return out;
  }

  async getRecordingSummary(signal: AbortSignal): Promise<{ from: string; until: string; count: number }> {
    const b = await this.call('search', 'GetRecordingSummary', '', signal);
    const s = child(b, 'GetRecordingSummaryResponse', 'Summary');
    return { from: text(child(s, 'DataFrom')), until: text(child(s, 'DataUntil')), count: Number(text(child(s, 'NumberRecordings')) || 0) };
  }

  async getReplayUri(recordingToken: string, signal: AbortSignal): Promise<string> {
    const b = await this.call('replay', 'GetReplayUri',
      '<StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></StreamSetup>' +
      `<RecordingToken>${xmlEscape(recordingToken)}</RecordingToken>`, signal);
    return text(child(b, 'GetReplayUriResponse', 'Uri'));
  }
}
