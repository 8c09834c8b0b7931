import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { REFERRAL_SOURCE_CODES } from '../../intake/concern-codes.ts';
import {
  ANNEX_A_LISTS,
  ETHNICITY_CELL,
  SOURCE_CELL,
  type AnnexARows,
  type ChildFacts,
} from './annex-a-lists.ts';
import { annexASheets, annexAWorkbook } from './annex-a-workbook.ts';
import { annexACellProblems } from './annex-a-check.ts';

/** The shared columns and lists 1–5, verbatim from ../shared/reference/annex-a.md. */
const SHARED = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)'];
const ANNEX_A_MD_HEADERS: Record<string, string[]> = {
  'List 1': [...SHARED, 'Date of Contact', 'Contact Source'],
  'List 2': [
    ...SHARED,
    'Assessment start date',
    'Assessment completion date',
    'Organisation completing assessment',
  ],
  'List 3': [
    ...SHARED,
    'Date of referral',
    'Referral Source',
    'Referral NFA?',
    'Number of Referrals in Last 12 Months',
    'Allocated Team',
    'Allocated Worker',
  ],
  'List 4': [
    ...SHARED,
    'Does the Child have a Disability',
    'Continuous Assessment Start Date',
    'Child Seen During Continuous Assessment',
    'Continuous Assessment Date of Authorisation',
    "Was the child assessed as requiring LA children's social care support?",
    'Allocated Team',
    'Allocated Worker',
  ],
  'List 5': [
    ...SHARED,
    'Does the Child have a Disability',
    'Strategy discussion initiating Section 47 Enquiry Start Date',
    'Was an Initial Child Protection Conference deemed unnecessary?',
    'Date of Initial Child Protection Conference',
    'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    'Number of Section 47 Enquiries in the last 12 months',
    'Number of ICPCs in the last 12 months',
    'Allocated Team',
    'Allocated Worker',
  ],
};

/** The code values annex-a.md lists, verbatim. */
const SOURCE_VALUES = [
  'a) 1A: Individual',
  'b) 1B: Individual',
  'c) 1C: Individual',
  'd) 1D: Individual',
  'e) 2A: Schools',
  'f) 2B: Education services',
  'g) 3A: Health services',
  'h) 3B: Health services',
  'i) 3C: Health services',
  'j) 3D: Health services',
  'k) 3E: Health services',
  'l) 3F: Health services',
  'm) 4: Housing',
  'n) 5A: LA services',
  'o) 5B: LA services',
  'p) 5C: LA services',
  'p1) 5D: LA services',
  'q) 6: Police',
  'r) 7: Other legal agency',
  's) 8: Other',
  't) 9: Anonymous',
  'u) 10: Unknown',
];
const ETHNICITY_VALUES =
  'a) WBRI, b) WIRI, c) WIRT, d) WOTH, e) WROM, f) MWBC, g) MWBA, h) MWAS, i) MOTH, j) AIND, k) APKN, l) ABAN, m) AOTH, n) BCRB, o) BAFR, p) BOTH, q) CHNE, r) OOTH, s) REFU, s) NOBT'.split(
    ', '
  );

/** The LIIA spec itself, copied as data beside this module (reference/README.md). */
const MERGE_YML = path.join(import.meta.dirname, 'reference', 'annex-a-merge.yml');

