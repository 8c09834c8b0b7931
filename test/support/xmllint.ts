import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** The DfE CIN census schema (LIIA's copy of CIN_schema_2026.xsd) kept beside the census code. */
export const CIN_SCHEMA = path.resolve(
  import.meta.dirname,
  '../../src/modules/returns/cin-census/reference/CIN_schema_2026.xsd'
);

/** xmllint comes from Debian's libxml2-utils, which .ci/run installs; without it schema tests are skipped. */
export const xmllintAvailable = spawnSync('xmllint', ['--version']).error === undefined;

/** Validates XML against an XSD with xmllint: valid, and what xmllint said. */
export function validateAgainstSchema(
  xml: string,
  schema = CIN_SCHEMA
): { valid: boolean; messages: string } {
  const result = spawnSync('xmllint', ['--noout', '--schema', schema, '-'], { input: xml, encoding: 'utf8' });
  return { valid: result.status === 0, messages: result.stderr };
}
