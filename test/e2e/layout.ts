// Layout checks shared by the specs that feed the app long names or a small window: what
// overflows sideways, and whether an element is inside the window and its dialog.
import { expect, type Locator, type Page } from '@playwright/test';

// Containers that must never scroll sideways. The keys grid is not here at small widths:
// it scrolls on its own, behind its sticky first column, by design.
const CONTAINERS = [
  'html',
  '.app',
  '.topbar',
  '.layout',
  '.main',
  '.org-header',
  '.panel',
  '.toolbar',
  '.filters',
  '.bulk-bar',
  '.table-scroll',
  '.key-details',
  '[role="dialog"]',
  '.modal-body',
  '.modal-footer',
  '.sidebar',
];

/** Every visible container that is wider inside than it is on screen, or that sticks out of the window. */
export async function overflowProblems(page: Page, extra: string[] = []): Promise<string[]> {
  return page.evaluate(
    (selectors) => {
      const out: string[] = [];
      const vw = document.documentElement.clientWidth;
      for (const sel of selectors) {
        for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          const name = `${sel}${el.className ? ` (${String(el.className).slice(0, 40)})` : ''}`;
          if (el.scrollWidth > el.clientWidth + 1)
            out.push(`${name} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
          if (r.right > vw + 1 || r.left < -1)
            out.push(`${name} sticks out of the window: ${r.left}..${r.right} of ${vw}`);
        }
      }
      return out;
    },
    [...CONTAINERS, ...extra],
  );
}

export async function expectNoOverflow(page: Page, where: string, extra: string[] = []): Promise<void> {
  expect(await overflowProblems(page, extra), `horizontal overflow in ${where}`).toEqual([]);
}

/** The element is on screen, inside the window horizontally and inside `within` when given. */
export async function expectInside(el: Locator, within?: Locator): Promise<void> {
  await expect(el).toBeVisible();
  const box = await el.boundingBox();
  const vw = await el.page().evaluate(() => document.documentElement.clientWidth);
  expect(box, 'element has a box').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(-1);
  expect(box!.x + box!.width).toBeLessThanOrEqual(vw + 1);
  if (within) {
    const outer = (await within.boundingBox())!;
    expect(box!.x).toBeGreaterThanOrEqual(outer.x - 1);
    expect(box!.x + box!.width).toBeLessThanOrEqual(outer.x + outer.width + 1);
  }
}
