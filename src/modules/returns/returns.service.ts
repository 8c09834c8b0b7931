import { sql } from 'kysely';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import { decidePersonRead } from '../../platform/access/record-policy.ts';
import type { Db } from '../../platform/db/database.ts';
import { ukTimeOf } from '../../shared/uk-time.ts';
import { extractCensus, type CensusSource } from './cin-census/census-extract.ts';
import { writeCensusXml } from './cin-census/census-xml.ts';
import { checkCensus, type CensusCheck } from './cin-census/check-census.ts';
import type { CinCensus } from './cin-census/census-model.ts';
import { censusAsAt } from './cin-census/census-years.ts';
import { buildAnnexA } from './annex-a/annex-a-export.ts';

export { latestCensusYear } from './cin-census/census-years.ts';

/*
 * The statutory returns, as analysts, leaders and administrators download them. Every export is
 * audited with who, what and how many rows; the check of a return is a read of every child in it, so it
 * is audited the same way, with the ids of the children it shows (so "who has looked at this child"
 * finds it). A year still in progress is checked as at today (censusAsAt).
 */

/** What Front Door calls itself in a return's header. */
const SOFTWARE = { softwareCode: 'FrontDoor', release: '0.1.0' } as const;

/** The header's source: the council's code, and when (London time) the return was made. */
export async function censusSource(db: Db, now: Date): Promise<CensusSource> {
  const council = await db.selectFrom('council').select('la_code').executeTakeFirstOrThrow();
  const made = ukTimeOf(now);
  return {
    ...SOFTWARE,
    laCode: council.la_code,
    // One file a day is enough to tell returns apart; DfE asks for three digits or more.
    serialNo: made.toFormat('yyMMdd'),
    madeAt: made.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
  };
}

/** The census built from the records for a collection year, with the header the council's code gives it. */
export async function buildCensus(db: Db, year: number, now: Date): Promise<CinCensus> {
  return extractCensus(db, year, await censusSource(db, now));
}

/** How a child in a return is shown to the actor: named and linked when they may read the record. */
export interface ShownChild {
  name?: string;
  href?: string;
  /** A restricted record the actor holds no grant to: shown by its id only. */
  restricted?: boolean;
}

/**
 * The children a page lists by id, as the actor may see them: a name and a link to the record for
 * those they may read; for a restricted record without a grant, only that it is restricted.
 */
export async function childrenShown(
  access: RecordAccess,
  db: Db,
  personIds: number[]
): Promise<Map<number, ShownChild>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('person')
    .where('person.id', '=', sql<number>`any(${personIds}::int[])`)
    .select((eb) => [
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.restricted',
      ...access.personFactColumns(eb),
    ])
    .execute();
  return new Map(
    rows.map((row) => {
      const decision = decidePersonRead(access.actor, {
        restricted: row.restricted,
        grantedToActor: Boolean(row.granted),
      });
      const shown: ShownChild = decision.allowed
        ? { name: `${row.given_name} ${row.family_name}`, href: `/people/${row.id}` }
        : { restricted: decision.reason === 'restricted' };
      return [row.id, shown];
    })
  );
}

/** The person ids of the children a check lists (LAchildID is the person id in Front Door's returns). */
function childIdsOf(check: CensusCheck): number[] {
  return check.children.flatMap((entry) => {
    const id = Number(entry.laChildId);
    return Number.isSafeInteger(id) && id > 0 ? [id] : [];
  });
}

/** The CIN census XML for a collection year, and what the product's own check finds in it. */
export function exportCinCensus(
  access: RecordAccess,
  year: number,
  now: Date
): Promise<{ xml: string; check: CensusCheck; children: number; personIds: number[] }> {
  return access.withPermission(
    'returns:export',
    ({ children, check, personIds }) => ({
      action: 'returns.export',
      recordType: 'return',
      details: {
        return: 'cin_census',
        year,
        rows: children,
        errors: check.errors,
        queries: check.queries,
        personIds,
      },
    }),
    async (db) => {
      const census = await buildCensus(db, year, now);
      return {
        xml: writeCensusXml(census),
        check: checkCensus(census, { asAt: censusAsAt(year, now) }),
        children: census.Children.length,
        personIds: census.Children.map((child) => Number(child.ChildIdentifiers.LAchildID)),
      };
    }
  );
}

/**
 * The pre-submission check on live data: what to fix before the return is due, child by child, each
 * child as the actor may see them. `page` is the route it is shown on, for the access log.
 */
export function checkCinCensus(
  access: RecordAccess,
  year: number,
  now: Date,
  page: string
): Promise<{ check: CensusCheck; children: number; shown: Record<string, ShownChild> }> {
  return access.withPermission(
    'returns:export',
    ({ children, check }) => ({
      action: 'returns.check',
      recordType: 'return',
      details: {
        return: 'cin_census',
        year,
        rows: children,
        errors: check.errors,
        queries: check.queries,
        personIds: childIdsOf(check),
        page,
      },
    }),
    async (db) => {
      const census = await buildCensus(db, year, now);
      const check = checkCensus(census, { asAt: censusAsAt(year, now) });
      const shown = await childrenShown(access, db, childIdsOf(check));
      return { check, children: census.Children.length, shown: Object.fromEntries(shown) };
    }
  );
}

/** Ofsted's Annex A workbook as at a date ('YYYY-MM-DD'). */
export function exportAnnexA(access: RecordAccess, asAt: string): ReturnType<typeof buildAnnexA> {
  return access.withPermission<Awaited<ReturnType<typeof buildAnnexA>>>(
    'returns:export',
    ({ rowsPerList }) => ({
      action: 'returns.export',
      recordType: 'return',
      details: { return: 'annex_a', asAt, rowsPerList },
    }),
    (db) => buildAnnexA(db, asAt)
  );
}