/** Each list's column names, in order, from annex-a-merge.yml (a list at 4 spaces, its columns at 8). */
function headersFromMergeYml(text: string): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  let current: string[] = [];
  for (const line of text.split('\n')) {
    const list = /^ {4}(List \d+):\s*$/.exec(line);
    if (list) lists[list[1]!] = current = [];
    const column = /^ {8}(?:"(.+)"|([^\s"].*?)):(?:\s+\*[\w-]+)?\s*$/.exec(line);
    if (column) current.push(column[1] ?? column[2]!);
  }
  return lists;
}

const child = (childId: string, overrides: Partial<ChildFacts> = {}): ChildFacts => ({
  childId,
  sex: 'F',
  ethnicity: 'WBRI',
  dateOfBirth: '2015-03-09',
  age: 11,
  ...overrides,
});

const ROWS: AnnexARows = {
  list1: [
    { ...child('101'), contactDate: '2026-10-01', source: '6' },
    {
      ...child('102', { sex: 'U', ethnicity: null, dateOfBirth: null, age: null }),
      contactDate: '2026-10-02',
      source: '5D',
    },
  ],
  list2: [
    { ...child('103'), startDate: '2026-09-01', completionDate: null, organisation: 'Early Help Service' },
  ],
  list3: [
    {
      ...child('101', { sex: 'M', ethnicity: 'AIND' }),
      referralDate: '2026-10-01',
      source: '2A',
      noFurtherAction: 'no',
      referralsInLast12Months: 2,
      team: 'Assessment Team North',
      worker: null,
    },
  ],
  list4: [],
  list5: [],
  list6: [],
  list7: [
    {
      ...child('104'),
      disabled: 'no',
      planStartDate: '2026-07-14',
      initialCategory: 'NEG',
      latestCategory: 'EMO',
      lastStatutoryVisitDate: '2026-11-02',
      seenAlone: 'yes',
      latestReviewDate: null,
      planEndDate: null,
      emergencyProtection: 'no',
      previousPlans: 1,
      team: 'Child Protection Team',
      worker: 'Sam Worker',
    },
  ],
};

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function headersOf(sheet: ExcelJS.Worksheet): unknown[] {
  return (sheet.getRow(1).values as unknown[]).slice(1);
}

describe('Annex A workbook', () => {
  it('has a sheet per list, List 1 to List 11, each headed exactly as annex-a.md gives it', async () => {
    const workbook = await readBack(await annexAWorkbook(ROWS));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(
      Array.from({ length: 11 }, (_, index) => `List ${index + 1}`)
    );
    for (const [name, headers] of Object.entries(ANNEX_A_MD_HEADERS)) {
      expect(headersOf(workbook.getWorksheet(name)!), name).toEqual(headers);
    }
  });

  it('heads every list with the columns of LIIA annex-a-merge.yml, in order', async () => {
    const spec = headersFromMergeYml(fs.readFileSync(MERGE_YML, 'utf8'));
    expect(Object.keys(spec)).toHaveLength(11);
    const workbook = await readBack(await annexAWorkbook(ROWS));
    for (const [name, headers] of Object.entries(spec)) {
      expect(headersOf(workbook.getWorksheet(name)!), name).toEqual(headers);
    }
  });

  it('writes dates as real Excel dates shown dd/mm/yyyy, counts as numbers and codes as the template writes them', async () => {
    const workbook = await readBack(await annexAWorkbook(ROWS));
    const contacts = workbook.getWorksheet('List 1')!;
    const first = contacts.getRow(2);
    expect(first.values).toEqual([
      undefined,
      '101',
      'b) Female',
      'a) WBRI',
      new Date(Date.UTC(2015, 2, 9)),
      11,
      new Date(Date.UTC(2026, 9, 1)),
      'q) 6: Police',
    ]);
    expect(first.getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(6).numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(6).type).toBe(ExcelJS.ValueType.Date);
    // An unborn child: no date of birth or age; no ethnicity recorded yet; early help as a source.
    expect((contacts.getRow(3).values as unknown[]).slice(1)).toEqual([
      '102',
      'c) Not stated/recorded',
      's) NOBT',
      undefined,
      undefined,
      new Date(Date.UTC(2026, 9, 2)),
      'p1) 5D: LA services',
    ]);
    const referral = workbook.getWorksheet('List 3')!.getRow(2);
    expect((referral.values as unknown[]).slice(6)).toEqual([
      new Date(Date.UTC(2026, 9, 1)),
      'e) 2A: Schools',
      'b) No',
      2,
      'Assessment Team North',
      'Unallocated',
    ]);
    expect(referral.getCell(9).type).toBe(ExcelJS.ValueType.Number);
    const plan = workbook.getWorksheet('List 7')!.getRow(2);
    expect(plan.getCell(8).value).toBe('a) Neglect');
    expect(plan.getCell(9).value).toBe('d) Emotional abuse');
    expect(plan.getCell(11).value).toBe('a) Yes');
  });

  it('presents the lists we hold no rows for with their header row only', async () => {
    const workbook = await readBack(await annexAWorkbook(ROWS));
    for (const name of ['List 4', 'List 5', 'List 6', 'List 8', 'List 9', 'List 10', 'List 11']) {
      expect(workbook.getWorksheet(name)!.rowCount, name).toBe(1);
    }
  });

  it('fills every cell the rules say must be filled, with a value from its code list', () => {
    expect(annexACellProblems(annexASheets(ROWS))).toEqual([]);
  });

  it('finds a blank required cell and a value that is not a code', () => {
    const sheets = annexASheets(ROWS);
    const contacts = sheets[0]!;
    contacts.rows[0]![0] = null;
    contacts.rows[0]![6] = 'Police';
    expect(annexACellProblems(sheets)).toEqual([
      { sheet: 'List 1', row: 2, header: 'Child Unique ID', problem: 'blank', value: null },
      { sheet: 'List 1', row: 2, header: 'Contact Source', problem: 'not a code', value: 'Police' },
    ]);
  });
});

describe('Annex A code lists', () => {
  it('maps every referral source the product records to the template value, and only to those', () => {
    expect(Object.keys(SOURCE_CELL).sort()).toEqual([...REFERRAL_SOURCE_CODES].sort());
    // Sorted: an object lists its number-like keys ('4', '6' …) first.
    expect(Object.values(SOURCE_CELL).sort()).toEqual([...SOURCE_VALUES].sort());
  });

  it('writes ethnicity with the template letters', () => {
    expect(Object.values(ETHNICITY_CELL)).toEqual(ETHNICITY_VALUES);
  });

  it('lists the allowed values of every coded column of lists 1 to 7', () => {
    for (const key of ['list1', 'list2', 'list3', 'list4', 'list5', 'list6', 'list7'] as const) {
      for (const column of ANNEX_A_LISTS[key].columns) {
        const coded = column.type === 'code' || column.type === 'yes/no';
        expect(coded ? column.codes?.length : column.codes, `${key} ${column.header}`).toSatisfy(
          (count: number | undefined) => (coded ? count !== undefined && count > 1 : count === undefined)
        );
      }
    }
  });
});
