import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, secretMatches } from './api-key.ts';

describe('partner API keys', () => {
  it('are fdk_<8-character prefix>_<secret>, with only the secret hashed', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^fdk_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(generated.key)!;
    expect(parsed.prefix).toBe(generated.prefix);
    expect(generated.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(generated.keyHash).not.toContain(parsed.secret);
    expect(secretMatches(parsed.secret, generated.keyHash)).toBe(true);
  });

  it('never repeat', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateApiKey().key));
    expect(keys.size).toBe(50);
  });

  it('parse even when the prefix holds an underscore', () => {
    const key = `fdk_ab_cd-ef_${'x'.repeat(43)}`;
    expect(parseApiKey(key)).toEqual({ prefix: 'ab_cd-ef', secret: 'x'.repeat(43) });
  });

  it('reject anything else', () => {
    const { key, keyHash } = generateApiKey();
    for (const wrong of ['', 'fdk_', key.slice(0, -1), `${key}x`, key.replace('fdk_', 'fdx_'), ` ${key}`]) {
      expect(parseApiKey(wrong), wrong).toBeNull();
    }
    expect(secretMatches('y'.repeat(43), keyHash)).toBe(false);
    expect(secretMatches(parseApiKey(key)!.secret, 'not-a-hash')).toBe(false);
  });
});
