import { describe, expect, it } from 'vitest';
import { contactKindOf, contactValue, normaliseEmail, normalisePhone } from '../../protocol';

describe('contact normalisation (protocol/contacts.ts)', () => {
  it('reads a Korean mobile number the same however it is written', () => {
    const spellings = [
      '010-1234-5678',
      '01012345678',
      '010 1234 5678',
      '010.1234.5678',
      '(010) 1234-5678',
      '+82 10-1234-5678',
      '+821012345678',
      '+82 (0)10 1234 5678',
      '82-10-1234-5678',
      '0082 10 1234 5678',
      ' 010–1234–5678 ',
      '010‐1234‐5678', // U+2010 hyphens
      '010−1234−5678', // U+2212 minus signs
      '０１０-１２３４-５６７８', // full-width digits
      '010-1234-5678\u200b', // a zero-width space pasted along
    ];
    expect(new Set(spellings.map(normalisePhone))).toEqual(new Set(['+821012345678']));
  });

  it('keeps other countries by their code, and Seoul landlines', () => {
    expect(normalisePhone('+1 (415) 555-0132')).toBe('+14155550132');
    expect(normalisePhone('+81 90-1234-5678')).toBe('+819012345678');
    expect(normalisePhone('02-312-3456')).toBe('+8223123456');
  });

  it('refuses what is not a phone number, saying why', () => {
    expect(normalisePhone('010-1234-567a')).toEqual({ error: expect.stringContaining('only digits') });
    expect(normalisePhone('4155550132')).toEqual({ error: expect.stringContaining('country code') });
    expect(normalisePhone('+82 10')).toEqual({ error: expect.stringContaining('8–15 digits') });
    expect(normalisePhone('+82 10 1234 5678 99')).toEqual({ error: expect.stringContaining('Korean') });
    expect(normalisePhone('+82 10 123 456')).toEqual({ error: expect.stringContaining('Korean mobile') });
    expect(normalisePhone('+010-1234-5678')).toEqual({ error: expect.stringContaining('no country code') });
  });

  it('reads an email address in lower case, trimmed, and nothing more', () => {
    expect(normaliseEmail('  Mrs.Park@Example.COM ')).toBe('mrs.park@example.com');
    expect(normaliseEmail('mrs.park+clinic@example.com')).toBe('mrs.park+clinic@example.com');
    expect(normaliseEmail('mrspark@example.com')).not.toBe(normaliseEmail('mrs.park@example.com'));
    expect(normaliseEmail('park@localhost')).toEqual({ error: expect.stringContaining('not an email') });
    expect(normaliseEmail('a b@example.com')).toEqual({ error: expect.stringContaining('not an email') });
    expect(normaliseEmail('park@example..com')).toEqual({ error: expect.stringContaining('not an email') });
    expect(normaliseEmail('pa\u200brk@example.com')).toBe('park@example.com');
    expect(normaliseEmail('Cafe\u0301@example.com')).toBe(normaliseEmail('Café@example.com'));
  });

  it('tells a search for a phone number or an email from an id, and prefixes the kind', () => {
    expect(contactKindOf('010-1234-5678')).toBe('phone');
    expect(contactKindOf('+82 10 1234 5678')).toBe('phone');
    expect(contactKindOf('park@example.com')).toBe('email');
    expect(contactKindOf('v_Xy7f3kQ9pLm2aB4c')).toBeUndefined();
    expect(contactKindOf('0082 (0) 10 - 1234 - 5678')).toBe('phone');
    expect(contactKindOf('0195e0d4-1c2b-7a3d-9e4f-5a6b7c8d9e0f')).toBeUndefined();
    expect(contactValue('phone', '010 1234 5678')).toBe('phone:+821012345678');
    expect(contactValue('email', 'Park@Example.com')).toBe('email:park@example.com');
  });
});
