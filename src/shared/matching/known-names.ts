/**
 * Reading a misspelt name as a person would: a spelling no one in the index has (Lyiy, Staceie) is
 * taken for the name it is nearest to (Lily, Stacey), when that is clearly nearer than any other real
 * name. Real names are those of the index being searched, so a council's own names count.
 */
import { jaroWinkler } from './phonetics.ts';

/** A name given to at least this many people in the index is a real name, not a typo. */
const KNOWN_NAME_COUNT = 3;
const CACHE_LIMIT = 50_000;

interface Nearest {
  readonly name: string;
  readonly similarity: number;
}

interface KnownNames {
  /** Real names by their first letter: a misspelling seldom changes it, and a reader goes by it. */
  readonly byInitial: ReadonlyMap<string, readonly string[]>;
  /** Each spelling's two nearest real names, nearest first. */
  readonly nearest: Map<string, readonly Nearest[]>;
}

const knownByTable = new WeakMap<ReadonlyMap<string, number>, KnownNames>();

export function isKnownName(name: string, counts: ReadonlyMap<string, number>): boolean {
  return (counts.get(name) ?? 0) >= KNOWN_NAME_COUNT;
}

/**
 * Whether a spelling no one in the index has (counts: the index's names) reads as the candidate's
 * name: nearer to it than to any other real name of the same first letter. Jaek is nearer Jake than
 * Jack, Lyiy nearer Lily than Libby; Albei, as near Albie as Alfie, reads as neither.
 */
export function readsAs(name: string, candidate: string, counts: ReadonlyMap<string, number>): boolean {
  if (isKnownName(name, counts)) return false;
  const similarity = jaroWinkler(name, candidate);
  const other = nearestKnown(name, counts).find((nearest) => nearest.name !== candidate);
  return other === undefined || similarity > other.similarity;
}

function nearestKnown(name: string, counts: ReadonlyMap<string, number>): readonly Nearest[] {
  let known = knownByTable.get(counts);
  if (!known) {
    known = { byInitial: knownByInitial(counts), nearest: new Map() };
    knownByTable.set(counts, known);
  }
  let nearest = known.nearest.get(name);
  if (!nearest) {
    nearest = twoNearest(name, known.byInitial.get(name.charAt(0)) ?? []);
    if (known.nearest.size >= CACHE_LIMIT) known.nearest.clear();
    known.nearest.set(name, nearest);
  }
  return nearest;
}

function knownByInitial(counts: ReadonlyMap<string, number>): Map<string, string[]> {
  const byInitial = new Map<string, string[]>();
  for (const name of counts.keys()) {
    if (!isKnownName(name, counts)) continue;
    const names = byInitial.get(name.charAt(0));
    if (names) names.push(name);
    else byInitial.set(name.charAt(0), [name]);
  }
  return byInitial;
}

function twoNearest(name: string, names: readonly string[]): Nearest[] {
  let [first, second]: (Nearest | undefined)[] = [undefined, undefined];
  for (const other of names) {
    const candidate = { name: other, similarity: jaroWinkler(name, other) };
    if (!first || candidate.similarity > first.similarity) [first, second] = [candidate, first];
    else if (!second || candidate.similarity > second.similarity) second = candidate;
  }
  return [first, second].filter((nearest): nearest is Nearest => nearest !== undefined);
}
