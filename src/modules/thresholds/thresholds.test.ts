import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { ROLES } from '../../platform/access/permissions.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import {
  currentThresholdDocument,
  listThresholdVersions,
  loadThresholdDocument,
  type LoadedThresholdDocument,
} from './threshold-documents.ts';
import { formFromDocument, NEW_DESCRIPTOR_ROWS, type FormValues } from './threshold-form.ts';

let t: TestApp;
let admin: TestAgent;
let first: LoadedThresholdDocument;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
  const { id } = await t.db
    .selectFrom('threshold_document')
    .select('id')
    .where('version', '=', 1)
    .executeTakeFirstOrThrow();
  first = (await loadThresholdDocument(t.db, id))!;
});
afterAll(() => t.close());

/** The test clock is Friday 20 November 2026. */
const FROM_1_DECEMBER = {
  'effectiveFrom-day': '1',
  'effectiveFrom-month': '12',
  'effectiveFrom-year': '2026',
};

/** The form as the administrator first sees it, plus their changes. */
function formFrom(
  source: LoadedThresholdDocument,
  openedAtVersion: number,
  changes: FormValues
): Record<string, string> {
  const values = { ...formFromDocument(source, openedAtVersion), ...changes };
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined)
  );
}

function snapshotOf(documentId: number) {
  return Promise.all([
    t.db.selectFrom('threshold_document').selectAll().where('id', '=', documentId).execute(),
    t.db
      .selectFrom('threshold_level')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('level')
      .execute(),
    t.db
      .selectFrom('threshold_descriptor')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('id')
      .execute(),
  ]);
}

