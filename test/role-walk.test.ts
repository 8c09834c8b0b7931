import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { WALKERS, walkFromHome } from './support/role-walk-crawl.ts';

/**
 * The walk through the product by each role that works a child's journey (issue 15), over HTTP: every
 * link shown must open (see role-walk-crawl.ts). The browser walk adds axe on every page shape.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function hrefsOn(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
}

describe('a walk through the product by each role', () => {
  for (const walker of WALKERS) {
    it(`finds no dead end as ${walker.username}`, { timeout: 300_000 }, async () => {
      const agent = await t.signedIn(walker.username);
      const { walked, deadEnds } = await walkFromHome(walker.pages, async (link) => {
        const response = await agent.get(link);
        if (response.statusCode !== 200) return { deadEnd: `answered ${response.statusCode}`, hrefs: [] };
        const html = String(response.headers['content-type']).startsWith('text/html');
        return { deadEnd: null, hrefs: html ? hrefsOn(response.body) : [] };
      });
      expect(deadEnds).toEqual([]);
      expect(walked).toBeGreaterThan(10);
    });
  }
});
