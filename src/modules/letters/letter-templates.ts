/*
 * Pure: the council's letter templates (issue 18). The wording of each letter the letters module
 * writes, with ((placeholders)) filled in from the decision when a letter is written. The national
 * wording below is every template's first version, so a council that never edits writes what it
 * always did. A family letter may never use a placeholder that could say who made the referral.
 */

export type LetterRecipient = 'referrer' | 'family';

export type PlaceholderScope = 'letter' | 'outcome';

export interface Placeholder {
  name: string;
  meaning: string;
  /** Where it has a value: the whole letter, or only the wording of one outcome. */
  scope: PlaceholderScope;
  /** Could tell the family who made the referral: never in a family letter. */
  revealsReferrer: boolean;
}

export const PLACEHOLDERS: readonly Placeholder[] = [
  { name: 'child', meaning: 'The child’s first name', scope: 'letter', revealsReferrer: false },
  { name: 'reference', meaning: 'The contact reference', scope: 'letter', revealsReferrer: false },
  {
    name: 'date_received',
    meaning: 'The date the contact was received',
    scope: 'letter',
    revealsReferrer: false,
  },
  { name: 'council', meaning: 'The council’s name', scope: 'letter', revealsReferrer: false },
  { name: 'duty_line', meaning: 'The duty line’s number', scope: 'letter', revealsReferrer: false },
  { name: 'duty_hours', meaning: 'When the duty line is answered', scope: 'letter', revealsReferrer: false },
  {
    name: 'out_of_hours_line',
    meaning: 'The emergency duty team’s number (out of hours)',
    scope: 'letter',
    revealsReferrer: false,
  },
  { name: 'referrer_name', meaning: 'The referrer’s name', scope: 'letter', revealsReferrer: true },
  {
    name: 'referrer_organisation',
    meaning: 'The referrer’s organisation',
    scope: 'letter',
    revealsReferrer: true,
  },
  {
    name: 'outcome',
    meaning: 'The outcome, as the council names it',
    scope: 'outcome',
    revealsReferrer: false,
  },
  {
    name: 'team',
    meaning: 'The team the child is handed to (early help, assessment, private fostering)',
    scope: 'outcome',
    revealsReferrer: false,
  },
  {
    name: 'transfer_council',
    meaning: 'The council a transfer went to',
    scope: 'outcome',
    revealsReferrer: false,
  },
];

export type PlaceholderValues = Record<string, string>;

/** The outcomes the letters module has its own wording for; any other outcome uses "other". */
export const WORDED_OUTCOMES = [
  'no_further_action',
  'information_advice',
  'early_help',
  'assessment',
  'strategy_discussion',
  'already_open',
  'transfer',
  'private_fostering',
  'lado',
] as const;

const OUTCOME_TITLES: Record<(typeof WORDED_OUTCOMES)[number] | 'other', string> = {
  no_further_action: 'No further action',
  information_advice: 'Information and advice',
  early_help: 'Early help',
  assessment: 'Child and family assessment',
  strategy_discussion: 'Strategy discussion',
  already_open: 'Already open to children’s services',
  transfer: 'Transfer to another council',
  private_fostering: 'Private fostering',
  lado: 'Passed to the LADO',
  other: 'An outcome the council added itself',
};

/** A template's parts: the paragraphs a letter is built from, by name. */
export type TemplateParts = Record<string, string>;

export interface TemplateDefinition {
  key: string;
  recipient: LetterRecipient;
  title: string;
  /** The outcome whose wording this is, for outcome templates. */
  outcome: string | null;
  parts: { name: string; label: string; optional?: boolean }[];
  national: TemplateParts;
}

const OUTCOME_PARTS = [
  { name: 'decided', label: 'What we decided' },
  { name: 'next', label: 'What happens next (leave blank to say nothing)', optional: true },
];

const CSC = 'children’s social care';

