// End-to-end test: serves the release build in dist/ on a loopback port,
// opens it in the system's headless Chromium through playwright-core, and
// walks a learner's flow by accessible names. Any console error or uncaught
// exception fails the run, and so does any rule axe-core finds broken in the
// accessibility audit. Screenshots go to test-output/ (git-ignored).
//
// Run from the repository root after `trunk build --release`: node tools/e2e.mjs
// (E2E_ONLY=<words> runs only the checks whose name contains them).

import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { launchChromium, serveDist } from "./harness.mjs";

const outDir = resolve("test-output");
const checks = [];
/** Registers one named end-to-end check; they run in order on one page. */
function check(name, fn) {
  checks.push({ name, fn });
}

// ---- the checks -----------------------------------------------------------

check("the app mounts and the first screen shows its name and purpose; the lesson and sandbox parts come after the page has loaded", async ({ page }) => {
  await page.getByRole("heading", { name: "Session Lab", level: 1 }).waitFor({ timeout: 30000 });
  const text = await page.locator("header").innerText();
  if (!text.includes("where a web session lives")) throw new Error(`header text was: ${text}`);
  await page.getByRole("button", { name: "Lessons" }).waitFor();
  await page.getByRole("button", { name: "Sandbox" }).waitFor();
  await page.screenshot({ path: join(outDir, "first-screen.png"), fullPage: true });
  // The lesson and sandbox parts come in the background, after the page's load event.
  const timing = await page.waitForFunction(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const parts = performance.getEntriesByType("resource").filter((r) => /\/(split|chunk)_[^/]*\.wasm$/.test(r.name));
    if (!nav || nav.loadEventStart === 0 || !parts.some((p) => p.name.includes("split_lesson"))) return null;
    return { load: nav.loadEventStart, parts: parts.map((p) => [p.name.split("/").pop(), p.startTime]) };
  }, null, { timeout: 20000 });
  const { load, parts } = await timing.jsonValue();
  const early = parts.filter(([, start]) => start < load);
  if (early.length) throw new Error(`fetched before the page's load event (${load} ms): ${JSON.stringify(early)}`);
});

check("the Lessons / Sandbox switch changes the main area and survives a reload", async ({ page }) => {
  await page.getByRole("button", { name: "Sandbox" }).click();
  await page.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
  const pressed = await page.getByRole("button", { name: "Sandbox" }).getAttribute("aria-pressed");
  if (pressed !== "true") throw new Error(`Sandbox aria-pressed after reload: ${pressed}`);
  await page.getByRole("button", { name: "Lessons" }).click();
});


/** Waits until the "Browser page" region's text contains `text`. */
async function pageSays(page, text) {
  await page.getByRole("region", { name: "Browser page" }).getByText(text).first().waitFor({ timeout: 20000 });
}

/** Waits until no request is in flight (the clock line shows no hops). */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector(".clock")?.textContent.includes("in flight"), null, { timeout: 20000 });
}

/** Starts the sandbox afresh from one of its starting setups, confirming in
 *  the dialog when the world held actions. */
