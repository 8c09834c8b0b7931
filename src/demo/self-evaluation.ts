import type { Db } from '../platform/db/database.ts';
import { financialYearOf } from '../modules/assurance/sef/sef-rules.ts';
import type { SefAreaId } from '../modules/assurance/sef/sef-framework.ts';
import { londonDateOf } from '../shared/working-time.ts';

/**
 * A draft self-evaluation for the demo council's current year, led by the QA officer, with narrative from
 * council staff and the police partner (one entry already edited, so its history shows) and a priority.
 * Does nothing when that year's SEF exists.
 */

interface DemoEntry {
  username: string;
  area: SefAreaId;
  /** Each version in turn; more than one shows the entry's history. */
  versions: string[];
  daysAgo: number;
}

const ENTRIES: readonly DemoEntry[] = [
  {
    username: 'qa',
    area: 'arrangements',
    versions: [
      'The front door is a co-located MASH open 8am to 8pm on weekdays, with the emergency duty team taking contacts out of hours.',
      'The front door is a co-located MASH open 8am to 8pm on weekdays, with the emergency duty team taking contacts out of hours and handing them to the day team by 9am the next working day.\n\nEvery contact is rated red, amber or green on arrival and decided within one working day.',
    ],
    daysAgo: 12,
  },
  {
    username: 'manager',
    area: 'thresholds',
    versions: [
      'The continuum of need was republished this year. No further action rates are highest for contacts from schools, and the education safeguarding lead now runs threshold briefings each term.',
    ],
    daysAgo: 9,
  },
  {
    username: 'partner.police',
    area: 'partnerships',
    versions: [
      'Police researchers sit in the MASH every weekday. Domestic abuse notifications are triaged jointly each morning, and police attend every strategy discussion in person or by phone.',
    ],
    daysAgo: 6,
  },
  {
    username: 'qa',
    area: 'quality',
    versions: [
      'Monthly dip samples cover each team, day of the week and out-of-hours contacts. Recording of the child’s voice is the most frequent learning theme.',
    ],
    daysAgo: 4,
  },
];

const DAY_MS = 24 * 60 * 60 * 1000;

export async function seedSelfEvaluation(db: Db, context: { now: Date }): Promise<void> {
  const year = financialYearOf(londonDateOf(context.now));
  const existing = await db
    .selectFrom('sef')
    .select('id')
    .where('period_label', '=', year.label)
    .executeTakeFirst();
  if (existing) return;
  const staff = await db
    .selectFrom('staff_user')
    .where('username', 'in', [...new Set(ENTRIES.map((entry) => entry.username))])
    .select(['id', 'username', 'agency_id'])
    .execute();
  const byUsername = new Map(staff.map((user) => [user.username, user]));
  const lead = byUsername.get('qa');
  if (!lead) return;
  const at = (daysAgo: number, step = 0) =>
    new Date(context.now.getTime() - daysAgo * DAY_MS + step * 60 * 60 * 1000);
  await db.transaction().execute(async (trx) => {
    const { id: sefId } = await trx
      .insertInto('sef')
      .values({
        period_label: year.label,
        period_from: year.from,
        period_to: year.to,
        lead_user_id: lead.id,
        created_by: lead.id,
        created_at: at(14),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const entry of ENTRIES) {
      const author = byUsername.get(entry.username);
      if (!author) continue;
      const { id: entryId } = await trx
        .insertInto('sef_entry')
        .values({
          sef_id: sefId,
          area: entry.area,
          author_user_id: author.id,
          agency_id: author.agency_id,
          version: entry.versions.length,
          created_at: at(entry.daysAgo),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('sef_entry_version')
        .values(
          entry.versions.map((text, index) => ({
            entry_id: entryId,
            version: index + 1,
            text,
            written_by: author.id,
            agency_id: author.agency_id,
            written_at: at(entry.daysAgo - index, index),
          }))
        )
        .execute();
    }
    await trx
      .insertInto('sef_checklist_answer')
      .values([
        { sef_id: sefId, item: 'a', met: true, note: null, answered_by: lead.id, answered_at: at(3) },
        {
          sef_id: sefId,
          item: 'l',
          met: false,
          note: 'Children’s views are not yet in the narrative.',
          answered_by: lead.id,
          answered_at: at(3),
        },
      ])
      .execute();
    await trx
      .insertInto('sef_priority')
      .values({
        sef_id: sefId,
        area: 'child_at_centre',
        text: 'Record the child’s views and daily lived experience in every contact decision.',
        owner: 'Front door team manager',
        due_on: year.to,
        created_by: lead.id,
        created_at: at(3),
      })
      .execute();
  });
}
