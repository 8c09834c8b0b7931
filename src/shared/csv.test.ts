import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, csvRow, parseCsv } from './csv.ts';

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

  it('writes a row without a line ending, and a record of named fields ending in CRLF', () => {
    expect(csvRow(['Q1', 'P7', 31.5, 'match'])).toBe('Q1,P7,31.5,match');
    expect(csvRow(['a,b', 'say "hi"'])).toBe('"a,b","say ""hi"""');
    expect(csvRecord(['a', 'b', 'c'], { c: 'x,y', a: 1 })).toBe('1,,"x,y"\r\n');
  });

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

  it('reads back what it writes', () => {
    const rows = [
      ['Name', 'Note'],
      ['O’Brien, Zoë', 'said "no"\r\nthen left'],
    ];
    expect(parseCsv(rows.map((row) => `${csvRow(row)}\r\n`).join(''))).toEqual(rows);
  });
});
