/**
 * A small seeded pseudo-random generator (sfc32) so the demo council is the same on every machine:
 * same seed ⇒ same people, contacts and decisions. Not for anything security-related.
 */

/** Items with precomputed cumulative weights, so a weighted pick is a binary search. */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, weight], index) => {
    if (!(weight >= 0)) throw new RangeError(`Weights must be >= 0, got ${weight}`);
    total += weight;
    cumulative[index] = total;
  });
  if (total <= 0) throw new RangeError('A weighted table needs a positive total weight');
  return { items: entries.map(([item]) => item), cumulative, total };
}

/**
 * Weights that fall off with popularity rank (Zipf-like), for name lists written most popular first:
 * a few names are common and the long tail is rare.
 */
export function zipfTable<T>(
  itemsByPopularity: readonly T[],
  exponent: number,
  offset: number
): WeightedTable<T> {
  return weightedTable(
    itemsByPopularity.map((item, rank) => [item, 1 / (rank + offset) ** exponent] as const)
  );
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Spread the seed over the four state words, then discard the first outputs (sfc32's usual warm-up).
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(table: WeightedTable<T>): T {
    const target = this.next() * table.total;
    let low = 0;
    let high = table.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((table.cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return table.items[low] as T;
  }

  /** A new array in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const result = [...items];
    for (let i = result.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [result[i], result[j]] = [result[j] as T, result[i] as T];
    }
    return result;
  }

  /** Approximately normal (sum of four uniforms), which is plenty for ages and delays. */
  normal(mean: number, standardDeviation: number): number {
    const sum = this.next() + this.next() + this.next() + this.next();
    return mean + (sum - 2) * standardDeviation * Math.sqrt(3);
  }

  /** Exponentially distributed, e.g. the waiting time until a family's next contact. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}
