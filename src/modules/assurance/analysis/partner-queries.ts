import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { ConsentStatus, DescribedChild } from '../../../platform/db/schema.ts';
import type { Period } from '../../performance/insight-scope.ts';
import { breakdown, type BreakdownRows } from '../../performance/measure-queries.ts';
import { countCompleteness, type CompletenessCounts, type SentAboutChild } from './partner-completeness.ts';

/*
 * Partner feedback: each referring agency and each organisation within it (a school, a GP practice: the
 * referrer's organisation as written on the contact, matched ignoring case and spaces at either end),
 * counted by the performance measures' own rules. Read from the facts; call refreshInsightFacts first.
 */

export interface PartnerCounts {
  agencyId: number;
  agencyName: string;
  /** The organisation as most often written; null for the agency as a whole. */
  organisation: string | null;
  /** The organisation as matched (lower case, trimmed): its page's address. */
  organisationKey: string | null;
  /** Children named in contacts received in the period (the contacts measure). */
  contacts: number;
  /** Of those, with an authorised decision, and of those, that became referrals (contact_to_referral). */
  decided: number;
  referred: number;
  /** Authorised decisions in the period, and those of no further action (nfa_rate). */
  decisions: number;
  noFurtherAction: number;
  completeness: CompletenessCounts;
}

export type InformationRequestCounts = BreakdownRows['information_requests_by_agency'][number];

interface CountRow {
  agency_id: number;
  agency_name: string;
  organisation_key: string | null;
  organisation: string | null;
  is_agency: boolean;
  contacts: number;
  decided: number;
  referred: number;
  decisions: number;
  no_further_action: number;
}

interface SentRow {
  agency_id: number;
  organisation_key: string | null;
  consent_status: ConsentStatus | null;
  consent_reason: string | null;
  described_child: DescribedChild | null;
  concern_codes: number;
}

/** How an organisation is matched: its name ignoring case and spaces at either end. */
const ORGANISATION_KEY = sql`nullif(lower(btrim(c.referrer_organisation)), '')`;

/** Every agency's and organisation's counts for the period; `agencyId` narrows to one agency. */
export async function partnerCounts(db: Db, period: Period, agencyId?: number): Promise<PartnerCounts[]> {
  const received = sql`f.received_date between ${period.from}::date and ${period.to}::date`;
  const decided = sql`f.decision_date between ${period.from}::date and ${period.to}::date`;
  const agency = agencyId === undefined ? sql`true` : sql`f.referrer_agency_id = ${agencyId}`;
  const [counts, sent] = await Promise.all([
    sql<CountRow>`
      select p.agency_id, a.name as agency_name, p.organisation_key,
        case when grouping(p.organisation_key) = 0 then mode() within group (order by p.organisation) end
          as organisation,
        grouping(p.organisation_key) = 1 as is_agency,
        count(*) filter (where p.received)::int as contacts,
        count(*) filter (where p.received and p.decision_id is not null)::int as decided,
        count(*) filter (where p.received and p.decision_id is not null and p.referral_id is not null)::int
          as referred,
        count(*) filter (where p.decided)::int as decisions,
        count(*) filter (where p.decided and p.outcome = 'no_further_action')::int as no_further_action
      from (
        select f.referrer_agency_id as agency_id, ${ORGANISATION_KEY} as organisation_key,
          btrim(c.referrer_organisation) as organisation, ${received} as received, ${decided} as decided,
          f.decision_id, f.referral_id, f.outcome
        from insight_fact f join contact c on c.id = f.contact_id
        where f.referrer_agency_id is not null and (${received} or ${decided}) and ${agency}
      ) as p
      join agency a on a.id = p.agency_id
      group by grouping sets ((p.agency_id, a.name), (p.agency_id, a.name, p.organisation_key))`.execute(db),
    sql<SentRow>`
      select f.referrer_agency_id as agency_id, ${ORGANISATION_KEY} as organisation_key,
        c.consent_status, c.consent_reason, cc.described_child, cardinality(f.concerns) as concern_codes
      from insight_fact f
      join contact c on c.id = f.contact_id
      join contact_child cc on cc.id = f.contact_child_id
      where f.referrer_agency_id is not null and ${received} and ${agency}`.execute(db),
  ]);
  const sentBy = new Map<string, SentAboutChild[]>();
  const add = (key: string, child: SentAboutChild) => {
    const children = sentBy.get(key);
    if (children) children.push(child);
    else sentBy.set(key, [child]);
  };
  for (const row of sent.rows) {
    const child = {
      consentStatus: row.consent_status,
      consentReason: row.consent_reason,
      describedChild: row.described_child,
      concernCodes: row.concern_codes,
    };
    add(keyOf(row.agency_id, null), child);
    if (row.organisation_key !== null) add(keyOf(row.agency_id, row.organisation_key), child);
  }
  return counts.rows
    .filter((row) => row.is_agency || row.organisation_key !== null)
    .map((row) =>
      countsOf(row, sentBy.get(keyOf(row.agency_id, row.is_agency ? null : row.organisation_key)) ?? [])
    )
    .sort(
      (a, b) =>
        a.agencyName.localeCompare(b.agencyName, 'en-GB') ||
        (a.organisation ?? '').localeCompare(b.organisation ?? '', 'en-GB')
    );
}

function keyOf(agencyId: number, organisationKey: string | null): string {
  return organisationKey === null ? String(agencyId) : `${agencyId}|${organisationKey}`;
}

function countsOf(row: CountRow, sent: readonly SentAboutChild[]): PartnerCounts {
  return {
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    organisation: row.is_agency ? null : row.organisation,
    organisationKey: row.is_agency ? null : row.organisation_key,
    contacts: row.contacts,
    decided: row.decided,
    referred: row.referred,
    decisions: row.decisions,
    noFurtherAction: row.no_further_action,
    completeness: countCompleteness(sent),
  };
}

/** A referring agency by its id; null when there is none. */
export async function partnerAgency(db: Db, agencyId: number): Promise<{ id: number; name: string } | null> {
  const row = await db
    .selectFrom('agency')
    .where('id', '=', agencyId)
    .select(['id', 'name'])
    .executeTakeFirst();
  return row ?? null;
}

/** An agency's counts when it sent nothing in the period. */
export function emptyPartner(agency: { id: number; name: string }): PartnerCounts {
  return {
    agencyId: agency.id,
    agencyName: agency.name,
    organisation: null,
    organisationKey: null,
    contacts: 0,
    decided: 0,
    referred: 0,
    decisions: 0,
    noFurtherAction: 0,
    completeness: countCompleteness([]),
  };
}

/** Requests sent to each agency: the performance pages' own breakdown, for the period. */
export function informationRequestCounts(db: Db, period: Period, now: Date, agencyId?: number) {
  return breakdown(db, { period, agencyId }, 'information_requests_by_agency', { now });
}
