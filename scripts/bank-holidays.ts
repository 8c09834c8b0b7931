// `npm run bank-holidays`: writes the England and Wales bank holiday table the service reads
// (src/shared/bank-holidays.ts says why). Run it after upgrading date-holidays: bank-holidays.test.ts fails
// while the table and the package disagree.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { BANK_HOLIDAY_YEARS, bankHolidaysFromPackage } from '../src/shared/bank-holidays.ts';

const file = fileURLToPath(new URL('../src/shared/bank-holiday-table.ts', import.meta.url));
const years: string[] = [];
for (let year = BANK_HOLIDAY_YEARS.from; year <= BANK_HOLIDAY_YEARS.to; year++)
  years.push(`${year}: ${JSON.stringify(bankHolidaysFromPackage(year))},`);
const text = `// Written by \`npm run bank-holidays\` from date-holidays (GB, ENG, public holidays): do not edit.
export interface BankHoliday {
  date: string;
  name: string;
}

export const BANK_HOLIDAY_TABLE: Readonly<Record<number, readonly BankHoliday[]>> = {
${years.join('\n')}
};
`;
fs.writeFileSync(
  file,
  await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file })
);
console.log(`Wrote ${file}`);
