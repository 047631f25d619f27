import { assertWritableRecordProperties } from './record-properties.rules';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('writable record properties', () => {
  it('takes any name for a built-in type', () =>
    expect(codeOf(() => assertWritableRecordProperties('0-1', ['email', 'anything_at_all']))).toBeUndefined());
  it('refuses the read-only properties on every type', () =>
    expect(codeOf(() => assertWritableRecordProperties('0-1', ['email', 'hs_object_id']))).toBe('READ_ONLY_PROPERTY'));
  it("takes a custom object's declared properties", () =>
    expect(codeOf(() => assertWritableRecordProperties('2-1', ['model'], ['model', 'make']))).toBeUndefined());
  it('refuses an undeclared property of a custom object, naming it', () => {
    expect(() => assertWritableRecordProperties('2-1', ['model', 'colour'], ['model'])).toThrow(/"colour"/);
    expect(codeOf(() => assertWritableRecordProperties('2-1', ['colour'], ['model']))).toBe('UNKNOWN_PROPERTY');
  });
});
