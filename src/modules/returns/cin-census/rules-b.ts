/**
 * The DfE CIN census rules after 4017 in cin-census.md (4180 to 8950Q), as the product's own check.
 *
 * Each rule follows the DfE rule as intended, not the public validator where it has a bug; those places say
 * so in a comment (8675Q, 8820, 8841, 8842Q, 8890, 8898, 8945Q, 8950Q). Dates are read with `censusDate`,
 * so text that is not a real date counts as missing, as the DfE validator does.
 */
import { isWorkingDay } from '../../../shared/working-time.ts';
import { addDays, addMonths, censusDate, isWeekend, isWithin, yesNo } from './census-dates.ts';
import type { Assessment, CensusChild, CinDetails, Section47 } from './census-model.ts';
import {
  ASSESSMENT_FACTOR_CODES,
  CATEGORY_OF_ABUSE_CODES,
  DISABILITY_CODES,
  ETHNICITY_CODES,
  PRIMARY_NEED_CODES,
  REASON_FOR_CLOSURE_CODES,
  REFERRAL_SOURCE_CODES,
  SEX_CODES,
} from './code-lists.ts';
import { datesOf, isNoFurtherAction } from './rule-helpers.ts';
import type { CensusContext, CensusRule, ChildRule, FindingLocation, RuleHit } from './rule-types.ts';

type Group = NonNullable<FindingLocation['group']>;

/** A child-level rule; queries are the codes ending in Q. */
function childRule(
  code: string,
  description: string,
  check: (child: CensusChild, context: CensusContext) => RuleHit[]
): ChildRule {
  return { code, severity: code.endsWith('Q') ? 'query' : 'error', level: 'child', description, check };
}

/** Hits for each episode of the child; `check` returns the hits of one episode. */
function perEpisode(
  check: (episode: CinDetails, at: FindingLocation, child: CensusChild, context: CensusContext) => RuleHit[]
) {
  return (child: CensusChild, context: CensusContext): RuleHit[] =>
    child.CINdetails.flatMap((episode, index) => check(episode, { episode: index }, child, context));
}

/** Hits for each item of one repeating group in every episode. */
function perItem<G extends Group>(
  group: G,
  check: (
    item: CinDetails[G][number],
    at: FindingLocation,
    episode: CinDetails,
    child: CensusChild,
    context: CensusContext
  ) => RuleHit | undefined
) {
  return perEpisode((episode, { episode: episodeIndex }, child, context) =>
    (episode[group] as CinDetails[G][number][]).flatMap((item, index) => {
      const hit = check(item, { episode: episodeIndex, group, index }, episode, child, context);
      return hit ? [hit] : [];
    })
  );
}

const text = (value: string | undefined): string | undefined => value?.trim() || undefined;
const isFurtherAction = (episode: CinDetails): boolean => yesNo(episode.ReferralNFA) === false;
const isInYear = (date: string, context: CensusContext): boolean =>
  isWithin(date, context.yearStart, context.referenceDate);
const hasFurtherAction = (child: CensusChild): boolean => child.CINdetails.some(isFurtherAction);
const isAssessmentOpen = (assessment: Assessment): boolean =>
  censusDate(assessment.AssessmentAuthorisationDate) === undefined;
/** A S47 still waiting for its initial conference: no ICPC date and not marked "ICPC not required". */
const isS47Open = (enquiry: Section47): boolean =>
  censusDate(enquiry.DateOfInitialCPC) === undefined && yesNo(enquiry.ICPCnotRequired) !== true;
const factorsOf = (assessment: Assessment): string[] =>
  (assessment.AssessmentFactors ?? []).map((factor) => factor.trim());

/** The n-th working day before a date (England bank holidays), as the DfE's "date minus n working days". */
function workingDaysBefore(date: string, days: number, context: CensusContext): string {
  return context.once(`rules-b:working-days-before:${date}:${days}`, () => {
    let day = date;
    for (let counted = 0; counted < days;) {
      day = addDays(day, -1);
      if (isWorkingDay(day, context.calendar)) counted++;
    }
    return day;
  });
}

/** Hits where a date of one item falls inside the period of another item of the same list. */
function overlapHits(
  periods: { start: string | undefined; inside: (date: string) => boolean }[],
  at: (index: number) => FindingLocation,
  fields: string[]
): RuleHit[] {
  return periods.flatMap((period, index) => {
    const { start } = period;
    if (start === undefined) return [];
    const overlaps = periods.some((other, otherIndex) => otherIndex !== index && other.inside(start));
    return overlaps ? [{ fields, value: start, at: at(index) }] : [];
  });
}

/** Within one assessment, the factor codes that appear more than once. */
function repeatedCodes(codes: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const code of codes) (seen.has(code) ? repeated : seen).add(code);
  return [...repeated];
}

