/**
 * The web console in a real browser: Debian's Chromium driven by playwright-core opens `/` on the real service
 * (simulator source, native FLV sink, embedded node-media-server serving HTTP-FLV) and plays streams with
 * mpegts.js. Everything is asserted from the page's own <video> and from what reached the simulated NVR.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorSource } from '../../plugins/simulator/src/index.js';
import { freePort } from '../support/ports.js';
import { REPO_ROOT, startService, type TestService } from '../support/service.js';
import { hasChromium, launchChromium, CHROMIUM, type TestBrowser } from './browser.js';

const NVR = { nvr_category: 99, nvr_addr: '127.0.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'console-Pw-7', nvr_channel: 1 };

if (!hasChromium()) console.log(`console browser suite: ${CHROMIUM} is missing (bash scripts/setup-test-deps.sh installs it)`);

/** Picture state of the page's <video>. */
const picture = (page: Page) => page.evaluate(() => {
  const v = document.querySelector('video')!;
  return { width: v.videoWidth, height: v.videoHeight, time: v.currentTime, src: v.src, hidden: v.hidden };
});

/** Waits until the page's video shows a 640-pixel picture whose time advances; answers the later state. */
async function expectPlaying(page: Page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('video');
    return v && v.videoWidth > 0 && v.currentTime > 0.2;
  }, undefined, { timeout: 30_000 });
  const a = await picture(page);
  await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t + 0.5, a.time, { timeout: 20_000 });
  const b = await picture(page);
  expect(b.width).toBe(640);
  expect(b.height).toBe(360);
  expect(b.time).toBeGreaterThan(a.time);
  return b;
}

async function fill(page: Page, fields: Record<string, string | number>) {
  for (const [k, v] of Object.entries(fields)) await page.fill(`#start-form [name=${k}]`, String(v));
}

