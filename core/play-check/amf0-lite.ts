/**
 * The AMF0 subset an RTMP play command exchange needs (AMF0 spec §2): numbers, booleans, strings, null,
 * undefined, objects and ECMA arrays. Pure; decoding stops at the first unsupported marker (the rest is ignored).
 */
export type Amf0Value = number | boolean | string | null | undefined | { [k: string]: Amf0Value };

export function encodeAmf0(values: Amf0Value[]): Uint8Array {
  const out: number[] = [];
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    out.push(b.length >> 8, b.length & 0xff, ...b);
  };
  const value = (v: Amf0Value): void => {
    if (typeof v === 'number') {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(v);
      out.push(0x00, ...b);
    } else if (typeof v === 'boolean') out.push(0x01, v ? 1 : 0);
    else if (typeof v === 'string') {
      out.push(0x02);
      str(v);
    } else if (v === null) out.push(0x05);
    else if (v === undefined) out.push(0x06);
    else {
      out.push(0x03);
      for (const [k, x] of Object.entries(v)) {
        str(k);
        value(x);
      }
      out.push(0, 0, 0x09);
    }
  };
  for (const v of values) value(v);
  return Uint8Array.from(out);
}

export function decodeAmf0(buf: Uint8Array): Amf0Value[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0;
  const need = (n: number) => {
    if (p + n > buf.length) throw new RangeError('AMF0 value truncated');
  };
  const str = (): string => {
    need(2);
    const n = view.getUint16(p);
    p += 2;
    need(n);
    const s = Buffer.from(buf.subarray(p, p + n)).toString('utf8');
    p += n;
    return s;
  };
  const props = (): { [k: string]: Amf0Value } => {
    const o: { [k: string]: Amf0Value } = {};
    for (;;) {
      const k = str();
      need(1);
      if (k === '' && buf[p] === 0x09) {
        p++;
        return o;
      }
      o[k] = value();
    }
  };
  const value = (): Amf0Value => {
    need(1);
    const marker = buf[p++]!;
    switch (marker) {
      case 0x00: need(8); p += 8; return view.getFloat64(p - 8);
      case 0x01: need(1); return buf[p++] !== 0;
      case 0x02: return str();
      case 0x03: return props();
      case 0x05: return null;
      case 0x06: return undefined;
      case 0x08: need(4); p += 4; return props();
      default: throw new RangeError(`AMF0 marker ${marker} not supported`);
    }
  };
  const out: Amf0Value[] = [];
  try {
    while (p < buf.length) out.push(value());
  } catch {
    // keep what was decoded
  }
  return out;
}
