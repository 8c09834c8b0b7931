/** NHS numbers are 10 digits; the last is a modulus-11 check digit over the first nine. */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** The check digit for nine digits, or null when they can have none (a remainder giving 10). */
export function nhsCheckDigit(nineDigits: string): number | null {
  const weighted = [...nineDigits].reduce((sum, digit, index) => sum + Number(digit) * (10 - index), 0);
  const check = 11 - (weighted % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  return /^\d{10}$/.test(digits) && nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** Shown as 3-3-4, the way it is printed on NHS letters. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
