import { describe, expect, it } from 'vitest';
import { passwordForm } from './password-rules.ts';

const form = passwordForm('ada.admin@westshire.example');
const messages = (password: string, confirm = password) =>
  form.safeParse({ password, confirm }).error?.issues.map((issue) => issue.message) ?? [];

describe('a password chosen through a set-up link', () => {
  it('accepts a long password typed twice', () => {
    expect(messages('correct horse battery staple')).toEqual([]);
  });

  it('refuses one too short, too long, holding the email name, or typed differently', () => {
    expect(messages('')).toContain('Enter a password');
    expect(messages('short')).toContain('Your password must be at least 12 characters');
    expect(messages('x'.repeat(201))).toContain('Your password must be 200 characters or fewer');
    expect(messages('my name is ADA.ADMIN ok')).toContain(
      'Your password must not contain your email address'
    );
    expect(messages('correct horse battery staple', 'correct horse')).toContain(
      'The passwords do not match: enter the same password twice'
    );
  });
});
