/*
 * The front-door audit form, as data a council can change, and the list of learning themes auditors
 * tag audits with (they may add their own words too). The questions follow what Ofsted looks for at
 * the front door: history, the child's voice, thresholds, timeliness, partners, oversight, recording.
 */
import type { Db } from '../../../platform/db/database.ts';

export interface AuditFormDefinition {
  code: string;
  title: string;
  description: string;
  questions: { part: 'council' | 'partner'; question: string; guidance: string }[];
}

export const FRONT_DOOR_AUDIT: AuditFormDefinition = {
  code: 'front-door',
  title: 'Front-door audit',
  description:
    'An audit of one child’s contact from arrival to decision: was the right decision made, for the right reasons, in time, with partners’ knowledge and the child’s experience at its centre?',
  questions: [
    {
      part: 'council',
      question: 'History considered',
      guidance:
        'Were previous contacts, referrals and the family’s history (including siblings and adults in the household) found and weighed? Were recurring patterns noticed?',
    },
    {
      part: 'council',
      question: 'The child’s voice',
      guidance:
        'Is the child’s lived experience clear? Were the child’s wishes and feelings sought or, for a young child, what their day is like described?',
    },
    {
      part: 'council',
      question: 'Threshold applied correctly',
      guidance:
        'Was the level of need right against the continuum of need? Where the level chosen differs from the one the descriptors indicated, is the reason sound?',
    },
    {
      part: 'council',
      question: 'RAG rating and timeliness',
      guidance:
        'Was the RAG rating right for the risk, and were the rating and the decision made within their timescales? Was any delay explained?',
    },
    {
      part: 'council',
      question: 'Information shared with partners',
      guidance:
        'Were the right agencies asked, with consent or a recorded lawful basis, and did their answers inform the decision?',
    },
    {
      part: 'council',
      question: 'Management oversight and direction',
      guidance:
        'Did the manager’s authorisation add analysis and clear direction, not just agreement? Was a second sign-off given where the rules ask for one?',
    },
    {
      part: 'council',
      question: 'Quality of recording',
      guidance:
        'Is the record clear, accurate and written so the child or family could read it? Are the rationale and the next steps explicit?',
    },
    {
      part: 'partner',
      question: 'Our agency’s information',
      guidance:
        'Did your agency answer the front door’s request fully and in time, and share what it knew about risks and strengths?',
    },
    {
      part: 'partner',
      question: 'Our agency’s referral',
      guidance:
        'If your agency made the contact: was the worry clear, was consent sought or the reason for not seeking it given, and was it sent promptly?',
    },
  ],
};

export const LEARNING_THEMES = [
  'Management oversight',
  'Child’s voice',
  'History and chronology',
  'Threshold application',
  'Information sharing',
  'Consent',
  'Domestic abuse',
  'Neglect',
  'Exploitation',
  'Timeliness',
  'Quality of recording',
  'Out of hours',
  'Good practice to share',
] as const;

/** Saves a form and its questions unless a form with its code exists; answers the (newest) form's id. */
export async function ensureAuditForm(db: Db, form: AuditFormDefinition): Promise<number> {
  const existing = await db
    .selectFrom('audit_form')
    .where('code', '=', form.code)
    .select('id')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (existing) return existing.id;
  const { id } = await db
    .insertInto('audit_form')
    .values({ code: form.code, title: form.title, description: form.description })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('audit_question')
    .values(form.questions.map((question, index) => ({ ...question, form_id: id, position: index + 1 })))
    .execute();
  return id;
}
