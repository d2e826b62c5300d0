/** The HTTP contract suite against one in-process node publishing to node-media-server (the reference for the cluster run). */
import { afterAll, beforeAll } from 'vitest';
import { startNodeMediaServer, type RtmpServer } from '../support/rtmp-server.js';
import { startService, type TestService } from '../support/service.js';
import { CONTRACT_NVR, httpContract } from './http-contract.js';

let rtmp: RtmpServer;
let svc: TestService;
beforeAll(async () => {
  rtmp = await startNodeMediaServer();
  svc = await startService({
    config: {
      rtmp: { publishUrl: rtmp.publishBase },
      plugins: [{ module: './plugins/simulator', options: { password: CONTRACT_NVR.nvr_pwd, noRecordChannels: [3] } }, { module: './plugins/native-flv-sink' }],
    },
  });
}, 60_000);
afterAll(async () => {
  await svc?.close();
  await rtmp?.stop();
});

httpContract('one node', () => [svc.baseUrl]);