function factorRule(code: string, legacyFactor: string, description: string): ChildRule {
  // The validator compares the whole factor list with the code, so it never fires on XML (cin-census.md).
  return childRule(
    code,
    description,
    perItem('Assessments', (assessment, at) =>
      factorsOf(assessment).includes(legacyFactor)
        ? { fields: ['AssessmentFactors'], value: legacyFactor, at }
        : undefined
    )
  );
}

export const RULES_B: CensusRule[] = [
  childRule('4180', 'Sex must be provided and equal M, F, or U', (child) => {
    const sex = child.ChildIdentifiers.Sex;
    return SEX_CODES.has(sex?.trim() ?? '') ? [] : [{ fields: ['Sex'], value: sex }];
  }),

  childRule('4220', 'Ethnicity is missing or invalid (see Ethnicity table)', (child) => {
    const ethnicity = child.ChildCharacteristics.Ethnicity;
    return ETHNICITY_CODES.has(ethnicity?.trim() ?? '') ? [] : [{ fields: ['Ethnicity'], value: ethnicity }];
  }),

  childRule('8500', 'LA Child ID missing', (child) =>
    text(child.ChildIdentifiers.LAchildID) ? [] : [{ fields: ['LAchildID'] }]
  ),

  childRule('8510', 'More than one child record with the same LA Child ID', (child, context) => {
    const id = text(child.ChildIdentifiers.LAchildID);
    if (id === undefined) return [];
    const counts = context.once('rules-b:la-child-id-counts', () => {
      const byId = new Map<string, number>();
      for (const other of context.census.Children) {
        const otherId = text(other.ChildIdentifiers.LAchildID);
        if (otherId !== undefined) byId.set(otherId, (byId.get(otherId) ?? 0) + 1);
      }
      return byId;
    });
    return (counts.get(id) ?? 0) > 1 ? [{ fields: ['LAchildID'], value: id }] : [];
  }),

  childRule(
    '8520',
    'Date of Birth is after data collection period (must be on or before the end of the census period)',
    (child, context) => {
      const birth = censusDate(child.ChildIdentifiers.PersonBirthDate);
      return birth !== undefined && birth > context.referenceDate
        ? [{ fields: ['PersonBirthDate'], value: birth }]
        : [];
    }
  ),

  childRule(
    '8525Q',
    'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    (child) => {
      const hasBirth = censusDate(child.ChildIdentifiers.PersonBirthDate) !== undefined;
      const hasExpected = censusDate(child.ChildIdentifiers.ExpectedPersonBirthDate) !== undefined;
      return hasBirth === hasExpected ? [{ fields: ['PersonBirthDate', 'ExpectedPersonBirthDate'] }] : [];
    }
  ),

  childRule(
    '8530Q',
    'Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
    (child, context) => {
      const expected = censusDate(child.ChildIdentifiers.ExpectedPersonBirthDate);
      if (expected === undefined) return [];
      const inRange = isWithin(expected, addDays(context.asAt, -30), addMonths(context.asAt, 9));
      return inRange ? [] : [{ fields: ['ExpectedPersonBirthDate'], value: expected }];
    }
  ),

  childRule(
    '8535Q',
    'Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth',
    (child) => {
      const birth = censusDate(child.ChildIdentifiers.PersonBirthDate);
      const death = censusDate(child.ChildIdentifiers.PersonDeathDate);
      return birth !== undefined && death !== undefined && death < birth
        ? [{ fields: ['PersonDeathDate', 'PersonBirthDate'], value: death }]
        : [];
    }
  ),

  childRule('8540', 'Child’s disability is missing or invalid (see Disability table)', (child) => {
    if (censusDate(child.ChildIdentifiers.PersonBirthDate) === undefined || !hasFurtherAction(child))
      return [];
    const disabilities = child.ChildCharacteristics.Disabilities ?? [];
    if (disabilities.length === 0) return [{ fields: ['Disability'] }];
    return disabilities
      .filter((code) => !DISABILITY_CODES.has(code.trim()))
      .map((code) => ({ fields: ['Disability'], value: code }));
  }),

  childRule(
    '8545Q',
    "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    (child, context) => {
      const death = censusDate(child.ChildIdentifiers.PersonDeathDate);
      return death !== undefined && !isInYear(death, context)
        ? [{ fields: ['PersonDeathDate'], value: death }]
        : [];
    }
  ),

  childRule(
    '8555Q',
    'Child cannot be referred after its recorded date of death',
    perEpisode((episode, at, child) => {
      const death = censusDate(child.ChildIdentifiers.PersonDeathDate);
      const referral = censusDate(episode.CINreferralDate);
      return death !== undefined && referral !== undefined && referral > death
        ? [{ fields: ['CINreferralDate', 'PersonDeathDate'], value: referral, at }]
        : [];
    })
  ),

  childRule(
    '8565',
    'Activity shown after a case has been closed',
    perEpisode((episode, at) => {
      const closure = censusDate(episode.CINclosureDate);
      if (closure === undefined) return [];
      const activity: { field: string; date: string | undefined; at: FindingLocation }[] = [
        { field: 'DateOfInitialCPC', date: episode.DateOfInitialCPC, at },
        ...episode.Assessments.flatMap((assessment, index) => {
          const where = { ...at, group: 'Assessments' as const, index };
          return [
            { field: 'AssessmentActualStartDate', date: assessment.AssessmentActualStartDate, at: where },
            { field: 'AssessmentAuthorisationDate', date: assessment.AssessmentAuthorisationDate, at: where },
          ];
        }),
        ...episode.Section47.flatMap((enquiry, index) => {
          const where = { ...at, group: 'Section47' as const, index };
          return [
            { field: 'S47ActualStartDate', date: enquiry.S47ActualStartDate, at: where },
            { field: 'DateOfInitialCPC', date: enquiry.DateOfInitialCPC, at: where },
          ];
        }),
        ...episode.ChildProtectionPlans.map((plan, index) => ({
          field: 'CPPendDate',
          date: plan.CPPendDate,
          at: { ...at, group: 'ChildProtectionPlans' as const, index },
        })),
        ...episode.CINPlanDates.flatMap((plan, index) => {
          const where = { ...at, group: 'CINPlanDates' as const, index };
          return [
            { field: 'CINPlanStartDate', date: plan.CINPlanStartDate, at: where },
            { field: 'CINPlanEndDate', date: plan.CINPlanEndDate, at: where },
          ];
        }),
      ];
      return activity.flatMap(({ field, date, at: where }) => {
        const day = censusDate(date);
        return day !== undefined && day > closure
          ? [{ fields: [field, 'CINclosureDate'], value: day, at: where }]
          : [];
      });
    })
  ),

  childRule(
    '8568',
    'RNFA flag is missing or invalid',
    perEpisode((episode, at) =>
      yesNo(episode.ReferralNFA) === undefined
        ? [{ fields: ['ReferralNFA'], value: episode.ReferralNFA, at }]
        : []
    )
  ),

  childRule(
    '8569Q',
    'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
    perEpisode((episode, at, _child, context) => {
      const referral = censusDate(episode.CINreferralDate);
      const cutOff = workingDaysBefore(context.yearStart, 1, context);
      return referral !== undefined && referral < cutOff && isNoFurtherAction(episode)
        ? [{ fields: ['CINreferralDate', 'ReferralNFA'], value: referral, at }]
        : [];
    })
  ),

  childRule(
    '8585Q',
    'Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
    perEpisode((episode, at, child) =>
      text(episode.ReasonForClosure) === 'RC2' &&
      censusDate(child.ChildIdentifiers.PersonDeathDate) === undefined
        ? [{ fields: ['ReasonForClosure', 'PersonDeathDate'], value: 'RC2', at }]
        : []
    )
  ),

  childRule('8590', 'Child does not have a recorded CIN episode.', (child) =>
    child.CINdetails.length === 0 ? [{ fields: ['CINdetails'] }] : []
  ),

  childRule(
    '8600',
    'Child referral date missing or after data collection period',
    perEpisode((episode, at, _child, context) => {
      const referral = censusDate(episode.CINreferralDate);
      return referral === undefined || referral > context.referenceDate
        ? [{ fields: ['CINreferralDate'], value: episode.CINreferralDate, at }]
        : [];
    })
  ),

  childRule(
    '8606',
    'Child referral date is more than 40 weeks before DOB or expected DOB',
    perEpisode((episode, at, child) => {
      const referral = censusDate(episode.CINreferralDate);
      if (referral === undefined) return [];
      const births = datesOf([
        child.ChildIdentifiers.PersonBirthDate,
        child.ChildIdentifiers.ExpectedPersonBirthDate,
      ]);
      return births.some((birth) => referral < addDays(birth, -280))
        ? [{ fields: ['CINreferralDate', 'PersonBirthDate', 'ExpectedPersonBirthDate'], value: referral, at }]
        : [];
    })
  ),

  childRule(
    '8608',
    'Assessment Start Date cannot be later than its End Date',
    perItem('Assessments', (assessment, at) => {
      const start = censusDate(assessment.AssessmentActualStartDate);
      const end = censusDate(assessment.AssessmentAuthorisationDate);
      return start !== undefined && end !== undefined && end < start
        ? { fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], value: end, at }
        : undefined;
    })
  ),

  childRule(
    '8610',
    'Primary Need code is missing for a referral which led to further action.',
    perEpisode((episode, at) =>
      isFurtherAction(episode) && text(episode.PrimaryNeedCode) === undefined
        ? [{ fields: ['PrimaryNeedCode', 'ReferralNFA'], at }]
        : []
    )
  ),

  childRule(
    '8614',
    'Parental or child factors at assessment should only be present for a completed assessment.',
    perItem('Assessments', (assessment, at) =>
      factorsOf(assessment).length > 0 && isAssessmentOpen(assessment)
        ? { fields: ['AssessmentFactors', 'AssessmentAuthorisationDate'], at }
        : undefined
    )
  ),

  childRule(
    '8615',
    'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
    perItem('Section47', (enquiry, at) => {
      const conference = censusDate(enquiry.DateOfInitialCPC);
      if (conference === undefined) return undefined;
      const start = censusDate(enquiry.S47ActualStartDate);
      return start === undefined || start > conference
        ? { fields: ['S47ActualStartDate', 'DateOfInitialCPC'], value: enquiry.S47ActualStartDate, at }
        : undefined;
    })
  ),

  childRule(
    '8620',
    'CIN Closure Date present and does not fall within the Census year',
    perEpisode((episode, at, _child, context) => {
      const closure = censusDate(episode.CINclosureDate);
      return closure !== undefined && !isInYear(closure, context)
        ? [{ fields: ['CINclosureDate'], value: closure, at }]
        : [];
    })
  ),

  childRule(
    '8630',
    'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    perEpisode((episode, at) => {
      const referral = censusDate(episode.CINreferralDate);
      const closure = censusDate(episode.CINclosureDate);
      return referral !== undefined && closure !== undefined && closure < referral
        ? [{ fields: ['CINclosureDate', 'CINreferralDate'], value: closure, at }]
        : [];
    })
  ),

  childRule(
    '8640',
    'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
    perEpisode((episode, at) => {
      const reason = text(episode.ReasonForClosure);
      return reason !== undefined && !REASON_FOR_CLOSURE_CODES.has(reason)
        ? [{ fields: ['ReasonForClosure'], value: reason, at }]
        : [];
    })
  ),

  childRule(
    '8650',
    'Primary Need Code invalid (see Primary Need table in CIN census code set)',
    perEpisode((episode, at) => {
      const need = text(episode.PrimaryNeedCode);
      return need !== undefined && !PRIMARY_NEED_CODES.has(need)
        ? [{ fields: ['PrimaryNeedCode'], value: need, at }]
        : [];
    })
  ),

  childRule(
    '8670Q',
    'Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
    perItem('Assessments', (assessment, at, _episode, _child, context) => {
      const start = censusDate(assessment.AssessmentActualStartDate);
      return start !== undefined &&
        isAssessmentOpen(assessment) &&
        start < workingDaysBefore(context.asAt, 45, context)
        ? { fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], value: start, at }
        : undefined;
    })
  ),

  childRule(
    '8675Q',
    'Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
    // The DfE rule: no ICPC, ICPCnotRequired false, start before ReferenceDate minus 15 working days. The
    // validator inverts the date test and queries enquiries started within the last 15 working days.
    perItem('Section47', (enquiry, at, _episode, _child, context) => {
      const start = censusDate(enquiry.S47ActualStartDate);
      return start !== undefined &&
        censusDate(enquiry.DateOfInitialCPC) === undefined &&
        yesNo(enquiry.ICPCnotRequired) === false &&
        start < workingDaysBefore(context.asAt, 15, context)
        ? { fields: ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'], value: start, at }
        : undefined;
    })
  ),

  childRule(
    '8696',
    'Assessment end date must fall within the census year',
    perItem('Assessments', (assessment, at, _episode, _child, context) => {
      const end = censusDate(assessment.AssessmentAuthorisationDate);
      return end !== undefined && !isInYear(end, context)
        ? { fields: ['AssessmentAuthorisationDate'], value: end, at }
        : undefined;
    })
  ),

  childRule(
    '8715',
    'Date of Initial Child Protection Conference must fall within the census year',
    perItem('Section47', (enquiry, at, _episode, _child, context) => {
      const conference = censusDate(enquiry.DateOfInitialCPC);
      return conference !== undefined && !isInYear(conference, context)
        ? { fields: ['DateOfInitialCPC'], value: conference, at }
        : undefined;
    })
  ),

  childRule(
    '8720',
    'Child Protection Plan Start Date missing or out of data collection period',
    perItem('ChildProtectionPlans', (plan, at, _episode, _child, context) => {
      const start = censusDate(plan.CPPstartDate);
      return start === undefined || start > context.referenceDate
        ? { fields: ['CPPstartDate'], value: plan.CPPstartDate, at }
        : undefined;
    })
  ),

  childRule(
    '8730',
    'Total Number of previous Child Protection Plans missing',
    perItem('ChildProtectionPlans', (plan, at) =>
      /^\d+$/.test(plan.NumberOfPreviousCPP?.trim() ?? '')
        ? undefined
        : { fields: ['NumberOfPreviousCPP'], value: plan.NumberOfPreviousCPP, at }
    )
  ),

  childRule(
    '8736',
    'For an Assessment that has not been completed, the start date must fall within the census year',
    perItem('Assessments', (assessment, at, _episode, _child, context) => {
      const start = censusDate(assessment.AssessmentActualStartDate);
      return start !== undefined && isAssessmentOpen(assessment) && !isInYear(start, context)
        ? { fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], value: start, at }
        : undefined;
    })
  ),

  childRule(
    '8740',
    'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
    perItem('Section47', (enquiry, at, _episode, _child, context) => {
      const start = censusDate(enquiry.S47ActualStartDate);
      return start !== undefined && isS47Open(enquiry) && !isInYear(start, context)
        ? { fields: ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'], value: start, at }
        : undefined;
    })
  ),

  childRule('8750', 'Sex must equal U for an unborn child', (child) => {
    const { PersonBirthDate, ExpectedPersonBirthDate, Sex } = child.ChildIdentifiers;
    const isUnborn =
      censusDate(ExpectedPersonBirthDate) !== undefined && censusDate(PersonBirthDate) === undefined;
    return isUnborn && Sex?.trim() !== 'U'
      ? [{ fields: ['Sex', 'ExpectedPersonBirthDate'], value: Sex }]
      : [];
  }),

  childRule(
    '8770Q',
    'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
    (child, context) => {
      const { PersonBirthDate, UPN, UPNunknown } = child.ChildIdentifiers;
      const birth = censusDate(PersonBirthDate);
      // Of school age: born on or before 31 August four years before the coming September (the validator's cut-off).
      const latestSchoolAgeBirth = addMonths(addDays(addMonths(context.referenceDate, 4), 31), -48);
      if (birth === undefined || birth > latestSchoolAgeBirth || !hasFurtherAction(child)) return [];
      const reason = UPNunknown?.trim().toUpperCase() ?? '';
      const hasReason = /^UN[2-7]$/.test(reason);
      return text(UPN) === undefined && !hasReason
        ? [{ fields: ['UPN', 'UPNunknown'], value: UPNunknown }]
        : [];
    }
  ),

  childRule(
    '8772',
    'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
    (child) =>
      child.ChildIdentifiers.UPNunknown?.trim().toUpperCase() === 'UN7' && hasFurtherAction(child)
        ? [{ fields: ['UPNunknown', 'ReferralNFA'], value: 'UN7' }]
        : []
  ),

  childRule(
    '8775Q',
    'Please check and either amend data or provide a reason: Child is over 25 years old',
    perEpisode((episode, at, child, context) => {
      const birth = censusDate(child.ChildIdentifiers.PersonBirthDate);
      if (birth === undefined || birth >= addMonths(context.asAt, -300)) return [];
      const closure = censusDate(episode.CINclosureDate);
      return closure === undefined || closure > addMonths(birth, 300)
        ? [{ fields: ['PersonBirthDate', 'CINclosureDate'], value: birth, at }]
        : [];
    })
  ),

  childRule('8790', 'Disability information includes both None and other values', (child) => {
    const codes = (child.ChildCharacteristics.Disabilities ?? []).map((code) => code.trim());
    return codes.includes('NONE') && codes.some((code) => code !== 'NONE')
      ? [{ fields: ['Disability'], value: codes.join(' ') }]
      : [];
  }),

  childRule('8794', 'Child has two or more disabilities with the same code', (child) =>
    repeatedCodes((child.ChildCharacteristics.Disabilities ?? []).map((code) => code.trim())).map((code) => ({
      fields: ['Disability'],
      value: code,
    }))
  ),

  childRule(
    '8805',
    'A CIN case cannot have a CIN closure date without a Reason for Closure',
    perEpisode((episode, at) =>
      censusDate(episode.CINclosureDate) !== undefined && text(episode.ReasonForClosure) === undefined
        ? [{ fields: ['CINclosureDate', 'ReasonForClosure'], at }]
        : []
    )
  ),

  childRule(
    '8810',
    'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    perEpisode((episode, at) =>
      text(episode.ReasonForClosure) !== undefined && censusDate(episode.CINclosureDate) === undefined
        ? [{ fields: ['ReasonForClosure', 'CINclosureDate'], value: episode.ReasonForClosure, at }]
        : []
    )
  ),

  childRule(
    '8815',
    'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    (child) => {
      const open = openFurtherActionEpisodes(child);
      return open.length > 1
        ? open.map((index) => ({ fields: ['CINclosureDate', 'ReferralNFA'], at: { episode: index } }))
        : [];
    }
  ),

  childRule(
    '8816',
    'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    (child) => {
      const referrals = child.CINdetails.map((episode) => censusDate(episode.CINreferralDate));
      const latest = referrals.reduce<string | undefined>(
        (max, date) => (date !== undefined && (max === undefined || date > max) ? date : max),
        undefined
      );
      return openFurtherActionEpisodes(child)
        .filter((index) => referrals[index] !== undefined && referrals[index] !== latest)
        .map((index) => ({
          fields: ['CINreferralDate', 'ReferralNFA'],
          value: referrals[index],
          at: { episode: index },
        }));
    }
  ),

  childRule('8820', 'The dates on the CIN episodes for this child overlap', (child, context) =>
    // A referral may start on the day the previous episode closed (the DfE note), which the validator
    // wrongly reports; an open episode runs to the ReferenceDate unless it is a no-further-action referral.
    overlapHits(
      child.CINdetails.map((episode) => {
        const start = censusDate(episode.CINreferralDate);
        const closure = censusDate(episode.CINclosureDate);
        return {
          start,
          inside: (date: string) =>
            start !== undefined &&
            date >= start &&
            (closure !== undefined
              ? date < closure
              : isFurtherAction(episode) && date <= context.referenceDate),
        };
      }),
      (index) => ({ episode: index }),
      ['CINreferralDate', 'CINclosureDate']
    )
  ),

  childRule(
    '8825Q',
    'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
    perEpisode((episode, at) => {
      const reason = text(episode.ReasonForClosure);
      return (reason === 'RC8' || reason === 'RC9') && episode.Assessments.length === 0
        ? [{ fields: ['ReasonForClosure', 'Assessments'], value: reason, at }]
        : [];
    })
  ),

  childRule(
    '8831',
    'Activity is recorded against a case marked as a referral with no further action',
    perEpisode((episode, at) => {
      if (!isNoFurtherAction(episode)) return [];
      const fields = [
        ...(censusDate(episode.DateOfInitialCPC) !== undefined ? ['DateOfInitialCPC'] : []),
        ...(episode.Assessments.some(
          (assessment) => censusDate(assessment.AssessmentActualStartDate) !== undefined
        )
          ? ['AssessmentActualStartDate']
          : []),
        ...(episode.Assessments.some((assessment) => !isAssessmentOpen(assessment))
          ? ['AssessmentAuthorisationDate']
          : []),
        ...(episode.Section47.some((enquiry) => censusDate(enquiry.S47ActualStartDate) !== undefined)
          ? ['S47ActualStartDate']
          : []),
        ...(episode.Section47.some((enquiry) => censusDate(enquiry.DateOfInitialCPC) !== undefined)
          ? ['DateOfInitialCPC']
          : []),
      ];
      return fields.length > 0 ? [{ fields: [...new Set(fields), 'ReferralNFA'], at }] : [];
    })
  ),

  childRule(
    '8832',
    'Child Protection details provided for a referral with no further action.',
    perEpisode((episode, at) =>
      isNoFurtherAction(episode) && episode.ChildProtectionPlans.length > 0
        ? [{ fields: ['ChildProtectionPlans', 'ReferralNFA'], at }]
        : []
    )
  ),

  childRule(
    '8839',
    'Within one CINDetails group there are 2 or more open S47 Assessments',
    perEpisode((episode, at) =>
      episode.Section47.filter(isS47Open).length > 1
        ? [{ fields: ['DateOfInitialCPC', 'ICPCnotRequired'], at }]
        : []
    )
  ),

  childRule(
    '8840',
    'Child Protection Plan cannot start and end on the same day',
    perItem('ChildProtectionPlans', (plan, at) => {
      const start = censusDate(plan.CPPstartDate);
      return start !== undefined && start === censusDate(plan.CPPendDate)
        ? { fields: ['CPPstartDate', 'CPPendDate'], value: start, at }
        : undefined;
    })
  ),

  childRule(
    '8841',
    'The review date cannot be on the same day or before the Child protection Plan start date.',
    // Every review date is checked; the validator reads only the first CPPreviewDate of each plan.
    perItem('ChildProtectionPlans', (plan, at) => {
      const start = censusDate(plan.CPPstartDate);
      if (start === undefined) return undefined;
      const early = (plan.Reviews ?? [])
        .map(censusDate)
        .find((review) => review !== undefined && review <= start);
      return early === undefined
        ? undefined
        : { fields: ['CPPreviewDate', 'CPPstartDate'], value: early, at };
    })
  ),

  childRule(
    '8842Q',
    'Please check and either amend or provide a reason: Review Record has a missing date',
    // Every review entry is checked; the validator reads only the first CPPreviewDate of each plan.
    perItem('ChildProtectionPlans', (plan, at) => {
      const reviews = plan.Reviews;
      if (reviews === undefined) return undefined;
      const missing = reviews.length === 0 || reviews.some((review) => censusDate(review) === undefined);
      return missing ? { fields: ['CPPreviewDate'], at } : undefined;
    })
  ),

  childRule(
    '8863Q',
    'An Assessment is shown as starting when there is another Assessment ongoing.',
    perEpisode((episode, { episode: episodeIndex }, _child, context) =>
      overlapHits(
        episode.Assessments.map((assessment) => {
          const start = censusDate(assessment.AssessmentActualStartDate);
          const end = censusDate(assessment.AssessmentAuthorisationDate) ?? context.referenceDate;
          return { start, inside: (date: string) => start !== undefined && date >= start && date <= end };
        }),
        (index) => ({ episode: episodeIndex, group: 'Assessments', index }),
        ['AssessmentActualStartDate', 'AssessmentAuthorisationDate']
      )
    )
  ),

  childRule(
    '8866',
    'Source of Referral is missing or an invalid code',
    perEpisode((episode, at) => {
      // The rule applies to referrals from 1 April 2013, when the source became part of the census.
      const referral = censusDate(episode.CINreferralDate);
      if (referral !== undefined && referral < '2013-04-01') return [];
      const source = text(episode.ReferralSource);
      return source !== undefined && REFERRAL_SOURCE_CODES.has(source)
        ? []
        : [{ fields: ['ReferralSource'], value: episode.ReferralSource, at }];
    })
  ),

  childRule(
    '8867',
    'CIN episode is shown as closed, however Assessment is not shown as completed',
    perItem('Assessments', (assessment, at, episode) =>
      censusDate(episode.CINclosureDate) !== undefined && isAssessmentOpen(assessment)
        ? { fields: ['AssessmentAuthorisationDate', 'CINclosureDate'], at }
        : undefined
    )
  ),

  childRule(
    '8868',
    'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    perItem('Section47', (enquiry, at, episode) =>
      censusDate(episode.CINclosureDate) !== undefined && isS47Open(enquiry)
        ? { fields: ['DateOfInitialCPC', 'ICPCnotRequired', 'CINclosureDate'], at }
        : undefined
    )
  ),

  childRule(
    '8869',
    'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
    perItem('Assessments', (assessment, at) => {
      const factors = factorsOf(assessment);
      return factors.includes('21') && factors.some((factor) => factor !== '21')
        ? { fields: ['AssessmentFactors'], value: factors.join(' '), at }
        : undefined;
    })
  ),

  childRule(
    '8870Q',
    'Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend',
    perItem('Section47', (enquiry, at) => {
      const target = censusDate(enquiry.InitialCPCtarget);
      return target !== undefined && isWeekend(target)
        ? { fields: ['InitialCPCtarget'], value: target, at }
        : undefined;
    })
  ),

  childRule(
    '8873Q',
    "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
    perEpisode((episode, at) => {
      const [only, ...others] = episode.Assessments;
      if (only === undefined || others.length > 0 || !factorsOf(only).includes('21')) return [];
      const reason = text(episode.ReasonForClosure);
      return reason === 'RC8' || reason === 'RC9'
        ? []
        : [{ fields: ['ReasonForClosure', 'AssessmentFactors'], value: reason, at }];
    })
  ),

  childRule(
    '8875',
    'The Date of Initial Child Protection Conference cannot be a weekend',
    // N00110 is the ICPC date at either level, on the episode or on a Section47.
    perEpisode((episode, at) =>
      [
        { date: censusDate(episode.DateOfInitialCPC), at },
        ...episode.Section47.map((enquiry, index) => ({
          date: censusDate(enquiry.DateOfInitialCPC),
          at: { ...at, group: 'Section47' as const, index },
        })),
      ].flatMap(({ date, at: where }) =>
        date !== undefined && isWeekend(date)
          ? [{ fields: ['DateOfInitialCPC'], value: date, at: where }]
          : []
      )
    )
  ),

  childRule(
    '8890',
    'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
    // Within one episode, as the DfE rule says; the validator compares S47s of different episodes instead.
    perEpisode((episode, { episode: episodeIndex }, _child, context) =>
      overlapHits(
        episode.Section47.map((enquiry) => {
          const start = censusDate(enquiry.S47ActualStartDate);
          const conference = censusDate(enquiry.DateOfInitialCPC);
          return {
            start,
            inside: (date: string) =>
              start !== undefined &&
              date >= start &&
              (conference !== undefined
                ? date <= conference
                : yesNo(enquiry.ICPCnotRequired) !== true && date <= context.referenceDate),
          };
        }),
        (index) => ({ episode: episodeIndex, group: 'Section47', index }),
        ['S47ActualStartDate', 'DateOfInitialCPC']
      )
    )
  ),

  childRule(
    '8896',
    'Within one CINDetails group there are 2 or more open Assessments groups',
    perEpisode((episode, at) =>
      episode.Assessments.filter(isAssessmentOpen).length > 1
        ? [{ fields: ['AssessmentAuthorisationDate'], at }]
        : []
    )
  ),

  childRule(
    '8897Q',
    'Parental or child factors at assessment information is missing from a completed assessment',
    perItem('Assessments', (assessment, at, _episode, _child, context) => {
      const end = censusDate(assessment.AssessmentAuthorisationDate);
      if (end === undefined || end < context.yearStart) return undefined;
      const factors = factorsOf(assessment);
      const valid = factors.length > 0 && factors.every((factor) => ASSESSMENT_FACTOR_CODES.has(factor));
      return valid ? undefined : { fields: ['AssessmentFactors'], value: factors.join(' ') || undefined, at };
    })
  ),

  childRule(
    '8898',
    'The assessment has more than one parental or child factors with the same code',
    // The validator crashes on a repeated factor and so never reports one (cin-census.md, known quirks).
    perItem('Assessments', (assessment, at) => {
      const repeated = repeatedCodes(factorsOf(assessment));
      return repeated.length > 0
        ? { fields: ['AssessmentFactors'], value: repeated.join(' '), at }
        : undefined;
    })
  ),

  childRule(
    '8905',
    'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    perItem('ChildProtectionPlans', (plan, at) =>
      CATEGORY_OF_ABUSE_CODES.has(plan.InitialCategoryOfAbuse?.trim() ?? '')
        ? undefined
        : { fields: ['InitialCategoryOfAbuse'], value: plan.InitialCategoryOfAbuse, at }
    )
  ),

  childRule(
    '8910',
    'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    perItem('ChildProtectionPlans', (plan, at) =>
      CATEGORY_OF_ABUSE_CODES.has(plan.LatestCategoryOfAbuse?.trim() ?? '')
        ? undefined
        : { fields: ['LatestCategoryOfAbuse'], value: plan.LatestCategoryOfAbuse, at }
    )
  ),

  childRule(
    '8915',
    'Child Protection Plan shown as starting after the child’s Date of Death',
    perItem('ChildProtectionPlans', (plan, at, _episode, child) => {
      const death = censusDate(child.ChildIdentifiers.PersonDeathDate);
      const start = censusDate(plan.CPPstartDate);
      return death !== undefined && start !== undefined && start > death
        ? { fields: ['CPPstartDate', 'PersonDeathDate'], value: start, at }
        : undefined;
    })
  ),

  childRule(
    '8920',
    'Child Protection Plan cannot end after the child’s Date of Death',
    perItem('ChildProtectionPlans', (plan, at, _episode, child) => {
      const death = censusDate(child.ChildIdentifiers.PersonDeathDate);
      const end = censusDate(plan.CPPendDate);
      return death !== undefined && end !== undefined && end > death
        ? { fields: ['CPPendDate', 'PersonDeathDate'], value: end, at }
        : undefined;
    })
  ),

  childRule(
    '8925',
    'Child Protection Plan End Date earlier than Start Date',
    perItem('ChildProtectionPlans', (plan, at) => {
      const start = censusDate(plan.CPPstartDate);
      const end = censusDate(plan.CPPendDate);
      return start !== undefined && end !== undefined && end < start
        ? { fields: ['CPPendDate', 'CPPstartDate'], value: end, at }
        : undefined;
    })
  ),

  childRule(
    '8930',
    'Child Protection Plan End Date must fall within the census year',
    perItem('ChildProtectionPlans', (plan, at, _episode, _child, context) => {
      const end = censusDate(plan.CPPendDate);
      return end !== undefined && !isInYear(end, context)
        ? { fields: ['CPPendDate'], value: end, at }
        : undefined;
    })
  ),

  childRule(
    '8935',
    'This child is showing more than one open Child Protection plan, i.e. with no End Date',
    (child) => {
      const open = childProtectionPlans(child).filter(
        ({ plan }) => censusDate(plan.CPPendDate) === undefined
      );
      return open.length > 1 ? open.map(({ at }) => ({ fields: ['CPPendDate'], at })) : [];
    }
  ),

  childRule('8940', 'Child Protection Plan data contains overlapping dates', (child, context) => {
    const plans = childProtectionPlans(child);
    return overlapHits(
      plans.map(({ plan }) => {
        const start = censusDate(plan.CPPstartDate);
        const end = censusDate(plan.CPPendDate) ?? context.referenceDate;
        return { start, inside: (date: string) => start !== undefined && date >= start && date <= end };
      }),
      (index) => plans[index]?.at ?? {},
      ['CPPstartDate', 'CPPendDate']
    );
  }),

  factorRule(
    '8945Q',
    '18A',
    "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)"
  ),

  factorRule(
    '8950Q',
    '19A',
    "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)"
  ),
];

/** Indexes of the child's episodes with no closure date that led to further action. */
function openFurtherActionEpisodes(child: CensusChild): number[] {
  return child.CINdetails.flatMap((episode, index) =>
    censusDate(episode.CINclosureDate) === undefined && isFurtherAction(episode) ? [index] : []
  );
}

/** Every child protection plan of the child, across episodes, with where it is. */
function childProtectionPlans(child: CensusChild) {
  return child.CINdetails.flatMap((episode, episodeIndex) =>
    episode.ChildProtectionPlans.map((plan, index) => ({
      plan,
      at: { episode: episodeIndex, group: 'ChildProtectionPlans' as const, index },
    }))
  );
}
