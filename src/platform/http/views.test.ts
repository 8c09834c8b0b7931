import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from './views.ts';

describe('the trim filter', () => {
  const ours = createViewEnvironment().getFilter('trim') as (value: unknown) => unknown;
  const theirs = new nunjucks.Environment().getFilter('trim') as (value: unknown) => unknown;
  const samples = [
    '',
    'plain',
    '  \n\t <p>Child</p> \r\n ',
    '\u00a0\ufeff\u2028 a \u2029\u3000',
    ' '.repeat(10_000) + 'x' + '\n'.repeat(10_000),
    'inner   spaces  kept',
  ];

  it("gives what Nunjucks's own gives, for text and for safe text", () => {
    for (const sample of samples) {
      expect(ours(sample)).toBe(theirs(sample));
      const safe = ours(new nunjucks.runtime.SafeString(sample));
      expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
      expect(String(safe)).toBe(String(theirs(new nunjucks.runtime.SafeString(sample))));
    }
  });

  it('escapes trimmed plain text and keeps safe text as it is when rendered', () => {
    const env = createViewEnvironment();
    expect(env.renderString('{{ text | trim }}', { text: '  <b>  ' })).toBe('&lt;b&gt;');
    expect(
      env.renderString('{{ text | trim }}', { text: new nunjucks.runtime.SafeString('  <b>x</b> ') })
    ).toBe('<b>x</b>');
  });
});