async function startSandboxWith(page, setup = "Three servers, sticky") {
  await page.getByRole("region", { name: "Start from a setup" }).getByRole("button", { name: setup, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Start a fresh sandbox?" });
  if (await dialog.waitFor({ timeout: 1000 }).then(() => true, () => false)) {
    await dialog.getByRole("button", { name: "Start fresh" }).click();
    await dialog.waitFor({ state: "hidden" });
  }
}

/** Logs alice in, restarts the server that handled it, reloads; returns that server's number. */
async function loginRestartReload(page, store) {
  await page.getByRole("button", { name: "Sandbox" }).click();
  await startSandboxWith(page);
  await page.getByLabel("Session storage", { exact: true }).selectOption({ label: store });
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await pageSays(page, "Welcome back, alice");
  await settled(page);
  const story = await page.locator(".exchange").innerText();
  const handled = /sent it to server (\d)/.exec(story);
  if (!handled) throw new Error(`the request inspector does not say which server handled the login:\n${story}`);
  const n = handled[1];
  await page.getByRole("button", { name: `Restart server ${n}`, exact: true }).click();
  await page.getByRole("button", { name: "Reload page", exact: true }).click();
  await settled(page);
  return n;
}

check("in-memory: restarting the server that handled the login logs alice out, and the log says why", async ({ page }) => {
  const n = await loginRestartReload(page, "In-memory");
  await pageSays(page, "Hello, guest");
  const log = await page.getByRole("region", { name: "Event log" }).innerText();
  const why = `lost its session: server ${n} restarted, and it kept sessions in process memory`;
  if (!log.includes(why)) throw new Error(`the event log does not explain the loss ("${why}"):\n${log.slice(-1500)}`);
  const live = await page.getByRole("status").first().innerText();
  if (!live.includes("lost its session")) throw new Error(`the live region says: ${live}`);
  await page.screenshot({ path: join(outDir, "playground-in-memory.png"), fullPage: false });
});

check("shared database: the same steps keep alice logged in", async ({ page }) => {
  await loginRestartReload(page, "Shared database");
  await pageSays(page, "Welcome back, alice");
  const log = await page.getByRole("region", { name: "Event log" }).innerText();
  if (log.includes("lost its session")) throw new Error(`a session was lost with the shared database:\n${log.slice(-1500)}`);
  await page.screenshot({ path: join(outDir, "playground-database.png"), fullPage: true });
});

/** The picture's group named like `name` (a regular expression), e.g. /^server 1:/. */
function pictureNode(page, name) {
  return page.locator(".picture").getByRole("group", { name });
}

check("the picture: alice's session chip sits in the memory of the server that answered; a restart empties it, leaves a ghost and a caption; the timeline replays the moment before", async ({ page }) => {
  await page.getByRole("button", { name: "Sandbox" }).click();
  await startSandboxWith(page);
  await page.getByLabel("Session storage", { exact: true }).selectOption({ label: "In-memory" });
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await pageSays(page, "Welcome back, alice");
  await settled(page);
  const answered = await page.locator(".picture .pic-answered").getAttribute("aria-label");
  const n = /^server (\d)/.exec(answered ?? "")?.[1];
  if (!n) throw new Error(`no server is marked as the one that answered: ${answered}`);
  const chip = pictureNode(page, new RegExp(`^server ${n}:`)).getByRole("listitem", { name: new RegExp(`^alice's session .* in server ${n}'s memory`) });
  await chip.waitFor({ timeout: 10000 });
  await page.screenshot({ path: join(outDir, "picture-1280.png"), fullPage: false });
  await page.getByRole("button", { name: `Restart server ${n}`, exact: true }).click();
  await settled(page);
  if (await chip.count()) throw new Error("alice's chip is still in the restarted server's memory");
  const ghost = await page.locator(".picture .pic-ghost").first().innerText();
  if (!ghost.includes(`lost from server ${n}'s memory`)) throw new Error(`the ghost says: ${ghost}`);
  const caption = await page.locator(".picture .pic-caption").innerText();
  if (!/restart/i.test(caption)) throw new Error(`the caption says: ${caption}`);
  await page.getByRole("button", { name: "Back one hop", exact: true }).click();
  await page.getByText(/^Replaying hop \d+ of \d+$/).waitFor({ timeout: 10000 });
  await chip.waitFor({ timeout: 10000 });
  await page.getByRole("button", { name: "Now", exact: true }).click();
  await chip.waitFor({ state: "detached", timeout: 10000 });
});

check("the picture with the shared database: alice's chip is in the database and survives a restart of every server", async ({ page }) => {
  await startSandboxWith(page);
  await page.getByLabel("Session storage", { exact: true }).selectOption({ label: "Shared database" });
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await pageSays(page, "Welcome back, alice");
  await settled(page);
  const chip = pictureNode(page, /^shared database:/).getByRole("listitem", { name: /^alice's session .* in the shared database/ });
  await chip.waitFor({ timeout: 10000 });
  for (const n of [1, 2, 3]) {
    const restart = page.getByRole("button", { name: `Restart server ${n}`, exact: true });
    if (await restart.count()) await restart.click();
  }
  await settled(page);
  await chip.waitFor({ timeout: 10000 });
  await page.screenshot({ path: join(outDir, "picture-database-1280.png"), fullPage: false });
});

check("the request token travels: with motion it glides from card to card over most of a beat at the chosen speed; with reduced motion it only appears", async ({ url, browser }) => {
  // 1x: a beat of 350 ms, a glide of 280 ms (src/ui/lab_clock.rs, src/ui/picture/travel.rs).
  await withPage(browser, { reducedMotion: "no-preference" }, async (p) => {
    await p.goto(`${url}#/sandbox`);
    await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
    await startSandboxWith(p);
    await p.getByRole("button", { name: "Log in", exact: true }).click();
    const glide = await p.waitForFunction(() => {
      const style = document.querySelector(".picture-grid .pic-token-chip")?.getAttribute("style") ?? "";
      return style.includes("transition: transform") ? style : false;
    }, null, { timeout: 10000, polling: 20 });
    const style = await glide.jsonValue();
    if (!style.includes("transition: transform 280ms")) throw new Error(`the token glides with: ${style}`);
    await settled(p);
  });
  await withPage(browser, {}, async (p) => {
    await sandboxWithAlice(p, url);
    const styled = await p.locator(".picture-grid .pic-token-chip[style]").count();
    if (styled) throw new Error("with reduced motion the token still glides");
    await p.locator(".picture-grid .pic-token-chip").first().waitFor({ timeout: 10000 });
  });
});

/** Runs axe-core on the page; returns one line per rule broken, naming up to three elements. */
async function accessibilityProblems(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: await axeSource() });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) })));
  return violations.map((v) => `${where}: [${v.impact}] ${v.id}, ${v.help}: ${v.targets.slice(0, 3).join(", ")}${v.targets.length > 3 ? ` and ${v.targets.length - 3} more` : ""}`);
}

