/** RTMP simple handshake: Adobe RTMP spec 1.0 §5.2 (C0/C1/C2, S0/S1/S2, each C1/S1/C2/S2 1536 bytes). */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

export const RTMP_VERSION = 3;
/** §5.2.3: C1/S1 and C2/S2 are 1536 octets. */
export const HANDSHAKE_SIZE = 1536;
/** S0 + S1 + S2. */
export const SERVER_HANDSHAKE_SIZE = 1 + 2 * HANDSHAKE_SIZE;

/**
 * C0 (version) + C1: time (4), zero (4), random (1528). The zero field selects the simple handshake: servers
 * (nginx-rtmp, SRS) fall back from the digest ("complex") handshake when C1 bytes 4..7 are zero.
 */
export function encodeC0C1(time: number, random: Uint8Array): Uint8Array {
  if (random.length !== HANDSHAKE_SIZE - 8) throw new FormatError('C1', `random field must be ${HANDSHAKE_SIZE - 8} bytes, got ${random.length}`);
  const out = new Uint8Array(1 + HANDSHAKE_SIZE);
  out[0] = RTMP_VERSION;
  new DataView(out.buffer).setUint32(1, time >>> 0);
  out.set(random, 9);
  return out;
}

export interface ServerHandshake {
  version: number;
  s1: Uint8Array;
  s2: Uint8Array;
}

/** Parses S0+S1+S2 (exactly {@link SERVER_HANDSHAKE_SIZE} bytes consumed from the front of `buf`). */
export function decodeS0S1S2(buf: Uint8Array): ServerHandshake {
  const r = new ByteReader(buf, 'S0/S1/S2');
  const version = r.u8();
  // §5.2.2: a client that does not recognise the server's version may terminate; 3 is the only defined one.
  if (version !== RTMP_VERSION) throw new FormatError('S0', `version ${version} is not ${RTMP_VERSION}`, 0);
  return { version, s1: r.bytes(HANDSHAKE_SIZE), s2: r.bytes(HANDSHAKE_SIZE) };
}

/** C2 (§5.2.4): echoes S1 — its time and random — with time2 set to when S1 was read. */
export function encodeC2(s1: Uint8Array, time2: number): Uint8Array {
  if (s1.length !== HANDSHAKE_SIZE) throw new FormatError('S1', `must be ${HANDSHAKE_SIZE} bytes, got ${s1.length}`);
  const out = s1.slice();
  new DataView(out.buffer).setUint32(4, time2 >>> 0);
  return out;
}
