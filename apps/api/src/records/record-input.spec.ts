import { AppException } from '../errors/app.exception';
import { afterParam, booleanParam, isRecordId, limitParam, listParam, writtenProperties } from './record-input';

describe('record input', () => {
  it('takes property lists repeated or comma-joined, trimmed and deduplicated', () => {
    expect(listParam(undefined)).toEqual([]);
    expect(listParam('email, firstname')).toEqual(['email', 'firstname']);
    expect(listParam(['email', 'city,email', ''])).toEqual(['email', 'city']);
  });

  it('takes numbers and booleans as strings; null clears on update only', () => {
    expect(writtenProperties({ a: 'x', n: 5, b: true, c: null }, 'create')).toEqual({ a: 'x', n: '5', b: 'true' });
    expect(writtenProperties({ c: null }, 'update')).toEqual({ c: null });
    expect(() => writtenProperties({ o: { x: 1 } }, 'create')).toThrow(AppException);
    expect(() => writtenProperties({ '': 'x' }, 'create')).toThrow(AppException);
  });

  it.each([
    ['1', true],
    ['1234567890', true],
    ['0', false],
    ['01', false],
    ['-1', false],
    ['a@b.c', false],
  ])('record id %p is valid: %p', (id, valid) => expect(isRecordId(id)).toBe(valid));

  it('limits pages to 1-100, 10 by default', () => {
    expect(limitParam(undefined)).toBe(10);
    expect(limitParam('100')).toBe(100);
    for (const bad of ['0', '101', 'x', '1.5', ['1', '2']]) expect(() => limitParam(bad)).toThrow(AppException);
  });

  it('reads after and archived strictly', () => {
    expect(afterParam('17')).toBe(17);
    expect(() => afterParam('x')).toThrow(AppException);
    expect(booleanParam('archived', 'true')).toBe(true);
    expect(booleanParam('archived', undefined)).toBe(false);
    expect(() => booleanParam('archived', 'yes')).toThrow(AppException);
  });
});
