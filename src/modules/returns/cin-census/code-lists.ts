/** The CIN census code lists of CIN_schema_2026.xsd (and the validator's lists, where they match). */

export const ETHNICITY_CODES: ReadonlySet<string> = new Set(
  'WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT'.split(
    ' '
  )
);

/** NONE must stand alone (rule 8790). */
export const DISABILITY_CODES: ReadonlySet<string> = new Set(
  'NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA'.split(' ')
);

export const SEX_CODES: ReadonlySet<string> = new Set(['M', 'F', 'U']);

export const UPN_UNKNOWN_CODES: ReadonlySet<string> = new Set('UN1 UN2 UN3 UN4 UN5 UN6 UN7'.split(' '));

export const REFERRAL_SOURCE_CODES: ReadonlySet<string> = new Set(
  '1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10'.split(' ')
);

export const PRIMARY_NEED_CODES: ReadonlySet<string> = new Set('N0 N1 N2 N3 N4 N5 N6 N7 N8 N9'.split(' '));

/** RC8/RC9 close an episode after an assessment with no further action / referral to early help. */
export const REASON_FOR_CLOSURE_CODES: ReadonlySet<string> = new Set(
  'RC1 RC2 RC3 RC4 RC5 RC6 RC7 RC8 RC9'.split(' ')
);

export const CATEGORY_OF_ABUSE_CODES: ReadonlySet<string> = new Set(['NEG', 'PHY', 'SAB', 'EMO', 'MUL']);

/**
 * Assessment factor codes the validator accepts (8897Q). 18A/19A are still accepted but queried
 * (8945Q/8950Q): a return we build uses the split codes 18B/18C/19B/19C. 21 means no factors (alone: 8869).
 */
export const ASSESSMENT_FACTOR_CODES: ReadonlySet<string> = new Set(
  [
    '1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A',
    '8B 8C 8D 8E 8F 9A 10A 11A 12A 13A 14A 15A 16A 17A',
    '18A 18B 18C 19A 19B 19C 20 21 22A 23A 24A',
  ]
    .join(' ')
    .split(' ')
);
