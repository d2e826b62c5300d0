/** The API's PTZ commands (0–13) as ONVIF ContinuousMove velocities: pan (+right), tilt (+up), zoom (+in). */
import { PtzCommand, type PtzCommandCode } from '@nvr-pusher/core/contracts';

export interface Velocity {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
}

const UNIT: Partial<Record<PtzCommandCode, [number, number, number]>> = {
  [PtzCommand.ZOOM_IN]: [0, 0, 1],
  [PtzCommand.ZOOM_OUT]: [0, 0, -1],
  [PtzCommand.TILT_UP]: [0, 1, 0],
  [PtzCommand.TILT_DOWN]: [0, -1, 0],
  [PtzCommand.PAN_LEFT]: [-1, 0, 0],
  [PtzCommand.PAN_RIGHT]: [1, 0, 0],
  [PtzCommand.UP_LEFT]: [-1, 1, 0],
  [PtzCommand.UP_RIGHT]: [1, 1, 0],
  [PtzCommand.DOWN_LEFT]: [-1, -1, 0],
  [PtzCommand.DOWN_RIGHT]: [1, -1, 0],
};

/** The velocity of a command, or undefined for focus/iris (2–5: the ONVIF imaging service, not PTZ). */
export function ptzVelocity(command: PtzCommandCode, speed: number): Velocity | undefined {
  const u = UNIT[command];
  return u && { pan: u[0] * speed, tilt: u[1] * speed, zoom: u[2] * speed };
}
