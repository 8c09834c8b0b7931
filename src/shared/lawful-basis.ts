/**
 * The coded lawful basis for sharing a child's or family's information without consent (issue 15, item 12).
 * A record names one condition for processing personal data (UK GDPR Article 6) and, because
 * safeguarding information is usually special category data, one for that too (Article 9 with, for
 * Article 9(2)(g), the Data Protection Act 2018 Schedule 1 condition). Free text carries the detail,
 * e.g. "Children Act 1989 section 47 enquiry".
 */
export const PERSONAL_DATA_BASES = {
  'ukgdpr-6-1-e':
    'UK GDPR Article 6(1)(e): public task (the council’s duties under the Children Acts 1989 and 2004)',
  'ukgdpr-6-1-c': 'UK GDPR Article 6(1)(c): legal obligation',
  'ukgdpr-6-1-d': 'UK GDPR Article 6(1)(d): vital interests (to protect someone’s life)',
} as const;

export const SPECIAL_CATEGORY_BASES = {
  'ukgdpr-9-2-g-dpa-sch1-18':
    'UK GDPR Article 9(2)(g) and DPA 2018 Schedule 1 paragraph 18: safeguarding of children and of individuals at risk',
  'ukgdpr-9-2-h': 'UK GDPR Article 9(2)(h): health or social care',
  'ukgdpr-9-2-c': 'UK GDPR Article 9(2)(c): vital interests where consent cannot be given',
  'ukgdpr-9-2-b-dpa-sch1-1':
    'UK GDPR Article 9(2)(b) and DPA 2018 Schedule 1 paragraph 1: social protection law',
} as const;

export type PersonalDataBasis = keyof typeof PERSONAL_DATA_BASES;
export type SpecialCategoryBasis = keyof typeof SPECIAL_CATEGORY_BASES;

export const PERSONAL_DATA_BASIS_CODES = Object.keys(PERSONAL_DATA_BASES) as [
  PersonalDataBasis,
  ...PersonalDataBasis[],
];
export const SPECIAL_CATEGORY_BASIS_CODES = Object.keys(SPECIAL_CATEGORY_BASES) as [
  SpecialCategoryBasis,
  ...SpecialCategoryBasis[],
];

/** The most usual pair for a front door sharing without consent: offered first on every form. */
export const USUAL_LAWFUL_BASIS = {
  personalData: 'ukgdpr-6-1-e',
  specialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
} as const satisfies { personalData: PersonalDataBasis; specialCategory: SpecialCategoryBasis };

export interface LawfulBasis {
  personalData: PersonalDataBasis;
  specialCategory: SpecialCategoryBasis;
  detail?: string;
}

/** One line for screens, letters and the audit trail; older records kept free text only. */
export function lawfulBasisText(basis: {
  personalData: string | null;
  specialCategory: string | null;
  detail: string | null;
}): string | null {
  const parts = [
    basis.personalData
      ? (PERSONAL_DATA_BASES[basis.personalData as PersonalDataBasis] ?? basis.personalData)
      : null,
    basis.specialCategory
      ? (SPECIAL_CATEGORY_BASES[basis.specialCategory as SpecialCategoryBasis] ?? basis.specialCategory)
      : null,
    basis.detail,
  ].filter((part): part is string => part !== null && part !== '');
  return parts.length === 0 ? null : parts.join('; ');
}

/** A record's stored lawful basis (codes, and the detail or older free text), as lawfulBasisText reads it. */
export function lawfulBasisOf(row: {
  lawful_basis: string | null;
  lawful_basis_personal_data: string | null;
  lawful_basis_special_category: string | null;
}) {
  return {
    personalData: row.lawful_basis_personal_data,
    specialCategory: row.lawful_basis_special_category,
    detail: row.lawful_basis,
  };
}

/** The form fields of a coded lawful basis, named alike on every form that asks for one. */
export const LAWFUL_BASIS_FIELDS = {
  personalData: 'lawfulBasisPersonalData',
  specialCategory: 'lawfulBasisSpecialCategory',
  detail: 'lawfulBasis',
} as const;

