import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { councilCalendar } from '../platform/council/council-settings.ts';
import { isOutOfHours, type WorkingCalendar } from '../shared/working-time.ts';
import { insertRows } from '../platform/db/bulk-insert.ts';
import { DOMESTIC_ABUSE_CODES } from '../modules/letters/family-letter-safety.ts';

/**
 * The front-door records behind the generated history's decisions, so every screen of a seeded child
 * shows what a practitioner would have recorded (issue 15, item 16): what was reported and whether the
 * family knew and agreed, the RAG rating, the threshold assessment, the letter to a professional
 * referrer, the handover the receiving team accepted, and each step on the child's journey.
 * Deterministic (derived from the history's own ids and times); call after the history and before the
 * performance facts are built, which count handovers.
 */
export async function seedFrontDoorRecords(db: Db, context: { now: Date }): Promise<void> {
  await describeContacts(db);
  await addPoliceReferences(db);
  await nameParents(db);
  await rateChildren(db, context.now);
  await assessThresholds(db);
  await askPartners(db, context.now);
  await writeReferrerLetters(db, context.now);
  await handOver(db, context.now);
  await holdStrategyDiscussions(db, context.now);
  await consultBeforehand(db, context.now);
  await recordJourneys(db, await councilCalendar(db));
}

/** What was reported, by whom, and whether the family knew and agreed: the history only kept a summary. */
async function describeContacts(db: Db): Promise<void> {
  // One in ten consent not sought (police domestic abuse notifications mostly), one in twenty refused.
  await sql`
    update contact set
      presenting_concerns = coalesce(presenting_concerns, summary),
      referrer_is_professional = referral_source not like '1%',
      consent_status = coalesce(consent_status, case
        when id % 10 = 3 or (referral_source = '6' and id % 3 = 0) then 'not_sought'
        when id % 20 = 7 then 'refused'
        else 'given' end),
      family_aware = coalesce(family_aware, case when id % 10 = 3 then 'no' when id % 25 = 4 then 'not_sure' else 'yes' end)
    where consent_status is null`.execute(db);
  await sql`
    update contact set consent_reason = case consent_status
        when 'not_sought' then 'Seeking consent could place the child at risk of significant harm.'
        else 'The parent said they did not want the council involved.' end,
      lawful_basis = 'Children Act 1989 sections 17 and 47; Working Together to Safeguard Children 2023'
    where consent_status <> 'given' and consent_reason is null`.execute(db);
}

/**
 * The police force's references on its notifications, and the DASH risk level on those about domestic
 * abuse (most standard, a few high), as a police system sends them.
 */
async function addPoliceReferences(db: Db): Promise<void> {
  await sql`
    update contact set
      police_incident_reference = 'NDP-' || to_char(received_at at time zone 'Europe/London', 'YYYYMMDD') || '-'
        || lpad((id % 10000)::text, 4, '0'),
      crime_reference = case when id % 3 = 0 then 'CR/' || lpad(id::text, 7, '0') || '/'
        || to_char(received_at at time zone 'Europe/London', 'YY') end
    where referral_source = '6' and police_incident_reference is null`.execute(db);
  await sql`
    update contact c set
      dash_risk_level = case when c.id % 10 = 9 then 'high' when c.id % 10 >= 6 then 'medium' else 'standard' end,
      dash_assessed_on = (c.received_at at time zone 'Europe/London')::date
    where c.referral_source = '6' and c.dash_risk_level is null and exists (
      select 1 from contact_child cc join contact_concern cn on cn.contact_child_id = cc.id
      where cc.contact_id = c.id and cn.factor_code in (${sql.join([...DOMESTIC_ABUSE_CODES])}))`.execute(db);
}

/**
 * The parents of the household each contact was about, named on it as the referrer would have, each
 * related to the children on it (mother or father, else carer), and each household's members dated from
 * its first contact.
 */
