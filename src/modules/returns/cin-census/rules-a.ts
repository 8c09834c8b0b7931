/**
 * The DfE CIN census rules 100 to 4017 (cin-census.md), as the DfE describes them. Where the public
 * validator (csc-validator-be-cin) has a quirk, the rule here does what the DfE rule says; the quirk is
 * noted on the rule. Dates that are missing or not real dates are skipped by the comparisons: the
 * presence rules (4010, 8600, 8720 …) report those.
 */
import { censusDate, isWithin } from './census-dates.ts';
import type { CensusChild, CinDetails } from './census-model.ts';
import { DISABILITY_CODES } from './code-lists.ts';
import { datesOf, episodesOf, hitOn, isNoFurtherAction } from './rule-helpers.ts';
import {
  childRule,
  returnRule,
  type CensusContext,
  type CensusRule,
  type FindingLocation,
  type RuleHit,
} from './rule-types.ts';

/** The check letters of a UPN, indexed by the weighted sum mod 23 (no I, O or S). */
const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const UPN_SHAPE = /^[A-Za-z]\d{11}[\dA-Za-z]$/;

/** LA and pseudo-LA codes accepted as UPN characters 2-4 (rule 1530). */
const UPN_LA_CODES: ReadonlySet<string> = new Set([
  ...codeRange(1, 5),
  ...codeRange(201, 213),
  ...codeRange(301, 320),
  ...codeRange(330, 336),
  ...codeRange(340, 344),
  ...codeRange(350, 359),
  ...codeRange(370, 373),
  ...codeRange(380, 384),
  ...codeRange(390, 394),
  ...codeRange(660, 681),
  ...codeRange(701, 708),
  ...codeRange(800, 803),
  ...codeRange(805, 808),
  ...codeRange(810, 813),
  ...codeRange(820, 823),
  ...codeRange(835, 839),
  ...codeRange(850, 852),
  ...codeRange(855, 857),
  ...codeRange(865, 896),
  ...codeRange(935, 938),
  ...codeRange(940, 941),
  ...'420 815 816 825 826 830 831 840 841 845 846 860 861 908 909 916 919 921 925 926 928 929 931 933 942 943'.split(
    ' '
  ),
]);

function codeRange(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => String(from + offset).padStart(3, '0'));
}

/** The check letter a UPN should start with; a temporary UPN's final letter counts as its check-table value. */
export function upnCheckLetter(upn: string): string | undefined {
  if (!UPN_SHAPE.test(upn)) return undefined;
  let sum = 0;
  for (let position = 2; position <= 13; position++) {
    const character = upn[position - 1]!.toUpperCase();
    const value = /\d/.test(character) ? Number(character) : UPN_CHECK_LETTERS.indexOf(character);
    if (value < 0) return undefined; // I, O or S at the end: rule 1550 reports it
    sum += value * position;
  }
  return UPN_CHECK_LETTERS[sum % 23];
}

const at = (episode: number, group?: FindingLocation['group'], index?: number): FindingLocation => ({
  episode,
  ...(group && { group, index }),
});

/** Each dated item of one group of every episode, with the episode and the item's location. */
function itemsOf<K extends 'Assessments' | 'CINPlanDates' | 'Section47' | 'ChildProtectionPlans'>(
  child: CensusChild,
  group: K
): { item: CinDetails[K][number]; episode: CinDetails; at: FindingLocation }[] {
  return child.CINdetails.flatMap((episode, episodeIndex) =>
    (episode[group] as CinDetails[K][number][]).map((item, index) => ({
      item,
      episode,
      at: at(episodeIndex, group, index),
    }))
  );
}

/** Items whose date (picked by `dateOf`) is before the episode's referral date. */
function beforeReferral<K extends 'Assessments' | 'CINPlanDates' | 'Section47' | 'ChildProtectionPlans'>(
  child: CensusChild,
  group: K,
  field: string,
  dateOf: (item: CinDetails[K][number]) => string | undefined
): RuleHit[] {
  return itemsOf(child, group).flatMap(({ item, episode, at: where }) => {
    const date = censusDate(dateOf(item));
    const referral = censusDate(episode.CINreferralDate);
    return date && referral && date < referral
      ? [{ fields: [field, 'CINreferralDate'], value: date, at: where }]
      : [];
  });
}