describe.runIf(hasChromium())('web console in Chromium', () => {
  // One browser for the file (its start is the slow part on a loaded machine); a fresh page per suite.
  let chrome: TestBrowser;
  beforeAll(async () => { chrome = await launchChromium(); }, 120_000);
  afterAll(async () => { await chrome?.close(); }, 120_000);

describe('with the simulator and the embedded node-media-server', () => {
  let svc: TestService;
  let page: Page;
  let sim: SimulatorSource;
  const seeks: number[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const [rtmp, http] = [await freePort(), await freePort()];
    svc = await startService({
      config: {
        rtmp: { publishUrl: `rtmp://127.0.0.1:${rtmp}/live`, embedded: true, embeddedHttpPort: http },
        sink: 'native-flv-sink',
        plugins: [{ module: './plugins/simulator' }, { module: './plugins/native-flv-sink' }],
        // Short, so that the suite sees the page's own BEATS (it beats every timeout / 3).
        heartbeat: { timeoutMs: 9000, sweepMs: 200 },
      },
    });
    sim = svc.running.service.plugins.sources.get(99)!.source as unknown as SimulatorSource;
    // Record seeks as the simulated NVR receives them (test-side wrapper; the plugin is unchanged).
    const openPlayback = sim.openPlayback.bind(sim);
    sim.openPlayback = async (...args) => {
      const session = await openPlayback(...args);
      const seek = session.seek.bind(session);
      return { ...session, seek: async (t) => { seeks.push(t); await seek(t); } };
    };
    page = await chrome.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    if (pageErrors.length) console.log(pageErrors);
    await page?.close();
    await svc?.close();
  }, 120_000);

  it('acceptance: a stream started with curl plays in the page from its row\'s Watch button (640 px, time advancing)', async () => {
    const started = await svc.post('/REAL_STREAM', NVR);
    expect(started.status_code).toBe(200);
    const key = started.rtmp_url.split('/').pop();
    const keepAlive = setInterval(() => void svc.get(`/STREAM/${started.play_handle}/BEATS`), 1000); // not the page's handle
    await page.goto(svc.baseUrl + '/');
    const row = page.locator(`tr[data-stream-key="${key}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-handles')).toBe(String(started.play_handle));
    await row.getByRole('button', { name: 'Watch' }).click();
    await expectPlaying(page);
    await page.click('#close-watch');
    clearInterval(keepAlive);
    // Watching someone else's stream never stops their handle.
    expect((await svc.get(`/STREAM/${started.play_handle}/BEATS`)).status_code).toBe(200);
    await svc.get(`/STREAM/${started.play_handle}/STOP`);
  }, 90_000);

  it('starts channel 1 and channel 2 (H.264 + G.711) from the page; both play, the Streams pane lists both with their handles; Close STOPs', async () => {
    await page.goto(svc.baseUrl + '/');
    const handleShown = async () => Number(/handle (\d+)/.exec(await page.textContent('#player-title') ?? '')?.[1]);
    await fill(page, { nvr_pwd: NVR.nvr_pwd, nvr_channel: 1 });
    await page.click('#start-form button[value=live]');
    await expectPlaying(page);
    const h1 = await handleShown();

    await fill(page, { nvr_channel: 2 });
    await page.click('#start-form button[value=live]');
    await page.waitForFunction((h) => !document.querySelector('#player-title')!.textContent!.includes(`handle ${h}`), h1);
    await expectPlaying(page);
    const h2 = await handleShown();
    expect(h2).not.toBe(h1);
    // Channel 2 carries audio: either the browser decodes it (AAC published) or the pane says the codec (G.711)
    // cannot be played in the page and plays the video alone.
    const audio = await page.evaluate(() => ({
      note: document.getElementById('codec-note')!.hidden ? '' : document.getElementById('codec-note')!.textContent!,
      decoded: (document.querySelector('video') as HTMLVideoElement & { webkitAudioDecodedByteCount?: number }).webkitAudioDecodedByteCount ?? 0,
    }));
    if (audio.decoded > 0) expect(audio.note).toBe('');
    else expect(audio.note).toMatch(/audio codec cannot be played in the browser/);
    expect(await page.textContent('#watch-status')).not.toMatch(/player:/);

    // Both handles are the page's own: it beats them (nobody else does here), so they stay alive.
    const lastBeat = (h: number) => svc.running.service.scheduler.snapshot().flatMap((s) => s.handles).find((x) => x.handle === h)?.lastBeatAt ?? 0;
    const [b1, b2] = [lastBeat(h1), lastBeat(h2)];
    await expect.poll(() => lastBeat(h1) > b1 && lastBeat(h2) > b2, { timeout: 15_000 }).toBe(true);
    // The Streams pane lists both streams with their handles.
    await page.waitForFunction((n) => document.querySelectorAll('#streams tbody tr').length === n, 2, { timeout: 10_000 });
    const rows = await page.$$eval('#streams tbody tr', (trs) => trs.map((tr) => ({ handles: tr.getAttribute('data-handles'), text: tr.textContent! })));
    expect(rows.map((r) => r.handles).sort()).toEqual([String(h1), String(h2)].sort());
    expect(rows.find((r) => r.handles === String(h2))!.text).toMatch(/ch 2.*H264 640×360 \+ PCMA 8 kHz/);
    expect(rows.find((r) => r.handles === String(h1))!.text).toMatch(new RegExp(`#${h1} \\(\\d+(\\.\\d)? s ago\\).*Stop #${h1}`));
    expect(await page.content()).not.toContain(NVR.nvr_pwd);
    await expect.poll(() => page.textContent('#health'), { timeout: 10_000 }).toMatch(/streams 2\s*handles 2\s*logins 1/);
    // CONSOLE_SCREENSHOT=1 refreshes the README's picture (docs/console.png) from this very state.
    if (process.env.CONSOLE_SCREENSHOT) fs.writeFileSync(path.join(REPO_ROOT, 'docs/console.png'), await page.screenshot({ fullPage: true }));

    // Closing the watch pane STOPs the page's handle: the API then answers 605.
    await page.click('#close-watch');
    await expect.poll(async () => (await svc.get(`/STREAM/${h2}/BEATS`)).status_code).toBe(605);
    // Channel 1 again from its row, with the page's own handle; Close stops it too.
    await page.locator(`tr[data-handles="${h1}"]`).getByRole('button', { name: 'Watch' }).click();
    await expectPlaying(page);
    expect(await handleShown()).toBe(h1);
    await page.click('#close-watch');
    await expect.poll(async () => (await svc.get(`/STREAM/${h1}/BEATS`)).status_code).toBe(605);
  }, 120_000);

  it('a PTZ press on the pad reaches the simulated NVR (start while held, stop on release)', async () => {
    await page.goto(svc.baseUrl + '/');
    await fill(page, { nvr_pwd: NVR.nvr_pwd, nvr_channel: 4 });
    await page.click('#start-form button[value=live]');
    await expectPlaying(page);
    const before = sim.ptzCalls.length;
    await page.getByRole('button', { name: 'pan right' }).hover();
    await page.mouse.down();
    await expect.poll(() => sim.ptzCalls.slice(before).some((c) => c.channel === 4 && c.command === 9 && !c.stop), { timeout: 10_000 }).toBe(true);
    await page.mouse.up();
    await expect.poll(() => sim.ptzCalls.at(-1), { timeout: 10_000 }).toMatchObject({ channel: 4, command: 9, stop: true });
    await page.click('#close-watch');
  }, 90_000);

  it('a playback plays; a timeline click seeks it (POSITION reaches the NVR) and the same picture keeps going', async () => {
    await page.goto(svc.baseUrl + '/');
    await fill(page, { nvr_pwd: NVR.nvr_pwd, nvr_channel: 1 });
    await page.click('#start-form button[value=playback]');
    const before = await expectPlaying(page);
    const handle = Number(/handle (\d+)/.exec(await page.textContent('#player-title') ?? '')?.[1]);
    await page.locator('#timeline-bar').click({ position: { x: 200, y: 7 } });
    await page.waitForFunction(() => /seeked to/.test(document.getElementById('watch-status')!.textContent!), undefined, { timeout: 10_000 });
    expect(seeks).toHaveLength(1);
    const after = await expectPlaying(page);
    expect(after.src).toBe(before.src); // no reload: the same MediaSource keeps playing
    expect(after.time).toBeGreaterThan(before.time);
    await page.click('#close-watch');
    expect((await svc.get(`/STREAM/${handle}/BEATS`)).status_code).toBe(605);
  }, 90_000);

  it('an H.265 stream the browser cannot decode is said so in the pane, not shown as a black box', async () => {
    await page.goto(svc.baseUrl + '/');
    const supported = await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L93.B0"'));
    await fill(page, { nvr_pwd: NVR.nvr_pwd, nvr_channel: 3 });
    await page.click('#start-form button[value=live]');
    await page.locator('#player').waitFor({ timeout: 20_000 });
    if (supported) await expectPlaying(page);
    else {
      await expect.poll(() => page.textContent('#codec-note')).toMatch(/cannot decode H\.265 \(HEVC\)/);
      expect((await picture(page)).hidden).toBe(true);
    }
    await page.click('#close-watch');
  }, 90_000);

  it('host summary shows the plugins with versions and categories, and the /healthz counts', async () => {
    await page.goto(svc.baseUrl + '/');
    const sim = page.locator('tr[data-plugin=simulator]');
    await sim.waitFor();
    expect(await sim.textContent()).toMatch(/simulator0\.1\.0source99live, playback, seek, ptz/);
    await expect.poll(() => page.textContent('#health')).toMatch(/status ok.*streams 0/);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

describe('with api.token', () => {
  const TOKEN = 'console-token-31415';
  let svc: TestService;

  beforeAll(async () => {
    svc = await startService({
      config: { api: { token: TOKEN }, plugins: [{ module: './plugins/simulator' }, { module: './plugins/native-flv-sink' }] },
    });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
  }, 60_000);

  it('the page loads without the token, asks for it, then shows the host; the API stays closed without it', async () => {
    // Bodies are read to the end: an unread response holds its connection open and the service's close waits for it.
    const status = async (p: string) => { const r = await fetch(svc.baseUrl + p); await r.arrayBuffer(); return r.status; };
    for (const p of ['/', '/console/app.js', '/console/vendor/mpegts.js']) expect(await status(p)).toBe(200);
    expect(await status('/console/vendor/package.json')).not.toBe(200);
    expect(await status('/api/streams')).toBe(401);
    const page = await chrome.context.newPage();
    await page.goto(svc.baseUrl + '/');
    await page.locator('#token-dialog').waitFor({ state: 'visible' });
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button');
    await page.locator('tr[data-plugin=simulator]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.textContent('#streams-updated')).toMatch(/^updated/);
    expect(await page.isVisible('#forget-token')).toBe(true);
    expect(svc.logs.join('')).not.toContain(TOKEN);
    await page.close();
  }, 60_000);
});
});
