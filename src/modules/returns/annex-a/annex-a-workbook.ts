import ExcelJS from 'exceljs';
import {
  ANNEX_A_LISTS,
  type AnnexAColumn,
  type AnnexAList,
  type AnnexARows,
  type CellValue,
  type ColumnType,
} from './annex-a-lists.ts';

/** One list as it goes on its sheet: its columns' rules and the cell values, row by row. */
export interface AnnexASheet {
  name: string;
  columns: Omit<AnnexAColumn<unknown>, 'cell'>[];
  rows: CellValue[][];
}

const DATE_FORMAT = 'dd/mm/yyyy';

function sheetOf<Row>(list: AnnexAList<Row>, rows: readonly Row[]): AnnexASheet {
  return {
    name: list.sheet,
    columns: list.columns.map(({ header, type, mayBeBlank, codes }) => ({ header, type, mayBeBlank, codes })),
    rows: rows.map((row) => list.columns.map((column) => column.cell(row))),
  };
}

/** Every list's sheet, in order; lists 8–11 are headers only. */
export function annexASheets(rows: AnnexARows): AnnexASheet[] {
  const lists = ANNEX_A_LISTS;
  return [
    sheetOf(lists.list1, rows.list1),
    sheetOf(lists.list2, rows.list2),
    sheetOf(lists.list3, rows.list3),
    sheetOf(lists.list4, rows.list4),
    sheetOf(lists.list5, rows.list5),
    sheetOf(lists.list6, rows.list6),
    sheetOf(lists.list7, rows.list7),
    sheetOf(lists.list8, []),
    sheetOf(lists.list9, []),
    sheetOf(lists.list10, []),
    sheetOf(lists.list11, []),
  ];
}

/** An ISO calendar day as an Excel date: midnight UTC, so the serial number is that day wherever it is opened. */
function excelDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date));
}

function cellFor(value: CellValue, type: ColumnType): ExcelJS.CellValue {
  if (value === null) return null;
  if (type === 'date') return excelDate(String(value));
  return value;
}

/** The workbook: a sheet per list, the header row as the lists define it, real dates, whole numbers. */
export async function annexAWorkbook(rows: AnnexARows): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of annexASheets(rows)) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map(({ header, type }) => ({
      header,
      width: Math.min(Math.max(header.length, 12), 40),
      style: type === 'date' ? { numFmt: DATE_FORMAT } : {},
    }));
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      worksheet.addRow(row.map((value, index) => cellFor(value, sheet.columns[index]!.type)));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