async function versionCount(): Promise<number> {
  const { n } = await t.db
    .selectFrom('threshold_document')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

describe('the version in force', () => {
  it('is the seeded version from its effective date, and none before', async () => {
    expect(await currentThresholdDocument(t.db, t.clock.now())).toMatchObject({
      id: first.document.id,
      version: 1,
    });
    expect(await currentThresholdDocument(t.db, new Date('2000-01-01T12:00:00Z'))).toBeUndefined();
  });

  it('groups the descriptors by area of need in the document’s order, lowest level first', () => {
    expect(first.levels.map((level) => level.level)).toEqual([1, 2, 3, 4]);
    expect(first.descriptorsByArea[0]!.area).toBe('Health');
    for (const { area, descriptors } of first.descriptorsByArea) {
      expect(descriptors.every((descriptor) => descriptor.area_of_need === area)).toBe(true);
      const levels = descriptors.map((descriptor) => descriptor.level);
      expect(levels).toEqual([...levels].sort());
    }
  });
});

describe('administrators reading the continuum of need', () => {
  it('lists each version with who published it and how many decisions and assessments used it', async () => {
    const decisions = await t.db
      .selectFrom('decision')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('threshold_document_id', '=', first.document.id)
      .executeTakeFirstOrThrow();
    expect(Number(decisions.n)).toBeGreaterThan(0);
    const page = await admin.get('/admin/thresholds');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/admin/thresholds/${first.document.id}">Version 1</a>`);
    expect(page.body).toContain('In force');
    expect(page.body).toMatch(new RegExp(`numeric">${decisions.n}</td>`));
  });

  it('shows a version’s levels and its descriptors under each area of need', async () => {
    const page = await admin.get(`/admin/thresholds/${first.document.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(first.document.title);
    expect(page.body).toContain('Level 4: Acute needs (safeguarding, section 47)');
    expect(page.body).toContain('Parental capacity: domestic abuse</caption>');
    expect(page.body).toContain(
      'High-risk domestic abuse (for example a MARAC case) with a child in the home.'
    );
    expect(page.body).toContain(`href="/admin/thresholds/${first.document.id}/new-version"`);
  });

  it('answers not found for a version that does not exist', async () => {
    expect((await admin.get('/admin/thresholds/999999')).statusCode).toBe(404);
    expect((await admin.get('/admin/thresholds/999999/new-version')).statusCode).toBe(404);
    expect((await admin.get('/admin/thresholds/not-a-number')).statusCode).toBe(404);
  });
});

describe('publishing a new version', () => {
  it('keeps everything typed and saves nothing when the form has problems', async () => {
    const before = await versionCount();
    const page = await admin.post(
      `/admin/thresholds/${first.document.id}/new-version`,
      formFrom(first, 1, {
        title: 'Revised continuum',
        'effectiveFrom-day': '19',
        'effectiveFrom-month': '11',
        'effectiveFrom-year': '2026',
        'level-2-name': '',
        'level-3-name': 'Complex needs (revised)',
        'descriptor-0-text': '',
        'descriptor-1-text': 'An edited descriptor that must survive the error',
        [`descriptor-${first.descriptorsByArea.flatMap((area) => area.descriptors).length}-text`]:
          'A brand-new worry',
      })
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('The date it takes effect must be today or in the future');
    expect(page.body).toContain('Enter the name of level 2');
    expect(page.body).toContain('Enter the text of descriptor 1, or remove it');
    expect(page.body).toContain('Choose the level of descriptor');
    expect(page.body).toContain('value="Revised continuum"');
    expect(page.body).toContain('value="Complex needs (revised)"');
    expect(page.body).toContain('An edited descriptor that must survive the error');
    expect(page.body).toContain('A brand-new worry');
    expect(page.body).toMatch(/name="effectiveFrom-day"[^>]*value="19"/);
    expect(await versionCount()).toBe(before);
  });

  it('adds empty rows without checking or saving anything', async () => {
    const copied = first.descriptorsByArea.flatMap((area) => area.descriptors).length;
    const page = await admin.post(
      `/admin/thresholds/${first.document.id}/new-version`,
      formFrom(first, 1, {
        addRows: 'yes',
        title: '',
        [`descriptor-${copied}-text`]: 'Typed before adding rows',
      })
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('There is a problem');
    expect(page.body).toContain('Typed before adding rows');
    expect(page.body).toContain(`name="descriptorCount" value="${copied + 2 * NEW_DESCRIPTOR_ROWS}"`);
  });

  it('copies the version with the edits as the next version, leaving the old one and its decisions untouched', async () => {
    const before = await snapshotOf(first.document.id);
    const descriptors = first.descriptorsByArea.flatMap((area) => area.descriptors);
    const education = descriptors.findIndex((descriptor) => descriptor.area_of_need === 'Education');
    const form = await admin.get(`/admin/thresholds/${first.document.id}/new-version`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${first.document.title}"`);
    expect(form.body).toContain(descriptors[0]!.text);
    expect(form.body).toContain('Publish version 2');

    const published = await admin.post(
      `/admin/thresholds/${first.document.id}/new-version`,
      formFrom(first, 1, {
        ...FROM_1_DECEMBER,
        title: 'Northmoor Continuum of Need, 2027 edition',
        'level-2-name': 'Early help',
        'descriptor-0-text': 'Meets milestones and is up to date with checks.',
        [`descriptor-${education}-level`]: '3',
        [`descriptor-${education}-area`]: 'health',
        'descriptor-1-remove': 'yes',
        [`descriptor-${descriptors.length}-text`]: 'Shares images with adults they met online.',
        [`descriptor-${descriptors.length}-level`]: '3',
        [`descriptor-${descriptors.length}-area`]: 'Online safety',
      })
    );
    expect(published.statusCode).toBe(303);
    const created = await t.db
      .selectFrom('threshold_document')
      .selectAll()
      .where('version', '=', 2)
      .executeTakeFirstOrThrow();
    expect(published.headers.location).toBe(`/admin/thresholds/${created.id}?published=1`);
    const adminId = (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', demoUser('administrator'))
        .executeTakeFirstOrThrow()
    ).id;
    expect(created).toMatchObject({
      title: 'Northmoor Continuum of Need, 2027 edition',
      effective_from: '2026-12-01',
      published_at: t.clock.now(),
      published_by: adminId,
    });

    const second = (await loadThresholdDocument(t.db, created.id))!;
    expect(second.levels.map((level) => level.name)).toEqual([
      first.levels[0]!.name,
      'Early help',
      first.levels[2]!.name,
      first.levels[3]!.name,
    ]);
    const texts = second.descriptorsByArea.flatMap((area) =>
      area.descriptors.map((descriptor) => descriptor.text)
    );
    expect(texts).toHaveLength(descriptors.length);
    expect(texts).toContain('Meets milestones and is up to date with checks.');
    expect(texts).not.toContain(descriptors[1]!.text);
    const health = second.descriptorsByArea.find((area) => area.area === 'Health')!;
    expect(health.descriptors).toContainEqual(
      expect.objectContaining({ text: descriptors[education]!.text, level: 3, area_of_need: 'Health' })
    );
    expect(second.descriptorsByArea.at(-1)).toMatchObject({
      area: 'Online safety',
      descriptors: [
        expect.objectContaining({ level: 3, text: 'Shares images with adults they met online.' }),
      ],
    });

    expect(await snapshotOf(first.document.id)).toEqual(before);
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'threshold.publish')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ record_type: 'threshold_document', record_id: String(created.id) });
    expect(audit.details).toMatchObject({ version: 2, basedOnDocumentId: first.document.id });

    const shown = await admin.get(published.headers.location as string);
    expect(shown.body).toContain('Version 2 published. It applies from 1 December 2026.');

    // Screening keeps using version 1 until version 2 takes effect at midnight in England.
    expect((await currentThresholdDocument(t.db, new Date('2026-11-30T23:59:00Z')))!.version).toBe(1);
    expect((await currentThresholdDocument(t.db, new Date('2026-12-01T00:00:00Z')))!.version).toBe(2);
    const list = await admin.get('/admin/thresholds');
    expect(list.body).toContain('Scheduled');
  });

  it('cannot take effect before a version already scheduled', async () => {
    const page = await admin.post(
      `/admin/thresholds/${first.document.id}/new-version`,
      formFrom(first, 2, {
        'effectiveFrom-day': '25',
        'effectiveFrom-month': '11',
        'effectiveFrom-year': '2026',
      })
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(
      'The date it takes effect must be on or after 1 December 2026, when version 2 takes effect'
    );
  });

  it('tells the second of two administrators that a version was published meanwhile, keeping their changes', async () => {
    const other = await t.signedIn(demoUser('administrator'));
    expect(await versionCount()).toBe(2);
    const mine = formFrom(first, 2, { ...FROM_1_DECEMBER, 'level-1-name': 'Universal (mine)' });
    const theirs = formFrom(first, 2, { ...FROM_1_DECEMBER, 'level-1-name': 'Universal (theirs)' });

    expect((await other.post(`/admin/thresholds/${first.document.id}/new-version`, theirs)).statusCode).toBe(
      303
    );
    const conflict = await admin.post(`/admin/thresholds/${first.document.id}/new-version`, mine);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else published version 3 since you opened this form');
    expect(conflict.body).toContain('value="Universal (mine)"');
    expect(conflict.body).toContain('name="openedAtVersion" value="3"');
    expect(await versionCount()).toBe(3);

    const again = await admin.post(`/admin/thresholds/${first.document.id}/new-version`, {
      ...mine,
      openedAtVersion: '3',
    });
    expect(again.statusCode).toBe(303);
    const latest = await t.db
      .selectFrom('threshold_document')
      .innerJoin('threshold_level', 'threshold_level.document_id', 'threshold_document.id')
      .select(['version', 'name'])
      .where('level', '=', 1)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ version: 4, name: 'Universal (mine)' });
  });
});

