import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as intake from './0002-intake.ts';
import * as personMatching from './0003-person-matching.ts';
import * as familyAwareness from './0004-family-awareness.ts';
import * as contactToDecision from './0005-contact-to-decision.ts';

/** Migrations in order. Forward-only: add a new file, never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-intake': intake,
  '0003-person-matching': personMatching,
  '0004-family-awareness': familyAwareness,
  '0005-contact-to-decision': contactToDecision,
};