async function nameParents(db: Db): Promise<void> {
  await sql`
    insert into contact_person (contact_id, person_id, role, relationship)
    select c.id, hm.person_id, 'parent_or_carer',
      case p.sex when 'F' then 'Mother' when 'M' then 'Father' else 'Parent' end
    from contact c
    join household_member hm on hm.household_id = c.household_id and hm.role in ('parent', 'carer')
    join person p on p.id = hm.person_id
    where not exists (select 1 from contact_person cp where cp.contact_id = c.id)`.execute(db);
  await sql`
    insert into person_relationship (person_id, relative_id, kind, detail, household_id, contact_id, recorded_at)
    select distinct on (cc.person_id, cp.person_id) cc.person_id, cp.person_id,
      case cp.relationship when 'Mother' then 'mother' when 'Father' then 'father' else 'carer' end,
      cp.relationship, c.household_id, c.id, c.received_at
    from contact_person cp
    join contact c on c.id = cp.contact_id
    join contact_child cc on cc.contact_id = c.id
    where cp.role = 'parent_or_carer' and cc.person_id is not null and cc.person_id <> cp.person_id
    order by cc.person_id, cp.person_id, c.received_at
    on conflict do nothing`.execute(db);
  await sql`
    update household_member hm set joined_on = first.day
    from (select household_id, min(received_at at time zone 'Europe/London')::date as day
      from contact where household_id is not null group by household_id) as first
    where first.household_id = hm.household_id and hm.joined_on is null`.execute(db);
}

/**
 * What the front door asked partners before deciding, one request per agency per contact about every
 * child and parent on it: the police for a red or amber contact, health for one in three of them, the
 * schools for one in four. Answered before the decision was proposed; a contact still open is still
 * waiting for its answers.
 */
async function askPartners(db: Db, now: Date): Promise<void> {
  await sql`
    with asked as (
      select c.id as contact_id, min(cc.id) as contact_child_id, min(coalesce(cc.rag_due_at, cc.decision_due_at)) as due_at,
        min(d.proposed_at) as proposed_at, min(c.recorded_at) as recorded_at,
        coalesce(min(cc.worker_id), min(c.recorded_by)) as requested_by, min(c.consent_status) as consent_status
      from contact c
      join contact_child cc on cc.contact_id = c.id
      left join decision d on d.contact_child_id = cc.id
      where cc.rag in ('red', 'amber') and coalesce(cc.worker_id, c.recorded_by) is not null
        and not exists (select 1 from information_request ir where ir.contact_id = c.id)
      group by c.id
    ), agencies as (
      select distinct on (a.kind) a.kind, a.id,
        (select s.id from staff_user s where s.agency_id = a.id order by s.id limit 1) as answered_by
      from agency a where a.kind in ('police', 'health', 'education') order by a.kind, a.id
    ), requests as (
      select asked.*, agencies.id as agency_id, agencies.kind, agencies.answered_by,
        least(asked.recorded_at + interval '40 minutes', coalesce(asked.proposed_at, ${now}::timestamptz)) as requested_at
      from asked join agencies on agencies.kind = 'police'
        or (agencies.kind = 'health' and asked.contact_id % 3 = 0)
        or (agencies.kind = 'education' and asked.contact_id % 4 = 1)
    )
    insert into information_request (contact_child_id, contact_id, agency_id, question, consent_status,
      lawful_basis, due_at, requested_by, requested_at, status, summary, responded_by, responded_at)
    select contact_child_id, contact_id, agency_id,
      case kind when 'police' then 'Any call-outs, arrests or domestic abuse incidents at the address or involving the adults named?'
        when 'health' then 'Are the children registered with a GP and up to date with health checks? Any A&E attendances or concerns?'
        else 'How are the children’s attendance, presentation and behaviour at school? Any concerns raised?' end,
      consent_status,
      case when consent_status <> 'given' then 'Children Act 1989 section 47: information needed to decide whether the children are at risk of significant harm.' end,
      due_at, requested_by, requested_at,
      case when proposed_at is null then 'open' else 'answered' end,
      case when proposed_at is null then null
        when kind = 'police' then 'Two call-outs to the address in the last year; no arrests. Nothing known about the children themselves.'
        when kind = 'health' then 'Registered with the GP; immunisations up to date. One A&E attendance last year for a minor injury.'
        else 'Attendance 91% this term; staff have noticed the children arriving hungry on Mondays.' end,
      case when proposed_at is null then null else answered_by end,
      case when proposed_at is null then null
        else greatest(requested_at, least(requested_at + interval '2 hours', proposed_at - interval '5 minutes')) end
    from requests`.execute(db);
  // The database already names the request's own child (migration 0020); the rest are added here.
  await sql`
    insert into information_request_person (information_request_id, person_id, contact_child_id, role, relationship)
    select ir.id, cc.person_id, cc.id, 'child', null
    from information_request ir join contact_child cc on cc.contact_id = ir.contact_id
    where cc.person_id is not null
    union all
    select ir.id, cp.person_id, null, cp.role, cp.relationship
    from information_request ir join contact_person cp on cp.contact_id = ir.contact_id
    on conflict do nothing`.execute(db);
}