let axeText;
/** axe-core's script (tools/node_modules), read once. */
async function axeSource() {
  axeText ??= await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeText;
}

check("axe-core finds no accessibility problem on the course list, a lesson with its hints, and the sandbox in use, in light and in dark colours", async ({ url, browser }) => {
  const problems = [];
  let audits = 0;
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, reducedMotion: "reduce" });
    const p = await context.newPage();
    const audit = async (where) => {
      problems.push(...(await accessibilityProblems(p, `${colorScheme}, ${where}`)));
      audits++;
    };
    try {
      await p.goto(`${url}#/lessons`);
      await p.getByRole("heading", { name: "The course" }).waitFor({ timeout: 30000 });
      await audit("course list");
      await p.getByRole("link", { name: "Start the course" }).click();
      await p.getByText("Lesson 1 of").first().waitFor({ timeout: 20000 });
      await p.locator(".step-current").getByRole("button", { name: /^Show a hint/ }).click();
      await audit("lesson 1, a hint shown");
      await p.getByRole("button", { name: "Sandbox" }).click();
      await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor();
      await p.getByRole("button", { name: "Log in", exact: true }).click();
      await pageSays(p, "Welcome back, alice");
      await p.getByRole("button", { name: "Restart server 1", exact: true }).click();
      await p.getByRole("button", { name: "Reload page", exact: true }).click();
      await settled(p);
      await p.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      await audit("sandbox after a login, a restart and a reload, every disclosure open");
      await p.getByLabel("Session storage", { exact: true }).selectOption({ label: "Signed cookie" });
      await p.getByRole("button", { name: "Log in", exact: true }).click();
      await pageSays(p, "Welcome back, alice");
      await settled(p);
      await audit("sandbox with signed cookies");
    } finally {
      await context.close();
    }
  }
  if (problems.length) throw new Error(problems.join("\n"));
  if (audits !== 8) throw new Error(`ran ${audits} audits, expected 8`);
});

check("present mode: a lesson's link ending in /present shows the lesson and the picture only, in large type, at 1280 x 720", async ({ url, browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: "reduce" });
  const p = await context.newPage();
  try {
    await p.goto(`${url}#/lessons/http-forgets/present`);
    await p.locator(".lesson-layout.present").waitFor({ timeout: 30000 });
    await p.locator(".picture").waitFor();
    if (await p.getByRole("region", { name: "Event log" }).isVisible()) throw new Error("the event log shows in present mode");
    const pressed = await p.getByRole("button", { name: "Present", exact: true }).getAttribute("aria-pressed");
    if (pressed !== "true") throw new Error(`Present is not pressed: ${pressed}`);
    await p.screenshot({ path: join(outDir, "present-1280x720.png"), fullPage: false });
    await p.getByRole("button", { name: "Present", exact: true }).click();
    await p.getByRole("region", { name: "Event log" }).waitFor({ timeout: 10000 });
  } finally {
    await context.close();
  }
});

check("at 390 px wide nothing runs off the side, and the sandbox works from the keyboard", async ({ url, browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: "reduce" });
  const p = await context.newPage();
  try {
    /** Elements wider than the screen, or reaching past its right edge. */
    const overflow = () =>
      p.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== "fixed" && !el.closest("[data-scrolls]");
          })
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 60));
        return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
      });
    for (const place of ["#/lessons", "#/lessons/sticky", "#/sandbox"]) {
      await p.goto(`${url}${place}`);
      await p.getByRole("heading", { level: 2 }).first().waitFor({ timeout: 30000 });
      const o = await overflow();
      if (o.scroll > o.width) throw new Error(`${place}: the page scrolls sideways (${o.scroll} px wide on a ${o.width} px screen): ${o.wide.join(", ")}`);
    }
    await p.getByRole("button", { name: "Sandbox" }).click();
    await startSandboxWith(p);
    // Keyboard only: focus the button, press Enter, and see the page change.
    const login = p.getByRole("button", { name: "Log in", exact: true });
    // Reached with the Tab key, as a keyboard user does (:focus-visible).
    await login.focus();
    await p.keyboard.press("Shift+Tab");
    await p.keyboard.press("Tab");
    if (!(await login.evaluate((el) => el === document.activeElement))) throw new Error("Tab did not come back to Log in");
    const ring = await login.evaluate((el) => getComputedStyle(el).outlineStyle);
    if (ring === "none") throw new Error("the focused Log in button shows no focus ring");
    await p.keyboard.press("Enter");
    await p.getByRole("region", { name: "Browser page" }).getByText("Welcome back, alice").first().waitFor({ timeout: 20000 });
    await p.screenshot({ path: join(outDir, "narrow-390.png"), fullPage: false });
  } finally {
    await context.close();
  }
});

/** Presses a control the way a lesson names it: a button by its name, or
 *  "Label = value" for a select, checkbox (on/off) or text field. */
