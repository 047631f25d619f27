import { correlationIdFrom } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  it('takes a sane X-Correlation-Id', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'abc-123' })).toBe('abc-123');
  });

  it('falls back to X-Request-Id', () => {
    expect(correlationIdFrom({ 'x-request-id': 'req_42' })).toBe('req_42');
  });

  it('prefers X-Correlation-Id over X-Request-Id', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'corr', 'x-request-id': 'req' })).toBe('corr');
  });

  it('generates a UUID when no header is sent', () => {
    expect(correlationIdFrom({})).toMatch(UUID);
  });

  it.each(['', ' spaced ', 'a'.repeat(129), 'quote"d', 'line\nbreak', '<script>', 'é'])(
    'ignores an insane id %p',
    (id) => {
      expect(correlationIdFrom({ 'x-correlation-id': id })).toMatch(UUID);
    },
  );
});
