import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type ExcelJS from 'exceljs';
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
  return new Date(`${day}T00:00:00Z`);
}

function cellFor(value: CellValue, type: ColumnType): ExcelJS.CellValue {
  if (value === null) return null;
  if (type === 'date') return excelDate(String(value));
  return value;
}

// One style object per kind of cell, shared by every cell of that kind: exceljs recognises a style it has
// seen by identity, so it works out each style once rather than once per cell.
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};

/** The workbook: a sheet per list, the header row as the lists define it, real dates, whole numbers. */
export function annexAWorkbook(rows: AnnexARows): Promise<Buffer> {
  return workbookOf(annexASheets(rows));
}

/**
 * The workbook of the sheets `annexASheets` gives. Written with exceljs's streaming writer, each row
 * committed as it is added, so a large council's lists are not held again as a workbook model.
 */
export async function workbookOf(sheets: readonly AnnexASheet[]): Promise<Buffer> {
  const stream = new PassThrough();
  const written = buffer(stream);
  // Loaded when a workbook is first written: exceljs is large, and most processes never write one.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const types = sheet.columns.map((column) => column.type);
    const styles = types.map((type) => (type === 'date' ? DATE_STYLE : PLAIN_STYLE));
    worksheet.columns = sheet.columns.map(({ header }, index) => ({
      header,
      width: Math.min(Math.max(header.length, 12), 40),
      style: styles[index],
    }));
    const headerRow = worksheet.getRow(1);
    headerRow.font = { bold: true };
    headerRow.commit();
    for (const cells of sheet.rows) {
      const row = worksheet.addRow(cells.map((value, index) => cellFor(value, types[index]!)));
      styles.forEach((style, index) => (row.getCell(index + 1).style = style));
      row.commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
  return written;
}