async function pressControl(page, name) {
  const eq = name.indexOf(" = ");
  if (eq < 0) {
    const button = page.getByRole("button", { name, exact: true });
    if ((await button.count()) === 0) throw new Error(`no button named "${name}" on the screen`);
    await button.first().click({ timeout: 5000 });
    return;
  }
  const label = name.slice(0, eq);
  const value = name.slice(eq + 3);
  let field = page.getByLabel(label, { exact: true });
  if ((await field.count()) === 0) field = page.getByLabel(label);
  if ((await field.count()) === 0) throw new Error(`no control labelled "${label}" on the screen`);
  field = field.first();
  // A setting inside a closed disclosure: open it, as the learner would.
  await field.evaluate((el) => { const d = el.closest("details"); if (d) d.open = true; });
  const tag = await field.evaluate((el) => `${el.tagName}:${el.type}`);
  if (tag.startsWith("SELECT")) await field.selectOption({ label: value });
  else if (tag === "INPUT:checkbox") await field.setChecked(value === "on");
  else {
    await field.fill(value);
    await field.press("Tab"); // the field applies on change
  }
}

/** Plays one lesson from its URL by its hints alone: for each step, shows
 *  hints until the last one, presses the controls it names, and waits for
 *  the step to be marked done. Returns how many steps it played. */
async function playLessonByHints(page, url, id) {
  await page.goto(`${url}#/lessons/${id}`);
  await page.getByRole("heading", { level: 2 }).first().waitFor({ timeout: 30000 });
  let steps = 0;
  for (;;) {
    const current = page.locator(".step-current");
    if ((await current.count()) === 0) break;
    const hintButton = current.getByRole("button", { name: /^Show a hint/ });
    while (await hintButton.isEnabled()) await hintButton.click();
    const answer = await current.locator(".hints li").last().innerText();
    const names = [...answer.matchAll(/“([^”]+)”/g)].map((m) => m[1]);
    if (names.length === 0) throw new Error(`${id}: the last hint names no control: ${answer}`);
    const before = await page.locator(".step-done").count();
    for (const n of names) {
      try {
        await pressControl(page, n);
      } catch (err) {
        throw new Error(`${id}: pressing "${n}": ${String(err.message ?? err).split("\n")[0]}`);
      }
      await settled(page);
    }
    await page.waitForFunction((b) => document.querySelectorAll(".step-done").length > b, before, { timeout: 10000 })
      .catch(() => { throw new Error(`${id}: step ${before + 1} was not reached after pressing ${names.join(", ")}`); });
    steps++;
  }
  // Every step is done: "Lesson complete!" waits for the check questions.
  const questions = page.locator(".check-question");
  const asked = await questions.count();
  if (asked > 0) {
    if (await page.getByText("Lesson complete!").count()) throw new Error(`${id}: complete before its ${asked} question(s) were answered`);
    await page.locator(".lesson-waiting").getByText("waiting above").waitFor({ timeout: 5000 });
    for (let i = 0; i < asked; i++) await questions.nth(i).locator(".choice").first().click();
  }
  await page.getByText("Lesson complete!").waitFor({ timeout: 10000 });
  return steps;
}

check("every lesson opens by its URL and is finished by following its hints; done survives a reload", async ({ page, url, browser }) => {
  // A second page with reduced motion, so requests complete at once.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (err) => errors.push(err.message));
  p.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  try {
    await p.goto(`${url}#/lessons`);
    await p.getByRole("heading", { name: "The course" }).waitFor({ timeout: 30000 });
    const ids = await p.locator(".lesson-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href").split("/").pop()));
    const least = Number(process.env.E2E_MIN_LESSONS ?? 16);
    if (ids.length < least) throw new Error(`the course lists ${ids.length} lessons`);
    for (const id of ids) await playLessonByHints(p, url, id);
    await p.screenshot({ path: join(outDir, "lesson-complete.png"), fullPage: false });
    await p.goto(`${url}#/lessons`);
    await p.reload();
    await p.getByRole("heading", { name: "The course" }).waitFor({ timeout: 30000 });
    const statuses = await p.locator(".lesson-list .lesson-status").allInnerTexts();
    const notDone = statuses.filter((s) => s !== "(done)").length;
    if (notDone > 0) throw new Error(`${notDone} lessons are not marked done after a reload: ${statuses.join(" ")}`);
    await p.screenshot({ path: join(outDir, "course-done.png"), fullPage: true });
    if (errors.length) throw new Error(errors.join("\n"));
  } finally {
    await context.close();
  }
});

/** A fresh sandbox from `setup` with alice logged in. */
async function sandboxWithAlice(p, url, setup) {
  await p.goto(`${url}#/sandbox`);
  await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
  await startSandboxWith(p, setup);
  await p.getByRole("button", { name: "Log in", exact: true }).click();
  await pageSays(p, "Welcome back, alice");
  await settled(p);
}

/** Sets the Load panel's figures, as a learner types them. */
async function chooseLoad(p, users, minutes) {
  for (const [label, value] of [["Virtual users", users], ["Minutes", minutes]]) {
    await p.getByLabel(label).fill(String(value));
    await p.getByLabel(label).dispatchEvent("change");
  }
}