/** A period from a start to an end, or to the reference date while it is open. */
interface Period {
  start: string;
  end: string;
  open: boolean;
}

function periodOf(start: string | undefined, end: string | undefined, context: CensusContext) {
  const from = censusDate(start);
  if (from === undefined) return undefined;
  const to = censusDate(end);
  return { start: from, end: to ?? context.referenceDate, open: to === undefined } satisfies Period;
}

/** Whether a date falls in a period: from its start, up to but not on its end (the end is a handover day). */
function startsDuring(date: string, period: Period): boolean {
  return date >= period.start && (period.open ? date <= period.end : date < period.end);
}

function cinPlansOf(child: CensusChild, context: CensusContext) {
  return itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
    const period = periodOf(item.CINPlanStartDate, item.CINPlanEndDate, context);
    return period ? [{ period, at: where }] : [];
  });
}

function protectionPlansOf(child: CensusChild, context: CensusContext) {
  return itemsOf(child, 'ChildProtectionPlans').flatMap(({ item, at: where }) => {
    const period = periodOf(item.CPPstartDate, item.CPPendDate, context);
    return period ? [{ period, at: where }] : [];
  });
}

function deathDateOf(child: CensusChild): string | undefined {
  return censusDate(child.ChildIdentifiers.PersonDeathDate);
}

function inYear(date: string, context: CensusContext): boolean {
  return isWithin(date, context.yearStart, context.referenceDate);
}

/** The distinct valid disability codes of a child other than NONE. */
function disabilitiesOf(child: CensusChild): Set<string> {
  return new Set(
    (child.ChildCharacteristics.Disabilities ?? [])
      .map((code) => code.trim())
      .filter((code) => code !== 'NONE' && DISABILITY_CODES.has(code))
  );
}

/** ICPC dates of an episode held on its section 47 enquiries. */
function section47ConferencesOf(episode: CinDetails): string[] {
  return datesOf(episode.Section47.map((enquiry) => enquiry.DateOfInitialCPC));
}

