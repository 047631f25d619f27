import type { RecordView } from '@app/read-models';
import { AppException } from '../../errors/app.exception';
import { compareBySorts, matchesSearch, searchRequestOf } from './record-search';

const record = (
  id: string,
  properties: Record<string, string>,
  createdAt = '2026-01-01T00:00:00.000Z',
): RecordView => ({
  id,
  properties,
  createdAt,
  updatedAt: createdAt,
  archived: false,
});

const ada = record('1', { firstname: 'Ada', email: 'ada@example.com', city: 'London' });
const bo = record('2', { firstname: 'Bo', email: 'bo@example.com' }, '2026-02-01T00:00:00.000Z');
const cy = record('3', { firstname: 'Cy', city: '' });

function search(body: unknown, records = [ada, bo, cy], queryProperties = ['firstname', 'email']): string[] {
  const request = searchRequestOf(body);
  return records.filter((r) => matchesSearch(r, request, queryProperties)).map((r) => r.id);
}

function refusal(body: unknown): string {
  try {
    searchRequestOf(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe('VALIDATION_FAILED');
    return (error as AppException).message;
  }
  throw new Error('expected a 400');
}

const where = (...filters: unknown[]) => ({ filterGroups: [{ filters }] });

describe('record search', () => {
  describe('when the request has no filters and no query', () => {
    it('matches every record, 10 at a time from the start', () => {
      expect(search({})).toEqual(['1', '2', '3']);
      expect(searchRequestOf(undefined)).toMatchObject({ limit: 10, offset: 0, filterGroups: [], sorts: [] });
    });
  });

  describe('when filters are given', () => {
    it('EQ and NEQ compare case-insensitively; NEQ keeps records without the property', () => {
      expect(search(where({ propertyName: 'email', operator: 'EQ', value: 'ADA@example.com' }))).toEqual(['1']);
      expect(search(where({ propertyName: 'city', operator: 'NEQ', value: 'london' }))).toEqual(['2', '3']);
    });

    it('IN and NOT_IN take values; HAS_PROPERTY treats an empty value as unset', () => {
      expect(search(where({ propertyName: 'firstname', operator: 'IN', values: ['bo', 'cy'] }))).toEqual(['2', '3']);
      expect(search(where({ propertyName: 'firstname', operator: 'NOT_IN', values: ['bo'] }))).toEqual(['1', '3']);
      expect(search(where({ propertyName: 'city', operator: 'HAS_PROPERTY' }))).toEqual(['1']);
      expect(search(where({ propertyName: 'city', operator: 'NOT_HAS_PROPERTY' }))).toEqual(['2', '3']);
    });

    it('ANDs the filters of a group and ORs the groups', () => {
      const both = where(
        { propertyName: 'city', operator: 'HAS_PROPERTY' },
        { propertyName: 'firstname', operator: 'EQ', value: 'bo' },
      );
      expect(search(both)).toEqual([]);
      const either = {
        filterGroups: [
          { filters: [{ propertyName: 'city', operator: 'HAS_PROPERTY' }] },
          { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'bo' }] },
        ],
      };
      expect(search(either)).toEqual(['1', '2']);
    });

    it('knows the store-kept properties: hs_object_id, and dates in epoch milliseconds or ISO', () => {
      expect(search(where({ propertyName: 'hs_object_id', operator: 'IN', values: ['1', '3'] }))).toEqual(['1', '3']);
      const ms = String(Date.parse('2026-02-01T00:00:00.000Z'));
      expect(search(where({ propertyName: 'createdate', operator: 'EQ', value: ms }))).toEqual(['2']);
      expect(search(where({ propertyName: 'createdate', operator: 'EQ', value: '2026-02-01T00:00:00Z' }))).toEqual([
        '2',
      ]);
    });
  });

  describe('when a query is given', () => {
    it('matches a case-insensitive part of the query properties only', () => {
      expect(search({ query: 'AD' })).toEqual(['1']);
      expect(search({ query: 'example.COM' })).toEqual(['1', '2']);
      expect(search({ query: 'london' })).toEqual([]);
      expect(search({ query: 'bo', ...where({ propertyName: 'city', operator: 'HAS_PROPERTY' }) })).toEqual([]);
    });
  });

  describe('when sorts are given', () => {
    it('sorts by value (numbers as numbers), records without the value last, then by id', () => {
      const n = (id: string, amount?: string) => record(id, amount === undefined ? {} : { amount });
      const records = [n('1', '9'), n('2'), n('3', '10'), n('4', '9')];
      const ascending = [...records].sort(compareBySorts(searchRequestOf({ sorts: ['amount'] }).sorts));
      expect(ascending.map((r) => r.id)).toEqual(['1', '4', '3', '2']);
      const descending = searchRequestOf({ sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }] }).sorts;
      expect([...records].sort(compareBySorts(descending)).map((r) => r.id)).toEqual(['3', '1', '4', '2']);
      expect(searchRequestOf({ sorts: ['-createdate'] }).sorts).toEqual([
        { propertyName: 'createdate', direction: 'DESCENDING' },
      ]);
    });
  });

  describe('when the request is malformed', () => {
    it('refuses operators it does not support, naming the supported ones', () => {
      expect(refusal(where({ propertyName: 'amount', operator: 'GT', value: '1' }))).toMatch(
        /"GT" is not supported; use one of EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY/,
      );
      expect(refusal(where({ propertyName: 'amount', operator: 'eq', value: '1' }))).toMatch(/not supported/);
    });

    it('refuses missing values, empty groups, and more than 5 groups, 6 filters a group or 18 in all', () => {
      expect(refusal(where({ propertyName: 'a', operator: 'EQ' }))).toMatch(/needs a value/);
      expect(refusal(where({ propertyName: 'a', operator: 'IN', values: [] }))).toMatch(/non-empty values/);
      expect(refusal({ filterGroups: [{ filters: [] }] })).toMatch(/must not be empty/);
      const filter = { propertyName: 'a', operator: 'HAS_PROPERTY' };
      const group = (n: number) => ({ filters: Array.from({ length: n }, () => filter) });
      expect(refusal({ filterGroups: Array.from({ length: 6 }, () => group(1)) })).toMatch(/at most 5 filterGroups/);
      expect(refusal({ filterGroups: [group(7)] })).toMatch(/at most 6/);
      expect(refusal({ filterGroups: [group(6), group(6), group(6), group(1)] })).toMatch(/at most 18 filters/);
      expect(searchRequestOf({ filterGroups: [group(6), group(6), group(6)] }).filterGroups).toHaveLength(3);
    });

    it('refuses a limit outside 1-200 and an after that is not an offset', () => {
      expect(searchRequestOf({ limit: 200, after: '20' })).toMatchObject({ limit: 200, offset: 20 });
      expect(refusal({ limit: 201 })).toMatch(/limit must be an integer from 1 to 200/);
      expect(refusal({ limit: 0 })).toMatch(/limit/);
      expect(refusal({ after: 'abc' })).toMatch(/after must be/);
      expect(refusal({ query: 5 })).toMatch(/query must be a string/);
      expect(refusal([])).toMatch(/the body must be an object/);
    });
  });
});
