import { describe, expect, it } from 'vitest';
import {
  addressParts,
  assessmentOutcomeOf,
  enquiryOutcomeOf,
  involvementKindOf,
  validateDataset,
  type SsdFiles,
} from './ssd-dataset.ts';
import { readCodes, readDate, readFlag, readInstant, readNhsNumber, readSex, readUpn } from './ssd-values.ts';
import { DISABILITY_CODES } from '../cin-census/code-lists.ts';

describe('reading SSD values', () => {
  it('reads dates as ISO, with a time, or as DD/MM/YYYY, and refuses impossible ones without echoing them', () => {
    expect(readDate('2025-04-01')).toEqual({ ok: true, value: '2025-04-01' });
    expect(readDate('2025-04-01 13:45:00.000')).toEqual({ ok: true, value: '2025-04-01' });
    expect(readDate('01/04/2025')).toEqual({ ok: true, value: '2025-04-01' });
    expect(readDate('2025-02-29')).toEqual({ ok: false, reason: 'is not a real date' });
    expect(readDate('1 April 2025')).toMatchObject({ ok: false });
    expect(readDate('1850-01-01')).toMatchObject({ ok: false });
  });

  it('reads instants with their offset, and a local time as UTC', () => {
    expect(readInstant('2025-04-01T10:30:00.000Z')).toEqual({
      ok: true,
      value: new Date('2025-04-01T10:30:00Z'),
    });
    expect(readInstant('2025-04-01 10:30')).toEqual({ ok: true, value: new Date('2025-04-01T10:30:00Z') });
    expect(readInstant('2025-04-01T11:30:00+01:00')).toEqual({
      ok: true,
      value: new Date('2025-04-01T10:30:00Z'),
    });
    expect(readInstant('2025-04-01 25:00')).toMatchObject({ ok: false });
  });

  it('reads flags, sex, code lists, NHS numbers and UPNs', () => {
    expect([readFlag('Y'), readFlag('n'), readFlag('1'), readFlag('maybe').ok]).toEqual([
      { ok: true, value: true },
      { ok: true, value: false },
      { ok: true, value: true },
      false,
    ]);
    expect([readSex('Female'), readSex('m'), readSex('X').ok]).toEqual([
      { ok: true, value: 'F' },
      { ok: true, value: 'M' },
      false,
    ]);
    expect(readCodes('["HAND","vis"]', DISABILITY_CODES, 'disability')).toEqual({
      ok: true,
      value: ['HAND', 'VIS'],
    });
    expect(readCodes('HAND, VIS', DISABILITY_CODES, 'disability')).toEqual({
      ok: true,
      value: ['HAND', 'VIS'],
    });
    expect(readCodes('["HAND","WINGS"]', DISABILITY_CODES, 'disability')).toMatchObject({ ok: false });
    expect(readNhsNumber('943 476 5919')).toEqual({ ok: true, value: '9434765919' });
    expect(readNhsNumber('9434765918')).toMatchObject({ ok: false });
    expect(readUpn('not a upn')).toMatchObject({ ok: false });
  });
});

describe('outcomes, addresses and kinds', () => {
  it('reads outcomes from the flags data-to-insight writes', () => {
    expect(assessmentOutcomeOf({ NFA_FLAG: true })).toBe('no_further_action');
    expect(assessmentOutcomeOf({ NFA_FLAG: false, PROV_OF_SERVICES_FLAG: true })).toBe('cin_plan');
    expect(assessmentOutcomeOf({})).toBeNull();
    expect(enquiryOutcomeOf({ CP_CONFERENCE_FLAG: true }, null)).toBe('icpc');
    expect(enquiryOutcomeOf({}, true)).toBe('no_further_action');
    expect(enquiryOutcomeOf({}, null)).toBeNull();
  });

  it('reads the street and town of an address, and the kind of an involvement', () => {
    expect(addressParts('{"FLAT":"2","STREET":"1 High Street","TOWN":"Westford"}')).toEqual({
      line1: '2',
      line2: '1 High Street',
      town: 'Westford',
    });
    expect(addressParts('not json')).toBeNull();
    expect(involvementKindOf('section_47')).toBe('section_47');
    expect(involvementKindOf('Allocated Case Worker')).toBe('child_in_need');
  });
});

const PERSON_HEADER = [
  'pers_person_id',
  'pers_forename',
  'pers_surname',
  'pers_sex',
  'pers_dob',
  'pers_ethnicity',
];
const EPISODE_HEADER = [
  'cine_referral_id',
  'cine_person_id',
  'cine_referral_date',
  'cine_referral_source_code',
  'cine_close_date',
  'cine_close_reason',
];

