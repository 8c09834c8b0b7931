import type { AgencyKind, Role } from '../db/schema.ts';

/** The signed-in member of staff a request acts for. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  agencyId: number;
  agencyKind: AgencyKind;
  agencyName: string;
  teamId: number | null;
}
