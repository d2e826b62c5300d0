/** AMF0 (Adobe Action Message Format 0, Dec 2007 edition §2): the value encoding of RTMP commands and FLV script tags. */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

/** An ECMA array (§2.10): an associative array, kept apart from plain objects so values round-trip exactly. */
export class Amf0EcmaArray {
  constructor(readonly properties: { readonly [key: string]: Amf0Value }) {}
}

export type Amf0Object = { readonly [key: string]: Amf0Value };
export type Amf0Value = number | boolean | string | null | undefined | Amf0Object | Amf0EcmaArray | readonly Amf0Value[];

/** Type markers, AMF0 §2.1. */
export const Amf0Marker = {
  number: 0x00,
  boolean: 0x01,
  string: 0x02,
  object: 0x03,
  null: 0x05,
  undefined: 0x06,
  ecmaArray: 0x08,
  objectEnd: 0x09,
  strictArray: 0x0a,
  date: 0x0b,
  longString: 0x0c,
} as const;

/**
 * Deepest nesting of objects/arrays accepted when decoding. RTMP server replies nest two levels at most
 * (`_result` → info object); the limit keeps hostile input from exhausting the stack.
 */
export const MAX_AMF0_DEPTH = 16;

const STRUCTURE = 'AMF0';
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8');

/** Encodes values one after the other (a command message body is a sequence of AMF0 values). */
export function encodeAmf0(...values: Amf0Value[]): Uint8Array {
  let size = 0;
  for (const v of values) size += valueSize(v, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  for (const v of values) p = writeValue(out, view, p, v);
  return out;
}

/** Decodes every value in `buf`. Throws FormatError/TruncatedError only. */
export function decodeAmf0(buf: Uint8Array): Amf0Value[] {
  const r = new ByteReader(buf, STRUCTURE);
  const out: Amf0Value[] = [];
  while (r.remaining > 0) out.push(readValue(r, 0));
  return out;
}

function stringBytes(s: string): Uint8Array {
  return utf8.encode(s);
}

function valueSize(v: Amf0Value, depth: number): number {
  if (depth > MAX_AMF0_DEPTH) throw new FormatError(STRUCTURE, `nesting deeper than ${MAX_AMF0_DEPTH}`);
  if (typeof v === 'number') return 9;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'string') {
    const n = stringBytes(v).length;
    return n > 0xffff ? 5 + n : 3 + n;
  }
  if (v === null || v === undefined) return 1;
  if (Array.isArray(v)) {
    let n = 5;
    for (const e of v as readonly Amf0Value[]) n += valueSize(e, depth + 1);
    return n;
  }
  const isEcma = v instanceof Amf0EcmaArray;
  const props = isEcma ? (v as Amf0EcmaArray).properties : (v as Amf0Object);
  let n = (isEcma ? 5 : 1) + 3;
  for (const [k, e] of Object.entries(props)) n += 2 + stringBytes(k).length + valueSize(e, depth + 1);
  return n;
}

function writeKey(out: Uint8Array, p: number, k: string): number {
  const b = stringBytes(k);
  if (b.length > 0xffff) throw new FormatError(STRUCTURE, `property name of ${b.length} bytes exceeds 65535`);
  out[p] = b.length >> 8;
  out[p + 1] = b.length & 0xff;
  out.set(b, p + 2);
  return p + 2 + b.length;
}

