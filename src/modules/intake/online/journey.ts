import { z } from 'zod';
import { formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { ContactInput } from '../contact-input.ts';
import type { ReferredAdult } from '../staff/link-adult.service.ts';
import { isListGroup, type Answers, type Group } from './carried-answers.ts';
import { adultsAmongChildren, adultsNotYetBorn, type OnlineChild } from './answer-schemas.ts';

export const AUDIENCES = ['professional', 'member-of-the-public', 'young-person'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** One row of the check-your-answers list; each line shows on its own line. */
export interface SummaryRow {
  key: string;
  lines: string[];
}

export interface SummarySection {
  group: Group;
  title: string;
  rows: SummaryRow[];
}

interface PageSpec<T> {
  title: string;
  template: string;
  summarise: (answer: T, today: string) => SummaryRow[];
}

export interface QuestionPage {
  group: Group;
  title: string;
  template: string;
}

/**
 * What a request says about the contact, and the adults it names (held for a practitioner to link);
 * the way in (channel, time, reference) is added on sending.
 */
export type RequestDetails = { namedAdults: ReferredAdult[] } & Pick<
  ContactInput,
  | 'referralSource'
  | 'referrer'
  | 'address'
  | 'children'
  | 'concernCodes'
  | 'presentingConcerns'
  | 'childsLivedExperience'
  | 'strengths'
  | 'consent'
  | 'familyAware'
>;

export type ReadAnswers =
  | { ok: true; sections: SummarySection[]; details: RequestDetails }
  | { ok: false; page: QuestionPage; errors: FormErrors };

/** The question pages one audience answers, in order, and what their answers make. */
export interface Journey {
  audience: Audience;
  pages: QuestionPage[];
  /** GOV.UK errors for one page's answers (as of London's `today`), or undefined when they are fine. */
  checkPage(group: Group, answers: Answers, today: string): FormErrors | undefined;
  /** Every answer checked again (they came back from the browser) and turned into the contact. */
  readAll(answers: Answers, today: string): ReadAnswers;
}

type Shape = Record<Group, z.ZodType>;
type Parsed<S extends Shape> = { [G in Group]: z.output<S[G]> };

export function defineJourney<S extends Shape>(spec: {
  audience: Audience;
  shape: S;
  /** In the order they are asked. */
  pages: { [G in Group]: PageSpec<z.output<S[G]>> };
  toDetails: (answers: Parsed<S>, today: string) => RequestDetails;
}): Journey {
  const pages = (Object.keys(spec.pages) as Group[]).map((group) => ({
    group,
    title: spec.pages[group].title,
    template: spec.pages[group].template,
  }));
  const checkPage = (group: Group, answers: Answers, today: string) => {
    const result = z
      .object({ [group]: spec.shape[group] })
      .superRefine((parsed, ctx) => {
        for (const [index, message] of datedProblems(group, parsed[group], today))
          ctx.addIssue({ code: 'custom', path: [group, index, 'dateOfBirth'], message });
      })
      .safeParse({ [group]: answerOf(answers, group) });
    return result.success ? undefined : formErrors(result.error);
  };
  return {
    audience: spec.audience,
    pages,
    checkPage,
    readAll(answers, today) {
      for (const page of pages) {
        const errors = checkPage(page.group, answers, today);
        if (errors) return { ok: false, page, errors };
      }
      const parsed = Object.fromEntries(
        pages.map(({ group }) => [group, spec.shape[group].parse(answerOf(answers, group))])
      ) as Parsed<S>;
      const sections = pages.map(({ group, title }) => ({
        group,
        title,
        rows: spec.pages[group].summarise(parsed[group], today),
      }));
      return { ok: true, sections, details: spec.toDetails(parsed, today) };
    },
  };
}

/** Dates of birth that only today can judge: a child who is now an adult, an adult not yet born. */
function datedProblems(group: Group, parsed: unknown, today: string): [number, string][] {
  if (group === 'children') return adultsAmongChildren(parsed as OnlineChild[], today);
  if (group === 'adults') return adultsNotYetBorn(parsed as (ReferredAdult | null)[], today);
  return [];
}

/** A page not yet answered counts as blank, so its own messages show rather than a type error. */
export function answerOf(answers: Answers, group: Group) {
  return answers[group] ?? (isListGroup(group) ? [{}] : {});
}
