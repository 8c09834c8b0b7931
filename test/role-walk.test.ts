import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';

/**
 * A walk through the product as each role that works a child's journey (issue 15): from the home page,
 * every link a page shows is followed, breadth first, and must open for the person it was shown to. A
 * link that answers "not found", "forbidden" or an error is a dead end. Links that only differ by an id or
 * a filter are followed a few times, not for every record, so each walk stays short on a busy machine.
 */
const WALKERS = [
  { username: 'practitioner', pages: 140 },
  { username: 'manager', pages: 140 },
  { username: 'partner.police', pages: 60 },
  { username: 'outofhours', pages: 80 },
  { username: 'assessment', pages: 100 },
  { username: 'qa', pages: 80 },
  { username: 'analyst', pages: 60 },
  { username: 'leader', pages: 60 },
  { username: 'admin', pages: 80 },
];
/** How many links of one shape (`/people/:id`, the queue with some filter) each walk follows. */
const PER_SHAPE = 3;
/** Files (returns, letters, exports), the way out, and the pages that act when opened: not walked. */
const NOT_WALKED = [/^\/sign-out/, /\.(csv|xlsx|docx|xml|pdf)$/, /^\/assets\//, /^\/returns\/cin-census\//];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function linksOn(html: string, from: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\s[^>]*href="([^"]+)"/g)) {
    const href = match[1]!.replaceAll('&amp;', '&');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    const url = new URL(href, `http://front.door${from}`);
    if (NOT_WALKED.some((pattern) => pattern.test(url.pathname))) continue;
    links.push(url.pathname + url.search);
  }
  return links;
}

/** `/people/12/onward?page=2` → `/people/:id/onward?page`: links of one shape. */
function shapeOf(link: string): string {
  const url = new URL(link, 'http://front.door');
  const keys = [...url.searchParams.keys()].sort().join('&');
  return (
    url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/\d{4}-\d{2}-\d{2}/g, '/:date') + `?${keys}`
  );
}

describe('a walk through the product by each role', () => {
  for (const walker of WALKERS) {
    it(`finds no dead end as ${walker.username}`, { timeout: 300_000 }, async () => {
      const agent = await t.signedIn(walker.username);
      const queue = ['/'];
      const seen = new Set(queue);
      const shownOn = new Map<string, string>();
      const shapes = new Map<string, number>();
      const deadEnds: string[] = [];
      let walked = 0;
      while (queue.length > 0 && walked < walker.pages) {
        const page = queue.shift()!;
        const response = await agent.get(page);
        walked++;
        if (response.statusCode !== 200) {
          deadEnds.push(`${page} (linked from ${shownOn.get(page)}) answered ${response.statusCode}`);
          continue;
        }
        if (!String(response.headers['content-type']).startsWith('text/html')) continue;
        for (const link of linksOn(response.body, page)) {
          if (seen.has(link)) continue;
          seen.add(link);
          const shape = shapeOf(link);
          const followed = shapes.get(shape) ?? 0;
          if (followed >= PER_SHAPE) continue;
          shapes.set(shape, followed + 1);
          shownOn.set(link, page);
          queue.push(link);
        }
      }
      expect(deadEnds).toEqual([]);
      expect(walked).toBeGreaterThan(10);
    });
  }
});