const RATING_REASONS = {
  red: 'Immediate safeguarding concern: needs a decision today.',
  amber: 'Concerns need checks with partners and a decision within a working day.',
  green: 'No immediate risk: needs a decision within the usual timescale.',
};

/** Each screened child's rating as the practitioner gave it, shortly after the contact was recorded. */
async function rateChildren(db: Db, now: Date): Promise<void> {
  await sql`
    insert into rag_rating (contact_child_id, rag, kind, rationale, due_at, rated_by, rated_at)
    select cc.id, cc.rag, 'screening',
      case cc.rag when 'red' then ${RATING_REASONS.red} when 'amber' then ${RATING_REASONS.amber} else ${RATING_REASONS.green} end,
      coalesce(cc.rag_due_at, cc.decision_due_at), coalesce(cc.worker_id, c.recorded_by),
      least(c.recorded_at + interval '20 minutes', coalesce(d.proposed_at, ${now}::timestamptz), ${now}::timestamptz)
    from contact_child cc
    join contact c on c.id = cc.contact_id
    left join lateral (select min(proposed_at) as proposed_at from decision where contact_child_id = cc.id) d on true
    where cc.rag is not null and coalesce(cc.worker_id, c.recorded_by) is not null
      and not exists (select 1 from rag_rating r where r.contact_child_id = cc.id)`.execute(db);
}

/** The threshold assessment each decision was proposed on: two descriptors of the level the worker chose. */
async function assessThresholds(db: Db): Promise<void> {
  await sql`
    insert into threshold_assessment (contact_child_id, threshold_document_id, descriptor_ids, indicated_level,
      chosen_level, difference_reason, assessed_by, assessed_at)
    select d.contact_child_id, d.threshold_document_id,
      coalesce((select array_agg(t.id) from (
        select td.id from threshold_descriptor td
        where td.document_id = d.threshold_document_id and td.level = coalesce(d.indicated_level, d.chosen_level)
        order by (td.id * 7919 + d.id) % 101 limit 2) t), '{}'),
      d.indicated_level, d.chosen_level,
      case when d.indicated_level is distinct from d.chosen_level
        then 'The family''s strengths and the history together point to a different level from the descriptors alone.' end,
      d.proposed_by, d.proposed_at - interval '10 minutes'
    from decision d
    where d.threshold_document_id is not null and d.chosen_level is not null and d.proposed_by is not null
      and not exists (select 1 from threshold_assessment ta where ta.contact_child_id = d.contact_child_id)`.execute(
    db
  );
}

/** A letter to each professional referrer who gave an email, sent the working day after the decision. */
async function writeReferrerLetters(db: Db, now: Date): Promise<void> {
  await sql`
    insert into referrer_letter (decision_id, recipient, recipient_name, recipient_email, body, created_by,
      created_at, sent_at, sent_by, sent_method)
    select d.id, 'referrer', c.referrer_name, c.referrer_email,
      'Thank you for your contact ' || c.reference || ' of ' || to_char(c.received_at at time zone 'Europe/London', 'FMDD FMMonth YYYY')
        || '. We have considered it with the information our partners hold and decided: '
        || coalesce((select o.label from outcome_option o where o.code = d.outcome), d.outcome)
        || '. Please contact the front door if anything changes.',
      d.authorised_by, d.authorised_at + interval '30 minutes',
      case when d.authorised_at + interval '1 day' <= ${now}::timestamptz then d.authorised_at + interval '1 day' end,
      case when d.authorised_at + interval '1 day' <= ${now}::timestamptz then d.authorised_by end,
      case when d.authorised_at + interval '1 day' <= ${now}::timestamptz then 'email' end
    from decision d
    join contact_child cc on cc.id = d.contact_child_id
    join contact c on c.id = cc.contact_id
    where d.status = 'authorised' and d.authorised_by is not null and c.referrer_is_professional
      and c.referrer_email is not null
      and not exists (select 1 from referrer_letter l where l.decision_id = d.id and l.recipient = 'referrer')`.execute(
    db
  );
}

