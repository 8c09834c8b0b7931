import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { describeCode } from '../../people/code-labels.ts';
import type { CsvValue } from '../../../shared/csv.ts';

/*
 * The Standard Safeguarding Dataset tables Front Door holds data for, with data-to-insight's exact table
 * and field names in the standard's order (reference/ssd-objects.md). A field we hold nothing for is
 * written empty. One set-based query per table.
 *
 * Ids are Front Door's own: the person, the contact's child (one contact row per child), the CIN episode
 * (the standard's "referral"), and each onward record. A person merged into another is exported as the
 * survivor. Codes are the CIN census codes the records already hold (referral source, primary need,
 * closure reason, category of abuse, ethnicity, disability, UPN unknown); flags are Y/N; the *_json
 * outcome fields carry the keys of data-to-insight's reference extracts, with '' where we do not know.
 */

export type SsdRow = Record<string, CsvValue>;

export interface SsdTable {
  name: string;
  fields: readonly string[];
  rows(db: Db): Promise<SsdRow[]>;
}

/** The person a record belongs to, after merges: `alias.merged_into_id` or the record itself. */
const survivorOf = (alias: string) =>
  sql<string>`coalesce(${sql.ref(`${alias}.merged_into_id`)}, ${sql.ref(`${alias}.id`)})::text`;

/** The people the dataset holds: every child the front door or the teams after it have recorded. */
const IS_SSD_PERSON = sql<boolean>`p.merged_into_id is null and p.id in (
  select coalesce(m.merged_into_id, m.id) from person m
  where exists (select 1 from contact_child cc where cc.person_id = m.id)
     or exists (select 1 from cin_episode e where e.person_id = m.id)
     or exists (select 1 from early_help_record h where h.person_id = m.id)
     or exists (select 1 from involvement i where i.person_id = m.id))`;

const yesNo = (condition: RawBuilder<unknown>) => sql<string>`case when ${condition} then 'Y' else 'N' end`;

/** A Y/N flag for whether `column` (a nullable outcome) is one of `codes`; empty while there is no outcome. */
const outcomeFlag = (column: string, ...codes: string[]) =>
  sql`case when ${sql.ref(column)} in (${sql.join(codes)}) then 'Y' else 'N' end`;

const text = (expression: RawBuilder<unknown> | string) =>
  typeof expression === 'string'
    ? sql<string>`${sql.ref(expression)}::text`
    : sql<string>`(${expression})::text`;

