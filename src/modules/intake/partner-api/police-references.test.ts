import { describe, expect, it } from 'vitest';
import { normalisePoliceReference } from './police-references.ts';

describe('normalisePoliceReference', () => {
  it('accepts the ways forces write incident and crime references, tidied', () => {
    expect(normalisePoliceReference('WY-20261120-0456')).toBe('WY-20261120-0456');
    expect(normalisePoliceReference('  log 123   of 20/11/2026 ')).toBe('LOG 123 OF 20/11/2026');
    expect(normalisePoliceReference('13/123456/26')).toBe('13/123456/26');
    expect(normalisePoliceReference('cri/1234/26')).toBe('CRI/1234/26');
    expect(normalisePoliceReference('INC.2026_11:20-01')).toBe('INC.2026_11:20-01');
    expect(normalisePoliceReference('1234')).toBe('1234');
  });

  it('refuses what cannot be a reference', () => {
    expect(normalisePoliceReference('')).toBeNull();
    expect(normalisePoliceReference('123')).toBeNull(); // too short to find a record by
    expect(normalisePoliceReference('1'.repeat(41))).toBeNull();
    expect(normalisePoliceReference('Not known')).toBeNull(); // no digit
    expect(normalisePoliceReference('CR/123<script>')).toBeNull();
    expect(normalisePoliceReference('CR 123\nCR 456')).toBe('CR 123 CR 456'); // a line break is a space
    expect(normalisePoliceReference('CR#1234')).toBeNull();
  });
});
