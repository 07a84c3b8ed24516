// Checks every page a journey visits: axe (WCAG 2.2 A/AA, failing on critical or serious), a screenshot for people
// to look at, and the page's HTML kept for the Nu HTML Checker, which runs once over all of them at the end.
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/rk-shots';
const HTML_DIR = join(SHOTS, 'html');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The two sizes every journey runs in: a mid-range Android phone and a manager's laptop. */
export const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1366, height: 768 } },
};

/** Prepares the screenshot folder (once per test file); prints where to look. */
export function prepareShots() {
  mkdirSync(HTML_DIR, { recursive: true });
  console.log(`screenshots and page sources: ${SHOTS}`);
}

/**
 * Audits the page as it is now: no critical or serious axe violation, no sideways scroll on a phone, a full-page
 * screenshot `<name>.png`, and the HTML the server sent (`response`, when given) or the current DOM for vnu.
 */
export async function audit(page, name, { response } = {}) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const grave = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const html = response ? await response.text() : await page.content();
  writeFileSync(join(HTML_DIR, `${name}.html`), html);
  assert.deepEqual(
    grave.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
    [], `axe on ${name} (${page.url()})`,
  );
  if (width <= 430) assert.ok(scrollWidth <= width, `${name}: the page scrolls sideways on a phone (${scrollWidth} px > ${width} px)`);
}

/** Runs the Nu HTML Checker over every page source kept so far; resolves to the list of errors (empty when clean). */
export async function validateHtml(prefix = '') {
  const files = readdirSync(HTML_DIR).filter((f) => f.endsWith('.html') && f.startsWith(prefix)).map((f) => join(HTML_DIR, f));
  if (files.length === 0) return [];
  const jar = join(dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build', 'dist', 'vnu.jar');
  const output = await new Promise((resolve, reject) => {
    execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error && !stderr ? reject(error) : resolve(stderr || stdout)));
  });
  const messages = JSON.parse(output).messages ?? [];
  return messages.filter((m) => m.type === 'error').map((m) => `${m.url?.split('/').pop()}:${m.lastLine ?? '?'}: ${m.message}`);
}

/** Removes kept page sources with this prefix, so a run checks only what it visited. */
export function clearHtml(prefix) {
  for (const f of readdirSync(HTML_DIR)) if (f.startsWith(prefix)) rmSync(join(HTML_DIR, f));
}
