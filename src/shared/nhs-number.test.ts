import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';

describe('NHS number', () => {
  it('accepts numbers whose modulus-11 check digit is right', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
  });

  it('accepts a check digit of 0 (a remainder of 0 gives 11, written as 0)', () => {
    // 150000000: weighted sum 1×10 + 5×9 = 55, a multiple of 11, so the check digit is 0.
    expect(isValidNhsNumber('1500000000')).toBe(true);
    expect(isValidNhsNumber('1500000001')).toBe(false);
  });

  it('rejects a wrong check digit, a check value of 10, and the wrong length', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('abcdefghij')).toBe(false);
    // 123456789x: weighted sum 210, 210 % 11 = 1, 11 − 1 = 10 → never valid.
    expect([...'0123456789'].some((d) => isValidNhsNumber(`123456789${d}`))).toBe(false);
  });

  it('normalises and formats', () => {
    expect(normaliseNhsNumber(' 943 476-5919 ')).toBe('9434765919');
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
