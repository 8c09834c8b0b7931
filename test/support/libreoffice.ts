import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/*
 * LibreOffice (headless) opens a DOCX as a reader would and prints it to PDF; pdftotext (poppler-utils)
 * reads the PDF's text back. .ci/run installs both (libreoffice-writer-nogui poppler-utils); without
 * them the DOCX reading tests are skipped, unless REQUIRE_BROWSER=1 makes that a failure.
 */

const available = (command: string) => spawnSync(command, ['--version']).error === undefined;

export const libreOfficeAvailable = available('soffice') && available('pdftotext');

/** Fails under REQUIRE_BROWSER=1 when the tools are missing, so CI never skips the check unnoticed. */
export function requireLibreOfficeInCi(): void {
  if (!libreOfficeAvailable && process.env.REQUIRE_BROWSER === '1')
    throw new Error(
      'DOCX tests need LibreOffice and pdftotext (apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils); REQUIRE_BROWSER=1 is set.'
    );
}

/**
 * Converts a DOCX to PDF with LibreOffice and returns the PDF's text: as laid out (a table's cells side
 * by side on a line) and with every run of white space made one space, so wrapped lines still match. Each call has its own profile
 * folder, so conversions running side by side never share (or lock) one.
 */
export function docxToPdfText(docx: Buffer): { pdf: Buffer; layout: string; text: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-docx-'));
  try {
    const input = path.join(folder, 'report.docx');
    fs.writeFileSync(input, docx);
    const converted = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(folder, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        folder,
        input,
      ],
      { encoding: 'utf8', timeout: 180_000 }
    );
    const output = path.join(folder, 'report.pdf');
    if (!fs.existsSync(output))
      throw new Error(`LibreOffice did not convert the DOCX: ${converted.stderr || converted.stdout}`);
    const pdf = fs.readFileSync(output);
    const text = spawnSync('pdftotext', ['-layout', output, '-'], { encoding: 'utf8' });
    if (text.status !== 0) throw new Error(`pdftotext failed: ${text.stderr}`);
    return { pdf, layout: text.stdout, text: text.stdout.replace(/\s+/g, ' ') };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