const NATIONAL_OUTCOME_WORDING: Record<string, Record<LetterRecipient, TemplateParts>> = {
  no_further_action: {
    referrer: {
      decided: `Children’s social care will take no further action. We do not think ((child)) needs support from ${CSC} at the moment.`,
      next: `No one from ${CSC} will contact the family about this. If you work with ((child)) or their family, please carry on supporting them through your own service.`,
    },
    family: {
      decided: `We will not be doing anything more at the moment. We do not think ((child)) needs help from ${CSC} right now.`,
      next: `You do not need to do anything. No one from ${CSC} will contact you about this.`,
    },
  },
  information_advice: {
    referrer: {
      decided: `We have given information and advice about other services that can help ((child)) and their family. Children’s social care will take no further action.`,
      next: `Children’s social care will not be involved any further. The family can contact the services we suggested themselves.`,
    },
    family: {
      decided: `We have given information and advice about other services that can help your family. We will not be doing anything more.`,
      next: `You can contact the services we suggested yourself. No one from ${CSC} will contact you about this.`,
    },
  },
  early_help: {
    referrer: {
      decided: `((child)) and their family will be offered early help from ((team)).`,
      next: `((team)) will contact the family to talk about what support would help. Early help depends on the family agreeing to it, and ((team)) may ask you to be part of the support around ((child)).`,
    },
    family: {
      decided: `We would like to offer your family early help from ((team)).`,
      next: `Someone from ((team)) will contact you to talk about what support would help. It is your choice whether to accept this help.`,
    },
  },
  assessment: {
    referrer: {
      decided: `A social worker will carry out a child and family assessment of ((child))’s needs, under section 17 of the Children Act 1989.`,
      next: `A social worker from ((team)) will contact the family. The assessment will be finished within 45 working days, and the social worker may ask you what you know.`,
    },
    family: {
      decided: `A social worker will get to know your family and find out what help ((child)) and your family need. This is called a child and family assessment.`,
      next: `A social worker from ((team)) will contact you soon. The assessment will be finished within 45 working days, and the social worker will talk with you about what it found.`,
    },
  },
  strategy_discussion: {
    referrer: {
      decided: `We are holding a strategy discussion with the police, health services and other agencies to decide whether to make enquiries under section 47 of the Children Act 1989.`,
      next: `We may ask you to take part in the strategy discussion or to share what you know. A social worker will let you know what is decided.`,
    },
    family: {
      decided: `We need to talk with the police and health services about ((child))’s safety, to decide what should happen next.`,
      next: `A social worker will contact you to explain what this means for you and ((child)).`,
    },
  },
  already_open: {
    referrer: {
      decided: `((child)) already has a worker from our children’s services, and we have passed what you told us to them.`,
      next: `((child))’s worker will decide what to do with this information and may contact you.`,
    },
    family: {
      decided: `Your family already has a worker from our children’s services. We have passed this information to them.`,
      next: `Your worker will talk with you about it.`,
    },
  },
  transfer: {
    referrer: {
      decided: `((child)) lives in another council’s area, so we have passed what you told us to ((transfer_council)).`,
      next: `((transfer_council)) will decide what happens next and may contact you.`,
    },
    family: {
      decided: `You live in another council’s area, so we have passed this information to ((transfer_council)).`,
      next: `((transfer_council)) will contact you about what happens next.`,
    },
  },
  private_fostering: {
    referrer: {
      decided: `((child)) appears to be privately fostered (living for 28 days or more with someone who is not a close relative), so a social worker will carry out a private fostering assessment.`,
      next: `A social worker from ((team)) will visit ((child)) and the people caring for them.`,
    },
    family: {
      decided: `((child)) is living with someone who is not a close relative. The law says we must check that this arrangement is right for ((child)).`,
      next: `A social worker from ((team)) will contact you to arrange a visit.`,
    },
  },
  lado: {
    referrer: {
      decided: `We have passed the concern to the Local Authority Designated Officer (LADO), who manages allegations against adults who work with children.`,
      next: `The LADO will decide what happens next and may contact you.`,
    },
    family: {
      decided: `We have passed the worry to the Local Authority Designated Officer (LADO), who looks into concerns about adults who work with children.`,
      next: `The LADO may contact you about what happens next.`,
    },
  },
  other: {
    referrer: { decided: '((outcome)).', next: '' },
    family: { decided: '((outcome)).', next: '' },
  },
};

/** When a decision names no team (or council), what the letter says instead. */
export const TEAM_FALLBACK: Record<string, string> = {
  early_help: 'our early help team',
  assessment: 'our assessment team',
  private_fostering: 'our children’s services',
};
export const TRANSFER_FALLBACK = 'the council for that area';

const REFERRER_OPENING =
  'Thank you for contacting ((council)) children’s services about ((child)) on ((date_received)). ' +
  'A qualified social worker looked at what you told us alongside what we and other agencies already know, ';

const FRAMES: TemplateDefinition[] = [
  {
    key: 'referrer',
    recipient: 'referrer',
    title: 'Letter to a professional referrer: opening and closing paragraphs',
    outcome: null,
    parts: [
      { name: 'opening', label: 'Opening paragraph' },
      { name: 'questions', label: 'If you have questions' },
      { name: 'worries', label: 'If you are still worried' },
      { name: 'emergency', label: 'Out of hours and emergencies' },
    ],
    national: {
      opening: `${REFERRER_OPENING}and a manager has agreed the decision below.`,
      questions:
        'To talk about this decision with a qualified social worker, call the children’s services duty line on ((duty_line)) (((duty_hours))) and quote the reference ((reference)).',
      worries:
        'If your worries about ((child)) continue or grow, or you learn something new, contact us again straight away: call the duty line or make a new referral. Do not wait for the support described above to start.',
      emergency:
        'At other times, including weekends and bank holidays, call the emergency duty team on ((out_of_hours_line)). If a child is in immediate danger, call 999.',
    },
  },
  {
    key: 'referrer-public',
    recipient: 'referrer',
    title: 'Letter to a member of the public who made a referral (not told the decision)',
    outcome: null,
    parts: [
      { name: 'opening', label: 'Opening paragraph' },
      { name: 'decided', label: 'What we decided' },
      { name: 'next', label: 'What happens next' },
    ],
    national: {
      opening: `${REFERRER_OPENING}and a manager has agreed what should happen.`,
      decided:
        'We have looked carefully at what you told us and decided what should happen. To protect the family’s privacy, we cannot tell you what we decided.',
      next: 'There is nothing more you need to do. Thank you for telling us about your worries.',
    },
  },
  {
    key: 'family',
    recipient: 'family',
    title: 'Letter to the family: opening and closing paragraphs',
    outcome: null,
    parts: [
      { name: 'opening', label: 'Opening paragraph' },
      { name: 'questions', label: 'If you have questions' },
      { name: 'worries', label: 'If you are worried about the child' },
    ],
    national: {
      opening:
        'On ((date_received)) someone contacted us because they were worried about ((child)). We looked carefully at what they told us and at what we already knew, and a manager agreed what should happen next. This letter tells you what we decided.',
      questions:
        'If you have any questions about this letter, call us on ((duty_line)) (((duty_hours))) and give the reference ((reference)).',
      worries:
        'If you are worried about ((child))’s safety at any time, call us on ((duty_line)). At other times, including weekends and bank holidays, call ((out_of_hours_line)). In an emergency, call 999.',
    },
  },
];

