import type { DutyContact } from '../../platform/db/schema.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';

/**
 * The words of the letter telling the referrer (or the family) what was decided. Built once, as
 * plain paragraphs, so the printable page, the Word document, the email and the saved copy all say
 * exactly the same thing. Only the child the decision is about is named: never a sibling, and the
 * family's letter never says who made the referral.
 */

export type LetterRecipient = 'referrer' | 'family';

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

type OutcomeWording = (outcome: LetterOutcome, child: string) => Record<LetterRecipient, Wording>;

const CSC = 'children’s social care';

/** What each outcome means, for a professional and for a parent. */
const OUTCOME_WORDING: Record<string, OutcomeWording> = {
  no_further_action: (_outcome, child) => ({
    referrer: {
      decided: `Children’s social care will take no further action. We do not think ${child} needs support from ${CSC} at the moment.`,
      next: `No one from ${CSC} will contact the family about this. If you work with ${child} or their family, please carry on supporting them through your own service.`,
    },
    family: {
      decided: `We will not be doing anything more at the moment. We do not think ${child} needs help from ${CSC} right now.`,
      next: `You do not need to do anything. No one from ${CSC} will contact you about this.`,
    },
  }),
  information_advice: (_outcome, child) => ({
    referrer: {
      decided: `We have given information and advice about other services that can help ${child} and their family. Children’s social care will take no further action.`,
      next: `Children’s social care will not be involved any further. The family can contact the services we suggested themselves.`,
    },
    family: {
      decided: `We have given information and advice about other services that can help your family. We will not be doing anything more.`,
      next: `You can contact the services we suggested yourself. No one from ${CSC} will contact you about this.`,
    },
  }),
  early_help: (outcome, child) => {
    const team = outcome.teamName ?? 'our early help team';
    return {
      referrer: {
        decided: `${child} and their family will be offered early help from ${team}.`,
        next: `${capitalise(team)} will contact the family to talk about what support would help. Early help depends on the family agreeing to it, and ${team} may ask you to be part of the support around ${child}.`,
      },
      family: {
        decided: `We would like to offer your family early help from ${team}.`,
        next: `Someone from ${team} will contact you to talk about what support would help. It is your choice whether to accept this help.`,
      },
    };
  },
  assessment: (outcome, child) => {
    const team = outcome.teamName ?? 'our assessment team';
    return {
      referrer: {
        decided: `A social worker will carry out a child and family assessment of ${child}’s needs, under section 17 of the Children Act 1989.`,
        next: `A social worker from ${team} will contact the family. The assessment will be finished within 45 working days, and the social worker may ask you what you know.`,
      },
      family: {
        decided: `A social worker will get to know your family and find out what help ${child} and your family need. This is called a child and family assessment.`,
        next: `A social worker from ${team} will contact you soon. The assessment will be finished within 45 working days, and the social worker will talk with you about what it found.`,
      },
    };
  },
  strategy_discussion: (_outcome, child) => ({
    referrer: {
      decided: `We are holding a strategy discussion with the police, health services and other agencies to decide whether to make enquiries under section 47 of the Children Act 1989.`,
      next: `We may ask you to take part in the strategy discussion or to share what you know. A social worker will let you know what is decided.`,
    },
    family: {
      decided: `We need to talk with the police and health services about ${child}’s safety, to decide what should happen next.`,
      next: `A social worker will contact you to explain what this means for you and ${child}.`,
    },
  }),
  already_open: (_outcome, child) => ({
    referrer: {
      decided: `${child} already has a worker from our children’s services, and we have passed what you told us to them.`,
      next: `${child}’s worker will decide what to do with this information and may contact you.`,
    },
    family: {
      decided: `Your family already has a worker from our children’s services. We have passed this information to them.`,
      next: `Your worker will talk with you about it.`,
    },
  }),
  transfer: (outcome, child) => {
    const council = outcome.transferTo ?? 'the council for that area';
    return {
      referrer: {
        decided: `${child} lives in another council’s area, so we have passed what you told us to ${council}.`,
        next: `${capitalise(council)} will decide what happens next and may contact you.`,
      },
      family: {
        decided: `You live in another council’s area, so we have passed this information to ${council}.`,
        next: `${capitalise(council)} will contact you about what happens next.`,
      },
    };
  },
  private_fostering: (outcome, child) => {
    const team = outcome.teamName ?? 'our children’s services';
    return {
      referrer: {
        decided: `${child} appears to be privately fostered (living for 28 days or more with someone who is not a close relative), so a social worker will carry out a private fostering assessment.`,
        next: `A social worker from ${team} will visit ${child} and the people caring for them.`,
      },
      family: {
        decided: `${child} is living with someone who is not a close relative. The law says we must check that this arrangement is right for ${child}.`,
        next: `A social worker from ${team} will contact you to arrange a visit.`,
      },
    };
  },
  lado: () => ({
    referrer: {
      decided: `We have passed the concern to the Local Authority Designated Officer (LADO), who manages allegations against adults who work with children.`,
      next: `The LADO will decide what happens next and may contact you.`,
    },
    family: {
      decided: `We have passed the worry to the Local Authority Designated Officer (LADO), who looks into concerns about adults who work with children.`,
      next: `The LADO may contact you about what happens next.`,
    },
  }),
};

