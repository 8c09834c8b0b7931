/**
 * The level of the continuum of need that the descriptors a practitioner ticked point to: the highest
 * level ticked, or null when nothing is ticked.
 *
 * Why the highest and not a count: continuum-of-need documents (Cornwall, Devon, Liverpool, the London
 * continuum; see the shared domain reference, section 2.6) treat descriptors as prompts, not a score. One
 * sign of significant harm is enough for a safeguarding (level 4) response, so the most serious need
 * sets the level. Several lower needs adding up to a higher level ("complex: multiple needs") is a
 * matter of judgement that no document turns into a number, so it is not guessed here: the
 * practitioner records the level they choose and, when it differs from this one, why.
 */
export function indicatedLevel(tickedDescriptors: readonly { level: number }[]): number | null {
  if (tickedDescriptors.length === 0) return null;
  return Math.max(...tickedDescriptors.map((descriptor) => descriptor.level));
}
