import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import {
  blankOr,
  consentReasonMissing,
  emailField,
  nhsNumberField,
  phoneField,
  postcodeField,
} from './contact-fields.ts';
import {
  address,
  adultsAmongChildren,
  childrenList,
  professionalConsent,
  professionalReferrer,
  worries,
} from './online/answer-schemas.ts';
import { contactSubmissionSchema } from './partner-api/contact-api.schema.ts';
import { checkContactRules } from './partner-api/contact-rules.ts';
import { parseContactForm } from './staff/contact-form.ts';

describe('the field rules every way in shares', () => {
  it('writes postcodes one way, and refuses what is not a UK postcode', () => {
    expect(postcodeField().parse(' nm14ab ')).toBe('NM1 4AB');
    expect(postcodeField().parse('SW1A-1aa')).toBe('SW1A 1AA');
    expect(postcodeField().safeParse('NM1').success).toBe(false);
  });

  it('takes UK and international phone numbers, not short or lettered ones', () => {
    expect(phoneField().safeParse('01632 960 001').success).toBe(true);
    expect(phoneField().safeParse('+44 (0)808 157 0192').success).toBe(true);
    expect(phoneField().safeParse('999').success).toBe(false);
    expect(phoneField().safeParse('call me').success).toBe(false);
  });

  it('checks the NHS number check digit and email shape', () => {
    expect(nhsNumberField().parse('999-123-4578')).toBe('9991234578');
    expect(nhsNumberField().safeParse('999 123 4579').success).toBe(false);
    expect(emailField().safeParse('name@example').success).toBe(false);
  });

  it('needs a reason whenever information is shared without consent', () => {
    expect(consentReasonMissing({ status: 'given' })).toBe(false);
    expect(consentReasonMissing({ status: 'refused' })).toBe(true);
    expect(consentReasonMissing({ status: 'not_sought', reason: 'Would increase risk' })).toBe(false);
  });

  it('lets a form leave a field blank, but not fill it wrongly', () => {
    expect(blankOr(postcodeField()).parse('  ')).toBeUndefined();
    expect(blankOr(postcodeField()).safeParse('nowhere').success).toBe(false);
  });
});

