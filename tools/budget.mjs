// Budget report (a measurement, never a pass/fail): opens the release build
// with a shared world of 8 servers, about 1,000 live sessions and 10,000
// logged events, switches animation off, and times Step clicks from the
// click until the DOM has updated (the click, then every microtask and
// rendering task Leptos queued, measured with performance.now()).
//
// Run from the repository root after `trunk build --release`:
//   node tools/budget.mjs "$(cargo run -q --release --example budget_world)"

import { launchChromium, serveDist } from "./harness.mjs";

const fragment = process.argv[2];
if (!fragment) {
  console.error("usage: node tools/budget.mjs <scenario fragment>");
  process.exit(2);
}
const CLICKS = 41;

const server = await serveDist();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${server.address().port}/#/sandbox/s/${fragment}`);
  await page.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 60000 });
  const loaded = Date.now() - t0;
  const animate = page.getByLabel("Animate requests");
  if (await animate.isChecked()) await animate.uncheck();
  const clock = await page.locator(".clock").innerText();
  const times = await page.evaluate(async (n) => {
    const step = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Step");
    const clock = document.querySelector(".clock strong");
    const out = [];
    for (let i = 0; i < n; i++) {
      const before = clock.textContent;
      const t = performance.now();
      step.click();
      await new Promise((r) => setTimeout(r, 0));
      if (clock.textContent === before) throw new Error("the clock did not move on Step");
      out.push(performance.now() - t);
    }
    return out;
  }, CLICKS);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.floor(times.length * 0.9)];
  console.log(`world: ${clock.replace(/\s+/g, " ")}; opened from a ${fragment.length}-byte share link in ${loaded} ms`);
  console.log(`Step click until the DOM has updated (${CLICKS} clicks): median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (budget: median under 8 ms)`);

  // Frames while the picture animates: after a load run on in-memory storage
  // (every server's card shows its first chips, about 50 in all), requests
  // travel hop by hop through the 8 servers for 4 s.
  await page.getByLabel("Session storage", { exact: true }).selectOption({ label: "In-memory" });
  await page.getByLabel("Virtual users").fill("300");
  await page.getByLabel("Virtual users").dispatchEvent("change");
  await page.getByRole("button", { name: "Run load", exact: true }).click();
  await page.locator(".load-panel p").first().waitFor({ timeout: 60000 });
  await animate.check();
  const chips = await page.locator(".picture .chip").count();
  const frames = await page.evaluate(async (ms) => {
    const reload = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Reload page");
    const gaps = [];
    let last = performance.now();
    const end = last + ms;
    let clicks = 0;
    const tick = setInterval(() => { reload.click(); clicks++; }, 400);
    await new Promise((done) => {
      const frame = (t) => {
        gaps.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(frame); else done();
      };
      requestAnimationFrame(frame);
    });
    clearInterval(tick);
    return { gaps, clicks };
  }, 4000);
  const gaps = frames.gaps.slice(1).sort((a, b) => a - b);
  const fps = 1000 / (gaps.reduce((a, b) => a + b, 0) / gaps.length);
  const slow = gaps.filter((g) => g > 1000 / 60 + 1).length;
  console.log(`Picture animating (${chips} chips drawn, ${frames.clicks} Reload clicks in 4 s): ${fps.toFixed(1)} frames per second, median frame ${gaps[Math.floor(gaps.length / 2)].toFixed(1)} ms, p95 ${gaps[Math.floor(gaps.length * 0.95)].toFixed(1)} ms, ${slow} of ${gaps.length} frames over 17.7 ms (budget: 60 frames per second)`);

  // Long work: the Load panel's largest run (5,000 visitors for 24 hours) in a
  // fresh sandbox, run in slices. Every long task (over 50 ms) the main thread
  // has meanwhile is recorded by the long-task API, and the WebAssembly
  // memory is read before and after.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p2 = await fresh.newPage();
  await p2.goto(`http://127.0.0.1:${server.address().port}/#/sandbox`);
  await p2.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 60000 });
  const memBefore = await p2.evaluate(() => globalThis.sessionLabMemory?.buffer.byteLength ?? 0);
  await p2.evaluate(() => {
    globalThis.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.longTasks.push(e.duration); })
      .observe({ type: "longtask" });
  });
  for (const [label, value] of [["Virtual users", "5000"], ["Minutes", "1440"]]) {
    await p2.getByLabel(label).fill(value);
    await p2.getByLabel(label).dispatchEvent("change");
  }
  const runStarted = Date.now();
  await p2.getByRole("button", { name: "Run load", exact: true }).click();
  await p2.locator(".job-progress").waitFor({ state: "visible", timeout: 10000 });
  await p2.locator(".job-progress").waitFor({ state: "detached", timeout: 15 * 60000 });
  const runTook = Date.now() - runStarted;
  await p2.waitForTimeout(300);
  const longTasks = (await p2.evaluate(() => globalThis.longTasks)).sort((a, b) => b - a);
  const memAfter = await p2.evaluate(() => globalThis.sessionLabMemory?.buffer.byteLength ?? 0);
  const report = (await p2.locator(".load-panel p").first().innerText()).split(".")[0];
  const over100 = longTasks.filter((d) => d > 100).length;
  console.log(`Load run of 5,000 users for 24 hours in slices: ${(runTook / 1000).toFixed(1)} s (${report}); long tasks over 50 ms: ${longTasks.length}, over 100 ms: ${over100}, longest ${(longTasks[0] ?? 0).toFixed(0)} ms (budget: none over 100 ms)`);
  console.log(`WebAssembly memory: ${memBefore.toLocaleString("en")} bytes before the run, ${memAfter.toLocaleString("en")} bytes after (it never shrinks: the peak)`);
  await fresh.close();
} finally {
  await browser.close();
  server.close();
}