/**
 * The handover behind each referral: offered by the authorising manager and accepted by the receiving
 * team's worker the same day, so the involvement it opened names it.
 */
async function handOver(db: Db, now: Date): Promise<void> {
  // A referral can open several involvements (child in need, then a plan): the first was the handover's.
  await sql`
    with chosen as (
      select distinct on (d.contact_child_id) i.id as involvement_id, d.contact_child_id, d.id as decision_id,
        i.team_id, d.authorised_by, d.authorised_at, coalesce(i.worker_id, d.authorised_by) as accepted_by
      from involvement i
      join referral r on r.id = i.referral_id
      join decision d on d.contact_child_id = r.contact_child_id and d.status = 'authorised'
      where i.team_id is not null and i.handover_id is null and d.authorised_by is not null
        and not exists (select 1 from handover h where h.contact_child_id = d.contact_child_id)
      order by d.contact_child_id, i.started_on, i.id, d.authorised_at desc
    ), offers as (
      insert into handover (contact_child_id, decision_id, to_team_id, status, offered_by, offered_at,
        responded_by, responded_at)
      select contact_child_id, decision_id, team_id, 'accepted', authorised_by, authorised_at, accepted_by,
        least(authorised_at + interval '3 hours', ${now}::timestamptz)
      from chosen
      returning id, contact_child_id
    )
    update involvement i set handover_id = offers.id
    from offers join chosen on chosen.contact_child_id = offers.contact_child_id
    where i.id = chosen.involvement_id`.execute(db);
  await sql`
    update decision d set receiving_team_id = h.to_team_id
    from handover h where h.decision_id = d.id and d.receiving_team_id is null`.execute(db);
}

/**
 * The strategy discussion before each section 47 enquiry of the history: convened by the front door on
 * the day of the decision, chaired by the manager who authorised it, with children's social care, the
 * police and health (health could not attend one in seven), owned by the enquiry's team and worker.
 */
async function holdStrategyDiscussions(db: Db, now: Date): Promise<void> {
  // One discussion per child's contact: a second enquiry for the same contact (rare) keeps none.
  await sql`
    with enquiries as (
      select distinct on (r.contact_child_id) s.id as enquiry_id, s.outcome, s.completed_on, s.icpc_target_on,
        r.contact_child_id, d.authorised_at, d.authorised_by, i.team_id,
        coalesce(i.worker_id, d.authorised_by) as worker_id
      from section_47_enquiry s
      join cin_episode e on e.id = s.episode_id
      join referral r on r.id = e.referral_id
      join decision d on d.contact_child_id = r.contact_child_id and d.status = 'authorised'
      join involvement i on i.referral_id = r.id and i.team_id is not null
      where s.strategy_discussion_id is null and d.authorised_by is not null
        and not exists (select 1 from strategy_discussion sd where sd.contact_child_id = r.contact_child_id)
      order by r.contact_child_id, s.id, i.started_on, i.id
    ), held as (
      insert into strategy_discussion (contact_child_id, convened_at, information_shared, outcome, rationale,
        recorded_by, recorded_at, s47_outcome, s47_completed_on, icpc_due_on, team_id, worker_id, chair_id)
      select contact_child_id,
        least(authorised_at + interval '1 hour', ${now}::timestamptz),
        'The police shared two call-outs to the address this year; health shared the child''s missed appointments; the school described the injury seen.',
        case when enquiry_id % 5 = 0 then 'single_agency_s47' else 'joint_s47' end,
        'Reasonable cause to suspect the child is suffering, or likely to suffer, significant harm.',
        authorised_by, least(authorised_at + interval '2 hours', ${now}::timestamptz), outcome, completed_on, icpc_target_on, team_id, worker_id,
        authorised_by
      from enquiries
      returning id, contact_child_id
    )
    update section_47_enquiry s set strategy_discussion_id = held.id
    from held join enquiries on enquiries.contact_child_id = held.contact_child_id
    where s.id = enquiries.enquiry_id`.execute(db);
  await sql`
    insert into strategy_attendee (strategy_discussion_id, agency_kind, name, role, attended, absence_reason)
    select sd.id, a.kind, a.name, a.role, a.kind <> 'health' or sd.id % 7 <> 0,
      case when a.kind = 'health' and sd.id % 7 = 0 then 'The health visitor was on leave and no cover could join at short notice.' end
    from strategy_discussion sd
    cross join (values ('council', 'Team manager', 'Front door'), ('police', 'DC on the child abuse investigation team', 'Police'),
      ('health', 'Named nurse for safeguarding', 'Health')) as a (kind, role, name)
    where not exists (select 1 from strategy_attendee sa where sa.strategy_discussion_id = sd.id)`.execute(
    db
  );
}

