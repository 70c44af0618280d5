// Drives the web chat widget in headless Debian Chromium (playwright-core) against a running bot.
// Usage: node widget.test.js BASE_URL OUT_DIR   (run by tests/e2e/test_widget_browser.py)
// Writes OUT_DIR/results.json and OUT_DIR/widget.png; exits 1 with the failed step on error.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const [baseUrl, outDir] = process.argv.slice(2);
const TIMEOUT = 60000;
const results = { steps: [], axe: [], screenshot: path.join(outDir, "widget.png") };

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, fn) {
  const detail = await fn();
  results.steps.push({ name, ...(detail || {}) });
}

async function botCount(page) {
  return page.locator(".hipbot-msg-bot").count();
}

async function waitForMoreBotMessages(page, before) {
  await page.waitForFunction((n) => document.querySelectorAll(".hipbot-msg-bot").length > n, before, { timeout: TIMEOUT });
  // Replies come as several messages; let them settle (the check is on content, not timing).
  await page.waitForTimeout(1500);
}

async function axeScan(page, label) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  }));
  const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  results.axe.push({ label, passes: result.passes.length, violations });
  return violations;
}

async function typeAndSend(page, text) {
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hipbot-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    bypassCSP: true, // lets the test inject axe-core into the CSP-protected demo page
    viewport: { width: 1000, height: 760 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  try {
    await step("open the page", async () => {
      const response = await page.goto(`${baseUrl}/webhooks/widget/`);
      check(response.ok(), `demo page answered ${response.status()}`);
      await page.waitForSelector(".hipbot-launcher", { timeout: TIMEOUT });
    });

    await step("axe scan, chat closed", async () => ({ violations: (await axeScan(page, "closed")).length }));

    await step("open the chat with the keyboard", async () => {
      let tabs = 0;
      for (; tabs < 15; tabs++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => document.activeElement.classList.contains("hipbot-launcher"))) break;
      }
      check(tabs < 15, "Tab never reached the launcher");
      await page.keyboard.press("Enter");
      check(await page.evaluate(() => document.activeElement.id === "hipbot-input"), "focus did not move to the input");
      return { tabs: tabs + 1 };
    });

    await step("chat: type a greeting and press Enter", async () => {
      const before = await botCount(page);
      await typeAndSend(page, "hello");
      await waitForMoreBotMessages(page, before);
      await page.waitForSelector(".hipbot-reply", { timeout: TIMEOUT });
      const user = await page.locator(".hipbot-msg-user").last().innerText();
      check(user.includes("hello"), "the user's message is not shown");
    });

    await step("quick replies are large enough and work from the keyboard", async () => {
      const sizes = await page.locator(".hipbot-reply").evaluateAll((els) => els.map((e) => {
        const r = e.getBoundingClientRect();
        return [Math.round(r.width), Math.round(r.height)];
      }));
      check(sizes.length > 0, "no quick replies rendered");
      check(sizes.every(([w, h]) => w >= 44 && h >= 44), `a quick reply is smaller than 44px: ${JSON.stringify(sizes)}`);
      // From the input, Shift+Tab reaches the last suggested reply; Enter taps it.
      await page.focus("#hipbot-input");
      await page.keyboard.press("Shift+Tab");
      const title = await page.evaluate(() => document.activeElement.classList.contains("hipbot-reply") && document.activeElement.textContent);
      check(title, "Shift+Tab from the input did not reach a quick reply");
      const before = await botCount(page);
      await page.keyboard.press("Enter");
      await waitForMoreBotMessages(page, before);
      const user = await page.locator(".hipbot-msg-user").last().innerText();
      check(user.includes(title), `the tapped reply "${title}" was not sent`);
      return { buttons: sizes.length, smallest: sizes.reduce((m, [w, h]) => Math.min(m, w, h), 999), tapped: title };
    });

    await step("click a quick reply with the mouse", async () => {
      const asked = await botCount(page);
      await page.focus("#hipbot-input");
      await typeAndSend(page, "what is bursitis?");
      await waitForMoreBotMessages(page, asked);
      await page.waitForSelector(".hipbot-reply", { timeout: TIMEOUT });
      const button = page.locator(".hipbot-reply").first();
      const title = (await button.innerText()).trim();
      const before = await botCount(page);
      await button.click();
      await waitForMoreBotMessages(page, before);
      const user = await page.locator(".hipbot-msg-user").last().innerText();
      check(user.includes(title), `the clicked reply "${title}" was not sent`);
      return { clicked: title };
    });

    await step("an emergency shows the banner with the number", async () => {
      check(await page.locator(".hipbot-banner").isHidden(), "banner shown before any warning sign");
      await page.focus("#hipbot-input");
      await typeAndSend(page, "I fell and now I can't stand on my leg");
      await page.waitForSelector(".hipbot-banner-emergency", { state: "visible", timeout: TIMEOUT });
      const banner = page.locator(".hipbot-banner");
      const text = await banner.innerText();
      check(/999/.test(text), `banner has no emergency number: ${text}`);
      check((await banner.getAttribute("role")) === "alert", "banner is not role=alert");
      check((await page.locator(".hipbot-banner a[href='tel:999']").count()) === 1, "no tel: link in the banner");
      return { banner: text };
    });

    await step("bot text cannot inject HTML", async () => {
      await page.evaluate(() => window.hipbotWidget.receive({
        text: '<img src=x onerror="window.__xss=1"><b id="injected">bold</b> see https://www.nhs.uk/conditions/hip-pain/',
      }));
      const last = page.locator(".hipbot-msg-bot").last();
      const text = await last.innerText();
      check(text.includes('<img src=x onerror="window.__xss=1">'), "markup was not shown as text");
      check((await page.locator(".hipbot-log img, #injected").count()) === 0, "markup became elements");
      check((await page.evaluate(() => window.__xss)) === undefined, "injected script ran");
      check((await last.locator("a[href='https://www.nhs.uk/conditions/hip-pain/']").count()) === 1, "URL was not linked");
    });

    await step("a download payload becomes a Download summary button", async () => {
      const content = "<!doctype html><title>Summary</title><p id='summary-p'>What you told the guide</p><script>window.__ran=1</script>";
      await page.evaluate((c) => window.hipbotWidget.receive({
        custom: { download: { filename: "hip-summary.html", mime: "text/html", content: c } },
      }), content);
      check((await page.locator("#summary-p").count()) === 0, "download content was put into the page");
      const button = page.locator(".hipbot-download").last();
      check((await button.innerText()).includes("Download summary"), "no Download summary button");
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: TIMEOUT }), button.click()]);
      const saved = fs.readFileSync(await download.path(), "utf8");
      check(download.suggestedFilename() === "hip-summary.html", `file name ${download.suggestedFilename()}`);
      check(saved === content, "the downloaded file differs from the payload");
      check((await page.evaluate(() => window.__ran)) === undefined, "download content ran in the page");
      return { filename: download.suggestedFilename(), bytes: saved.length };
    });

    await step("screenshot", async () => {
      await page.screenshot({ path: results.screenshot });
    });

    await step("axe scan, chat open with banner and buttons", async () => ({ violations: (await axeScan(page, "open")).length }));

    await step("reload keeps the conversation and the banner", async () => {
      const before = await page.locator(".hipbot-msg").allInnerTexts();
      const session = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage).filter(([k]) => k.endsWith(".session"))));
      await page.reload();
      await page.waitForSelector(".hipbot-panel:not([hidden])", { timeout: TIMEOUT });
      const after = await page.locator(".hipbot-msg").allInnerTexts();
      check(JSON.stringify(after) === JSON.stringify(before), `history differs after reload: ${before.length} -> ${after.length}`);
      check(await page.locator(".hipbot-banner-emergency").isVisible(), "banner lost on reload");
      const sessionAfter = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage).filter(([k]) => k.endsWith(".session"))));
      check(session === sessionAfter && session !== "[]", "session id changed on reload");
      // The server side continues the same conversation after the reload.
      const count = await botCount(page);
      await page.focus("#hipbot-input");
      await typeAndSend(page, "what is sciatica?");
      await waitForMoreBotMessages(page, count);
      const reply = await page.locator(".hipbot-msg-bot").nth(count).innerText();
      check(/sciatica/i.test(reply), `no reply after reload: ${reply}`);
      return { messages: after.length };
    });

    await step("Escape closes the chat and returns focus to the launcher", async () => {
      await page.focus("#hipbot-input");
      await page.keyboard.press("Escape");
      check(await page.locator(".hipbot-panel").isHidden(), "panel still open");
      check(await page.evaluate(() => document.activeElement.classList.contains("hipbot-launcher")), "focus not on launcher");
    });

    check(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
    results.ok = true;
  } catch (error) {
    results.ok = false;
    results.error = `${results.steps.length + 1}th step failed: ${error.message}`;
    await page.screenshot({ path: path.join(outDir, "failure.png") }).catch(() => {});
  } finally {
    results.pageErrors = pageErrors;
    fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify(results, null, 2));
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(results.ok ? 0 : 1);
})();
