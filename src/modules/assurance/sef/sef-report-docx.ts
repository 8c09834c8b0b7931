import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import type { EvidenceSection, EvidenceTable } from './sef-evidence.ts';
import {
  CHECKLIST,
  PRIORITIES_HEADING,
  REPORT_TITLE,
  SEF_AREAS,
  areaOf,
  areaName,
  type FrameworkArea,
} from './sef-framework.ts';
import { contributorLabel, priorityProgress } from './sef-rules.ts';
import type { SefRecord } from './sef.service.ts';

/*
 * The SEF as the framework's Appendix C report, a Word document for the safeguarding partnership: the
 * date, lead and contributors, each area's narrative with who wrote it, the priorities for improvement,
 * then the evidence base (Appendix B) and the checklist answered (Appendix A). Pure: from the SEF and its
 * evidence as the page shows them. The document's author is the council, as for letters.
 */

export interface ReportContext {
  councilName: string;
  /** Today (UK date): the date of a draft; a final SEF is dated when it was made final. */
  today: string;
}

export function reportFilename(sef: Pick<SefRecord, 'label'>): string {
  return `front-door-self-evaluation-${sef.label.replace(/[^A-Za-z0-9-]/g, '')}.docx`;
}

export function assessmentDate(sef: Pick<SefRecord, 'status' | 'finalisedAt'>, today: string): string {
  return sef.status === 'final' && sef.finalisedAt
    ? formatUk(sef.finalisedAt, UK_FORMATS.date)
    : `${formatUk(today, UK_FORMATS.date)} (draft)`;
}

const text = (value: string, style: { bold?: boolean; italics?: boolean } = {}) =>
  new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: value, ...style })] });

const heading = (value: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text: value, heading: level, spacing: { before: 240, after: 120 } });

function table(headers: readonly string[], rows: readonly (readonly string[])[]): Table {
  const row = (cells: readonly string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (cell) =>
          new TableCell({
            children: [new Paragraph({ children: [new TextRun({ text: cell, bold: header })] })],
          })
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(headers, true), ...rows.map((cells) => row(cells, false))],
  });
}

/** Paragraphs as the writer typed them: a blank line starts a new one. */
function narrative(value: string): Paragraph[] {
  return value
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => text(paragraph.replace(/\r?\n/g, ' ')));
}

function areaSection(sef: SefRecord, area: FrameworkArea, previous: FrameworkArea | undefined) {
  const part = area.group !== undefined;
  const groupHeading =
    part && previous?.group !== area.group
      ? [heading(`${area.number.charAt(0)}. ${area.group}`, HeadingLevel.HEADING_1)]
      : [];
  const title = part
    ? `${area.number.slice(1)}) ${area.reportHeading}`
    : `${area.number}. ${area.reportHeading}`;
  const entries = sef.entries.filter((entry) => entry.area === area.id);
  return [
    ...groupHeading,
    heading(title, part ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1),
    ...(entries.length === 0
      ? [text('Nothing has been written for this area.', { italics: true })]
      : entries.flatMap((entry) => {
          const latest = entry.versions[0]!;
          return [
            ...narrative(latest.text),
            text(`${contributorLabel(entry.author)}, ${formatUk(latest.writtenAt, UK_FORMATS.date)}`, {
              italics: true,
            }),
          ];
        })),
  ];
}

function evidenceTable(evidence: EvidenceTable) {
  return [
    heading(evidence.title, HeadingLevel.HEADING_3),
    text(evidence.caption, { italics: true }),
    evidence.rows.length === 0 ? text('No figures for the period.') : table(evidence.headers, evidence.rows),
  ];
}

export function sefReportDocx(
  sef: SefRecord,
  evidence: readonly EvidenceSection[],
  context: ReportContext
): Promise<Buffer> {
  const period = `${formatUk(sef.period.from, UK_FORMATS.date)} to ${formatUk(sef.period.to, UK_FORMATS.date)}`;
  const document = new Document({
    creator: context.councilName,
    lastModifiedBy: context.councilName,
    title: `${REPORT_TITLE}: ${sef.label}`,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: REPORT_TITLE, heading: HeadingLevel.TITLE }),
          text(`${context.councilName}: ${sef.label}, ${period}${sef.status === 'draft' ? ' (draft)' : ''}`, {
            bold: true,
          }),
          table(
            ['', ''],
            [
              ['Date of Assessment:', assessmentDate(sef, context.today)],
              ['Lead Person:', sef.lead.name],
              ['Completed by (list professionals):', sef.contributors.map(contributorLabel).join('; ')],
            ]
          ),
          ...SEF_AREAS.flatMap((area, index) => areaSection(sef, area, SEF_AREAS[index - 1])),
          heading(`9. ${PRIORITIES_HEADING}`, HeadingLevel.HEADING_1),
          sef.priorities.length === 0
            ? text('No priorities have been recorded.', { italics: true })
            : table(
                ['Priority', 'Area', 'Owner', 'Due', 'Progress'],
                sef.priorities.map((priority) => [
                  priority.text,
                  priority.area ? areaName(areaOf(priority.area)) : 'The front door as a whole',
                  priority.owner,
                  formatUk(priority.dueOn, UK_FORMATS.date),
                  priorityProgress(priority, context.today),
                ])
              ),
          heading('Evidence base for the period (Appendix B)', HeadingLevel.HEADING_1),
          text(`Figures from Front Door for ${period}, as at ${formatUk(context.today, UK_FORMATS.date)}.`),
          ...evidence.flatMap((section) => [
            heading(section.heading, HeadingLevel.HEADING_2),
            ...section.tables.flatMap(evidenceTable),
          ]),
          heading('Elements of a good self-evaluation: checklist (Appendix A)', HeadingLevel.HEADING_1),
          table(
            ['Element', 'Shown', 'Note'],
            CHECKLIST.map((item) => {
              const answer = sef.checklist[item.letter];
              return [
                `${item.letter}) ${item.title}`,
                answer === undefined ? 'Not answered' : answer.met ? 'Yes' : 'No',
                answer?.note ?? '',
              ];
            })
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