function writeValue(out: Uint8Array, view: DataView, p: number, v: Amf0Value): number {
  if (typeof v === 'number') {
    out[p] = Amf0Marker.number;
    view.setFloat64(p + 1, v);
    return p + 9;
  }
  if (typeof v === 'boolean') {
    out[p] = Amf0Marker.boolean;
    out[p + 1] = v ? 1 : 0;
    return p + 2;
  }
  if (typeof v === 'string') {
    const b = stringBytes(v);
    if (b.length > 0xffff) {
      out[p] = Amf0Marker.longString;
      view.setUint32(p + 1, b.length);
      out.set(b, p + 5);
      return p + 5 + b.length;
    }
    out[p] = Amf0Marker.string;
    view.setUint16(p + 1, b.length);
    out.set(b, p + 3);
    return p + 3 + b.length;
  }
  if (v === null) {
    out[p] = Amf0Marker.null;
    return p + 1;
  }
  if (v === undefined) {
    out[p] = Amf0Marker.undefined;
    return p + 1;
  }
  if (Array.isArray(v)) {
    const arr = v as readonly Amf0Value[];
    out[p] = Amf0Marker.strictArray;
    view.setUint32(p + 1, arr.length);
    p += 5;
    for (const e of arr) p = writeValue(out, view, p, e);
    return p;
  }
  let props: Amf0Object;
  if (v instanceof Amf0EcmaArray) {
    props = v.properties;
    out[p] = Amf0Marker.ecmaArray;
    view.setUint32(p + 1, Object.keys(props).length);
    p += 5;
  } else {
    props = v as Amf0Object;
    out[p++] = Amf0Marker.object;
  }
  for (const [k, e] of Object.entries(props)) p = writeValue(out, view, writeKey(out, p, k), e);
  out[p] = 0;
  out[p + 1] = 0;
  out[p + 2] = Amf0Marker.objectEnd;
  return p + 3;
}

function readF64(r: ByteReader): number {
  const b = r.bytes(8);
  return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0);
}

function readString(r: ByteReader, len: number): string {
  return fromUtf8.decode(r.bytes(len));
}

function readProperties(r: ByteReader, depth: number): Record<string, Amf0Value> {
  const props: Record<string, Amf0Value> = {};
  for (;;) {
    const key = readString(r, r.u16be());
    if (key === '') {
      const at = r.pos;
      const end = r.u8();
      if (end !== Amf0Marker.objectEnd) throw new FormatError(STRUCTURE, `empty property name not followed by object-end marker (0x${end.toString(16)})`, at);
      return props;
    }
    // defineProperty: a key named __proto__ must stay data, never become the prototype.
    Object.defineProperty(props, key, { value: readValue(r, depth + 1), enumerable: true, writable: true, configurable: true });
  }
}

function readValue(r: ByteReader, depth: number): Amf0Value {
  if (depth > MAX_AMF0_DEPTH) throw new FormatError(STRUCTURE, `nesting depth ${depth} exceeds ${MAX_AMF0_DEPTH}`, r.pos);
  const at = r.pos;
  const marker = r.u8();
  switch (marker) {
    case Amf0Marker.number:
      return readF64(r);
    case Amf0Marker.boolean:
      return r.u8() !== 0;
    case Amf0Marker.string:
      return readString(r, r.u16be());
    case Amf0Marker.longString:
      return readString(r, r.u32be());
    case Amf0Marker.null:
      return null;
    case Amf0Marker.undefined:
      return undefined;
    case Amf0Marker.object:
      return readProperties(r, depth);
    case Amf0Marker.ecmaArray:
      r.u32be(); // associative-count: a hint only; the object-end marker terminates the list
      return new Amf0EcmaArray(readProperties(r, depth));
    case Amf0Marker.strictArray: {
      const count = r.u32be();
      // Every value takes at least one byte: a count beyond the remaining bytes can never be satisfied.
      if (count > r.remaining) throw new FormatError(STRUCTURE, `strict array of ${count} values in ${r.remaining} bytes`, at);
      const arr: Amf0Value[] = [];
      for (let i = 0; i < count; i++) arr.push(readValue(r, depth + 1));
      return arr;
    }
    case Amf0Marker.date: {
      // §2.13: a double (ms since epoch) and a 16-bit time zone that is reserved (0); decoded as the number.
      const ms = readF64(r);
      r.skip(2);
      return ms;
    }
    default:
      throw new FormatError(STRUCTURE, `unsupported type marker 0x${marker.toString(16).padStart(2, '0')}`, at);
  }
}