/** A fresh page in its own context (1280 x 900, reduced motion unless told), closed after `fn`. */
async function withPage(browser, options, fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce", ...options });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (err) => errors.push(err.message));
  p.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  try {
    await fn(p);
    if (errors.length) throw new Error(errors.join("\n"));
  } finally {
    await context.close();
  }
}

/** Whether the element's box is inside the viewport. */
const inViewport = (locator) => locator.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
});

check("the skip link moves the focus to the main area and keeps the lesson's address, so a reload stays on the lesson", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/lessons/sticky`);
    await p.getByRole("heading", { name: "Sticky sessions", level: 2 }).waitFor({ timeout: 30000 });
    await p.keyboard.press("Tab");
    const skip = p.getByRole("link", { name: "Skip to the main area" });
    if (!(await skip.evaluate((el) => el === document.activeElement))) throw new Error("the first Tab does not reach the skip link");
    await p.keyboard.press("Enter");
    const focused = await p.evaluate(() => document.activeElement?.id);
    if (focused !== "main") throw new Error(`the focus is on "${focused}", not on the main area`);
    const hash = await p.evaluate(() => location.hash);
    if (hash !== "#/lessons/sticky") throw new Error(`the address changed to ${hash}`);
    await p.reload();
    await p.getByRole("heading", { name: "Sticky sessions", level: 2 }).waitFor({ timeout: 30000 });
  });
});

check("the event log is one tab stop moved through by the arrow keys, and follows new events after a LOST line", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/sandbox`);
    await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
    await startSandboxWith(p, "Two servers, round robin");
    await p.getByRole("button", { name: "Log in", exact: true }).click();
    await settled(p);
    for (let i = 0; i < 6; i++) {
      await p.getByRole("button", { name: "Reload page", exact: true }).click();
      await settled(p);
    }
    const log = p.locator(".log-scroll");
    if (!(await log.innerText()).includes("LOST")) throw new Error("no LOST line after requests to two servers in turn");
    await p.getByRole("button", { name: "Reload page", exact: true }).click();
    await settled(p);
    const end = () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 8);
    await p.waitForFunction(() => { const el = document.querySelector(".log-scroll"); return el.scrollHeight - el.scrollTop - el.clientHeight <= 8; }, null, { timeout: 5000 })
      .catch(() => { throw new Error("the log does not show its newest event after a LOST line"); });
    if (!(await p.getByText("Following new events").isVisible())) throw new Error("the log does not say it follows new events");
    // Scrolled up: paused, and says so; new events do not pull the view down.
    await log.evaluate((el) => { el.scrollTop = 0; });
    await p.getByText("Paused: you scrolled up").waitFor({ timeout: 5000 });
    await p.getByRole("button", { name: "Reload page", exact: true }).click();
    await settled(p);
    if (await log.evaluate((el) => el.scrollTop) !== 0) throw new Error("the log jumped while the learner read older events");
    await p.getByRole("button", { name: "Jump to latest" }).click();
    if (!(await end())) throw new Error("Jump to latest did not show the newest event");
    // One tab stop: Tab from the list leaves the log; arrows move the active line.
    const list = p.getByRole("listbox", { name: "Events, newest last" });
    await list.focus();
    const first = await list.getAttribute("aria-activedescendant");
    await p.keyboard.press("ArrowUp");
    await p.keyboard.press("ArrowUp");
    const moved = await list.getAttribute("aria-activedescendant");
    if (!first || !moved || moved === first) throw new Error(`the arrow keys did not move the active line (${first} -> ${moved})`);
    await p.keyboard.press("Home");
    const top = await list.getAttribute("aria-activedescendant");
    const firstLine = await list.getByRole("option").first().getAttribute("id");
    if (top !== firstLine) throw new Error(`Home went to ${top}, not ${firstLine}`);
    await p.keyboard.press("Tab");
    const inLog = await p.evaluate(() => !!document.activeElement?.closest(".log-scroll"));
    if (inLog) throw new Error("one Tab from the log's list did not leave the log");
    const problems = await accessibilityProblems(p, "sandbox, event log in use");
    if (problems.length) throw new Error(problems.join("\n"));
  });
});

check("Share in the header copies a link that rebuilds the sandbox world, and says so", async ({ url, browser }) => {
  await withPage(browser, { permissions: ["clipboard-read", "clipboard-write"] }, async (p) => {
    await sandboxWithAlice(p, url, "Shared database");
    await p.locator("header").getByRole("button", { name: "Share", exact: true }).click();
    await p.locator("header").getByText("Link copied").waitFor({ timeout: 5000 });
    const link = await p.evaluate(() => navigator.clipboard.readText());
    if (!link.includes("#/sandbox/s/")) throw new Error(`the clipboard holds: ${link.slice(0, 120)}`);
    const other = await p.context().newPage();
    await other.goto(link);
    await pageSays(other, "Welcome back, alice");
    await other.getByText("Opened the shared scenario").waitFor({ timeout: 10000 });
    const servers = await other.locator(".server-list .server").count();
    if (servers !== 2) throw new Error(`the shared world has ${servers} servers, not the setup's 2`);
  });
});

