/**
 * GOV.UK pagination for page `page` of `pages`: previous, next, and the pages around this one with the
 * first and last, gaps shown as an ellipsis. `href` gives a page's address (filters kept). Null when
 * everything fits on one page.
 */
export function govukPagination(page: number, pages: number, href: (page: number) => string) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages);
  const items = shown.flatMap((number, i) => [
    ...(i > 0 && number - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []),
    { number, href: href(number), current: number === page },
  ]);
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  };
}
