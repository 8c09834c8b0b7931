import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { extractCensus, type CensusSource } from './cin-census/census-extract.ts';
import { writeCensusXml } from './cin-census/census-xml.ts';
import { checkCensus, type CensusCheck } from './cin-census/check-census.ts';
import type { CinCensus } from './cin-census/census-model.ts';
import { buildAnnexA } from './annex-a/annex-a-export.ts';

/*
 * The statutory returns, as analysts, leaders and administrators download them. Every export is
 * audited with who, what and how many rows; the check of a return is a read of every child in it, so it
 * is audited the same way.
 */

/** What Front Door calls itself in a return's header. */
const SOFTWARE = { softwareCode: 'FrontDoor', release: '0.1.0' } as const;

/** The CIN census collection year whose reference date (31 March) is the latest on or before `now`. */
export function latestCensusYear(now: Date): number {
  const year = now.getUTCFullYear();
  return now.getUTCMonth() >= 3 ? year : year - 1;
}

/** The census built from the records for a collection year, with the header the council's code gives it. */
export async function buildCensus(db: Db, year: number, now: Date): Promise<CinCensus> {
  const council = await db.selectFrom('council').select('la_code').executeTakeFirstOrThrow();
  const source: CensusSource = {
    ...SOFTWARE,
    laCode: council.la_code,
    // One file a day is enough to tell returns apart; DfE asks for three digits or more.
    serialNo: now.toISOString().slice(0, 10).replaceAll('-', '').slice(2),
    madeAt: now.toISOString().slice(0, 19),
  };
  return extractCensus(db, year, source);
}

/** The CIN census XML for a collection year, and what the product's own check finds in it. */
export function exportCinCensus(
  access: RecordAccess,
  year: number,
  now: Date
): Promise<{ xml: string; check: CensusCheck; children: number }> {
  return access.withPermission(
    'returns:export',
    ({ children, check }) => ({
      action: 'returns.export',
      recordType: 'return',
      details: { return: 'cin_census', year, rows: children, errors: check.errors, queries: check.queries },
    }),
    async (db) => {
      const census = await buildCensus(db, year, now);
      return { xml: writeCensusXml(census), check: checkCensus(census), children: census.Children.length };
    }
  );
}

/** The pre-submission check on live data: what to fix before the return is due, child by child. */
export function checkCinCensus(
  access: RecordAccess,
  year: number,
  now: Date
): Promise<{ check: CensusCheck; children: number }> {
  return access.withPermission(
    'returns:export',
    ({ children, check }) => ({
      action: 'returns.check',
      recordType: 'return',
      details: { return: 'cin_census', year, rows: children, errors: check.errors, queries: check.queries },
    }),
    async (db) => {
      const census = await buildCensus(db, year, now);
      return { check: checkCensus(census), children: census.Children.length };
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