check("Show me scrolls to and highlights each control it presses (reduced motion: no smooth scroll); the reached step's why takes the focus", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/lessons/two-servers`);
    await p.getByRole("heading", { name: "Two servers, one memory each", level: 2 }).waitFor({ timeout: 30000 });
    await p.getByRole("button", { name: "Show me" }).click();
    const target = p.locator(".show-me-target");
    await target.waitFor({ timeout: 5000 });
    const name = (await target.innerText()).trim();
    if (name !== "Log in") throw new Error(`the first control highlighted is "${name}"`);
    if (!(await inViewport(target))) throw new Error("the highlighted control is off-screen");
    await p.locator(".show-me-target", { hasText: "Reload page" }).waitFor({ timeout: 10000 });
    if (!(await inViewport(p.locator(".show-me-target")))) throw new Error("Reload page, highlighted, is off-screen");
    await p.locator(".step-done").first().waitFor({ timeout: 10000 });
    await p.waitForFunction(() => document.activeElement?.id === "step-why-0", null, { timeout: 5000 })
      .catch(() => { throw new Error("the reached step's why did not take the focus"); });
    if (!(await inViewport(p.locator("#step-why-0")))) throw new Error("the reached step's why is not in view");
    await p.screenshot({ path: join(outDir, "show-me.png"), fullPage: false });
  });
});

check("Reset lesson asks in a modal dialog that Escape closes without losing work; Undo opens again the step it reached", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/lessons/http-forgets`);
    await p.getByRole("heading", { name: "HTTP forgets you", level: 2 }).waitFor({ timeout: 30000 });
    await p.getByRole("button", { name: "Log in", exact: true }).first().click();
    await p.locator(".step-done").first().waitFor({ timeout: 10000 });
    await p.getByRole("button", { name: "Reset lesson" }).click();
    const dialog = p.getByRole("dialog", { name: "Reset the whole lesson?" });
    await dialog.waitFor({ timeout: 5000 });
    const focusInside = await p.evaluate(() => !!document.activeElement?.closest("dialog"));
    if (!focusInside) throw new Error("the focus is not in the dialog");
    const problems = await accessibilityProblems(p, "lesson, the reset dialog open");
    if (problems.length) throw new Error(problems.join("\n"));
    await p.screenshot({ path: join(outDir, "reset-dialog.png"), fullPage: false });
    await p.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    if ((await p.locator(".step-done").count()) !== 1) throw new Error("Escape lost the learner's step");
    await p.getByRole("button", { name: "Undo" }).click();
    await p.waitForFunction(() => document.querySelectorAll(".step-done").length === 0, null, { timeout: 5000 })
      .catch(() => { throw new Error("Undo left the step it had reached marked done"); });
  });
});

/** Presses Tab (Shift+Tab when `back`) until the focused element is a
 *  button named `name`, at most `limit` times; returns how many it took. */
async function tabTo(page, name, limit = 80, back = false) {
  for (let n = 1; n <= limit; n++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const here = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.tagName === "BUTTON" ? el.textContent.trim() : null;
    });
    if (here === name) return n;
  }
  return back ? null : tabTo(page, name, limit, true);
}

/** Whether the element's whole box is inside the viewport. */
const wholly = (locator) => locator.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
});

