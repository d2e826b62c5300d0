/**
 * The API's 14 PTZ commands → DH_PTZ_ControlType / DH_EXTPTZ_ControlType codes and CLIENT_DHPTZControlEx2
 * parameters, as Dahua's own Linux PTZ demo passes them (docs/vendor/dahua-sdk.md §3.4): basic moves, zoom, focus and
 * iris take (0, speed, 0); the diagonal EXTPTZ moves take (speed, speed, 0).
 */
import { PtzCommand, type PtzCommandCode } from '@nvr-pusher/core/contracts';

export const DhPtz = {
  UP: 0, DOWN: 1, LEFT: 2, RIGHT: 3, ZOOM_ADD: 4, ZOOM_DEC: 5, FOCUS_ADD: 6, FOCUS_DEC: 7, APERTURE_ADD: 8, APERTURE_DEC: 9,
  EXT_LEFTTOP: 0x20, EXT_RIGHTTOP: 0x21, EXT_LEFTDOWN: 0x22, EXT_RIGHTDOWN: 0x23,
} as const;

export interface DhPtzCall { code: number; p1: number; p2: number; p3: number }

// FOCUS_ADD is taken as "focus near" and FOCUS_DEC as "focus far" [BELIEF: header names only say +/-].
const CODES: Record<PtzCommandCode, { code: number; diagonal: boolean }> = {
  [PtzCommand.ZOOM_IN]: { code: DhPtz.ZOOM_ADD, diagonal: false },
  [PtzCommand.ZOOM_OUT]: { code: DhPtz.ZOOM_DEC, diagonal: false },
  [PtzCommand.FOCUS_NEAR]: { code: DhPtz.FOCUS_ADD, diagonal: false },
  [PtzCommand.FOCUS_FAR]: { code: DhPtz.FOCUS_DEC, diagonal: false },
  [PtzCommand.IRIS_OPEN]: { code: DhPtz.APERTURE_ADD, diagonal: false },
  [PtzCommand.IRIS_CLOSE]: { code: DhPtz.APERTURE_DEC, diagonal: false },
  [PtzCommand.TILT_UP]: { code: DhPtz.UP, diagonal: false },
  [PtzCommand.TILT_DOWN]: { code: DhPtz.DOWN, diagonal: false },
  [PtzCommand.PAN_LEFT]: { code: DhPtz.LEFT, diagonal: false },
  [PtzCommand.PAN_RIGHT]: { code: DhPtz.RIGHT, diagonal: false },
  [PtzCommand.UP_LEFT]: { code: DhPtz.EXT_LEFTTOP, diagonal: true },
  [PtzCommand.UP_RIGHT]: { code: DhPtz.EXT_RIGHTTOP, diagonal: true },
  [PtzCommand.DOWN_LEFT]: { code: DhPtz.EXT_LEFTDOWN, diagonal: true },
  [PtzCommand.DOWN_RIGHT]: { code: DhPtz.EXT_RIGHTDOWN, diagonal: true },
};

export function dhPtzCall(command: PtzCommandCode, speed: number): DhPtzCall {
  const c = CODES[command];
  return c.diagonal ? { code: c.code, p1: speed, p2: speed, p3: 0 } : { code: c.code, p1: 0, p2: speed, p3: 0 };
}
