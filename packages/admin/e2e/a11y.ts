import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementContext, ImpactValue, run } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yOptions {
  /** CSS selectors of regions left out of the check, each with the reason beside it. */
  exclude?: string[];
  /** The impacts reported: by default those that keep someone from using the page. */
  impacts?: ImpactValue[];
}

/**
 * Runs axe-core on the page as it is now, with every rule of WCAG 2.1 A and AA and axe's best
 * practices, and describes each serious or critical violation (or those of `impacts`): rule,
 * element, what is wrong and the rule's help page. The source is evaluated through the debugging
 * protocol, which the app's content security policy (no inline scripts) does not govern.
 */
export async function accessibilityViolations(page: Page, what: string, options: A11yOptions = {}): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    async ({ exclude }) => {
      const axe = (window as unknown as { axe: { run: typeof run } }).axe;
      const context: ElementContext = exclude.length ? { exclude } : document;
      const r = await axe.run(context, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      });
      // Only what the report needs crosses back: the DOM nodes themselves cannot.
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
      }));
    },
    { exclude: options.exclude ?? [] },
  );
  return results
    .filter((v) => v.impact && (options.impacts ?? ['serious', 'critical']).includes(v.impact))
    .map((v) =>
      [
        `${what}: ${v.id} (${v.impact}) ${v.help}`,
        `  ${v.helpUrl}`,
        ...v.nodes.map((n) => `  - ${n.target}\n    ${n.summary.replaceAll('\n', '\n    ')}`),
      ].join('\n'),
    );
}

/** Fails unless the page has no serious or critical violation (see accessibilityViolations). */
export async function expectAccessible(page: Page, what = 'the page', options: A11yOptions = {}): Promise<void> {
  const violations = await accessibilityViolations(page, what, options);
  if (violations.length) throw new Error(`Accessibility violations (${page.url()}):\n${violations.join('\n')}`);
}

/**
 * The charts (canvases) of the page that have no table of their figures: neither one in the same
 * figure nor one that the canvas names with `aria-details`. A canvas is a picture to assistive
 * technology; the table is what it reads instead. Answers the count checked and the bare ones.
 */
export async function chartsWithoutTable(page: Page): Promise<{ checked: number; bare: string[] }> {
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll('main canvas')];
    const bare = canvases.filter((canvas) => {
      const inFigure = canvas.closest('figure')?.querySelector('table th');
      const details = canvas.getAttribute('aria-details');
      const named = details ? document.getElementById(details)?.matches('table') : false;
      return !inFigure && !named;
    });
    return { checked: canvases.length, bare: bare.map((c) => c.getAttribute('aria-label') ?? c.outerHTML) };
  });
}
