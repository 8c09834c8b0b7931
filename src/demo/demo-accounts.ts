/**
 * The named demo sign-ins, one per role, printed by `frontdoor seed` and shown in the README.
 * They exist only in demo-seeded databases (staff rows with is_demo = true).
 */
import { hashPassword } from '../platform/auth/password.ts';
import { ROLE_LABELS } from '../platform/access/permissions.ts';
import type { Db } from '../platform/db/database.ts';
import type { Role } from '../platform/db/schema.ts';

export const DEMO_PASSWORD = 'frontdoor-demo';

/** The demo manager's TOTP secret (base32 of 20 fixed random bytes), so the README can show it. */
export const DEMO_TOTP_SECRET = 'C432WM4MCHFZZTIOA26RT5UEFSH274P5';

export interface DemoAccount {
  username: string;
  role: Role;
  displayName: string;
  password: string;
  totpSecret?: string;
}

/** A demo account and the team (see organisation.ts) it belongs to. */
export interface DemoAccountPlan extends DemoAccount {
  teamKey: string;
}

const withDemoPassword = (plan: Omit<DemoAccountPlan, 'password'>): DemoAccountPlan => ({
  ...plan,
  password: DEMO_PASSWORD,
});

export const DEMO_ACCOUNTS: readonly DemoAccountPlan[] = (
  [
    {
      username: 'practitioner',
      role: 'front_door_practitioner',
      displayName: 'Jordan Ellis',
      teamKey: 'front_door',
    },
    {
      // A social worker in a receiving team, who accepts or returns handovers from the front door.
      username: 'assessment',
      role: 'front_door_practitioner',
      displayName: 'Sam Okafor',
      teamKey: 'assessment:0',
    },
    {
      username: 'manager',
      role: 'team_manager',
      displayName: 'Helen Marsh',
      teamKey: 'front_door',
      totpSecret: DEMO_TOTP_SECRET,
    },
    {
      // Signs off, second, decisions that step down from red or level 4 or choose a level below the descriptors.
      username: 'servicemanager',
      role: 'service_manager',
      displayName: 'Adaeze Moss',
      teamKey: 'front_door',
    },
    {
      username: 'partner.police',
      role: 'partner_agency_practitioner',
      displayName: 'Tom Rowe',
      teamKey: 'partner:police',
    },
    {
      username: 'outofhours',
      role: 'out_of_hours_worker',
      displayName: 'Nadia Karim',
      teamKey: 'out_of_hours',
    },
    { username: 'qa', role: 'qa_officer', displayName: 'Ruth Bennett', teamKey: 'quality_assurance' },
    { username: 'analyst', role: 'performance_analyst', displayName: 'Imran Aziz', teamKey: 'performance' },
    { username: 'leader', role: 'senior_leader', displayName: 'Catherine Walsh', teamKey: 'leadership' },
    { username: 'admin', role: 'administrator', displayName: 'Gary Holt', teamKey: 'administration' },
  ] satisfies Omit<DemoAccountPlan, 'password'>[]
).map(withDemoPassword);

export interface DemoPasswordHashes {
  byUsername: ReadonlyMap<string, string>;
  /** One hash of the demo password shared by all the other generated staff. */
  shared: string;
}

/**
 * Hashes each printed account's password separately (as real accounts would be) and one more for
 * everyone else: sharing a hash is acceptable only because these are throwaway demo accounts, and it
 * saves over a hundred deliberately slow Argon2 runs.
 */
export async function hashDemoPasswords(): Promise<DemoPasswordHashes> {
  const [shared, ...hashes] = await Promise.all([
    hashPassword(DEMO_PASSWORD),
    ...DEMO_ACCOUNTS.map((account) => hashPassword(account.password)),
  ]);
  return {
    shared: shared as string,
    byUsername: new Map(DEMO_ACCOUNTS.map((account, index) => [account.username, hashes[index] as string])),
  };
}

export interface PrintableDemoAccount extends DemoAccount {
  roleLabel: string;
}

/** The demo accounts this database actually holds (none in a real council's database), in README order. */
export async function demoAccountsInDatabase(db: Db): Promise<PrintableDemoAccount[]> {
  const rows = await db
    .selectFrom('staff_user')
    .select(['username', 'role', 'display_name', 'totp_secret', 'totp_enabled'])
    .where('is_demo', '=', true)
    .where('active', '=', true)
    .where(
      'username',
      'in',
      DEMO_ACCOUNTS.map((account) => account.username)
    )
    .execute();
  const byUsername = new Map(rows.map((row) => [row.username, row]));
  return DEMO_ACCOUNTS.flatMap((account) => {
    const row = byUsername.get(account.username);
    if (!row) return [];
    const totpSecret = row.totp_enabled && row.totp_secret ? row.totp_secret : undefined;
    return [
      {
        username: row.username,
        role: row.role,
        displayName: row.display_name,
        password: DEMO_PASSWORD,
        roleLabel: ROLE_LABELS[row.role],
        ...(totpSecret ? { totpSecret } : {}),
      },
    ];
  });
}
