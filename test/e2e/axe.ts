// axe-core over the page as it is: no serious or critical violation (WCAG 2.1 A and AA rules
// and axe's best practices), as issue 8's "done when" asks of every view and dialog.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export async function expectAccessible(app: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page: app }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 4)
          .join(' | ')}`,
    );
  expect(bad, `axe violations in ${where}`).toEqual([]);
}