export const SSD_TABLES: readonly SsdTable[] = [
  {
    name: 'ssd_person',
    fields: [
      'pers_person_id',
      'pers_forename',
      'pers_surname',
      'pers_sex',
      'pers_gender',
      'pers_ethnicity',
      'pers_dob',
      'pers_common_child_id',
      'pers_legacy_id',
      'pers_upn_unknown',
      'pers_send_flag',
      'pers_expected_dob',
      'pers_death_date',
      'pers_is_mother',
      'pers_nationality',
    ],
    rows: (db) =>
      db
        .selectFrom('person as p')
        .where(IS_SSD_PERSON)
        .select([
          text('p.id').as('pers_person_id'),
          'p.given_name as pers_forename',
          'p.family_name as pers_surname',
          'p.sex as pers_sex',
          'p.ethnicity as pers_ethnicity',
          'p.date_of_birth as pers_dob',
          'p.nhs_number as pers_common_child_id',
          sql<string | null>`case when p.upn is null then p.upn_unknown_reason end`.as('pers_upn_unknown'),
          sql<string | null>`case when p.date_of_birth is null then p.expected_date_of_birth end`.as(
            'pers_expected_dob'
          ),
          'p.date_of_death as pers_death_date',
        ])
        .orderBy('p.id')
        .execute(),
  },
  {
    name: 'ssd_family',
    fields: ['fami_table_id', 'fami_family_id', 'fami_person_id'],
    rows: (db) =>
      db
        .selectFrom('household_member as hm')
        .innerJoin('person as member', 'member.id', 'hm.person_id')
        .innerJoin('person as p', (join) =>
          join.on(sql<boolean>`p.id = coalesce(member.merged_into_id, member.id)`)
        )
        .where(IS_SSD_PERSON)
        .distinct()
        .select([
          sql<string>`hm.household_id || '-' || p.id`.as('fami_table_id'),
          text('hm.household_id').as('fami_family_id'),
          text('p.id').as('fami_person_id'),
        ])
        .orderBy('fami_table_id')
        .execute(),
  },
  {
    name: 'ssd_address',
    fields: [
      'addr_table_id',
      'addr_address_json',
      'addr_person_id',
      'addr_address_type',
      'addr_address_start_date',
      'addr_address_end_date',
      'addr_address_postcode',
    ],
    // The current address only (we keep no address history). A restricted record's address is not exported.
    rows: (db) =>
      db
        .selectFrom('person as p')
        .innerJoin('address as a', 'a.id', 'p.address_id')
        .where(IS_SSD_PERSON)
        .where('p.restricted', '=', false)
        .select([
          sql<string>`p.id || '-' || a.id`.as('addr_table_id'),
          sql<string>`json_build_object('ROOM', '', 'FLOOR', '', 'FLAT', '', 'BUILDING', '', 'HOUSE', '',
            'STREET', concat_ws(', ', a.line1, a.line2), 'TOWN', a.town, 'UPRN', '', 'EASTING', '',
            'NORTHING', '')::text`.as('addr_address_json'),
          text('p.id').as('addr_person_id'),
          'a.postcode as addr_address_postcode',
        ])
        .orderBy('p.id')
        .execute(),
  },
  {
    name: 'ssd_disability',
    fields: ['disa_person_id', 'disa_table_id', 'disa_disability_code'],
    rows: (db) =>
      db
        .selectFrom((qb) =>
          qb
            .selectFrom('person as p')
            .where(IS_SSD_PERSON)
            .select(['p.id', 'p.disabilities', sql<number>`generate_subscripts(p.disabilities, 1)`.as('n')])
            .as('d')
        )
        // In the order recorded: the census lists a child's disabilities in that order.
        .select([
          text('d.id').as('disa_person_id'),
          sql<string>`d.id || '-' || d.disabilities[d.n]`.as('disa_table_id'),
          sql<string>`d.disabilities[d.n]`.as('disa_disability_code'),
        ])
        .orderBy('d.id')
        .orderBy('d.n')
        .execute(),
  },
  {
    name: 'ssd_linked_identifiers',
    fields: [
      'link_table_id',
      'link_person_id',
      'link_identifier_type',
      'link_identifier_value',
      'link_valid_from_date',
      'link_valid_to_date',
    ],
    // The UPN and any former UPN: ssd_person has no field for them (the NHS number is pers_common_child_id).
    rows: (db) =>
      db
        .selectFrom('person as p')
        .where(IS_SSD_PERSON)
        .where('p.upn', 'is not', null)
        .select([
          sql<string>`p.id || '-UPN'`.as('link_table_id'),
          text('p.id').as('link_person_id'),
          sql<string>`'Unique Pupil Number'`.as('link_identifier_type'),
          'p.upn as link_identifier_value',
        ])
        .unionAll((qb) =>
          qb
            .selectFrom('person as p')
            .where(IS_SSD_PERSON)
            .where('p.former_upn', 'is not', null)
            .select([
              sql<string>`p.id || '-FUPN'`.as('link_table_id'),
              text('p.id').as('link_person_id'),
              sql<string>`'Former Unique Pupil Number'`.as('link_identifier_type'),
              'p.former_upn as link_identifier_value',
            ])
        )
        .orderBy('link_table_id')
        .execute(),
  },
  {
    name: 'ssd_contacts',
    fields: [
      'cont_contact_id',
      'cont_person_id',
      'cont_contact_date',
      'cont_contact_source_code',
      'cont_contact_source_desc',
      'cont_contact_outcome_json',
    ],
    // One row per child per contact; a child not yet linked to a person record is not in the dataset yet.
    rows: async (db) => {
      const rows = await db
        .with('decided', (qb) =>
          qb
            .selectFrom('decision')
            .where('status', '=', 'authorised')
            .distinctOn('contact_child_id')
            .select(['contact_child_id', 'outcomes'])
            .orderBy('contact_child_id')
            .orderBy('authorised_at', 'desc')
            .orderBy('id', 'desc')
        )
        .selectFrom('contact_child as cc')
        .innerJoin('contact as c', 'c.id', 'cc.contact_id')
        .innerJoin('person as p', 'p.id', 'cc.person_id')
        .leftJoin('decided as d', 'd.contact_child_id', 'cc.id')
        .select([
          text('cc.id').as('cont_contact_id'),
          survivorOf('p').as('cont_person_id'),
          'c.received_at as cont_contact_date',
          'c.referral_source as cont_contact_source_code',
          sql<string | null>`case when d.contact_child_id is not null then json_build_object(
            'NEW_REFERRAL_FLAG', ${yesNo(sql`exists (select 1 from referral r where r.contact_child_id = cc.id)`)},
            'EXISTING_REFERRAL_FLAG', ${yesNo(sql`'already_open' = any(d.outcomes)`)},
            'CP_ENQUIRY_FLAG', ${yesNo(sql`'strategy_discussion' = any(d.outcomes)`)},
            'NFA_FLAG', ${yesNo(sql`'no_further_action' = any(d.outcomes)`)},
            'NON_AGENCY_ADOPTION_FLAG', 'N',
            'PRIVATE_FOSTERING_FLAG', ${yesNo(sql`'private_fostering' = any(d.outcomes)`)},
            'ADVICE_FLAG', ${yesNo(sql`'information_advice' = any(d.outcomes)`)},
            'MISSING_FLAG', 'N',
            'OLA_CP_FLAG', 'N',
            'OTHER_OUTCOMES_EXIST_FLAG', ${yesNo(sql`d.outcomes && array['early_help', 'transfer', 'lado']`)},
            'NUMBER_OF_OUTCOMES', cardinality(d.outcomes),
            'COMMENTS', '')::text end`.as('cont_contact_outcome_json'),
        ])
        .orderBy('c.received_at')
        .orderBy('cc.id')
        .execute();
      return rows.map((row) => ({
        ...row,
        cont_contact_source_desc: describeCode('referralSource', row.cont_contact_source_code),
      }));
    },
  },
  {
    name: 'ssd_early_help_episodes',
    fields: [
      'earl_episode_id',
      'earl_person_id',
      'earl_episode_start_date',
      'earl_episode_end_date',
      'earl_episode_reason',
      'earl_episode_end_reason',
      'earl_episode_organisation',
      'earl_episode_worker_id',
    ],
    // Early help assessments and episodes alike (Annex A list 2 counts both).
    rows: (db) =>
      db
        .selectFrom('early_help_record as h')
        .innerJoin('person as p', 'p.id', 'h.person_id')
        .select([
          text('h.id').as('earl_episode_id'),
          survivorOf('p').as('earl_person_id'),
          'h.started_on as earl_episode_start_date',
          'h.completed_on as earl_episode_end_date',
          'h.organisation as earl_episode_organisation',
        ])
        .orderBy('h.id')
        .execute(),
  },
  {
    name: 'ssd_cin_episodes',
    fields: [
      'cine_referral_id',
      'cine_person_id',
      'cine_referral_date',
      'cine_cin_primary_need_code',
      'cine_referral_source_code',
      'cine_referral_source_desc',
      'cine_referral_outcome_json',
      'cine_referral_nfa',
      'cine_close_reason',
      'cine_close_date',
      'cine_referral_team',
      'cine_referral_worker_id',
    ],
    // The referral was completed by the front door team and worker who held the child's contact.
    rows: async (db) => {
      const rows = await db
        .selectFrom('cin_episode as e')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .leftJoin('contact_child as cc', 'cc.id', 'e.contact_child_id')
        .select([
          text('e.id').as('cine_referral_id'),
          survivorOf('p').as('cine_person_id'),
          'e.referral_date as cine_referral_date',
          'e.primary_need_code as cine_cin_primary_need_code',
          'e.referral_source as cine_referral_source_code',
          yesNo(sql`e.referral_nfa`).as('cine_referral_nfa'),
          'e.closure_reason as cine_close_reason',
          'e.closure_date as cine_close_date',
          text('cc.team_id').as('cine_referral_team'),
          text('cc.worker_id').as('cine_referral_worker_id'),
        ])
        .orderBy('e.id')
        .execute();
      return rows.map((row) => ({
        ...row,
        cine_referral_source_desc: describeCode('referralSource', row.cine_referral_source_code),
      }));
    },
  },
  {
    name: 'ssd_cin_assessments',
    fields: [
      'cina_assessment_id',
      'cina_person_id',
      'cina_referral_id',
      'cina_assessment_start_date',
      'cina_assessment_child_seen',
      'cina_assessment_auth_date',
      'cina_assessment_outcome_json',
      'cina_assessment_outcome_nfa',
      'cina_assessment_team',
      'cina_assessment_worker_id',
    ],
    // Completed by the worker of the receiving team who recorded it. Child seen: N only once authorised unseen.
    rows: (db) =>
      db
        .selectFrom('cin_assessment as a')
        .innerJoin('cin_episode as e', 'e.id', 'a.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .innerJoin('staff_user as s', 's.id', 'a.recorded_by')
        .select([
          text('a.id').as('cina_assessment_id'),
          survivorOf('p').as('cina_person_id'),
          text('e.id').as('cina_referral_id'),
          'a.started_on as cina_assessment_start_date',
          sql<string | null>`case when a.child_seen_on is not null then 'Y'
            when a.authorised_on is not null then 'N' end`.as('cina_assessment_child_seen'),
          'a.authorised_on as cina_assessment_auth_date',
          sql<string | null>`case when a.outcome is not null then json_build_object(
            'NFA_FLAG', ${outcomeFlag('a.outcome', 'no_further_action')},
            'NFA_S47_END_FLAG', '',
            'STRATEGY_DISCUSSION_FLAG', ${outcomeFlag('a.outcome', 'strategy_discussion')},
            'CLA_REQUEST_FLAG', '',
            'PRIVATE_FOSTERING_FLAG', '',
            'LEGAL_ACTION_FLAG', '',
            'PROV_OF_SERVICES_FLAG', ${outcomeFlag('a.outcome', 'cin_plan')},
            'PROV_OF_SB_CARE_FLAG', '',
            'SPECIALIST_ASSESSMENT_FLAG', '',
            'REFERRAL_TO_OTHER_AGENCY_FLAG', ${outcomeFlag('a.outcome', 'other_services')},
            'OTHER_ACTIONS_FLAG', '',
            'OTHER_OUTCOMES_EXIST_FLAG', ${outcomeFlag('a.outcome', 'early_help')},
            'TOTAL_NO_OF_OUTCOMES', 1,
            'COMMENTS', '')::text end`.as('cina_assessment_outcome_json'),
          sql<
            string | null
          >`case when a.outcome is not null then ${outcomeFlag('a.outcome', 'no_further_action')} end`.as(
            'cina_assessment_outcome_nfa'
          ),
          text('s.team_id').as('cina_assessment_team'),
          text('s.id').as('cina_assessment_worker_id'),
        ])
        .orderBy('a.id')
        .execute(),
  },
  {
    name: 'ssd_assessment_factors',
    fields: ['cinf_table_id', 'cinf_assessment_id', 'cinf_assessment_factors_json'],
    // One row per authorised assessment with factors: the CIN census factor codes as a JSON array.
    rows: (db) =>
      db
        .selectFrom('cin_assessment as a')
        .where(sql<boolean>`cardinality(a.factors) > 0`)
        .select([
          text('a.id').as('cinf_table_id'),
          text('a.id').as('cinf_assessment_id'),
          sql<string>`to_json(a.factors)::text`.as('cinf_assessment_factors_json'),
        ])
        .orderBy('a.id')
        .execute(),
  },
  {
    name: 'ssd_cin_plans',
    fields: [
      'cinp_cin_plan_id',
      'cinp_referral_id',
      'cinp_person_id',
      'cinp_cin_plan_start_date',
      'cinp_cin_plan_end_date',
      'cinp_cin_plan_team',
      'cinp_cin_plan_worker_id',
    ],
    rows: (db) =>
      db
        .selectFrom('cin_plan as c')
        .innerJoin('cin_episode as e', 'e.id', 'c.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .innerJoin('staff_user as s', 's.id', 'c.recorded_by')
        .select([
          text('c.id').as('cinp_cin_plan_id'),
          text('e.id').as('cinp_referral_id'),
          survivorOf('p').as('cinp_person_id'),
          'c.started_on as cinp_cin_plan_start_date',
          'c.ended_on as cinp_cin_plan_end_date',
          text('s.team_id').as('cinp_cin_plan_team'),
          text('s.id').as('cinp_cin_plan_worker_id'),
        ])
        .orderBy('c.id')
        .execute(),
  },
  {
    name: 'ssd_s47_enquiry',
    fields: [
      's47e_s47_enquiry_id',
      's47e_referral_id',
      's47e_person_id',
      's47e_s47_start_date',
      's47e_s47_end_date',
      's47e_s47_nfa',
      's47e_s47_outcome_json',
      's47e_s47_completed_by_worker_id',
      's47e_s47_completed_by_team',
    ],
    rows: (db) =>
      db
        .selectFrom('section_47_enquiry as s47')
        .innerJoin('cin_episode as e', 'e.id', 's47.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .innerJoin('staff_user as s', 's.id', 's47.recorded_by')
        .select([
          text('s47.id').as('s47e_s47_enquiry_id'),
          text('e.id').as('s47e_referral_id'),
          survivorOf('p').as('s47e_person_id'),
          's47.started_on as s47e_s47_start_date',
          's47.completed_on as s47e_s47_end_date',
          sql<
            string | null
          >`case when s47.outcome is not null then ${outcomeFlag('s47.outcome', 'no_further_action')} end`.as(
            's47e_s47_nfa'
          ),
          sql<string | null>`case when s47.outcome is not null then json_build_object(
            'NFA_FLAG', ${outcomeFlag('s47.outcome', 'no_further_action')},
            'LEGAL_ACTION_FLAG', '',
            'PROV_OF_SERVICES_FLAG', ${outcomeFlag('s47.outcome', 'cin_plan')},
            'PROV_OF_SB_CARE_FLAG', '',
            'CP_CONFERENCE_FLAG', ${outcomeFlag('s47.outcome', 'icpc')},
            'NFA_CONTINUE_SINGLE_FLAG', '',
            'MONITOR_FLAG', '',
            'OTHER_OUTCOMES_EXIST_FLAG', '',
            'TOTAL_NO_OF_OUTCOMES', 1,
            'OUTCOME_COMMENTS', '')::text end`.as('s47e_s47_outcome_json'),
          text('s.id').as('s47e_s47_completed_by_worker_id'),
          text('s.team_id').as('s47e_s47_completed_by_team'),
        ])
        .orderBy('s47.id')
        .execute(),
  },
  {
    name: 'ssd_initial_cp_conference',
    fields: [
      'icpc_icpc_id',
      'icpc_icpc_meeting_id',
      'icpc_s47_enquiry_id',
      'icpc_person_id',
      'icpc_cp_plan_id',
      'icpc_referral_id',
      'icpc_icpc_transfer_in',
      'icpc_icpc_target_date',
      'icpc_icpc_date',
      'icpc_icpc_outcome_cp_flag',
      'icpc_icpc_outcome_json',
      'icpc_icpc_team',
      'icpc_icpc_worker_id',
    ],
    // The plan a conference made starts on the conference's day in the same episode (census rule).
    rows: (db) =>
      db
        .selectFrom('child_protection_conference as c')
        .innerJoin('cin_episode as e', 'e.id', 'c.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .innerJoin('staff_user as s', 's.id', 'c.recorded_by')
        .leftJoin('section_47_enquiry as s47', 's47.id', 'c.section_47_enquiry_id')
        .where('c.kind', '=', 'initial')
        .select([
          text('c.id').as('icpc_icpc_id'),
          text('c.section_47_enquiry_id').as('icpc_s47_enquiry_id'),
          survivorOf('p').as('icpc_person_id'),
          sql<
            string | null
          >`case when c.resulted_in_plan then (select min(pl.id) from child_protection_plan pl
            where pl.episode_id = c.episode_id and pl.started_on = c.held_on)::text end`.as(
            'icpc_cp_plan_id'
          ),
          text('e.id').as('icpc_referral_id'),
          's47.icpc_target_on as icpc_icpc_target_date',
          'c.held_on as icpc_icpc_date',
          yesNo(sql`c.resulted_in_plan`).as('icpc_icpc_outcome_cp_flag'),
          sql<string>`json_build_object(
            'NFA_FLAG', '', 'REFERRAL_TO_OTHER_AGENCY_FLAG', '', 'SINGLE_ASSESSMENT_FLAG', '',
            'PROV_OF_SERVICES_FLAG', '', 'CP_FLAG', ${yesNo(sql`c.resulted_in_plan`)},
            'OTHER_OUTCOMES_EXIST_FLAG', '', 'TOTAL_NO_OF_OUTCOMES', '', 'COMMENTS', '')::text`.as(
            'icpc_icpc_outcome_json'
          ),
          text('s.team_id').as('icpc_icpc_team'),
          text('s.id').as('icpc_icpc_worker_id'),
        ])
        .orderBy('c.id')
        .execute(),
  },
  {
    name: 'ssd_cp_plans',
    fields: [
      'cppl_cp_plan_id',
      'cppl_referral_id',
      'cppl_icpc_id',
      'cppl_person_id',
      'cppl_cp_plan_start_date',
      'cppl_cp_plan_end_date',
      'cppl_cp_plan_initial_category',
      'cppl_cp_plan_ola',
      'cppl_cp_plan_latest_category',
    ],
    rows: (db) =>
      db
        .selectFrom('child_protection_plan as pl')
        .innerJoin('cin_episode as e', 'e.id', 'pl.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .select([
          text('pl.id').as('cppl_cp_plan_id'),
          text('e.id').as('cppl_referral_id'),
          sql<
            string | null
          >`(select min(c.id) from child_protection_conference c where c.episode_id = pl.episode_id
            and c.kind = 'initial' and c.resulted_in_plan and c.held_on = pl.started_on)::text`.as(
            'cppl_icpc_id'
          ),
          survivorOf('p').as('cppl_person_id'),
          'pl.started_on as cppl_cp_plan_start_date',
          'pl.ended_on as cppl_cp_plan_end_date',
          'pl.initial_category as cppl_cp_plan_initial_category',
          'pl.latest_category as cppl_cp_plan_latest_category',
        ])
        .orderBy('pl.id')
        .execute(),
  },
  {
    name: 'ssd_cp_reviews',
    fields: [
      'cppr_cp_review_id',
      'cppr_person_id',
      'cppr_cp_plan_id',
      'cppr_cp_review_due',
      'cppr_cp_review_date',
      'cppr_cp_review_meeting_id',
      'cppr_cp_review_outcome_continue_cp',
      'cppr_cp_review_quorate',
      'cppr_cp_review_participation',
    ],
    rows: (db) =>
      db
        .selectFrom('child_protection_conference as c')
        .innerJoin('cin_episode as e', 'e.id', 'c.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .where('c.kind', '=', 'review')
        .select([
          text('c.id').as('cppr_cp_review_id'),
          survivorOf('p').as('cppr_person_id'),
          text('c.child_protection_plan_id').as('cppr_cp_plan_id'),
          'c.held_on as cppr_cp_review_date',
        ])
        .orderBy('c.id')
        .execute(),
  },
  {
    name: 'ssd_involvements',
    fields: [
      'invo_involvements_id',
      'invo_professional_id',
      'invo_professional_role_id',
      'invo_professional_team',
      'invo_involvement_start_date',
      'invo_involvement_end_date',
      'invo_worker_change_reason',
      'invo_person_id',
      'invo_referral_id',
    ],
    rows: (db) =>
      db
        .selectFrom('involvement as i')
        .innerJoin('person as p', 'p.id', 'i.person_id')
        .leftJoin('cin_episode as e', 'e.referral_id', 'i.referral_id')
        .select([
          text('i.id').as('invo_involvements_id'),
          text('i.worker_id').as('invo_professional_id'),
          // Front Door's kind of work (child_in_need, section_47...): what the worker was involved in.
          'i.kind as invo_professional_role_id',
          text('i.team_id').as('invo_professional_team'),
          'i.started_on as invo_involvement_start_date',
          'i.ended_on as invo_involvement_end_date',
          survivorOf('p').as('invo_person_id'),
          text('e.id').as('invo_referral_id'),
        ])
        .orderBy('i.id')
        .execute(),
  },
  {
    name: 'ssd_professionals',
    fields: [
      'prof_professional_id',
      'prof_staff_id',
      'prof_professional_name',
      'prof_social_worker_registration_no',
      'prof_professional_job_title',
      'prof_professional_caseload',
      'prof_professional_department',
      'prof_full_time_equivalency',
      'prof_agency_worker_flag',
    ],
    // The council's own staff (partner agencies' practitioners are not its workforce).
    rows: (db) =>
      db
        .selectFrom('staff_user as s')
        .innerJoin('agency as a', 'a.id', 's.agency_id')
        .leftJoin('team as t', 't.id', 's.team_id')
        .where('a.kind', '=', 'council')
        .select([
          text('s.id').as('prof_professional_id'),
          's.username as prof_staff_id',
          's.display_name as prof_professional_name',
          't.name as prof_professional_department',
        ])
        .orderBy('s.id')
        .execute(),
  },
  {
    name: 'ssd_department',
    fields: ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_parent_name'],
    rows: (db) =>
      db
        .selectFrom('team as t')
        .innerJoin('agency as a', 'a.id', 't.agency_id')
        .where('a.kind', '=', 'council')
        .select([text('t.id').as('dept_team_id'), 't.name as dept_team_name'])
        .orderBy('t.id')
        .execute(),
  },
];
