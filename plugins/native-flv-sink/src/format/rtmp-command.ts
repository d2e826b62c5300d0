/** RTMP command messages (AMF0, type 20): Adobe RTMP spec 1.0 §7.2 — name, transaction id, command object, args. */
import { decodeAmf0, encodeAmf0, type Amf0Value } from './amf0.js';
import { ChunkStream, MessageType, type RtmpMessage } from './rtmp-message.js';
import { FormatError } from '@nvr-pusher/core/media';

export interface RtmpCommand {
  name: string;
  transactionId: number;
  /** Command object (connect) or null. */
  commandObject: Amf0Value;
  args: Amf0Value[];
}

export function encodeCommand(cmd: RtmpCommand, streamId = 0, csid: number = ChunkStream.command): RtmpMessage {
  const payload = encodeAmf0(cmd.name, cmd.transactionId, cmd.commandObject, ...cmd.args);
  return { csid, timestamp: 0, typeId: MessageType.commandAmf0, streamId, payload };
}

export function decodeCommand(payload: Uint8Array): RtmpCommand {
  const values = decodeAmf0(payload);
  const [name, transactionId, commandObject, ...args] = values;
  if (typeof name !== 'string') throw new FormatError('RTMP command', 'command name is not a string', 0);
  if (typeof transactionId !== 'number') throw new FormatError('RTMP command', `${name}: transaction id is not a number`);
  return { name, transactionId, commandObject: commandObject ?? null, args };
}

export interface NetStatus {
  level: string;
  code: string;
  description: string;
}

/** The info object of an `onStatus`/`_error`/`_result` (§7.2.1.1, §7.2.2.6), when its first argument is one. */
export function statusOf(cmd: RtmpCommand): NetStatus | undefined {
  const info = cmd.args[0];
  if (!info || typeof info !== 'object' || Array.isArray(info)) return undefined;
  const o = info as Record<string, Amf0Value>;
  return { level: String(o.level ?? ''), code: String(o.code ?? ''), description: String(o.description ?? '') };
}