export const RULES_A: CensusRule[] = [
  returnRule('100', 'Reference Date is incorrect', (context) => {
    const details = context.census.Header?.CollectionDetails;
    const referenceDate = censusDate(details?.ReferenceDate);
    const year = details?.Year?.trim();
    return referenceDate !== undefined && year !== undefined && referenceDate === `${year}-03-31`
      ? []
      : [
          {
            fields: ['ReferenceDate', 'Year'],
            ...(details?.ReferenceDate && { value: details.ReferenceDate }),
          },
        ];
  }),

  childRule('1103', 'The assessment start date cannot be before the referral date', (child) =>
    beforeReferral(
      child,
      'Assessments',
      'AssessmentActualStartDate',
      (item) => item.AssessmentActualStartDate
    )
  ),

  // The DfE message covers any initial conference: the episode-level date is checked as well as the S47 one.
  childRule(
    '1104',
    'The date of the initial child protection conference cannot be before the referral date',
    (child) => [
      ...beforeReferral(child, 'Section47', 'DateOfInitialCPC', (item) => item.DateOfInitialCPC),
      ...episodesOf(child).flatMap(({ episode, at: where }) => {
        const conference = censusDate(episode.DateOfInitialCPC);
        const referral = censusDate(episode.CINreferralDate);
        return conference && referral && conference < referral
          ? [{ fields: ['DateOfInitialCPC', 'CINreferralDate'], value: conference, at: where }]
          : [];
      }),
    ]
  ),

  childRule('1105', 'The child protection plan start date cannot be before the referral date', (child) =>
    beforeReferral(child, 'ChildProtectionPlans', 'CPPstartDate', (item) => item.CPPstartDate)
  ),

  // Also for a temporary UPN (ending in a letter), which the validator skips.
  childRule('1510', 'UPN invalid (wrong check letter at character 1)', (child) => {
    const upn = child.ChildIdentifiers.UPN;
    const expected = upn === undefined ? undefined : upnCheckLetter(upn);
    return upn !== undefined && expected !== undefined && upn[0]!.toUpperCase() !== expected
      ? [hitOn('UPN', upn)]
      : [];
  }),

  childRule('1520', 'More than one record with the same UPN.', (child, context) => {
    const upn = child.ChildIdentifiers.UPN?.trim();
    if (!upn) return [];
    const counts = context.once('upn-counts', () => {
      const byUpn = new Map<string, number>();
      for (const other of context.census.Children) {
        const key = other.ChildIdentifiers.UPN?.trim();
        if (key) byUpn.set(key, (byUpn.get(key) ?? 0) + 1);
      }
      return byUpn;
    });
    return (counts.get(upn) ?? 0) > 1 ? [hitOn('UPN', upn)] : [];
  }),

  childRule('1530', 'UPN invalid (characters 2-4 not a recognised LA code)', (child) => {
    const upn = child.ChildIdentifiers.UPN;
    return upn !== undefined && !UPN_LA_CODES.has(upn.slice(1, 4)) ? [hitOn('UPN', upn)] : [];
  }),

  childRule('1540', 'UPN invalid (characters 5-12 not all numeric)', (child) => {
    const upn = child.ChildIdentifiers.UPN;
    return upn !== undefined && !/^\d{8}$/.test(upn.slice(4, 12)) ? [hitOn('UPN', upn)] : [];
  }),

  childRule('1550', 'UPN invalid (character 13 not a recognised value)', (child) => {
    const upn = child.ChildIdentifiers.UPN;
    return upn !== undefined && !/^[\dA-HJ-NPQRT-Z]$/i.test(upn.slice(12, 13)) ? [hitOn('UPN', upn)] : [];
  }),

  // A former UPN has a UPN's shape; unlike the validator, a temporary one (ending in a letter) is accepted.
  childRule(
    '1560Q',
    'Please check and either amend or provide a reason: Former UPN wrongly formatted',
    (child) => {
      const former = child.ChildIdentifiers.FormerUPN;
      return former !== undefined && !UPN_SHAPE.test(former) ? [hitOn('FormerUPN', former)] : [];
    }
  ),

  childRule('1570', 'LA Child ID must not be longer than 20 characters', (child) => {
    const id = child.ChildIdentifiers.LAchildID;
    return id !== undefined && id.length > 20 ? [hitOn('LAchildID', id)] : [];
  }),

  childRule('1580', 'LA Child ID must not contain any non-alphanumeric characters', (child) => {
    const id = child.ChildIdentifiers.LAchildID;
    return id !== undefined && !/^[A-Za-z0-9]*$/.test(id) ? [hitOn('LAchildID', id)] : [];
  }),

  returnRule(
    '2883',
    'There are more child protection plans starting than initial conferences taking place',
    (context) => {
      const episodes = context.census.Children.flatMap((child) => child.CINdetails);
      const countInYear = (dates: string[]) => dates.filter((date) => inYear(date, context)).length;
      const plans = countInYear(
        datesOf(episodes.flatMap((episode) => episode.ChildProtectionPlans.map((plan) => plan.CPPstartDate)))
      );
      const conferences =
        countInYear(datesOf(episodes.map((episode) => episode.DateOfInitialCPC))) +
        countInYear(episodes.flatMap(section47ConferencesOf));
      return plans > conferences
        ? [
            {
              fields: ['CPPstartDate', 'DateOfInitialCPC'],
              value: `${plans} plans, ${conferences} conferences`,
            },
          ]
        : [];
    }
  ),

  childRule(
    '2884',
    'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one',
    (child) =>
      episodesOf(child).flatMap(({ episode, at: where }) =>
        censusDate(episode.DateOfInitialCPC) && section47ConferencesOf(episode).length > 0
          ? [{ fields: ['DateOfInitialCPC'], value: episode.DateOfInitialCPC, at: where }]
          : []
      )
  ),

  // The plan matches a conference held on its S47 enquiries; the episode-level date counts only when no
  // enquiry of the episode records one (the validator accepts either, whichever is present).
  childRule(
    '2885',
    'Child protection plan shown as starting a different day to the initial child protection conference.',
    (child, context) =>
      itemsOf(child, 'ChildProtectionPlans').flatMap(({ item, episode, at: where }) => {
        const start = censusDate(item.CPPstartDate);
        if (start === undefined || !inYear(start, context)) return [];
        const onEnquiries = section47ConferencesOf(episode);
        const conferences = onEnquiries.length > 0 ? onEnquiries : datesOf([episode.DateOfInitialCPC]);
        return conferences.includes(start)
          ? []
          : [{ fields: ['CPPstartDate', 'DateOfInitialCPC'], value: start, at: where }];
      })
  ),

  // "No sex recorded": Sex missing or U (anything but M/F), for children who are born.
  returnRule(
    '2886Q',
    'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    (context) => {
      const children = context.census.Children;
      const unrecorded = children.filter(
        ({ ChildIdentifiers: ids }) =>
          ids.ExpectedPersonBirthDate === undefined && !['M', 'F'].includes(ids.Sex?.trim() ?? '')
      ).length;
      return children.length > 0 && unrecorded / children.length > 0.02
        ? [{ fields: ['Sex'], value: `${unrecorded} of ${children.length}` }]
        : [];
    }
  ),

  // The DfE rule counts distinct codes other than NONE; the validator counts NONE rows instead.
  returnRule(
    '2887Q',
    'Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return',
    (context) => {
      const used = new Set(context.census.Children.flatMap((child) => [...disabilitiesOf(child)]));
      return used.size <= 7 ? [{ fields: ['Disability'], value: `${used.size} codes` }] : [];
    }
  ),

  returnRule(
    '2888Q',
    'Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.',
    (context) =>
      context.census.Children.some((child) => disabilitiesOf(child).size > 1)
        ? []
        : [{ fields: ['Disability'] }]
  ),

  childRule('2889', 'The S47 start date cannot be before the referral date.', (child) =>
    beforeReferral(child, 'Section47', 'S47ActualStartDate', (item) => item.S47ActualStartDate)
  ),

  childRule(
    '2990',
    "Activity is recorded against a case marked as 'Case closed after assessment, no further action' or 'case closed after assessment, referred to early help'.",
    (child) =>
      episodesOf(child).flatMap(({ episode, at: where }) => {
        if (!['RC8', 'RC9'].includes(episode.ReasonForClosure?.trim() ?? '')) return [];
        const activity = [
          episode.DateOfInitialCPC !== undefined && 'DateOfInitialCPC',
          episode.CINPlanDates.length > 0 && 'CINPlanDates',
          episode.Section47.length > 0 && 'Section47',
          episode.ChildProtectionPlans.length > 0 && 'ChildProtectionPlans',
        ].filter((field) => field !== false);
        return activity.length > 0
          ? [{ fields: ['ReasonForClosure', ...activity], value: episode.ReasonForClosure, at: where }]
          : [];
      })
  ),

  childRule(
    '2991Q',
    'Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode',
    (child) =>
      episodesOf(child).flatMap(({ episode, at: where }) =>
        episode.Section47.length > 0 && episode.Assessments.length === 0
          ? [{ fields: ['Section47', 'Assessments'], at: where }]
          : []
      )
  ),

  childRule('4000', 'CIN Plan details provided for a referral with no further action', (child) =>
    episodesOf(child).flatMap(({ episode, at: where }) =>
      isNoFurtherAction(episode) && episode.CINPlanDates.length > 0
        ? [{ fields: ['ReferralNFA', 'CINPlanDates'], value: episode.ReferralNFA, at: where }]
        : []
    )
  ),

  childRule('4001', 'A CIN Plan cannot run concurrently with a Child Protection Plan', (child) =>
    episodesOf(child).flatMap(({ episode, at: where }) => {
      const openProtectionPlan = episode.ChildProtectionPlans.some((plan) => !censusDate(plan.CPPendDate));
      const openCinPlan = episode.CINPlanDates.some((plan) => !censusDate(plan.CINPlanEndDate));
      return openProtectionPlan && openCinPlan
        ? [{ fields: ['CPPendDate', 'CINPlanEndDate'], at: where }]
        : [];
    })
  ),

  // Within an episode, as the DfE rule says (the validator compares plans across all the child's episodes).
  childRule(
    '4003',
    'A CPP review date is shown as being held at the same time as an open CIN Plan.',
    (child, context) =>
      child.CINdetails.flatMap((episode, episodeIndex) => {
        const cinPlans = episode.CINPlanDates.map((plan) =>
          periodOf(plan.CINPlanStartDate, plan.CINPlanEndDate, context)
        ).filter((period) => period !== undefined);
        return episode.ChildProtectionPlans.flatMap((plan, index) => {
          const end = censusDate(plan.CPPendDate);
          return datesOf(plan.Reviews ?? [])
            .filter((review) => review !== end && cinPlans.some((period) => startsDuring(review, period)))
            .map((review) => ({
              fields: ['CPPreviewDate', 'CINPlanStartDate', 'CINPlanEndDate'],
              value: review,
              at: at(episodeIndex, 'ChildProtectionPlans', index),
            }));
        });
      })
  ),

  childRule('4004', 'This child is showing more than one open CIN Plan, i.e. with no End Date', (child) => {
    const open = itemsOf(child, 'CINPlanDates').filter(({ item }) => !censusDate(item.CINPlanEndDate));
    return open.length > 1
      ? open.slice(1).map(({ at: where }) => ({ fields: ['CINPlanEndDate'], at: where }))
      : [];
  }),

  childRule('4008', 'CIN Plan shown as starting after the child’s Date of Death.', (child) => {
    const death = deathDateOf(child);
    if (!death) return [];
    return itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
      const start = censusDate(item.CINPlanStartDate);
      return start && start > death
        ? [{ fields: ['CINPlanStartDate', 'PersonDeathDate'], value: start, at: where }]
        : [];
    });
  }),

  childRule('4009Q', 'CIN Plan cannot end after the child’s Date of Death', (child) => {
    const death = deathDateOf(child);
    if (!death) return [];
    return itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
      const end = censusDate(item.CINPlanEndDate);
      return end && end > death
        ? [{ fields: ['CINPlanEndDate', 'PersonDeathDate'], value: end, at: where }]
        : [];
    });
  }),

  childRule('4010', 'CIN Plan start date is missing or out of data collection period', (child, context) =>
    itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
      const start = censusDate(item.CINPlanStartDate);
      return start === undefined || start > context.referenceDate
        ? [hitOn('CINPlanStartDate', item.CINPlanStartDate, where)]
        : [];
    })
  ),

  childRule('4011', 'CIN Plan End Date earlier than Start Date', (child) =>
    itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
      const [start, end] = [censusDate(item.CINPlanStartDate), censusDate(item.CINPlanEndDate)];
      return start && end && end < start
        ? [{ fields: ['CINPlanEndDate', 'CINPlanStartDate'], value: end, at: where }]
        : [];
    })
  ),

  childRule(
    '4012Q',
    'Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day',
    (child) =>
      itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
        const [start, end] = [censusDate(item.CINPlanStartDate), censusDate(item.CINPlanEndDate)];
        return start && start === end
          ? [{ fields: ['CINPlanStartDate', 'CINPlanEndDate'], value: end, at: where }]
          : [];
      })
  ),

  childRule('4013', 'CIN Plan end date must fall within the census year', (child, context) =>
    itemsOf(child, 'CINPlanDates').flatMap(({ item, at: where }) => {
      const end = censusDate(item.CINPlanEndDate);
      return end && !inYear(end, context) ? [hitOn('CINPlanEndDate', end, where)] : [];
    })
  ),

  // A plan overlaps another when it starts on or after the other's start and on or before its end.
  childRule('4014', 'CIN Plan data contains overlapping dates', (child, context) => {
    const plans = cinPlansOf(child, context);
    return plans
      .filter((plan, index) =>
        plans.some(
          (other, otherIndex) =>
            otherIndex !== index &&
            plan.period.start >= other.period.start &&
            plan.period.start <= other.period.end
        )
      )
      .map(({ period, at: where }) => ({
        fields: ['CINPlanStartDate', 'CINPlanEndDate'],
        value: period.start,
        at: where,
      }));
  }),

  childRule('4015', 'The CIN Plan start date cannot be before the referral date', (child) =>
    beforeReferral(child, 'CINPlanDates', 'CINPlanStartDate', (item) => item.CINPlanStartDate)
  ),

  childRule(
    '4016',
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    (child, context) => {
      const protectionPlans = protectionPlansOf(child, context);
      return cinPlansOf(child, context)
        .filter(({ period }) => protectionPlans.some((plan) => startsDuring(period.start, plan.period)))
        .map(({ period, at: where }) => ({
          fields: ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'],
          value: period.start,
          at: where,
        }));
    }
  ),

  childRule(
    '4017',
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    (child, context) => {
      const cinPlans = cinPlansOf(child, context);
      return protectionPlansOf(child, context)
        .filter(({ period }) => cinPlans.some((plan) => startsDuring(period.start, plan.period)))
        .map(({ period, at: where }) => ({
          fields: ['CPPstartDate', 'CINPlanStartDate', 'CINPlanEndDate'],
          value: period.start,
          at: where,
        }));
    }
  ),
];
