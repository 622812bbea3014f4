import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { DateTimeScalar, ModalityScalar, modalityToMatch } from './scalars.js';

describe('DateTime', () => {
  it.each([
    ['2026-11-30T10:15:00Z', '2026-11-30T10:15:00.000Z'],
    ['2026-11-30T10:15:00.123456Z', '2026-11-30T10:15:00.123Z'],
    ['2026-11-30T12:15:00+02:00', '2026-11-30T10:15:00.000Z'],
    ['2026-11-30T10:15Z', '2026-11-30T10:15:00.000Z'],
  ])('accepts %s as %s', (input, output) => {
    expect(DateTimeScalar.parseValue(input)).toBe(output);
  });

  it.each([
    '2026-11-30',
    '2026-11-30T10:15:00',
    'yesterday',
    '2026-13-40T10:15:00Z',
    '2026-11-30T10:15:00ZZ',
    42,
    null,
    `2026-11-30T10:15:00${'0'.repeat(50)}Z`,
  ])('refuses %j with BAD_USER_INPUT', (input) => {
    expect(() => DateTimeScalar.parseValue(input)).toThrow(/ISO-8601/);
  });
});

describe('Modality', () => {
  it('takes a string, or a bare name as when it was an enum, and leaves the form to the state check', () => {
    expect(ModalityScalar.parseValue('ENDOSCOPY')).toBe('ENDOSCOPY');
    expect(ModalityScalar.parseLiteral({ kind: Kind.ENUM, value: 'XRAY' })).toBe('XRAY');
    expect(ModalityScalar.parseLiteral({ kind: Kind.STRING, value: 'CT' })).toBe('CT');
    expect(() => ModalityScalar.parseValue(7)).toThrow(/Modality must be a string/);
    expect(() => ModalityScalar.parseLiteral({ kind: Kind.INT, value: '7' })).toThrow(/Modality must be a string/);
  });
});

describe('modalityToMatch', () => {
  it('passes a code of the right form and refuses another, naming the path', () => {
    expect(modalityToMatch('ENDOSCOPY', 'modality')).toBe('ENDOSCOPY');
    for (const bad of ['endoscopy', 'X', 'X-RAY', '', 'A'.repeat(41)]) {
      expect(() => modalityToMatch(bad, 'filter.modality'), bad).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'BAD_USER_INPUT',
            fieldErrors: [expect.objectContaining({ path: 'filter.modality' })],
          }),
        }),
      );
    }
  });
});
