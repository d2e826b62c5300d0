/** RTMP messages: Adobe RTMP spec 1.0 §5.4 (protocol control), §6.2 (user control), §7.1 (message types). */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

export interface RtmpMessage {
  /** Chunk stream id the message travels on (§5.3.1.1). */
  csid: number;
  /** Milliseconds, modulo 2^32. */
  timestamp: number;
  typeId: number;
  /** Message stream id (0 for protocol control and NetConnection commands). */
  streamId: number;
  payload: Uint8Array;
}

/** Message type ids (§5.4, §7.1). */
export const MessageType = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  userControl: 4,
  windowAckSize: 5,
  setPeerBandwidth: 6,
  audio: 8,
  video: 9,
  dataAmf0: 18,
  commandAmf0: 20,
} as const;

/** User control event types (§6.2 / §7.1.7). */
export const UserControlEvent = {
  streamBegin: 0,
  streamEof: 1,
  streamDry: 2,
  setBufferLength: 3,
  streamIsRecorded: 4,
  pingRequest: 6,
  pingResponse: 7,
} as const;

/** Chunk stream ids this client uses. 2 is reserved by §5.3.1.1 for protocol control; the rest are conventional. */
export const ChunkStream = { control: 2, command: 3, audio: 4, data: 5, video: 6 } as const;

/** Largest chunk size a peer may set: §5.4.1 — the most significant bit must be zero. */
export const MAX_CHUNK_SIZE = 0x7fffffff;

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
}

function control(typeId: number, payload: Uint8Array): RtmpMessage {
  // §5.4: protocol control messages use message stream id 0 and chunk stream id 2.
  return { csid: ChunkStream.control, timestamp: 0, typeId, streamId: 0, payload };
}

export const setChunkSize = (size: number): RtmpMessage => {
  if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) throw new FormatError('Set Chunk Size', `chunk size ${size} outside 1..${MAX_CHUNK_SIZE}`);
  return control(MessageType.setChunkSize, u32(size));
};
export const acknowledgement = (sequenceNumber: number): RtmpMessage => control(MessageType.acknowledgement, u32(sequenceNumber));
export const windowAckSize = (size: number): RtmpMessage => control(MessageType.windowAckSize, u32(size));

/** User Control message (§6.2): u16 event type then the event data (a u32 for every event used here). */
export function userControl(event: number, value: number): RtmpMessage {
  const payload = new Uint8Array(6);
  const v = new DataView(payload.buffer);
  v.setUint16(0, event);
  v.setUint32(2, value >>> 0);
  return control(MessageType.userControl, payload);
}

/** Decodes a 4-byte control payload (Set Chunk Size, Acknowledgement, Window Acknowledgement Size). */
export function decodeU32Payload(m: RtmpMessage, structure: string): number {
  return new ByteReader(m.payload, structure).u32be();
}

export interface PeerBandwidth {
  windowSize: number;
  /** 0 hard, 1 soft, 2 dynamic (§5.4.5). */
  limitType: number;
}

export function decodeSetPeerBandwidth(m: RtmpMessage): PeerBandwidth {
  const r = new ByteReader(m.payload, 'Set Peer Bandwidth');
  return { windowSize: r.u32be(), limitType: r.u8() };
}

export interface UserControlMessage {
  event: number;
  /** The u32 after the event type (stream id or ping timestamp), when present. */
  value?: number;
}

export function decodeUserControl(m: RtmpMessage): UserControlMessage {
  const r = new ByteReader(m.payload, 'User Control');
  const event = r.u16be();
  return r.remaining >= 4 ? { event, value: r.u32be() } : { event };
}
