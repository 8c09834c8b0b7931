import type { DescribedChild } from '../../platform/db/schema.ts';

/** A child's name as the person index has it, or as the referrer described them before linking. */
export function childNameOf(row: {
  given_name: string | null;
  family_name: string | null;
  described_child: DescribedChild | null;
}): string {
  const name =
    row.given_name !== null
      ? `${row.given_name} ${row.family_name ?? ''}`
      : `${row.described_child?.givenName ?? ''} ${row.described_child?.familyName ?? ''}`;
  return name.trim() || 'Name not given';
}