/** Who rang and about whom, as each consultation below records it from the contact that named them. */
const CALLER_COLUMNS = sql.raw(
  'advised_by, professional_name, professional_role, organisation, agency_id, phone, email, person_id, concerns'
);
const CALLER_VALUES = sql.raw(
  "recorded_by, referrer_name, referrer_role, referrer_organisation, referrer_agency_id, referrer_phone, referrer_email, person_id, coalesce(summary, 'Worried about the child.')"
);
const REFER_TODAY =
  'This meets the threshold for a referral: make one today, with what you have told me in writing.';
const EARLY_HELP =
  'Below the threshold for social care: offer the family early help through the school, and ring again if anything changes.';

/**
 * Professionals who rang for advice first: one in twelve professional contacts followed a consultation the
 * day before that advised a referral (linked, so its follow-up is closed), one in twelve children were the
 * subject of advice a month earlier with no referral needed, and the last three days' advised referrals
 * that never came are waiting on the follow-up list.
 */
async function consultBeforehand(db: Db, now: Date): Promise<void> {
  const firstChildren = sql`
    select distinct on (c.id) c.*, cc.person_id,
      coalesce((select array_agg(cn.factor_code order by cn.factor_code) from contact_concern cn
        where cn.contact_child_id = cc.id), '{}') as codes
    from contact c join contact_child cc on cc.contact_id = c.id
    where c.referrer_is_professional and c.referrer_name is not null and c.referrer_organisation is not null
      and c.recorded_by is not null and cc.person_id is not null and c.consultation_id is null
    order by c.id, cc.id`;
  await sql`
    with advised as (
      insert into consultation (consulted_at, ${CALLER_COLUMNS}, advice, referral_expected, concern_codes, contact_id,
        follow_up_due_at)
      select received_at - interval '1 day', ${CALLER_VALUES}, ${REFER_TODAY}, true, codes, id,
        received_at + interval '1 day'
      from (${firstChildren}) f where f.id % 12 = 5
      returning id, contact_id
    )
    update contact set consultation_id = advised.id from advised where contact.id = advised.contact_id`.execute(
    db
  );
  await sql`
    insert into consultation (consulted_at, ${CALLER_COLUMNS}, advice, referral_expected, concern_codes)
    select received_at - interval '30 days', ${CALLER_VALUES}, ${EARLY_HELP}, false, codes
    from (${firstChildren}) f where f.id % 12 = 7 and received_at - interval '30 days' > (select min(received_at) from contact)`.execute(
    db
  );
  await sql`
    insert into consultation (consulted_at, ${CALLER_COLUMNS}, advice, referral_expected, concern_codes,
      follow_up_due_at)
    select ${now}::timestamptz - interval '3 days', ${CALLER_VALUES}, ${REFER_TODAY}, true, codes,
      ${now}::timestamptz - interval '1 day'
    from (${firstChildren}) f
    where f.id % 12 = 9 and not exists (select 1 from contact_child later join contact lc on lc.id = later.contact_id
      where later.person_id = f.person_id and lc.received_at > ${now}::timestamptz - interval '4 days')
    order by f.received_at desc limit 3`.execute(db);
}

interface JourneyRow {
  contact_child_id: number;
  kind: string;
  at: Date;
  actor_id: number | null;
}

