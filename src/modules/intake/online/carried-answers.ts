import { z } from 'zod';
import { MAX_ADULTS, MAX_CHILDREN } from './answer-schemas.ts';

/** The question groups of a request; each form field is named `<group>-<field>`. */
export const GROUPS = ['referrer', 'children', 'adults', 'address', 'concerns', 'voice', 'consent'] as const;
export type Group = (typeof GROUPS)[number];

/** Groups answered once per person, repeated with "Add another": `children-0-givenName`, `adults-1-…`. */
export type ListGroup = 'children' | 'adults';
export const isListGroup = (group: Group): group is ListGroup => group === 'children' || group === 'adults';

export type FieldValues = Record<string, string | string[]>;

/**
 * What someone has typed so far, exactly as typed. With no account, the answers travel from page to
 * page in a hidden field (no cookie or server state, so any process can serve the next page, with or
 * without JavaScript), and are checked again before anything is saved.
 */
export type Answers = { [G in Exclude<Group, ListGroup>]?: FieldValues } & {
  [G in ListGroup]?: FieldValues[];
};

const fieldValue = z.union([z.string().max(20_000), z.array(z.string().max(100)).max(40)]);
const fieldValues = z.record(z.string().max(40), fieldValue);
const carried = z
  .object({
    referrer: fieldValues,
    children: z.array(fieldValues).max(MAX_CHILDREN),
    adults: z.array(fieldValues).max(MAX_ADULTS),
    address: fieldValues,
    concerns: fieldValues,
    voice: fieldValues,
    consent: fieldValues,
  })
  .partial();

/** The answers carried in the hidden field; anything malformed (only by tampering) starts afresh. */
export function readCarriedAnswers(json: unknown): Answers {
  if (typeof json !== 'string' || json === '') return {};
  try {
    const parsed = carried.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The answers with one page's fields replaced by what it posted: `referrer-name`, `children-0-givenName`… */
export function withPostedAnswer(answers: Answers, group: Group, form: Record<string, unknown>): Answers {
  const posted = postedFields(form, `${group}-`);
  return { ...answers, [group]: isListGroup(group) ? byPerson(posted) : posted };
}

function postedFields(form: Record<string, unknown>, prefix: string): FieldValues {
  const values: FieldValues = {};
  for (const [name, value] of Object.entries(form)) {
    if (name.startsWith(prefix) && isFieldValue(value)) values[name.slice(prefix.length)] = value;
  }
  return values;
}

function isFieldValue(value: unknown): value is string | string[] {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

/** `0-givenName` → the first person's givenName; a removed person leaves no gap, and there is always one. */
function byPerson(values: FieldValues): FieldValues[] {
  const people: FieldValues[] = [];
  for (const [name, value] of Object.entries(values)) {
    const [, index, field] = /^(\d)-(\w[\w-]*)$/.exec(name) ?? [];
    if (index !== undefined && field !== undefined) (people[Number(index)] ??= {})[field] = value;
  }
  const given = people.filter(Boolean);
  return given.length > 0 ? given : [{}];
}
