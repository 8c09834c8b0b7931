/**
 * String similarity and sound-alike codes from talisman (Jaro-Winkler, double metaphone). Codes are
 * memoised: the same few thousand names recur across a million records.
 */
import jaroWinklerSimilarity from 'talisman/metrics/jaro-winkler.js';
import talismanDoubleMetaphone from 'talisman/phonetics/double-metaphone.js';

const CACHE_LIMIT = 200_000;
const codeCache = new Map<string, readonly string[]>();

/** The distinct double metaphone codes (primary, and alternate where it differs) of a folded word. */
export function soundCodes(word: string): readonly string[] {
  let codes = codeCache.get(word);
  if (!codes) {
    const [primary, alternate] = talismanDoubleMetaphone(word);
    codes = [primary, alternate].filter((code, index, all) => code && all.indexOf(code) === index);
    if (codeCache.size >= CACHE_LIMIT) codeCache.clear();
    codeCache.set(word, codes);
  }
  return codes;
}

export function jaroWinkler(a: string, b: string): number {
  return jaroWinklerSimilarity(a, b);
}
