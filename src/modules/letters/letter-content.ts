import type { DutyContact } from '../../platform/db/schema.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import {
  fillIn,
  NATIONAL_WORDING,
  outcomeTemplateKey,
  templateByKey,
  TEAM_FALLBACK,
  TRANSFER_FALLBACK,
  type LetterRecipient,
  type LetterWording,
  type PlaceholderValues,
} from './letter-templates.ts';

/**
 * The words of the letter telling the referrer (or the family) what was decided. Built once, as
 * plain paragraphs, so the printable page, the Word document, the email and the saved copy all say
 * exactly the same thing. Only the child the decision is about is named: never a sibling, and the
 * family's letter never says who made the referral.
 */

export type { LetterRecipient } from './letter-templates.ts';

export interface LetterOutcome {
  code: string;
  /** The council's own label, used as the wording for outcomes the council added itself. */
  label: string;
  /** The receiving team for outcomes that hand the child to a team (early help, assessment). */
  teamName: string | null;
  /** The council a transfer went to. */
  transferTo: string | null;
}

export interface LetterFacts {
  to: LetterRecipient;
  councilName: string;
  writtenAt: Date;
  childFirstName: string;
  contactReference: string;
  receivedAt: Date;
  referrer: {
    name: string | null;
    role: string | null;
    organisation: string | null;
    isProfessional: boolean;
  };
  /** The name the sender gave for the person receiving the letter, if any. */
  recipientName: string | null;
  /** The child's home address, for the family's letter. */
  familyAddress: string[];
  outcomes: LetterOutcome[];
  duty: DutyContact;
  signedBy: string;
  /** The council's letter templates in force when the letter is written; the national wording when absent. */
  wording?: LetterWording;
}

export interface LetterSection {
  heading: string | null;
  paragraphs: string[];
}

export interface Letter {
  councilName: string;
  date: string;
  addressLines: string[];
  salutation: string;
  subject: string;
  sections: LetterSection[];
  closing: string;
  signature: string[];
}

interface Wording {
  decided: string;
  next: string | null;
}

/** The wording of one template's part, as the council has it (or nationally, for a part it never had). */
function partOf(wording: LetterWording, key: string, name: string): string {
  return wording[key]?.parts[name] ?? templateByKey(key)?.national[name] ?? '';
}

/** What the letter's placeholders stand for. The family's letter is never given the referrer's. */
function letterValues(facts: LetterFacts): PlaceholderValues {
  const values: PlaceholderValues = {
    child: facts.childFirstName,
    reference: facts.contactReference,
    date_received: londonDate(facts.receivedAt),
    council: facts.councilName,
    duty_line: facts.duty.line,
    duty_hours: facts.duty.hours,
    out_of_hours_line: facts.duty.outOfHours,
  };
  if (facts.to === 'family') return values;
  return {
    ...values,
    referrer_name: facts.referrer.name ?? '',
    referrer_organisation: facts.referrer.organisation ?? '',
  };
}

function outcomeValues(outcome: LetterOutcome): PlaceholderValues {
  return {
    outcome: outcome.label,
    team: outcome.teamName ?? TEAM_FALLBACK[outcome.code] ?? 'our children’s services',
    transfer_council: outcome.transferTo ?? TRANSFER_FALLBACK,
  };
}

function outcomeWording(facts: LetterFacts, wording: LetterWording, outcome: LetterOutcome): Wording {
  const key = outcomeTemplateKey(facts.to, outcome.code);
  const values = { ...letterValues(facts), ...outcomeValues(outcome) };
  return {
    decided: fillIn(partOf(wording, key, 'decided'), values) ?? `${outcome.label}.`,
    next: fillIn(partOf(wording, key, 'next'), values),
  };
}