/**
 * A member of the public is told that we acted, not what we decided: what happens to a child and
 * their family is theirs to share, not ours.
 */
const FOR_THE_PUBLIC: Wording = {
  decided:
    'We have looked carefully at what you told us and decided what should happen. To protect the family’s privacy, we cannot tell you what we decided.',
  next: 'There is nothing more you need to do. Thank you for telling us about your worries.',
};

/** An outcome the council configured itself has only its label to go on. */
const councilOutcome: OutcomeWording = (outcome) => {
  const wording = { decided: `${outcome.label}.`, next: null };
  return { referrer: wording, family: wording };
};

export function letterContent(facts: LetterFacts): Letter {
  const { to, childFirstName: child, contactReference: reference } = facts;
  const received = londonDate(facts.receivedAt);
  const wordings = tellsTheDecision(facts)
    ? facts.outcomes.map((outcome) => (OUTCOME_WORDING[outcome.code] ?? councilOutcome)(outcome, child)[to])
    : [FOR_THE_PUBLIC];
  const nextSteps = unique(wordings.flatMap((wording) => (wording.next ? [wording.next] : [])));
  const forReferrer = to === 'referrer';
  return {
    councilName: facts.councilName,
    date: londonDate(facts.writtenAt),
    addressLines: forReferrer ? referrerAddress(facts) : familyAddress(facts),
    salutation: `Dear ${facts.recipientName ?? defaultAddressee(facts)}`,
    subject: forReferrer
      ? `Re: ${child} (contact reference ${reference}, received ${received})`
      : `About ${child} (our reference ${reference})`,
    sections: [
      {
        heading: null,
        paragraphs: [forReferrer ? referrerOpening(facts, received) : familyOpening(facts, received)],
      },
      { heading: 'What we decided', paragraphs: wordings.map((wording) => wording.decided) },
      {
        heading: 'What happens next',
        paragraphs: nextSteps.length > 0 ? nextSteps : ['There is nothing more you need to do.'],
      },
      forReferrer ? referrerQuestions(facts) : familyQuestions(facts),
      forReferrer ? referrerWorries(facts) : familyWorries(facts),
    ],
    closing: 'Yours sincerely',
    signature: [facts.signedBy, `Front door (MASH), ${facts.councilName} children’s services`],
  };
}

/** Professionals are told the decision; the family is told about their own child. */
function tellsTheDecision(facts: LetterFacts): boolean {
  return facts.to === 'family' || facts.referrer.isProfessional;
}

function defaultAddressee({ to, referrer }: LetterFacts): string {
  if (to === 'family') return 'parent or carer';
  return referrer.name ?? (referrer.isProfessional ? 'colleague' : 'Sir or Madam');
}

function referrerOpening(facts: LetterFacts, received: string): string {
  return (
    `Thank you for contacting ${facts.councilName} children’s services about ${facts.childFirstName} on ${received}. ` +
    'A qualified social worker looked at what you told us alongside what we and other agencies already know, ' +
    `and a manager has agreed ${tellsTheDecision(facts) ? 'the decision below' : 'what should happen'}.`
  );
}

function familyOpening(facts: LetterFacts, received: string): string {
  return (
    `On ${received} someone contacted us because they were worried about ${facts.childFirstName}. ` +
    'We looked carefully at what they told us and at what we already knew, and a manager agreed what should ' +
    'happen next. This letter tells you what we decided.'
  );
}

function referrerQuestions({ duty, contactReference }: LetterFacts): LetterSection {
  return {
    heading: 'If you have questions',
    paragraphs: [
      `To talk about this decision with a qualified social worker, call the children’s services duty line on ${duty.line} (${duty.hours}) and quote the reference ${contactReference}.`,
    ],
  };
}

function familyQuestions({ duty, contactReference }: LetterFacts): LetterSection {
  return {
    heading: 'If you have questions',
    paragraphs: [
      `If you have any questions about this letter, call us on ${duty.line} (${duty.hours}) and give the reference ${contactReference}.`,
    ],
  };
}

function referrerWorries({ duty, childFirstName: child }: LetterFacts): LetterSection {
  return {
    heading: 'If you are still worried',
    paragraphs: [
      `If your worries about ${child} continue or grow, or you learn something new, contact us again straight away: call the duty line or make a new referral. Do not wait for the support described above to start.`,
      `At other times, including weekends and bank holidays, call the emergency duty team on ${duty.outOfHours}. If a child is in immediate danger, call 999.`,
    ],
  };
}

function familyWorries({ duty, childFirstName: child }: LetterFacts): LetterSection {
  return {
    heading: `If you are worried about ${child}`,
    paragraphs: [
      `If you are worried about ${child}’s safety at any time, call us on ${duty.line}. At other times, including weekends and bank holidays, call ${duty.outOfHours}. In an emergency, call 999.`,
    ],
  };
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

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

function present(values: (string | null)[]): string[] {
  return values.filter((value): value is string => Boolean(value));
}
