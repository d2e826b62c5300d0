/** The API's 14 PTZ commands (API.md) → HCNetSDK `dwPTZCommand` codes (vendor notes §3.3). */
import { PtzCommand, type PtzCommandCode } from '@nvr-pusher/core/contracts';

export const HIK_PTZ_CODE: Readonly<Record<PtzCommandCode, number>> = {
  [PtzCommand.ZOOM_IN]: 11, // ZOOM_IN
  [PtzCommand.ZOOM_OUT]: 12, // ZOOM_OUT
  [PtzCommand.FOCUS_NEAR]: 13, // FOCUS_NEAR
  [PtzCommand.FOCUS_FAR]: 14, // FOCUS_FAR
  [PtzCommand.IRIS_OPEN]: 15, // IRIS_OPEN
  [PtzCommand.IRIS_CLOSE]: 16, // IRIS_CLOSE
  [PtzCommand.TILT_UP]: 21, // TILT_UP
  [PtzCommand.TILT_DOWN]: 22, // TILT_DOWN
  [PtzCommand.PAN_LEFT]: 23, // PAN_LEFT
  [PtzCommand.PAN_RIGHT]: 24, // PAN_RIGHT
  [PtzCommand.UP_LEFT]: 25, // UP_LEFT
  [PtzCommand.UP_RIGHT]: 26, // UP_RIGHT
  [PtzCommand.DOWN_LEFT]: 27, // DOWN_LEFT
  [PtzCommand.DOWN_RIGHT]: 28, // DOWN_RIGHT
};