const RECIPIENT_TITLES: Record<LetterRecipient, string> = {
  referrer: 'Letter to a professional referrer',
  family: 'Letter to the family',
};

function outcomeTemplates(recipient: LetterRecipient): TemplateDefinition[] {
  return [...WORDED_OUTCOMES, 'other' as const].map((outcome) => ({
    key: outcomeTemplateKey(recipient, outcome),
    recipient,
    title: `${RECIPIENT_TITLES[recipient]}: ${OUTCOME_TITLES[outcome]}`,
    outcome,
    parts: OUTCOME_PARTS,
    national: NATIONAL_OUTCOME_WORDING[outcome]![recipient],
  }));
}

/** Every template the letters module writes from, in the order the list shows them. */
export const TEMPLATES: readonly TemplateDefinition[] = [
  FRAMES[0]!,
  ...outcomeTemplates('referrer'),
  FRAMES[1]!,
  FRAMES[2]!,
  ...outcomeTemplates('family'),
];

export function templateByKey(key: string): TemplateDefinition | undefined {
  return TEMPLATES.find((template) => template.key === key);
}

/** The template with the wording for an outcome; an outcome the council added itself uses "other". */
export function outcomeTemplateKey(recipient: LetterRecipient, outcome: string): string {
  const worded = (WORDED_OUTCOMES as readonly string[]).includes(outcome) ? outcome : 'other';
  return `${recipient}-${worded}`;
}

/** The wording a letter is written with: each template's parts and the version they are. */
export type LetterWording = Record<string, { version: number; parts: TemplateParts }>;

/** The national wording: version 1 of every template. */
export const NATIONAL_WORDING: LetterWording = Object.fromEntries(
  TEMPLATES.map((template) => [template.key, { version: 1, parts: template.national }])
);

/** The placeholders a template may use: those with a value there, and never the referrer's in a family letter. */
export function placeholdersFor(template: TemplateDefinition): Placeholder[] {
  return PLACEHOLDERS.filter(
    (placeholder) =>
      (placeholder.scope === 'letter' || template.outcome !== null) &&
      !(template.recipient === 'family' && placeholder.revealsReferrer)
  );
}

const PLACEHOLDER = /\(\(([^()]*)\)\)/g;

/** Why a part's wording cannot be saved, naming the placeholder at fault; null when it is fine. */
export function wordingProblem(template: TemplateDefinition, text: string): string | null {
  const allowed = placeholdersFor(template).map((placeholder) => placeholder.name);
  for (const [written, name] of text.matchAll(PLACEHOLDER)) {
    const known = PLACEHOLDERS.find((placeholder) => placeholder.name === name);
    if (known?.revealsReferrer && template.recipient === 'family')
      return `${written} cannot be used in a letter to the family: it could tell the family who made the referral`;
    if (known && !allowed.includes(known.name))
      return `${written} cannot be used here: it has a value only in the wording of an outcome`;
    if (!known) return `${written} is not a placeholder. Use one of the placeholders listed, like ((child))`;
  }
  const left = text.replace(PLACEHOLDER, '');
  if (left.includes('((') || left.includes('))'))
    return 'A placeholder is not written correctly: put its name between (( and )), like ((child))';
  return null;
}

/** The problems with each part, by part name: a required part left blank, or a placeholder at fault. */
export function templateProblems(template: TemplateDefinition, parts: TemplateParts): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const part of template.parts) {
    const text = parts[part.name] ?? '';
    const problem =
      text === '' && !part.optional
        ? `Enter the wording for “${part.label}”`
        : text.length > 2_000
          ? 'The wording must be 2,000 characters or fewer'
          : wordingProblem(template, text);
    if (problem) problems[part.name] = problem;
  }
  return problems;
}

/** A part's wording with its placeholders filled in, starting with a capital; null when left blank. */
export function fillIn(text: string, values: PlaceholderValues): string | null {
  const filled = text.replace(PLACEHOLDER, (written, name: string) => values[name] ?? written).trim();
  return filled === '' ? null : filled.charAt(0).toUpperCase() + filled.slice(1);
}
