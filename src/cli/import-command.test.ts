import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyDatabase, type EmptyDatabase } from '../../test/support/empty-app.ts';
import { TEST_NOW } from '../../test/support/test-fixtures.ts';
import { initialiseCouncil } from '../modules/administration/set-up/council-initialisation.ts';
import { CommandFailed, UsageError } from './data-protection-commands.ts';
import { importCommand } from './import-command.ts';

/* `frontdoor import ssd DIR`: all or nothing, refusals printed and written to a report. */

let council: EmptyDatabase;
let extract: string;

const silent = { update: () => {}, finish: () => {} };

function run(args: string[]) {
  const printed: string[] = [];
  const done = importCommand(args, (work) => work(council.db), {
    now: () => TEST_NOW,
    print: (line) => printed.push(line),
    progress: silent,
  });
  return { printed, done };
}

function write(name: string, lines: string[]): void {
  fs.writeFileSync(path.join(extract, `${name}.csv`), lines.map((line) => `${line}\r\n`).join(''));
}

beforeAll(async () => {
  council = await openEmptyDatabase();
  await initialiseCouncil(
    council.db,
    {
      councilName: 'Westshire Council',
      adminEmail: 'ada.admin@westshire.example',
      adminName: 'Ada Admin',
      laCode: '999',
    },
    TEST_NOW
  );
  extract = fs.mkdtempSync(path.join(os.tmpdir(), 'ssd-command-'));
  write('ssd_person', [
    'pers_person_id,pers_forename,pers_surname,pers_sex,pers_dob',
    'P1,Amy,Testchild,F,2015-06-01',
    'P2,Ben,Testchild,M,2016-13-01',
  ]);
}, 60_000);

afterAll(async () => {
  fs.rmSync(extract, { recursive: true, force: true });
  await council.close();
});

describe('frontdoor import ssd', () => {
  it('needs the kind and a directory', async () => {
    await expect(run(['ssd']).done).rejects.toBeInstanceOf(UsageError);
    await expect(run(['csv', extract]).done).rejects.toBeInstanceOf(UsageError);
    await expect(run(['ssd', path.join(extract, 'missing')]).done).rejects.toBeInstanceOf(CommandFailed);
  });

  it('refuses an extract with a bad row, prints where it is and writes the report', async () => {
    const { printed, done } = run(['ssd', extract]);
    await expect(done).rejects.toBeInstanceOf(CommandFailed);
    expect(printed).toEqual([
      'Nothing was imported: 1 problems in the extract.',
      '  ssd_person.csv row 3, pers_dob: is not a real date',
    ]);
    expect(fs.readFileSync(path.join(extract, 'ssd-import-refusals.csv'), 'utf8')).toBe(
      'file,row,column,reason\r\nssd_person.csv,3,pers_dob,is not a real date\r\n'
    );
    expect(await council.db.selectFrom('person').select('id').execute()).toEqual([]);
  });

  it('imports a good extract, and a second time finds nothing new', async () => {
    write('ssd_person', [
      'pers_person_id,pers_forename,pers_surname,pers_sex,pers_dob',
      'P1,Amy,Testchild,F,2015-06-01',
    ]);
    const first = run(['ssd', extract]);
    await first.done;
    expect(first.printed[0]).toMatch(/^Imported 1 records in [\d.]+ s: person 1\.$/);
    const second = run(['ssd', extract, '--by', 'ada.admin@westshire.example']);
    await second.done;
    expect(second.printed).toEqual(['Nothing new to import: every row of the extract was imported before.']);
  });
});