check("the keyboard reaches the task's first control in a few Tabs: lesson 1's Log in at 1280 px", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/lessons/http-forgets`);
    await p.getByRole("heading", { name: "HTTP forgets you", level: 2 }).waitFor({ timeout: 30000 });
    await p.locator(".step-current").waitFor();
    const tabs = await tabTo(p, "Log in", 40);
    if (tabs === null || tabs > 10) throw new Error(`"Log in" took ${tabs} Tabs from the top of the page (at most 10)`);
    console.log(`     lesson 1: ${tabs} Tabs from the top of the page to "Log in" (23 before)`);
  });
});

check("a phone learner plays the sticky-sessions lesson by its task texts alone, keyboard only, at 390 x 844: task, controls and result stay on one screen", async ({ url, browser }) => {
  await withPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: false }, async (p) => {
    await p.goto(`${url}#/lessons/sticky`);
    await p.getByRole("heading", { name: "Sticky sessions", level: 2 }).waitFor({ timeout: 30000 });
    let tabsMost = 0;
    let steps = 0;
    for (let guard = 0; guard < 12; guard++) {
      const current = p.locator(".step-current");
      if ((await current.count()) === 0) break;
      const task = await current.locator(".step-task").innerText();
      const names = [...task.matchAll(/“([^”]+)”/g)].map((m) => m[1]);
      if (names.length === 0) throw new Error(`the task names no control: ${task}`);
      const before = await p.locator(".step-done").count();
      for (const name of names) {
        const tabs = await tabTo(p, name);
        if (tabs === null) throw new Error(`step ${before + 1}: Tab never reached "${name}"`);
        tabsMost = Math.max(tabsMost, tabs);
        const now = current.locator(".step-now");
        for (const [what, loc] of [["the task", now.locator(".step-task")], [`"${name}"`, p.locator(":focus")], ["the result", now.locator(".step-result")]]) {
          if (!(await wholly(loc))) throw new Error(`step ${before + 1}: ${what} is not on the screen while "${name}" has the focus`);
        }
        await p.keyboard.press("Enter");
        await settled(p);
      }
      await p.waitForFunction((b) => document.querySelectorAll(".step-done").length > b, before, { timeout: 10000 })
        .catch(() => { throw new Error(`step ${before + 1} was not reached by pressing ${names.join(", ")} from the keyboard`); });
      if (steps === 0) await p.screenshot({ path: join(outDir, "phone-lesson-step.png"), fullPage: false });
      steps++;
    }
    // The check questions, answered from the keyboard too.
    for (let guard = 0; guard < 12 && (await p.getByText("Lesson complete!").count()) === 0; guard++) {
      let reached = false;
      for (let n = 0; n < 80 && !reached; n++) {
        await p.keyboard.press("Tab");
        reached = await p.evaluate(() => {
          const el = document.activeElement;
          const q = el?.closest(".check-question");
          return !!q && el.classList.contains("choice") && !q.querySelector('.choice[aria-pressed="true"]');
        });
      }
      if (!reached) throw new Error("Tab never reached an unanswered question");
      await p.keyboard.press("Enter");
    }
    await p.getByText("Lesson complete!").waitFor({ timeout: 10000 });
    await p.screenshot({ path: join(outDir, "phone-lesson-done.png"), fullPage: false });
    const nested = await p.locator(".log-scroll").evaluate((el) => getComputedStyle(el).overflowY);
    if (nested !== "visible") throw new Error(`on a phone the event log is a scroll box inside the page (overflow-y: ${nested})`);
    console.log(`     sticky lesson at 390 px by keyboard: ${steps} steps, at most ${tabsMost} Tabs to a control`);
    const problems = await accessibilityProblems(p, "lesson at 390 px, task bar");
    if (problems.length) throw new Error(problems.join("\n"));
  });
});

check("the sandbox shows every control grouped, the rarely used ones folded: opening a fold shows them", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/sandbox`);
    await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
    for (const name of ["Log in", "Reload page", "Add to cart"]) {
      if (!(await p.getByRole("button", { name, exact: true }).isVisible())) throw new Error(`"${name}" is not on the screen`);
    }
    const close = p.getByRole("button", { name: "Close browser", exact: true });
    if (await close.isVisible()) throw new Error("Close browser is not folded away");
    await p.getByText("More browser actions and settings").click();
    await close.waitFor({ state: "visible", timeout: 5000 });
    const https = p.getByLabel("Use HTTPS");
    if (!(await https.isVisible())) throw new Error("Use HTTPS is not in the opened fold");
    if (await p.getByLabel("HttpOnly cookie").isVisible()) throw new Error("the defenses are not folded away");
    await p.getByText("Show the defenses").click();
    await p.getByLabel("HttpOnly cookie").waitFor({ state: "visible", timeout: 5000 });
  });
});

check("long work never freezes the page: a 5,000-user, 24-hour load run shows its progress and Cancel leaves the world as it was; a link asking for ten such runs is refused with its size and the limit, the sandbox kept", async ({ url, browser }) => {
  await withPage(browser, { permissions: ["clipboard-read", "clipboard-write"] }, async (p) => {
    await sandboxWithAlice(p, url, "One server");
    const figures = () => p.locator(".metrics .figures").innerText();
    const before = await figures();
    await chooseLoad(p, 5000, 1440);
    await p.getByRole("button", { name: "Run load", exact: true }).click();
    const progress = p.locator(".job-progress");
    await progress.waitFor({ state: "visible", timeout: 10000 });
    await p.waitForFunction(() => /[1-9][0-9,]* requests? simulated/.test(document.querySelector(".job-figures")?.textContent ?? ""), null, { timeout: 20000 })
      .catch(() => { throw new Error("the progress never counted a simulated request"); });
    await p.screenshot({ path: join(outDir, "load-progress.png"), fullPage: false });
    await progress.getByRole("button", { name: "Cancel" }).click();
    await progress.waitFor({ state: "detached", timeout: 5000 });
    await p.getByText("Cancelled: the load run stopped").first().waitFor({ timeout: 5000 });
    const after = await figures();
    if (after !== before) throw new Error(`the metrics changed after Cancel:\n${before}\n---\n${after}`);
    if (await p.locator(".load-panel p").count()) throw new Error("a load report is shown after Cancel");
    await pageSays(p, "Welcome back, alice");
    // A hostile link: the same world with ten of the largest load runs.
    await p.locator("header").getByRole("button", { name: "Share", exact: true }).click();
    await p.locator("header").getByText("Link copied").waitFor({ timeout: 5000 });
    const link = await p.evaluate(() => navigator.clipboard.readText());
    const [base, fragment] = link.split("#/sandbox/s/");
    const scenario = JSON.parse(Buffer.from(fragment, "base64url").toString("utf8"));
    for (let i = 0; i < 10; i++) scenario.actions.push({ RunLoad: { users: 5000, minutes: 1440 } });
    const hostile = `${base}#/sandbox/s/${Buffer.from(JSON.stringify(scenario)).toString("base64url")}`;
    const other = await p.context().newPage();
    await other.goto(hostile);
    const refusal = other.getByText("Session Lab replays at most 3,000,000");
    await refusal.first().waitFor({ timeout: 10000 });
    const said = await refusal.first().innerText();
    if (!/about [0-9,]+ simulated requests/.test(said) || !said.includes("Your sandbox is unchanged")) throw new Error(`the refusal says: ${said}`);
    await pageSays(other, "Welcome back, alice");
  });
});