describe('who may manage the continuum of need', () => {
  it('refuses everyone but administrators', async () => {
    const id = first.document.id;
    for (const role of ROLES.filter((candidate) => candidate !== 'administrator')) {
      const agent = await t.signedIn(demoUser(role));
      for (const url of [
        '/admin/thresholds',
        `/admin/thresholds/${id}`,
        `/admin/thresholds/${id}/new-version`,
      ]) {
        expect((await agent.get(url)).statusCode, `${role} GET ${url}`).toBe(403);
      }
      const post = await agent.post(
        `/admin/thresholds/${id}/new-version`,
        formFrom(first, 4, FROM_1_DECEMBER)
      );
      expect(post.statusCode, `${role} POST`).toBe(403);
    }
    expect(await versionCount()).toBe(4);
  });
});

describe('counting what each version was used for', () => {
  it('counts every decision and assessment under its own version, and none under versions not yet used', async () => {
    const counted = (table: 'decision' | 'threshold_assessment') =>
      t.db
        .selectFrom(table)
        .select(['threshold_document_id as id', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('threshold_document_id')
        .execute()
        .then((rows) => new Map(rows.map((row) => [row.id, Number(row.n)])));
    const [decisions, assessments] = [await counted('decision'), await counted('threshold_assessment')];
    const versions = await listThresholdVersions(t.db);
    expect(versions.map((version) => version.version)).toEqual([4, 3, 2, 1]);
    for (const version of versions)
      expect(version, `version ${version.version}`).toMatchObject({
        decisions: decisions.get(version.id) ?? 0,
        assessments: assessments.get(version.id) ?? 0,
      });
    expect(versions.at(-1)!.decisions).toBeGreaterThan(0);
    expect(versions.at(-1)!.assessments).toBeGreaterThan(0);
    expect(versions[0]).toMatchObject({ decisions: 0, assessments: 0 });
  });

  it('keeps the counts as decisions and assessments are added, moved to another version and removed', async () => {
    const original = await listThresholdVersions(t.db);
    const rolledBack = new Error('rolled back');
    await t.db
      .transaction()
      .execute(async (trx) => {
        const countsOf = async () =>
          new Map(
            (await listThresholdVersions(trx)).map((version) => [
              version.version,
              { decisions: version.decisions, assessments: version.assessments },
            ])
          );
        const before = await countsOf();
        const [latest] = await listThresholdVersions(trx);
        const moved = await trx
          .selectFrom('decision')
          .select('id')
          .where('threshold_document_id', '=', first.document.id)
          .orderBy('id')
          .limit(3)
          .execute();
        await trx
          .updateTable('decision')
          .set({ threshold_document_id: latest!.id })
          .where(
            'id',
            'in',
            moved.map((row) => row.id)
          )
          .execute();
        // Added: two copies of an assessment under the latest version, in one statement.
        const assessment = await trx
          .selectFrom('threshold_assessment')
          .selectAll()
          .where('threshold_document_id', '=', first.document.id)
          .orderBy('id')
          .executeTakeFirstOrThrow();
        const { id: _id, ...copy } = assessment;
        const added = await trx
          .insertInto('threshold_assessment')
          .values([0, 1].map(() => ({ ...copy, threshold_document_id: latest!.id })))
          .returning('id')
          .execute();
        // Removed: one of them, and an update that leaves the version alone changes nothing.
        await trx.deleteFrom('threshold_assessment').where('id', '=', added[0]!.id).execute();
        await trx
          .updateTable('decision')
          .set({ threshold_document_id: first.document.id })
          .where('id', '=', moved[0]!.id)
          .execute();
        await trx
          .updateTable('threshold_assessment')
          .set((eb) => ({ assessed_at: eb.ref('assessed_at') }))
          .where('threshold_document_id', '=', first.document.id)
          .execute();
        const after = await countsOf();
        expect(after.get(1)).toEqual({
          decisions: before.get(1)!.decisions - 2,
          assessments: before.get(1)!.assessments,
        });
        expect(after.get(latest!.version)).toEqual({ decisions: 2, assessments: 1 });
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    expect(await listThresholdVersions(t.db)).toEqual(original);
  });
});
