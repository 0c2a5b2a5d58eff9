// Times the console in headless Chromium (SwiftShader, 1280×860, device pixel ratio 1):
// 1. first frame after navigation: cold (fresh profile) and warm (cached), ms after navigationStart,
//    both for the first frame drawn and the first frame with a widget (the sign-in form);
// 2. Users table with N users (pcu-server init --users N): the work time of each frame
//    (Module.frameTimes(): input, layout, draw-list, GL calls) while dragging the scroll bar
//    from top to bottom and while wheel-scrolling (checked to move the first visible row), as
//    p50 / p95 / max, and the frames per second; the same for the frames that drew (a frame
//    identical to the last one makes no WebGL calls), the WebGL part of each (with
//    PCU_BENCH_FINISH=1 including SwiftShader's rasterising), and the time each server answer
//    took between frames.
import { startServer, openBrowser, Console, ownerPassword } from '../../tests/e2e/console.mjs';

const users = Number(process.argv[2] ?? 100000);
// PCU_BENCH_TABLE_ONLY=1 skips part 1 (quicker A/B runs of the table);
// PCU_BENCH_SHOT names the final screenshot (tests/e2e/screenshots/NAME.png);
// PCU_BENCH_FINISH=1 makes each drawn frame wait until SwiftShader has drawn it (a 1-pixel
// readPixels), so that "their WebGL part" is the GPU work of a frame, not only its submission.
const finish = process.env.PCU_BENCH_FINISH === '1';
const tableOnly = process.env.PCU_BENCH_TABLE_ONLY === '1';
const shot = process.env.PCU_BENCH_SHOT ?? 'bench-users-100k';
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (xs) => `p50 ${percentile(xs, 50).toFixed(2)} ms, p95 ${percentile(xs, 95).toFixed(2)} ms, ` +
  `max ${Math.max(...xs).toFixed(2)} ms over ${xs.length} frames`;

const t0 = Date.now();
const server = await startServer({ users });
console.log(`server: ${users} users seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
try {
  // 1. First frame.
  const firstFrame = async (page, reload) => {
    if (reload) await page.reload();
    else await page.goto(`${server.url}/#/sign-in`);
    await page.waitForFunction(() => window.pcuFirstWidgetFrameMs > 0, null, { timeout: 30000 });
    return page.evaluate(() => [window.pcuFirstFrameMs, window.pcuFirstWidgetFrameMs]);
  };
  const cold = [], warm = [];
  for (let i = 0; i < (tableOnly ? 0 : 3); i++) {
    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      cold.push(await firstFrame(page));
      for (let j = 0; j < 2; j++) warm.push(await firstFrame(page, true));
    } finally { await browser.close(); }
  }
  const median = (xs) => percentile(xs, 50).toFixed(0);
  if (!tableOnly) {
    console.log(`first frame, cold: ${median(cold.map((x) => x[0]))} ms (sign-in form ${median(cold.map((x) => x[1]))} ms); ` +
      `runs ${cold.map((x) => x.map((v) => v.toFixed(0)).join('/')).join(', ')}`);
    console.log(`first frame, warm: ${median(warm.map((x) => x[0]))} ms (sign-in form ${median(warm.map((x) => x[1]))} ms); ` +
      `runs ${warm.map((x) => x.map((v) => v.toFixed(0)).join('/')).join(', ')}`);
  }

  // 2. Users table.
  const browser = await openBrowser();
  try {
    if (finish) await browser.context.addInitScript(() => { window.pcuFinishFrames = true; });
    const c = await Console.open(browser, server.url, '#/');
    await c.signIn('owner@example.org', ownerPassword);
    await c.waitForRoute(/^#\/users$/);
    await c.settle(30000);
    const table = await c.find('##users', { kind: 'table' });
    const total = (await c.messages()).find((m) => / users$/.test(m));
    console.log(`Users page: ${total}`);
    const times = () => c.page.evaluate(() => Module.frameTimes());
    // The page's own animation-frame callbacks: the time between two is the time between two
    // frames the browser showed, whatever the console did (a frame whose work or whose
    // drawing by SwiftShader runs late makes the next callback late).
    const startIntervals = () => c.page.evaluate(() => {
      window.pcuRafTimes = [];
      window.pcuRafOn = true;
      const tick = (t) => { window.pcuRafTimes.push(t); if (window.pcuRafOn) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const stopIntervals = () => c.page.evaluate(() => {
      window.pcuRafOn = false;
      return window.pcuRafTimes.slice(1).map((t, i) => t - window.pcuRafTimes[i]);
    });
    const measure = async (name, steps, step) => {
      await times();
      await startIntervals();
      const start = Date.now();
      const startFrame = (await c.snapshot()).frame;
      for (let i = 0; i < steps; i++) { await step(i); await c.frames(1); }
      const seconds = (Date.now() - start) / 1000;
      const frames = (await c.snapshot()).frame - startFrame;
      const intervals = await stopIntervals();
      const { times: t, gl, drew, answers } = await times();
      console.log(`${name}: ${summary(t)}; ${(frames / seconds).toFixed(1)} frames/s`);
      console.log(`  time between frames shown: ${summary(intervals)}`);
      const drawn = t.filter((x, i) => drew[i]);
      if (drawn.length) console.log(`  frames that drew (the others repeat the last image, no WebGL calls): ${summary(drawn)}`);
      const drawnGl = gl.filter((x, i) => drew[i]);
      if (drawnGl.length) console.log(`  · their WebGL part: ${summary(drawnGl)}`);
      console.log(`  of which WebGL calls: ${summary(gl)}`);
      console.log(`  frames of 8 ms or more (work/GL ms): ${t.map((x, i) => [x, gl[i]]).filter(([x]) => x >= 8).map(([x, g]) => `${x.toFixed(1)}/${g.toFixed(1)}`).join(' ')}`);
      if (answers.length) console.log(`  answers handled between frames (JSON parse + rows): ${summary(answers).replace(/frames$/, 'answers')}`);
      return t;
    };
    // Drag the scroll bar's grab from the top to the bottom in 120 moves (ImGui jumps the grab
    // to where the track is pressed): every move shows rows of pages not read yet.
    const x = table.x + table.w - 7;
    const top = table.y + 8, bottom = table.y + table.h - 8;
    await c.page.mouse.move(x, top);
    await c.page.mouse.down();
    const drag = await measure('scroll-bar drag, top to bottom', 120, (i) =>
      c.page.mouse.move(x, top + ((bottom - top) * (i + 1)) / 120));
    await c.page.mouse.up();
    await c.settle(30000);
    await c.page.mouse.move(table.x + table.w / 2, table.y + table.h / 2);
    // The wheel figures count only if the table moved: the first visible row must change.
    const firstRow = async () => (await c.settle(30000)).widgets.find((w) => w.kind === 'link' && w.visible
      && /##u-/.test(w.id))?.label;
    const before = await firstRow();
    const wheel = await measure('wheel, 300 notches up', 300, () => c.page.mouse.wheel(0, -100));
    const after = await firstRow();
    console.log(`  the wheel moved the first visible row from ${before} to ${after}`);
    if (after === before) throw new Error('the wheel did not scroll the table: its figures say nothing');
    const idle = await measure('idle, 60 frames', 60, () => null);
    await c.settle(30000);
    await c.screenshot(shot);
    const all = [...drag, ...wheel];
    console.log(`scrolling overall: ${summary(all)}`);
    void idle;
  } finally { await browser.close(); }
} finally {
  await server.stop();
}
