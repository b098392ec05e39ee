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
} finally {
  await browser.close();
  server.close();
}
