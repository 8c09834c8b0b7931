const ORIGIN = 'https://frontdoor.invalid';

/**
 * Where to go after signing in: only a path on this site, as the browser will read it. The value is
 * parsed as a URL against this site (which drops tabs and line breaks and reads `\` as `/`, as browsers
 * do) and must still be on this site; what is returned is the parsed, percent-encoded path, so it can
 * always go in a Location header.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, `${ORIGIN}/`);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
