import { AppException } from '../errors/app.exception';
import { minPositionFrom } from './min-position';

describe('minPositionFrom', () => {
  it('is undefined when neither the header nor the parameter is sent', () => {
    expect(minPositionFrom({}, {})).toBeUndefined();
  });

  it('reads the header, then the query parameter', () => {
    expect(minPositionFrom({ 'x-min-position': '42' }, { minPosition: '7' })).toBe(42n);
    expect(minPositionFrom({}, { minPosition: '7' })).toBe(7n);
  });

  it('takes positions beyond 2^53', () => {
    expect(minPositionFrom({ 'x-min-position': '18446744073709551615' }, {})).toBe(18446744073709551615n);
  });

  it.each(['', 'abc', '-1', '1e3', '0x10', '1.0', '123456789012345678901'])('rejects %p', (value) => {
    expect(() => minPositionFrom({ 'x-min-position': value }, {})).toThrow(AppException);
    expect(() => minPositionFrom({}, { minPosition: value })).toThrow(/minPosition parameter must be/);
  });

  it('rejects a parameter given twice', () => {
    expect(() => minPositionFrom({}, { minPosition: ['1', '2'] })).toThrow(AppException);
  });
});
