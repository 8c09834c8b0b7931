import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { describe, expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = fs.existsSync(CHROMIUM_PATH);

/** Browser suites run when chromium is installed; global setup says so (or fails) when it is not. */
export const describeInBrowser = browserAvailable ? describe : describe.skip;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** A port free now: for an app whose address another server (an identity provider) must know before it starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page (through DevTools, so the page's CSP still holds) for WCAG 2.2 A and AA. */
export async function expectNoAccessibilityViolations(page: Page): Promise<void> {
  // A click on a link returns once the navigation starts; axe must run on the page it leads to.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForLoadState('load');
      return await checkAccessibility(page);
    } catch (error) {
      if (attempt === 3 || !isNavigationInterruption(error)) throw error;
    }
  }
}

function isNavigationInterruption(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Execution context was destroyed|reading 'documentElement'/.test(message);
}

async function checkAccessibility(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object
          ) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`
    );
  });
  expect(violations, `WCAG violations on ${page.url()}`).toEqual([]);
}

/**
 * Collects script errors and console errors such as content-security-policy refusals. A form
 * re-shown with errors answers 400 on purpose, so the browser's note about that status is ignored.
 */
export function watchForPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
