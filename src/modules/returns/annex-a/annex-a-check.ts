import type { AnnexASheet } from './annex-a-workbook.ts';

/** A cell the Annex A rules refuse: blank where the column must be filled, or a value not on its code list. */
export interface AnnexACellProblem {
  sheet: string;
  row: number;
  header: string;
  problem: 'blank' | 'not a code';
  value: string | number | null;
}

/** Checks every cell of the sheets against its column's blank rule and code list, as LIIA's cleaner would. */
export function annexACellProblems(sheets: readonly AnnexASheet[]): AnnexACellProblem[] {
  return sheets.flatMap((sheet) =>
    sheet.rows.flatMap((cells, index) =>
      sheet.columns.flatMap((column, position): AnnexACellProblem[] => {
        const value = cells[position] ?? null;
        const at = { sheet: sheet.name, row: index + 2, header: column.header, value };
        if (value === null || value === '') return column.mayBeBlank ? [] : [{ ...at, problem: 'blank' }];
        if (column.codes && !column.codes.includes(String(value))) return [{ ...at, problem: 'not a code' }];
        return [];
      })
    )
  );
}
