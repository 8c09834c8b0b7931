/**
 * Normalisation for matching: names, dates, postcodes, addresses and identifiers are reduced to the
 * forms the comparisons work on, so 'O’Brien', 'OBRIEN' and 'o brien' compare alike.
 */

/** Letters NFD cannot take apart (ł, ø, ß…) and their plain spellings. */
const UNDECOMPOSABLE: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

/** Lower case, accents removed, apostrophes and dots dropped, any other punctuation a space. */
export function foldText(raw: string): string {
  const lower = raw.toLowerCase();
  // Most text is plain ASCII: only the rest needs the (slow) Unicode decomposition.
  const plain = /^[\x20-\x7e]*$/.test(lower) ? lower : decomposed(lower);
  return plain
    .replace(/['’‘`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function decomposed(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łđøßæœı]/g, (letter) => UNDECOMPOSABLE[letter] ?? letter);
}

/** A name as words: hyphenated and double-barrelled names split into their parts. */
export function nameWords(raw: string): string[] {
  const folded = foldText(raw).replace(/[0-9]/g, ' ').trim();
  return folded ? folded.split(/\s+/) : [];
}

/** Upper case without spaces: 'nm1 4ab' → 'NM14AB'. */
export function normalisePostcode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The outward code of a UK postcode (the part before the space), or undefined for other shapes. */
export function outwardCode(postcode: string): string | undefined {
  return /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(postcode) ? postcode.slice(0, -3) : undefined;
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 'YYYYMMDD', for digit-level comparison. */
  readonly digits: string;
  /** Days since 1970-01-01 (months and days past their end roll over, as typos may need). */
  readonly dayNumber: number;
}

/** 'YYYY-MM-DD' (or 'YYYYMMDD') into its parts; undefined when it is not that shape. */
export function parseDate(raw: string): DateParts | undefined {
  const found = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(raw.trim());
  if (!found) return undefined;
  const [year, month, day] = [Number(found[1]), Number(found[2]), Number(found[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return {
    year,
    month,
    day,
    digits: `${found[1]}${found[2]}${found[3]}`,
    dayNumber: Date.UTC(year, month - 1, day) / 86_400_000,
  };
}

/** 'M' or 'F'; anything else (unknown, not stated) counts as missing. */
export function normaliseSex(raw: string): 'M' | 'F' | undefined {
  const value = raw.trim().toUpperCase();
  if (value === 'M' || value === 'MALE') return 'M';
  if (value === 'F' || value === 'FEMALE') return 'F';
  return undefined;
}

/** Digits only, so '943 476 5919' and '943-476-5919' agree. */
export function normaliseIdentifier(raw: string): string {
  return raw.replace(/[^0-9]/g, '');
}

/** The distinct words of an address, folded. */
export function addressWords(raw: string): string[] {
  const folded = foldText(raw);
  return folded ? [...new Set(folded.split(/\s+/))] : [];
}