function files(extra: SsdFiles = {}): SsdFiles {
  return {
    ssd_person: [
      PERSON_HEADER,
      ['P1', 'Amy', 'Smith', 'F', '2015-06-01', 'WBRI'],
      ['P2', 'Ben', 'Jones', 'M', '2016-01-02', ''],
    ],
    ssd_cin_episodes: [EPISODE_HEADER, ['R1', 'P1', '2025-05-01', '2A', '2025-06-01', 'RC8']],
    ...extra,
  };
}

describe('validating an extract row by row', () => {
  it('accepts good rows, typed', () => {
    const { dataset, refusals } = validateDataset(files());
    expect(refusals).toEqual([]);
    expect(dataset.people.map((person) => [person.sourceId, person.sex, person.ethnicity])).toEqual([
      ['P1', 'F', 'WBRI'],
      ['P2', 'M', null],
    ]);
    expect(dataset.episodes[0]).toMatchObject({ personId: 'P1', closureReason: 'RC8', nfa: false });
  });

  it('refuses each bad field with its file, row number (header is row 1), column and reason', () => {
    const { refusals } = validateDataset(
      files({
        ssd_person: [
          PERSON_HEADER,
          ['P1', 'Amy', '', 'F', '2015-06-01', 'WBRI'],
          ['P2', 'Ben', 'Jones', 'Q', '', 'ZZZZ'],
          ['P1', 'Amy', 'Smith', 'F', '2015-06-01', ''],
        ],
        ssd_cin_episodes: [EPISODE_HEADER, ['R1', 'P9', '2025-05-01', '99', '2025-04-01', '']],
      })
    );
    expect(refusals).toEqual([
      { file: 'ssd_person.csv', row: 2, column: 'pers_surname', reason: 'is required' },
      { file: 'ssd_person.csv', row: 3, column: 'pers_dob', reason: 'is required (or pers_expected_dob)' },
      { file: 'ssd_person.csv', row: 3, column: 'pers_sex', reason: 'is not a sex code (M, F or U)' },
      {
        file: 'ssd_person.csv',
        row: 3,
        column: 'pers_ethnicity',
        reason: 'is not one of the ethnicity codes',
      },
      { file: 'ssd_person.csv', row: 4, column: 'pers_person_id', reason: 'appears twice in the file' },
      {
        file: 'ssd_cin_episodes.csv',
        row: 2,
        column: 'cine_close_date',
        reason: 'is before cine_referral_date',
      },
      {
        file: 'ssd_cin_episodes.csv',
        row: 2,
        column: 'cine_close_reason',
        reason: 'is required when the episode is closed',
      },
      {
        file: 'ssd_cin_episodes.csv',
        row: 2,
        column: 'cine_person_id',
        reason: 'names a person that is not in the extract',
      },
      {
        file: 'ssd_cin_episodes.csv',
        row: 2,
        column: 'cine_referral_source_code',
        reason: 'is not one of the referral source codes',
      },
    ]);
  });

  it('leaves out rows imported before, and lets new rows name them', () => {
    const { dataset, refusals } = validateDataset(
      {
        ssd_cin_episodes: [
          EPISODE_HEADER,
          ['R1', 'P1', '2025-05-01', '2A', '', ''],
          ['R2', 'P7', '2025-07-01', '2A', '', ''],
        ],
      },
      { ssd_person: new Set(['P1', 'P7']), ssd_cin_episodes: new Set(['R1']) }
    );
    expect(refusals).toEqual([]);
    expect(dataset.episodes.map((episode) => episode.sourceId)).toEqual(['R2']);
  });

  it('takes an enquiry’s target from its initial conference, and a planned conference is not a held one', () => {
    const { dataset, refusals } = validateDataset(
      files({
        ssd_s47_enquiry: [
          ['s47e_s47_enquiry_id', 's47e_referral_id', 's47e_s47_start_date', 's47e_s47_outcome_json'],
          ['S1', 'R1', '2025-05-02', '{"CP_CONFERENCE_FLAG":"Y","NFA_FLAG":"N"}'],
        ],
        ssd_initial_cp_conference: [
          [
            'icpc_icpc_id',
            'icpc_s47_enquiry_id',
            'icpc_referral_id',
            'icpc_icpc_target_date',
            'icpc_icpc_date',
          ],
          ['C1', 'S1', 'R1', '2025-05-23', ''],
        ],
      })
    );
    expect(refusals).toEqual([]);
    expect(dataset.enquiries).toMatchObject([
      { sourceId: 'S1', outcome: 'icpc', icpcTargetOn: '2025-05-23' },
    ]);
    expect(dataset.conferences).toEqual([]);
  });
});
