// What every journey does on each page: open it, audit it (axe, sideways scroll, screenshot, source for vnu) and, on a
// phone, measure what a thumb has to hit. Shared by the visitor, attendee and organiser journeys.
import assert from 'node:assert/strict';
import { audit } from './audit.mjs';

/** Opens `url`, checks the answer, audits the page as `name`; resolves to the response. */
export async function visit(page, url, name, { status = 200 } = {}) {
  const response = await page.goto(url);
  assert.equal(response.status(), status, `${name}: ${url} answered ${response.status()}`);
  await look(page, name, { response });
  return response;
}

/** Audits the page as it is now (after a click or a form post); on a phone also its touch targets and text size. */
export async function look(page, name, { response } = {}) {
  await audit(page, name, { response });
  if ((page.viewportSize()?.width ?? 1000) <= 430) {
    assert.deepEqual(await smallTargets(page), [], `${name}: touch targets too small on a phone`);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontSize), '16px', `${name}: body text is not 16 px`);
  }
}

/**
 * Visible controls a thumb cannot hit reliably: buttons, button-styled links, fields and the menu below 44×44 CSS px
 * (primary actions), any other control or non-inline link below 24×24 (WCAG 2.5.8). Links inside running text are
 * exempt, as the criterion says. Returns one line per offender.
 */
export async function smallTargets(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && r.right > 0 && r.left < innerWidth && style.visibility !== 'hidden' && !el.closest('[hidden], .visually-hidden');
    };
    const describe = (el, r) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`;
    const primary = 'button, .button, select, textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden])';
    const problems = [];
    for (const el of document.querySelectorAll(`${primary}, a, summary, input[type=checkbox], input[type=radio]`)) {
      if (!visible(el) || el.matches('.skip-link')) continue;
      const r = el.getBoundingClientRect();
      if (el.matches(primary)) {
        if (r.height < 44 || r.width < 44) problems.push(`${describe(el, r)} < 44×44`);
      } else if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
        continue;
      } else if (r.height < 24 || r.width < 24) {
        problems.push(`${describe(el, r)} < 24×24`);
      }
    }
    return problems;
  });
}

/** On a phone a form is one column: every visible field of `form` starts at the same left edge. */
export async function assertOneColumn(page, form) {
  const lefts = await page.locator(form).locator('.field').evaluateAll((fields) => fields
    .filter((f) => f.getBoundingClientRect().height > 0).map((f) => Math.round(f.getBoundingClientRect().left)));
  assert.ok(lefts.length > 1, `${form} has fields`);
  assert.deepEqual([...new Set(lefts)], [lefts[0]], `${form} is not one column on a phone (fields start at ${[...new Set(lefts)].join(', ')} px)`);
}

/** The phone header's menu: opens it with the button and resolves once the links show. */
export async function openMenu(page) {
  const button = page.locator('.menu-button');
  if (!(await button.isVisible())) return;
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator('#site-menu').waitFor({ state: 'visible' });
}

/** The session cookie of a browser context, for the JSON API calls a test makes on the side. */
export async function sessionCookie(context) {
  const cookie = (await context.cookies()).find((c) => c.name === 'rk_session');
  return cookie ? `${cookie.name}=${cookie.value}` : '';
}