export function letterContent(facts: LetterFacts): Letter {
  const { to, childFirstName: child, contactReference: reference } = facts;
  const wording = facts.wording ?? NATIONAL_WORDING;
  const frame = frameKey(facts);
  const part = (name: string) => fillIn(partOf(wording, frame, name), letterValues(facts)) ?? '';
  const received = londonDate(facts.receivedAt);
  const wordings = tellsTheDecision(facts)
    ? facts.outcomes.map((outcome) => outcomeWording(facts, wording, outcome))
    : [{ decided: part('decided'), next: part('next') || null }];
  const nextSteps = unique(wordings.flatMap((said) => (said.next ? [said.next] : [])));
  const forReferrer = to === 'referrer';
  // The public's letter shares the professional's questions and worries: only its opening differs.
  const closing = (name: string) => fillIn(partOf(wording, 'referrer', name), letterValues(facts)) ?? '';
  return {
    councilName: facts.councilName,
    date: londonDate(facts.writtenAt),
    addressLines: forReferrer ? referrerAddress(facts) : familyAddress(facts),
    salutation: `Dear ${facts.recipientName ?? defaultAddressee(facts)}`,
    subject: forReferrer
      ? `Re: ${child} (contact reference ${reference}, received ${received})`
      : `About ${child} (our reference ${reference})`,
    sections: [
      { heading: null, paragraphs: [part('opening')] },
      { heading: 'What we decided', paragraphs: wordings.map((said) => said.decided) },
      {
        heading: 'What happens next',
        paragraphs: nextSteps.length > 0 ? nextSteps : ['There is nothing more you need to do.'],
      },
      {
        heading: 'If you have questions',
        paragraphs: [forReferrer ? closing('questions') : part('questions')],
      },
      forReferrer
        ? { heading: 'If you are still worried', paragraphs: [closing('worries'), closing('emergency')] }
        : { heading: `If you are worried about ${child}`, paragraphs: [part('worries')] },
    ],
    closing: 'Yours sincerely',
    signature: [facts.signedBy, `Front door (MASH), ${facts.councilName} children’s services`],
  };
}

/** The template a letter's opening and closing paragraphs come from. */
function frameKey(facts: LetterFacts): string {
  if (facts.to === 'family') return 'family';
  return tellsTheDecision(facts) ? 'referrer' : 'referrer-public';
}

/** The templates (and their versions) a letter is written from, for the record of what was sent. */
export function templateVersionsOf(facts: LetterFacts): Record<string, number> {
  const wording = facts.wording ?? NATIONAL_WORDING;
  const keys = new Set([frameKey(facts), ...(facts.to === 'referrer' ? ['referrer'] : [])]);
  if (tellsTheDecision(facts))
    for (const outcome of facts.outcomes) keys.add(outcomeTemplateKey(facts.to, outcome.code));
  return Object.fromEntries([...keys].sort().map((key) => [key, wording[key]?.version ?? 1]));
}

/** Professionals are told the decision; the family is told about their own child. */
function tellsTheDecision(facts: LetterFacts): boolean {
  return facts.to === 'family' || facts.referrer.isProfessional;
}

function defaultAddressee({ to, referrer }: LetterFacts): string {
  if (to === 'family') return 'parent or carer';
  return referrer.name ?? (referrer.isProfessional ? 'colleague' : 'Sir or Madam');
}

function referrerAddress({ referrer, recipientName }: LetterFacts): string[] {
  return present([recipientName ?? referrer.name, referrer.role, referrer.organisation]);
}

function familyAddress({ recipientName, childFirstName, familyAddress }: LetterFacts): string[] {
  return [recipientName ?? `The parent or carer of ${childFirstName}`, ...familyAddress];
}

/** The plain text of a letter: the copy kept on the record and the body of what was sent. */
export function letterText(letter: Letter): string {
  const blocks = [
    [letter.councilName, letter.date],
    letter.addressLines,
    [`${letter.salutation},`],
    [letter.subject],
    ...letter.sections.map((section) => [...present([section.heading]), ...section.paragraphs]),
    [`${letter.closing},`, ...letter.signature],
  ];
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}

/** The covering email: no child's name, since the letter itself travels as the attachment. */
export function coveringEmail(facts: LetterFacts): { subject: string; text: string } {
  const { contactReference: reference, duty } = facts;
  const about =
    facts.to === 'referrer'
      ? `about the contact you made on ${londonDate(facts.receivedAt)} (reference ${reference})`
      : `(reference ${reference})`;
  return {
    subject: `A letter from ${facts.councilName} children’s services, reference ${reference}`,
    text: [
      `${letterContent(facts).salutation},`,
      `Please find attached our letter ${about}. It tells you what we decided and what happens next.`,
      `If you have any questions, call ${duty.line} (${duty.hours}) and quote the reference.`,
      `${facts.signedBy}\nFront door (MASH), ${facts.councilName} children’s services`,
    ].join('\n\n'),
  };
}

function londonDate(at: Date): string {
  return formatUk(at, UK_FORMATS.date);
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

function present(values: (string | null)[]): string[] {
  return values.filter((value): value is string => Boolean(value));
}
