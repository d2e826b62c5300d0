/** FLV SCRIPTDATA `onMetaData` (Adobe FLV spec v10.1 Annex E.5), sent over RTMP as `@setDataFrame` (data message). */
import { Amf0EcmaArray, decodeAmf0, encodeAmf0, type Amf0Value } from './amf0.js';
import { FormatError } from '@nvr-pusher/core/media';

/** onMetaData fields this muxer writes (E.5, "onMetaData"); absent ones are left out. */
export interface FlvMetadata {
  width?: number;
  height?: number;
  /** 7 (AVC) or, for Enhanced RTMP, the FourCC as a number (`hvc1` = 0x68766331). */
  videocodecid?: number;
  framerate?: number;
  /** SoundFormat: 7, 8 or 10. */
  audiocodecid?: number;
  audiosamplerate?: number;
  audiosamplesize?: number;
  stereo?: boolean;
  encoder?: string;
}

/** The body of the RTMP data message (type 18) that sets the stream's metadata. */
export function encodeSetDataFrame(meta: FlvMetadata): Uint8Array {
  const props: Record<string, Amf0Value> = {};
  for (const [k, v] of Object.entries(meta)) if (v !== undefined) props[k] = v as Amf0Value;
  return encodeAmf0('@setDataFrame', 'onMetaData', new Amf0EcmaArray(props));
}

/** Reads an `onMetaData` script body, with or without the leading `@setDataFrame`. */
export function decodeOnMetaData(buf: Uint8Array): Record<string, Amf0Value> {
  const values = decodeAmf0(buf);
  if (values[0] === '@setDataFrame') values.shift();
  const [name, data] = values;
  if (name !== 'onMetaData') throw new FormatError('onMetaData', `script data named ${JSON.stringify(name)}`);
  if (data instanceof Amf0EcmaArray) return { ...data.properties };
  if (data && typeof data === 'object' && !Array.isArray(data)) return { ...(data as Record<string, Amf0Value>) };
  throw new FormatError('onMetaData', 'value is not an object or ECMA array');
}
