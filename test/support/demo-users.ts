import type { Role } from '../../src/platform/db/schema.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts.ts';

/** The demo account's username for a role. */
export function demoUser(role: Role): string {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role);
  if (!account) throw new Error(`No demo account for ${role}`);
  return account.username;
}
