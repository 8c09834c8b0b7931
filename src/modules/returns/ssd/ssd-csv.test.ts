import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './ssd-csv.ts';

describe('RFC 4180 CSV', () => {
  it('quotes only fields holding a comma, a quote, CR or LF, doubling quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('{"NFA_FLAG":"Y"}')).toBe('"{""NFA_FLAG"":""Y""}"');
    expect(csvField('Zoë Ó Briain')).toBe('Zoë Ó Briain');
  });

  it('writes nulls empty, dates as given and timestamps as ISO', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('2026-03-31')).toBe('2026-03-31');
    expect(csvField(new Date('2026-03-31T08:15:00Z'))).toBe('2026-03-31T08:15:00.000Z');
    expect(csvField(0)).toBe('0');
  });

  it('writes every field in order, empty when the row does not hold it, ending in CRLF', () => {
    expect(csvRecord(['a', 'b', 'c'], { c: 'x,y', a: 1 })).toBe('1,,"x,y"\r\n');
  });
});
