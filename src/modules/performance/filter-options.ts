import type { Actor } from '../../platform/access/actor.ts';
import { isPartnerAgency } from '../../platform/access/permissions.ts';
import type { Db } from '../../platform/db/database.ts';
import { describeCode } from '../people/code-labels.ts';
import type { InsightForm } from './insight-query.ts';
import { AGE_BAND_LABELS, AGE_BANDS, ETHNIC_GROUP_LABELS, ETHNIC_GROUPS } from './insight-scope.ts';

interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

function items(
  all: string,
  choices: readonly { value: string | number; text: string }[],
  chosen: unknown
): SelectItem[] {
  return [
    { value: '', text: all },
    ...choices.map(({ value, text }) => ({
      value: String(value),
      text,
      selected: String(value) === String(chosen),
    })),
  ];
}

/**
 * The filters' select boxes, with what the query chose selected. A partner agency's staff get no choice
 * of agency: their page names their agency instead.
 */
export async function filterSelects(db: Db, actor: Actor, form: InsightForm) {
  const options = await filterOptions(db, actor);
  const named = (rows: { id: number; name: string }[]) =>
    rows.map((row) => ({ value: row.id, text: row.name }));
  return {
    partnerAgencyName: options.partnerAgencyName,
    locality: items('All localities', named(options.localities), form.locality),
    team: items('All teams', named(options.teams), form.team),
    agency: items('All agencies and the public', named(options.agencies), form.agency),
    ageBand: items('All ages', options.ageBands, form.ageBand),
    sex: items('All', options.sexes, form.sex),
    ethnicGroup: items('All', options.ethnicGroups, form.ethnicGroup),
    disability: items('All', options.disabilities, form.disability),
  };
}

async function filterOptions(db: Db, actor: Actor) {
  const [localities, teams, agencies] = await Promise.all([
    db.selectFrom('locality').select(['id', 'name']).orderBy('name').execute(),
    db
      .selectFrom('team')
      .where('kind', 'not in', [
        'partner',
        'performance',
        'leadership',
        'administration',
        'quality_assurance',
      ])
      .select(['id', 'name'])
      .orderBy('name')
      .execute(),
    isPartnerAgency(actor.agencyKind)
      ? Promise.resolve([])
      : db
          .selectFrom('agency')
          .where('kind', '<>', 'council')
          .select(['id', 'name'])
          .orderBy('name')
          .execute(),
  ]);
  return {
    localities,
    teams,
    agencies,
    partnerAgencyName: isPartnerAgency(actor.agencyKind) ? actor.agencyName : null,
    ageBands: AGE_BANDS.map((value) => ({ value, text: AGE_BAND_LABELS[value] })),
    sexes: (['M', 'F', 'U'] as const).map((value) => ({ value, text: describeCode('sex', value) })),
    ethnicGroups: ETHNIC_GROUPS.map((value) => ({ value, text: ETHNIC_GROUP_LABELS[value] })),
    disabilities: [
      { value: 'yes', text: 'Disabled' },
      { value: 'no', text: 'Not disabled' },
      { value: 'not_recorded', text: 'Not recorded' },
    ],
  };
}
