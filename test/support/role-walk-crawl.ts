/**
 * The walk through the product as each role that works a child's journey (issue 15), shared by the walk
 * over HTTP and the walk in the browser: from the home page, every link a page shows is followed, breadth
 * first, and must open for the person it was shown to. A link that answers "not found", "forbidden" or an
 * error is a dead end. Links that only differ by an id or a filter are followed a few times, not for every
 * record, so each walk stays short on a busy machine.
 */
export interface Walker {
  username: string;
  /** The most pages this walk opens. */
  pages: number;
}

export const WALKERS: readonly Walker[] = [
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

/** The links of the app among a page's `href`s, as path and query, without the ones not walked. */
function walkableLinks(hrefs: readonly string[], from: string): string[] {
  const links: string[] = [];
  for (const href of hrefs) {
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

/** What opening a link gave: why it is a dead end (or null), and the `href`s the page shows. */
export interface Visit {
  deadEnd: string | null;
  hrefs: readonly string[];
}

export interface WalkResult {
  /** Pages opened. */
  walked: number;
  /** One line per dead end: the link, the page that showed it and what it answered. */
  deadEnds: string[];
}

/** Walks breadth first from the home page, opening at most `pages` links. */
export async function walkFromHome(
  pages: number,
  open: (link: string, shape: string) => Promise<Visit>
): Promise<WalkResult> {
  const queue = ['/'];
  const seen = new Set(queue);
  const shownOn = new Map<string, string>();
  const followedPerShape = new Map<string, number>();
  const result: WalkResult = { walked: 0, deadEnds: [] };
  while (queue.length > 0 && result.walked < pages) {
    const page = queue.shift()!;
    const visit = await open(page, shapeOf(page));
    result.walked++;
    if (visit.deadEnd !== null) {
      result.deadEnds.push(`${page} (linked from ${shownOn.get(page)}) ${visit.deadEnd}`);
      continue;
    }
    for (const link of walkableLinks(visit.hrefs, page)) {
      if (seen.has(link)) continue;
      seen.add(link);
      const linkShape = shapeOf(link);
      const followed = followedPerShape.get(linkShape) ?? 0;
      if (followed >= PER_SHAPE) continue;
      followedPerShape.set(linkShape, followed + 1);
      shownOn.set(link, page);
      queue.push(link);
    }
  }
  return result;
}