export const LAWFUL_BASIS_ERRORS = {
  personalData: 'Select the UK GDPR Article 6 basis for sharing without consent',
  specialCategory: 'Select the UK GDPR Article 9 condition for sharing without consent',
  notListed: 'Select a lawful basis from the list',
  detailTooLong: 'The detail of the lawful basis must be 500 characters or fewer',
} as const;

export interface LawfulBasisProblem {
  field: (typeof LAWFUL_BASIS_FIELDS)[keyof typeof LAWFUL_BASIS_FIELDS];
  message: string;
}

/**
 * Reads a coded lawful basis from a form's values. Both codes are needed when sharing without consent;
 * with consent, codes may still be given (and are kept) but none is needed. Every problem is named at
 * once so the form can show them all; nothing typed is dropped by the caller.
 */
export function readLawfulBasis(
  values: { personalData?: unknown; specialCategory?: unknown; detail?: unknown },
  required: boolean
): { basis: LawfulBasis | undefined; problems: LawfulBasisProblem[] } {
  const problems: LawfulBasisProblem[] = [];
  const personalData = codeOf(values.personalData, PERSONAL_DATA_BASES);
  const specialCategory = codeOf(values.specialCategory, SPECIAL_CATEGORY_BASES);
  const detail = typeof values.detail === 'string' ? values.detail.trim() : '';
  if (personalData === 'unlisted')
    problems.push({ field: LAWFUL_BASIS_FIELDS.personalData, message: LAWFUL_BASIS_ERRORS.notListed });
  else if (personalData === undefined && required)
    problems.push({ field: LAWFUL_BASIS_FIELDS.personalData, message: LAWFUL_BASIS_ERRORS.personalData });
  if (specialCategory === 'unlisted')
    problems.push({ field: LAWFUL_BASIS_FIELDS.specialCategory, message: LAWFUL_BASIS_ERRORS.notListed });
  else if (specialCategory === undefined && required)
    problems.push({
      field: LAWFUL_BASIS_FIELDS.specialCategory,
      message: LAWFUL_BASIS_ERRORS.specialCategory,
    });
  if (detail.length > 500)
    problems.push({ field: LAWFUL_BASIS_FIELDS.detail, message: LAWFUL_BASIS_ERRORS.detailTooLong });
  const complete =
    problems.length === 0 &&
    personalData !== undefined &&
    personalData !== 'unlisted' &&
    specialCategory !== undefined &&
    specialCategory !== 'unlisted';
  return {
    basis: complete ? { personalData, specialCategory, ...(detail ? { detail } : {}) } : undefined,
    problems,
  };
}

function codeOf<T extends Record<string, string>>(
  value: unknown,
  codes: T
): keyof T | 'unlisted' | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' && Object.hasOwn(codes, value) ? (value as keyof T) : 'unlisted';
}

/** The radios' items for a form, the usual pair first. */
export const LAWFUL_BASIS_OPTIONS = {
  personalData: [
    USUAL_LAWFUL_BASIS.personalData,
    ...PERSONAL_DATA_BASIS_CODES.filter((code) => code !== USUAL_LAWFUL_BASIS.personalData),
  ].map((code) => ({ value: code, text: PERSONAL_DATA_BASES[code] })),
  specialCategory: [
    USUAL_LAWFUL_BASIS.specialCategory,
    ...SPECIAL_CATEGORY_BASIS_CODES.filter((code) => code !== USUAL_LAWFUL_BASIS.specialCategory),
  ].map((code) => ({ value: code, text: SPECIAL_CATEGORY_BASES[code] })),
};

/** The radios' items with what the form last held ticked, so nothing chosen is lost on an error. */
export function lawfulBasisRadios(values: Record<string, unknown>) {
  const ticked = (field: string, code: string) => values[field] === code;
  return {
    personalData: LAWFUL_BASIS_OPTIONS.personalData.map((item) => ({
      ...item,
      checked: ticked(LAWFUL_BASIS_FIELDS.personalData, item.value),
    })),
    specialCategory: LAWFUL_BASIS_OPTIONS.specialCategory.map((item) => ({
      ...item,
      checked: ticked(LAWFUL_BASIS_FIELDS.specialCategory, item.value),
    })),
  };
}
