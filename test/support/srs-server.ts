/**
 * SRS 6.0.157 from ../shared/tools/srs-6 (the production media server; not on npm or Debian), started per test
 * file on free ports with its own conf, pid, log and html directory in a temp dir. Optional: `SRS_BIN` overrides
 * the path; `hasSrs()` says whether it is there (the suites skip with one line when it is not).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './service.js';
import { freePort, waitForPort } from './ports.js';
import type { RtmpServer } from './rtmp-server.js';
import { exited, stopChild } from './child-exit.js';

export const SRS_BIN = process.env.SRS_BIN ?? path.resolve(REPO_ROOT, '../shared/tools/srs-6/srs');

export function hasSrs(): boolean {
  return fs.existsSync(SRS_BIN);
}

export interface SrsServer extends Omit<RtmpServer, 'kind'> {
  readonly kind: 'srs';
  readonly httpPort: number;
  readonly apiUrl: string;
  /** `http://127.0.0.1:<http>/live` */
  readonly httpFlvBase: string;
  /** The stream list of SRS's HTTP API (`/api/v1/streams/`). */
  streams(): Promise<Array<{ name: string; publish: { active: boolean }; video?: { codec: string }; audio?: { codec: string } }>>;
  /** The log so far (for diagnosis). */
  log(): string;
}

export async function startSrs(): Promise<SrsServer> {
  const [rtmpPort, apiPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srs-'));
  fs.mkdirSync(path.join(dir, 'html'));
  const conf = path.join(dir, 'srs.conf');
  fs.writeFileSync(conf, `listen ${rtmpPort};
max_connections 1000;
daemon off;
pid ${dir}/srs.pid;
srs_log_tank file;
srs_log_file ${dir}/srs.log;
srs_log_level trace;
http_api { enabled on; listen ${apiPort}; }
http_server { enabled on; listen ${httpPort}; dir ${dir}/html; }
vhost __defaultVhost__ { http_remux { enabled on; mount [vhost]/[app]/[stream].flv; } }
`);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(SRS_BIN, ['-c', conf], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForPort(rtmpPort);
    await waitForPort(httpPort);
    await waitForPort(apiPort);
  };
  await launch();
  return {
    kind: 'srs',
    rtmpPort,
    httpPort,
    apiUrl,
    httpFlvBase: `http://127.0.0.1:${httpPort}/live`,
    publishBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    rtmpUrl: (key) => `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    httpFlvUrl: (key) => `http://127.0.0.1:${httpPort}/live/${key}.flv`,
    async streams() {
      const r = await fetch(`${apiUrl}/api/v1/streams/`);
      return ((await r.json()) as { streams?: [] }).streams ?? [];
    },
    log: () => fs.readFileSync(path.join(dir, 'srs.log'), 'utf8'),
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      await launch();
    },
    async stop() {
      await stopChild(child, () => fs.rmSync(dir, { recursive: true, force: true }));
    },
  };
}
