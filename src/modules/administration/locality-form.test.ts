import { describe, expect, it } from 'vitest';
import { localityForm } from './locality-form.ts';

function errorOf(population: unknown): string | undefined {
  const parsed = localityForm.safeParse({ population, opened: '' });
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}

describe('the child population form', () => {
  it('reads a whole number, with commas or spaces between thousands', () => {
    expect(localityForm.parse({ population: '24500', opened: '' })).toEqual({
      population: 24_500,
      opened: null,
    });
    expect(localityForm.parse({ population: ' 1,234,567 ', opened: '4000' })).toEqual({
      population: 1_234_567,
      opened: 4000,
    });
    expect(localityForm.parse({ population: '0', opened: '' }).population).toBe(0);
    expect(localityForm.parse({ population: '2 000 000', opened: '' }).population).toBe(2_000_000);
  });

  it('says what is wrong with anything else', () => {
    expect(errorOf('')).toBe('Enter the number of children aged 0 to 17 living in the locality');
    expect(errorOf(undefined)).toBe('Enter the number of children aged 0 to 17 living in the locality');
    expect(errorOf('-5')).toBe('The number of children cannot be less than 0');
    expect(errorOf('2450.5')).toBe('Enter a whole number of children, like 24500');
    expect(errorOf('about 20k')).toBe('Enter the number of children in figures, like 24500');
    expect(errorOf('1e6')).toBe('Enter the number of children in figures, like 24500');
    expect(errorOf('2000001')).toBe('The number of children must be 2,000,000 or fewer');
    expect(errorOf('99999999999999999999')).toBe('The number of children must be 2,000,000 or fewer');
  });

  it('takes a missing or tampered opened figure as none', () => {
    expect(localityForm.parse({ population: '1', opened: 'x' }).opened).toBeNull();
    expect(localityForm.parse({ population: '1' }).opened).toBeNull();
  });
});
