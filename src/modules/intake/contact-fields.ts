import { z } from 'zod';
import { ageOn } from '../../shared/age.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../../shared/nhs-number.ts';
import { normalisePostcode, outwardCode } from '../../shared/matching/normalise.ts';
import { ASSESSMENT_FACTOR_CODES, REFERRAL_SOURCE_OPTIONS } from './concern-codes.ts';

/*
 * The field rules every way in shares (staff form, online request, partner API): the same codes,
 * NHS numbers, postcodes, phone numbers, email addresses and consent rule. Each takes the message
 * its page shows, so a form can speak to its user while the rule stays one rule.
 */

const REFERRAL_SOURCES = REFERRAL_SOURCE_OPTIONS.map((option) => option.code) as [string, ...string[]];
const CONCERNS = ASSESSMENT_FACTOR_CODES as [string, ...string[]];

export const CONSENT_STATUSES = ['given', 'refused', 'not_sought'] as const;
export type ConsentStatusValue = (typeof CONSENT_STATUSES)[number];

export const referralSourceField = (
  message = 'Choose a referral source from the CIN census list, for example 6'
) => z.enum(REFERRAL_SOURCES, { error: message });

export const assessmentFactorField = (
  message = 'Choose a concern code from the CIN census assessment factors, for example 3B'
) => z.enum(CONCERNS, { error: message });

/** Repeated codes are kept once: a concern is either raised or not. */
export const concernCodesField = (message?: string) =>
  z
    .array(assessmentFactorField(message))
    .max(CONCERNS.length)
    .transform((codes) => [...new Set(codes)]);

export const nhsNumberField = (message = 'Enter a valid 10-digit NHS number, like 999 123 4578') =>
  z.string().transform(normaliseNhsNumber).refine(isValidNhsNumber, message);

export const sexField = (message = 'Sex must be M, F or U (not known or unborn)') =>
  z.enum(['M', 'F', 'U'], { error: message });

/** 'nm14ab' → 'NM1 4AB'. */
export const postcodeField = (message = 'Enter a full UK postcode, like AA1 1AA') =>
  z
    .string()
    .transform(normalisePostcode)
    .refine((postcode) => outwardCode(postcode) !== undefined, message)
    .transform((postcode) => `${outwardCode(postcode)} ${postcode.slice(-3)}`);

/** UK numbers have 10 or 11 digits; with +44 or another country code, up to 15. */
export const phoneField = (message = 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192') =>
  z
    .string()
    .trim()
    .refine((value) => {
      const digits = value.replace(/\D/g, '').length;
      return /^\+?[\d\s()-]+$/.test(value) && digits >= 10 && digits <= 15;
    }, message);

export const emailField = (message = 'Enter an email address in the correct format, like name@example.com') =>
  z.string().trim().pipe(z.email(message).max(254, 'Email address must be 254 characters or fewer'));

/** A calendar date, YYYY-MM-DD, that exists (no 30 February). */
export const calendarDateField = (message = 'Enter a real date in the format YYYY-MM-DD') =>
  z.iso.date(message);

export const consentStatusField = (message = 'Consent must be given, refused or not_sought') =>
  z.enum(CONSENT_STATUSES, { error: message });

/** Sharing without the family's agreement always needs its reason written down. */
export const FAMILY_AWARENESS = ['yes', 'no', 'not_sure'] as const;
export const familyAwareField = (message = 'Family aware must be yes, no or not_sure') =>
  z.enum(FAMILY_AWARENESS, { error: message });

export function consentReasonMissing(consent: { status?: string; reason?: string }): boolean {
  return consent.status !== undefined && consent.status !== 'given' && !consent.reason;
}

/**
 * A field a form may leave blank: blank (or whitespace) counts as not given, anything typed must pass
 * the field's rule.
 */
export function blankOr<T extends z.ZodType>(field: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    field.optional()
  );
}

/*
 * Rules about what a contact says, which would corrupt the CIN census and Annex A returns if let in.
 * Each answers the problem (or nothing) and leaves the words to the page or API that asks.
 */

/** A child is under 18: the front door is children's social care; adults go to adult services. */
export const ADULT_AGE = 18;

/** The child's age on the day the contact was received, when it makes them an adult; else undefined. */
export function adultAgeOnReceipt(dateOfBirth: string | undefined, receivedAt: Date): number | undefined {
  if (!dateOfBirth) return undefined;
  const age = ageOn(dateOfBirth, londonDateOf(receivedAt));
  return age >= ADULT_AGE ? age : undefined;
}

/**
 * CIN census factor 21, "no factors identified", is an assessment's conclusion (rule 8869: alone),
 * never a concern someone raises: counted as one, it would contradict the concerns it came with.
 */
export const NO_FACTORS_CODE = '21';

export function raisesNoFactorsCode(codes: readonly string[]): boolean {
  return codes.includes(NO_FACTORS_CODE);
}

/**
 * When a contact may say it was received. A sender's clock may run a little ahead of ours (5
 * minutes). Back, a week: the longest a working front door could take to hear of a concern already
 * received (a partner system's queue held over a Christmas closure of up to five working days, plus
 * retries) is under seven days. Anything older is history, not a new contact: backdated, it would
 * arrive already past every RAG and decision timescale and move the referral date the returns count.
 */
export const RECEIVED_AT_LIMITS = { aheadMinutes: 5, backDays: 7 } as const;

export function receivedAtProblem(receivedAt: Date, now: Date): 'future' | 'too_old' | undefined {
  if (receivedAt.getTime() > now.getTime() + RECEIVED_AT_LIMITS.aheadMinutes * 60_000) return 'future';
  if (receivedAt.getTime() < now.getTime() - RECEIVED_AT_LIMITS.backDays * 24 * 60 * 60_000) return 'too_old';
  return undefined;
}
