import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.ts';

describe('safeReturnTo', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnTo('/people')).toBe('/people');
    expect(safeReturnTo('/contacts?status=open&team=3')).toBe('/contacts?status=open&team=3');
  });

  it('sends anything that a browser would read as another site to the home page', () => {
    for (const value of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example/',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /people',
      '',
      undefined,
      ['/people'],
    ]) {
      expect(safeReturnTo(value), JSON.stringify(value)).toBe('/');
    }
  });

  it('gives a value that can go in a Location header: no line breaks, only ASCII', () => {
    for (const value of ['/people\r\nSet-Cookie: planted=1', '/people?q=Zoë', '/a\u0000b', '/%0d%0aX: 1']) {
      const result = safeReturnTo(value);
      expect(result.startsWith('/')).toBe(true);
      expect(result).toMatch(/^[\x21-\x7e]+$/);
    }
  });
});