describe('the same value is judged the same by the staff form, the online form and the API', () => {
  const clock = new ManualClock(new Date('2026-11-20T10:00:00Z'));
  const apiContact = (changes: object) =>
    contactSubmissionSchema(clock).safeParse({
      receivedAt: '2026-11-20T09:00:00Z',
      referralSource: '6',
      referrer: { name: 'PC Example', role: 'Constable', organisation: 'Police', phone: '01632 960 001' },
      children: [{ givenName: 'Alex', familyName: 'Sample' }],
      presentingConcerns: 'Worried',
      consent: { status: 'given' },
      ...changes,
    });
  const staffForm = (changes: Record<string, string>) =>
    parseContactForm(
      {
        channel: 'phone',
        referralSource: '6',
        'received-day': '20',
        'received-month': '11',
        'received-year': '2026',
        'received-time': '09:00',
        'child-0-givenName': 'Alex',
        'child-0-familyName': 'Sample',
        presentingConcerns: 'Worried',
        consentStatus: 'given',
        familyAware: 'yes',
        ...changes,
      },
      clock.now()
    );

  it('refuses a postcode that is not a postcode', () => {
    expect(apiContact({ address: { line1: '1 Road', town: 'Town', postcode: 'NM1' } }).success).toBe(false);
    expect(address.safeParse({ postcode: 'NM1' }).success).toBe(false);
    const staff = staffForm({ addressLine1: '1 Road', addressTown: 'Town', addressPostcode: 'NM1' });
    expect(staff.ok ? undefined : staff.errors.fields.addressPostcode).toBeDefined();
  });

  it('refuses a phone number too short to ring', () => {
    const referrer = { name: 'PC Example', role: 'Constable', organisation: 'Police', phone: '12345' };
    expect(apiContact({ referrer }).success).toBe(false);
    const online = professionalReferrer.safeParse({ ...referrer, agencyType: '6', email: 'a@example.org' });
    expect(online.success).toBe(false);
    const staff = staffForm({ referrerPhone: '12345' });
    expect(staff.ok ? undefined : staff.errors.fields.referrerPhone).toBeDefined();
  });

  it('asks why consent was refused', () => {
    expect(apiContact({ consent: { status: 'refused' } }).success).toBe(false);
    const online = professionalConsent.safeParse({ status: 'refused', familyKnows: 'yes' });
    expect(online.success).toBe(false);
    const staff = staffForm({ consentStatus: 'refused', lawfulBasis: 'Children Act 1989 s47' });
    expect(staff.ok ? undefined : staff.errors.fields.consentReason).toBeDefined();
  });

  /** The API's answer once the body is well formed: the rules that keep the returns right (422). */
  const apiRules = (changes: object, agencyKind: 'police' | 'health' = 'police') => {
    const parsed = apiContact(changes);
    if (!parsed.success) throw new Error(parsed.error.message);
    return checkContactRules(parsed.data, { now: clock.now(), agencyKind });
  };
  const apiFields = (changes: object) => {
    const checked = apiRules(changes);
    return checked.ok ? [] : checked.issues.map((issue) => issue.field);
  };

  it('refuses a 46-year-old as a child', () => {
    expect(
      apiFields({ children: [{ givenName: 'Alex', familyName: 'Sample', dateOfBirth: '1980-06-01' }] })
    ).toEqual(['children[0].dateOfBirth']);
    const staff = staffForm({ 'child-0-dob-day': '1', 'child-0-dob-month': '6', 'child-0-dob-year': '1980' });
    expect(staff.ok ? undefined : staff.errors.fields['child-0-dob']?.text).toMatch(/makes them 46/);
    const online = childrenList('name or age').parse([
      { givenName: 'Alex', 'dateOfBirth-day': '1', 'dateOfBirth-month': '6', 'dateOfBirth-year': '1980' },
    ]);
    expect(adultsAmongChildren(online, '2026-11-20')[0]?.[1]).toMatch(/makes them 46/);
    expect(childrenList('name or age').safeParse([{ givenName: 'Alex', age: '46' }]).success).toBe(false);
    // A 17-year-old and an unborn baby are children.
    expect(
      apiFields({ children: [{ givenName: 'Alex', familyName: 'Sample', dateOfBirth: '2009-11-21' }] })
    ).toEqual([]);
    expect(
      apiFields({
        children: [{ givenName: 'Unborn', familyName: 'Sample', expectedDateOfBirth: '2027-02-01' }],
      })
    ).toEqual([]);
  });

  it('refuses factor 21, "no factors identified", as a concern', () => {
    expect(apiFields({ concernCodes: ['21'] })).toEqual(['concernCodes']);
    const staff = staffForm({ concerns: '21' });
    expect(staff.ok ? undefined : staff.errors.fields.concerns?.text).toMatch(/No factors identified/);
    expect(worries.safeParse({ details: 'Worried', codes: ['21'] }).success).toBe(false);
  });

  it('refuses a received time two years past, or in the future', () => {
    expect(apiFields({ receivedAt: '2024-11-20T09:00:00Z' })).toEqual(['receivedAt']);
    expect(apiFields({ receivedAt: '2026-11-20T10:30:00Z' })).toEqual(['receivedAt']);
    expect(apiFields({ receivedAt: '2026-11-14T09:00:00Z' })).toEqual([]);
    const staff = staffForm({ 'received-year': '2024' });
    expect(staff.ok ? undefined : staff.errors.fields.received?.text).toMatch(/within the last 7 days/);
    // The online form has no received time to give: it is the moment the request is sent.
  });

  it('refuses "the child themselves" from a police key, and fills in the police code when none is sent', () => {
    expect(apiFields({ referralSource: '1C' })).toEqual(['referralSource']);
    const filled = apiRules({ referralSource: undefined });
    expect(filled.ok && filled.contact.referralSource).toBe('6');
    const health = apiRules({ referralSource: undefined }, 'health');
    expect(health.ok ? [] : health.issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(/send one of 3A .* or 3F/),
    ]);
  });
});
