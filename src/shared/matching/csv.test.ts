import { describe, expect, it } from 'vitest';
import { formatCsvRow, parseCsv } from './csv.ts';

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"1, High St","say ""hi""\nthere"\n\n')).toEqual([
      ['a', 'b'],
      ['1, High St', 'say "hi"\nthere'],
    ]);
  });

  it('keeps empty fields and a last line without a line break', () => {
    expect(parseCsv('a,,c\n,,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('quotes only what needs quoting', () => {
    expect(formatCsvRow(['Q1', 'P7', 31.5, 'match'])).toBe('Q1,P7,31.5,match');
    expect(formatCsvRow(['a,b', 'say "hi"'])).toBe('"a,b","say ""hi"""');
  });
});