check("a long saved sandbox is restored in slices after a reload, with its progress, and nothing is saved over it meanwhile", async ({ url, browser }) => {
  await withPage(browser, {}, async (p) => {
    await p.goto(`${url}#/sandbox`);
    await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
    await startSandboxWith(p, "One server");
    await chooseLoad(p, 2000, 60);
    await p.getByRole("button", { name: "Run load", exact: true }).click();
    const report = p.locator(".load-panel p").first();
    await report.waitFor({ timeout: 120000 });
    // textContent: the panel may be off screen, where it is not laid out (content-visibility).
    const ran = (await report.textContent()).split(".")[0];
    await p.reload();
    await p.getByRole("heading", { name: "Sandbox", level: 2 }).waitFor({ timeout: 30000 });
    await p.getByText("Restored your sandbox.").first().waitFor({ timeout: 120000 });
    const again = ((await p.locator(".load-panel p").first().textContent({ timeout: 5000 })) ?? "").split(".")[0];
    if (again !== ran) throw new Error(`the restored load report differs:\n${ran}\n${again}`);
  });
});

check("the course list comes without the lesson and sandbox files; when those cannot be downloaded the learner is told and can try again", async ({ url, browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p = await context.newPage();
  const onDemand = /\/(split|chunk)_[^/]*\.wasm$/;
  const fetched = [];
  p.on("request", (req) => fetched.push(new URL(req.url()).pathname));
  let offline = true;
  await p.route(onDemand, (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
  try {
    await p.goto(`${url}#/lessons`);
    await p.getByRole("heading", { name: "The course" }).waitFor({ timeout: 30000 });
    if (await p.locator("#starting").count()) throw new Error("the 'starting' line is still shown");
    const main = fetched.filter((f) => f.endsWith("_bg.wasm"));
    if (main.length !== 1) throw new Error(`expected one main WebAssembly file, fetched: ${fetched.join(", ")}`);
    await p.getByRole("link", { name: "Start the course" }).click();
    const alert = p.getByRole("alert").filter({ hasText: "could not be downloaded" });
    await alert.waitFor({ timeout: 20000 });
    offline = false;
    await p.getByRole("button", { name: "Try again" }).click();
    await p.getByText("Lesson 1 of").first().waitFor({ timeout: 20000 });
    if (await alert.count()) throw new Error("the download message stays after the lesson loaded");
    const later = fetched.filter((f) => onDemand.test(f));
    if (!later.some((f) => f.includes("split_lesson"))) throw new Error(`the lesson's file was never fetched: ${later.join(", ")}`);
  } finally {
    await context.close();
  }
});

// ---- runner ---------------------------------------------------------------

const server = await serveDist();
const url = `http://127.0.0.1:${server.address().port}/`;
await mkdir(outDir, { recursive: true });
// Failure screenshots of an earlier run would mislead.
for (const f of await readdir(outDir)) if (f.startsWith("failure-")) await rm(join(outDir, f));
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
const page = await context.newPage();
const problems = [];
page.on("console", (msg) => {
  if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
});
page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
// The console's "Failed to load resource" names no URL; this does.
page.on("response", (res) => {
  if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
});
page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));

let passed = 0;
let failed = 0;
// Each check answers for every problem reported since the previous one
// (the first also for the page load itself).
let reported = 0;
try {
  await page.goto(url);
  // E2E_ONLY=<words>: only the checks whose name contains them (while working on one).
  const only = process.env.E2E_ONLY;
  for (const { name, fn } of checks.filter((c) => !only || c.name.includes(only))) {
    try {
      await fn({ page, url, browser });
      if (problems.length > reported) throw new Error(problems.slice(reported).join("\n"));
      passed++;
      console.log(`ok   ${name}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(err.message ?? err).split("\n").join("\n     ")}`);
      await page.screenshot({ path: join(outDir, `failure-${passed + failed}.png`), fullPage: true }).catch(() => {});
    }
    reported = problems.length;
  }
  // Anything reported after the last check still fails the run.
  await page.waitForTimeout(500);
  if (problems.length > reported) {
    failed++;
    console.log(`FAIL no errors after the last check\n     ${problems.slice(reported).join("\n     ")}`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
