import { describe, expect, it } from 'vitest';
import { idParam, idParams, MAX_ID } from './params.ts';

describe('idParam', () => {
  it('reads plain digits up to 2^31 - 1 as a number', () => {
    expect(idParam.parse('1')).toBe(1);
    expect(idParam.parse('2147483647')).toBe(MAX_ID);
    expect(idParams.parse({ id: '42' })).toEqual({ id: 42 });
  });

  it('refuses what no record id can be, including integers past 2^31', () => {
    for (const value of [
      '2147483648',
      '99999999999',
      '0',
      '-1',
      '1.5',
      '1e3',
      '0x1F',
      ' 1',
      '١٢',
      '',
      'abc',
      '1\u0000',
    ]) {
      expect(idParam.safeParse(value).success, value).toBe(false);
    }
    expect(idParam.safeParse(7).success).toBe(false);
  });
});