/** Children per batch of journey steps: a large council's history is read and written a slice at a time. */
const JOURNEY_BATCH = 25_000;

/** Every step of every seeded child's journey, from the records above, each marked in or out of hours. */
async function recordJourneys(db: Db, calendar: WorkingCalendar): Promise<void> {
  const bounds = await sql<{ low: number | null; high: number | null }>`
    select min(id) as low, max(id) as high from contact_child`.execute(db);
  const { low, high } = bounds.rows[0]!;
  if (low === null || high === null) return;
  for (let from = low; from <= high; from += JOURNEY_BATCH) {
    const steps = await journeyStepsOf(db, from, Math.min(from + JOURNEY_BATCH - 1, high));
    await insertRows(
      db,
      'journey_event',
      [
        { name: 'contact_child_id', type: 'int', value: (row) => row.contact_child_id },
        { name: 'kind', type: 'text', value: (row) => row.kind },
        { name: 'at', type: 'timestamptz', value: (row) => row.at },
        { name: 'actor_id', type: 'int', value: (row) => row.actor_id },
        { name: 'out_of_hours', type: 'boolean', value: (row) => isOutOfHours(row.at, calendar) },
      ],
      steps
    );
  }
}

async function journeyStepsOf(db: Db, from: number, to: number): Promise<JourneyRow[]> {
  // A step already recorded (by the safeguard cases seeded before) is not recorded twice.
  const result = await sql<JourneyRow>`
    with children as (select cc.* from contact_child cc where cc.id between ${from} and ${to})
    select * from (
    select cc.id as contact_child_id, 'received' as kind, c.received_at as at, c.recorded_by as actor_id
      from children cc join contact c on c.id = cc.contact_id
    union all
    select cc.id, 'linked', c.recorded_at, c.recorded_by
      from children cc join contact c on c.id = cc.contact_id where cc.person_id is not null
    union all
    select r.contact_child_id, 'rated', r.rated_at, r.rated_by
      from rag_rating r join children cc on cc.id = r.contact_child_id
    union all
    select t.contact_child_id, 'threshold_assessed', t.assessed_at, t.assessed_by
      from threshold_assessment t join children cc on cc.id = t.contact_child_id
    union all
    select ir.contact_child_id, 'information_requested', ir.requested_at, ir.requested_by
      from information_request ir join children cc on cc.id = ir.contact_child_id
    union all
    select ir.contact_child_id, 'information_received', ir.responded_at, ir.responded_by
      from information_request ir join children cc on cc.id = ir.contact_child_id where ir.responded_at is not null
    union all
    select d.contact_child_id, 'decision_proposed', d.proposed_at, d.proposed_by
      from decision d join children cc on cc.id = d.contact_child_id
    union all
    select d.contact_child_id, 'decision_authorised', d.authorised_at, d.authorised_by
      from decision d join children cc on cc.id = d.contact_child_id where d.authorised_at is not null
    union all
    select d.contact_child_id, 'letter_created', l.created_at, l.created_by
      from referrer_letter l join decision d on d.id = l.decision_id join children cc on cc.id = d.contact_child_id
    union all
    select d.contact_child_id, 'letter_sent', l.sent_at, l.sent_by
      from referrer_letter l join decision d on d.id = l.decision_id join children cc on cc.id = d.contact_child_id
      where l.sent_at is not null
    union all
    select sd.contact_child_id, 'strategy_discussion', sd.convened_at, sd.recorded_by
      from strategy_discussion sd join children cc on cc.id = sd.contact_child_id
    union all
    select h.contact_child_id, 'handover_offered', h.offered_at, h.offered_by
      from handover h join children cc on cc.id = h.contact_child_id
    union all
    select h.contact_child_id, 'handover_accepted', h.responded_at, h.responded_by
      from handover h join children cc on cc.id = h.contact_child_id where h.status = 'accepted'
    union all
    select cc.id, 'completed', cc.completed_at, cc.worker_id from children cc where cc.completed_at is not null
    ) steps
    where not exists (
      select 1 from journey_event j where j.contact_child_id = steps.contact_child_id and j.kind = steps.kind)`.execute(
    db
  );
  return result.rows;
}
