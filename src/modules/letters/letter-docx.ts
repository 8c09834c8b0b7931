import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Letter, LetterRecipient } from './letter-content.ts';

export { DOCX_TYPE } from '../../platform/http/docx.ts';

const SPACE_AFTER = 240;

/** Names the file by the contact reference only: a downloaded file's name is seen by many. */
export function docxFilename(decision: { contactReference: string }, to: LetterRecipient): string {
  return `letter-to-${to}-${decision.contactReference.replace(/[^A-Za-z0-9-]/g, '')}.docx`;
}

/**
 * The letter as a Word document, from the same paragraphs as the printable page. The document's
 * author is the council, so no member of staff's or family's name sits in its properties.
 */
export function letterDocx(letter: Letter): Promise<Buffer> {
  const document = new Document({
    creator: letter.councilName,
    lastModifiedBy: letter.councilName,
    title: `Letter from ${letter.councilName} children’s services`,
    styles: { default: { document: { run: { font: 'Arial', size: 24 } } } },
    sections: [
      {
        children: [
          lines([letter.councilName], { bold: true }),
          lines([letter.date]),
          lines(letter.addressLines),
          lines([`${letter.salutation},`]),
          lines([letter.subject], { bold: true }),
          ...letter.sections.flatMap((section) => [
            ...(section.heading
              ? [new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 })]
              : []),
            ...section.paragraphs.map((paragraph) => lines([paragraph])),
          ]),
          lines([`${letter.closing},`]),
          lines(letter.signature),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** One paragraph whose lines break like an address block. */
function lines(texts: string[], style: { bold?: boolean } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: SPACE_AFTER },
    children: texts.map((text, index) => new TextRun({ text, bold: style.bold, break: index > 0 ? 1 : 0 })),
  });
}
