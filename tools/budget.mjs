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
  console.log(`Step click until the DOM has updated (${CLICKS} clicks): median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (budget: median under 16 ms)`);

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
} finally {
  await browser.close();
  server.close();
}
