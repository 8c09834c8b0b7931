/** The plain-English reason shown for each comparison level ('same date of birth', 'surname sounds alike'). */
import type { ComparisonLevels, ComparisonName } from './comparisons.ts';

export const NAMES_SWAPPED = 'given and family names swapped';

const REASONS: { [C in ComparisonName]: Partial<Record<ComparisonLevels[C], string>> } = {
  givenName: {
    exact: 'same given name',
    part: 'given name matches one of their names',
    nickname: 'given name is a short form or nickname',
    close: 'given name spelled almost the same',
    similar: 'given name spelled similarly',
    phonetic: 'given name sounds alike',
    different: 'given name differs',
  },
  familyName: {
    exact: 'same surname',
    part: 'surname matches part of a double-barrelled or previous surname',
    nickname: 'surname is a variant',
    close: 'surname spelled almost the same',
    similar: 'surname spelled similarly',
    phonetic: 'surname sounds alike',
    different: 'surname differs',
  },
  dateOfBirth: {
    exact: 'same date of birth',
    transposed: 'day and month of birth swapped',
    oneDay: 'date of birth one day apart',
    oneMonth: 'month of birth one apart',
    oneYear: 'year of birth one apart',
    oneDigit: 'date of birth differs by one digit',
    sameYear: 'same year of birth',
    different: 'date of birth differs',
  },
  sex: { same: 'same sex', different: 'different sex' },
  postcode: { full: 'same postcode', outward: 'same postcode district', different: 'postcode differs' },
  address: {
    same: 'same address',
    similar: 'similar address',
    partial: 'address partly alike',
    different: 'address differs',
  },
  nhsNumber: {
    exact: 'same NHS number',
    exactUnverified: 'same identifier (not a valid NHS number)',
    oneDigit: 'NHS number differs by one digit',
    different: 'NHS number differs',
    differentUnverified: 'identifier differs',
  },
};

export function describeLevel<C extends ComparisonName>(
  comparison: C,
  level: ComparisonLevels[C]
): string | undefined {
  return (REASONS[comparison] as Record<string, string | undefined>)[level];
}
