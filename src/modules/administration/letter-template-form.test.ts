import { describe, expect, it } from 'vitest';
import { templateByKey } from '../letters/letter-templates.ts';
import { parseTemplateForm } from './letter-template-form.ts';

const template = templateByKey('family-assessment')!;

describe('the letter template form', () => {
  it('reads the parts, reason, version and whether to save', () => {
    const parsed = parseTemplateForm(template, {
      'part-decided': ' A social worker will visit ((child)). ',
      'part-next': '',
      reason: 'Plainer words',
      version: '2',
      action: 'save',
    });
    expect(parsed).toEqual({
      ok: true,
      form: {
        parts: { decided: 'A social worker will visit ((child)).', next: '' },
        reason: 'Plainer words',
        openedVersion: 2,
        action: 'save',
      },
    });
  });

  it('previews unless asked to save', () => {
    const parsed = parseTemplateForm(template, { 'part-decided': 'Words.' });
    expect(parsed.ok && parsed.form.action).toBe('preview');
  });

  it('reports each problem against its own box', () => {
    const parsed = parseTemplateForm(template, {
      'part-decided': 'For ((chlid)).',
      'part-next': 'Told by ((referrer_organisation)).',
      reason: 'x'.repeat(501),
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.fields['part-decided']!.text).toMatch(/^\(\(chlid\)\) is not a placeholder/);
    expect(parsed.errors.fields['part-next']!.text).toMatch(/could tell the family who made the referral/);
    expect(parsed.errors.fields.reason!.text).toBe('The reason must be 500 characters or fewer');
    expect(parsed.errors.summary.map((item) => item.href)).toEqual([
      '#part-decided',
      '#part-next',
      '#reason',
    ]);
  });
});
