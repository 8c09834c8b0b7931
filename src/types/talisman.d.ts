// talisman ships JavaScript without type declarations; we use its Jaro-Winkler and double metaphone.
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro-Winkler similarity in [0, 1] (1 = identical). */
  export default function jaroWinkler(a: string, b: string): number;
}

declare module 'talisman/phonetics/double-metaphone.js' {
  /** The primary and alternate double metaphone codes of a word. */
  export default function doubleMetaphone(word: string): [string, string];
}
