/**
 * Runs axe-core (the accessibility engine) on a panel page. Its source is evaluated as a script
 * expression by the automation protocol: extension pages' CSP forbids inline scripts and eval,
 * which addScriptTag or an in-page eval would need.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestPage } from '../harness/browsers';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Installs axe in the page (once) and returns its critical and serious violations. */
export async function seriousViolations(panel: TestPage): Promise<AxeFinding[]> {
  const installed = await panel.evaluate(() => typeof (globalThis as any).axe === 'object');
  if (!installed) await (panel.raw as { evaluate(expression: string): Promise<unknown> }).evaluate(`${axeSource};void 0`);
  return panel.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return (result.violations as any[])
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: (v.nodes as any[]).slice(0, 5).map((n) => ({ target: String(n.target), summary: String(n.failureSummary ?? '').slice(0, 300) })),
      }));
  });
}
