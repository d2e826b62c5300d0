/** RTSP answers and SOAP faults as the API's errors, naming what the device said. */
import { loginFailed, type PusherError, type VendorFailure } from '@nvr-pusher/core/contracts';
import { FormatError } from '@nvr-pusher/core/media';
import { SoapFault } from './onvif/soap-client.js';
import { RtspError } from './rtsp/rtsp-connection.js';

type Factory = (f: VendorFailure) => PusherError;

/**
 * RTSP 401 and ONVIF NotAuthorized → 606 (the account was refused); every other failure → `fail`
 * (603 live, 604 playback, 608 seek, 609 PTZ) with the RTSP status as the vendor code.
 */
export function toPusherError(e: unknown, fail: Factory): unknown {
  if (e instanceof RtspError) {
    const f: VendorFailure = { vendor: 'RTSP', ...(e.status ? { vendorCode: e.status } : {}), text: e.message, cause: e };
    return e.status === 401 ? loginFailed({ ...f, text: `device answered 401 ${e.reason || 'Unauthorized'}` }) : fail(f);
  }
  if (e instanceof SoapFault) {
    const f: VendorFailure = { vendor: 'ONVIF', text: `device answered ${e.info.subcode || e.info.code}${e.info.reason ? ` (${e.info.reason})` : ''}`, cause: e };
    return e.notAuthorized ? loginFailed(f) : fail(f);
  }
  // The device answered something that is not RTSP/SDP/RTP, or handed out a URL that does not parse.
  if (e instanceof FormatError) return fail({ vendor: 'RTSP', text: `malformed answer from the device: ${e.message}`, cause: e });
  if (e instanceof TypeError && (e as { code?: string }).code === 'ERR_INVALID_URL') return fail({ vendor: 'ONVIF', text: 'the device returned an invalid stream URL', cause: e });
  return e;
}

/** Runs `op`, rethrowing RTSP/SOAP failures as PusherErrors. */
export async function mapped<T>(fail: Factory, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw toPusherError(e, fail);
  }
}
