import type { RecordView } from '@app/read-models';
import { compareCodePoints } from '@app/read-models';
import { AppException } from '../../errors/app.exception';

/**
 * HubSpot's CRM search (POST /crm/v3/objects/{objectType}/search) as pure functions over records: the request as
 * validated, whether a record matches it, and the order of the matches. The query handler feeds them the records.
 */
export const SEARCH_OPERATORS = ['EQ', 'NEQ', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

/** HubSpot's documented limits on one search request. */
export const SEARCH_LIMITS = { groups: 5, filtersPerGroup: 6, filters: 18, maxLimit: 200, defaultLimit: 10 } as const;

export type SearchFilter =
  | { propertyName: string; operator: 'EQ' | 'NEQ'; value: string }
  | { propertyName: string; operator: 'IN' | 'NOT_IN'; values: string[] }
  | { propertyName: string; operator: 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' };

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

export interface SearchRequest {
  /** Filters in a group are ANDed, groups ORed; no group matches every record. */
  filterGroups: SearchFilter[][];
  sorts: SearchSort[];
  query?: string;
  properties: string[];
  limit: number;
  /** Matches skipped: the previous page's `paging.next.after`. */
  offset: number;
}

/** Dates the store keeps as ISO strings; filters may name them in epoch milliseconds, as HubSpot's do. */
const DATE_PROPERTIES = new Set(['createdate', 'lastmodifieddate', 'hs_createdate', 'hs_lastmodifieddate']);

type Raw = Record<string, unknown>;

function invalid(message: string, context?: Record<string, unknown>): AppException {
  return new AppException('VALIDATION_FAILED', message, context);
}

function objectAt(value: unknown, where: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where} must be an object`);
  return value as Raw;
}

function arrayAt(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${where} must be an array`);
  return value;
}

function nameAt(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${where} must be a property name`);
  return value.trim();
}

/** Filter values as clients send them: strings, or numbers and booleans taken as strings. */
function valueAt(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(`${where} must be a string`);
}

function filterOf(raw: unknown, where: string): SearchFilter {
  const input = objectAt(raw, where);
  const propertyName = nameAt(input.propertyName, `${where}.propertyName`);
  const operator = input.operator;
  if (!SEARCH_OPERATORS.includes(operator as SearchOperator)) {
    throw invalid(
      `${where}.operator ${JSON.stringify(operator)} is not supported; use one of ${SEARCH_OPERATORS.join(', ')}`,
      { operator: String(operator), supported: [...SEARCH_OPERATORS] },
    );
  }
  switch (operator as SearchOperator) {
    case 'EQ':
    case 'NEQ':
      if (input.value === undefined || input.value === null) throw invalid(`${where} (${operator}) needs a value`);
      return { propertyName, operator: operator as 'EQ' | 'NEQ', value: valueAt(input.value, `${where}.value`) };
    case 'IN':
    case 'NOT_IN': {
      const values = arrayAt(input.values, `${where}.values`).map((v, i) => valueAt(v, `${where}.values[${i}]`));
      if (values.length === 0) throw invalid(`${where} (${operator}) needs a non-empty values array`);
      return { propertyName, operator: operator as 'IN' | 'NOT_IN', values };
    }
    case 'HAS_PROPERTY':
    case 'NOT_HAS_PROPERTY':
      return { propertyName, operator: operator as 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' };
  }
}

/** `{propertyName, direction}` as HubSpot documents it; the SDK's `string[]` form is `name` or `-name`. */
function sortOf(raw: unknown, where: string): SearchSort {
  if (typeof raw === 'string') {
    const descending = raw.startsWith('-');
    const propertyName = nameAt(descending ? raw.slice(1) : raw, where);
    return { propertyName, direction: descending ? 'DESCENDING' : 'ASCENDING' };
  }
  const input = objectAt(raw, where);
  const direction = input.direction ?? 'ASCENDING';
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') {
    throw invalid(`${where}.direction must be ASCENDING or DESCENDING`);
  }
  return { propertyName: nameAt(input.propertyName, `${where}.propertyName`), direction };
}

function limitOf(raw: unknown): number {
  if (raw === undefined || raw === null) return SEARCH_LIMITS.defaultLimit;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > SEARCH_LIMITS.maxLimit) {
    throw invalid(`limit must be an integer from 1 to ${SEARCH_LIMITS.maxLimit}`, { limit: String(raw) });
  }
  return raw;
}

function offsetOf(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  const after = typeof raw === 'number' ? String(raw) : raw;
  if (typeof after !== 'string' || !/^[0-9]{1,9}$/.test(after)) {
    throw invalid('after must be the paging.next.after of a previous page', { after: String(raw) });
  }
  return Number(after);
}

/** The body of a search request, validated whole (400 naming the first problem). */
export function searchRequestOf(body: unknown): SearchRequest {
  const raw = body === undefined || body === null ? {} : objectAt(body, 'the body');
  const groups = arrayAt(raw.filterGroups, 'filterGroups');
  if (groups.length > SEARCH_LIMITS.groups) {
    throw invalid(`A search takes at most ${SEARCH_LIMITS.groups} filterGroups; got ${groups.length}`);
  }
  const filterGroups = groups.map((group, g) => {
    const where = `filterGroups[${g}]`;
    const filters = arrayAt(objectAt(group, where).filters, `${where}.filters`);
    if (filters.length === 0) throw invalid(`${where}.filters must not be empty`);
    if (filters.length > SEARCH_LIMITS.filtersPerGroup) {
      throw invalid(`${where} has ${filters.length} filters; a group takes at most ${SEARCH_LIMITS.filtersPerGroup}`);
    }
    return filters.map((filter, f) => filterOf(filter, `${where}.filters[${f}]`));
  });
  const total = filterGroups.reduce((n, group) => n + group.length, 0);
  if (total > SEARCH_LIMITS.filters) {
    throw invalid(`A search takes at most ${SEARCH_LIMITS.filters} filters in all; got ${total}`);
  }
  if (raw.query !== undefined && raw.query !== null && typeof raw.query !== 'string') {
    throw invalid('query must be a string');
  }
  const query = typeof raw.query === 'string' ? raw.query.trim() : '';
  const properties = arrayAt(raw.properties, 'properties').map((p, i) => nameAt(p, `properties[${i}]`));
  const request: SearchRequest = {
    filterGroups,
    sorts: arrayAt(raw.sorts, 'sorts').map((s, i) => sortOf(s, `sorts[${i}]`)),
    properties: [...new Set(properties)],
    limit: limitOf(raw.limit),
    offset: offsetOf(raw.after),
  };
  if (query !== '') request.query = query;
  return request;
}

/** Every property a request names in its filters and sorts (to check them against a custom object's schema). */
export function namedProperties(request: SearchRequest): string[] {
  const names = [...request.filterGroups.flat(), ...request.sorts].map((x) => x.propertyName);
  return [...new Set(names)];
}

/** A record's value of a property, the store-kept ones included; undefined when unset or empty. */
export function propertyValue(record: RecordView, name: string): string | undefined {
  switch (name) {
    case 'hs_object_id':
      return record.id;
    case 'createdate':
    case 'hs_createdate':
      return record.createdAt;
    case 'lastmodifieddate':
    case 'hs_lastmodifieddate':
      return record.updatedAt;
    default: {
      const value = Object.hasOwn(record.properties, name) ? record.properties[name] : undefined;
      return value === undefined || value === '' ? undefined : value;
    }
  }
}

/** How two values compare for equality: case-insensitively, dates by instant (ISO or epoch milliseconds). */
function comparable(name: string, value: string): string {
  if (DATE_PROPERTIES.has(name)) {
    const ms = /^-?[0-9]+$/.test(value.trim()) ? Number(value) : Date.parse(value);
    if (Number.isFinite(ms)) return String(ms);
  }
  return value.trim().toLowerCase();
}

function matchesFilter(record: RecordView, filter: SearchFilter): boolean {
  const { propertyName: name } = filter;
  const value = propertyValue(record, name);
  const actual = value === undefined ? undefined : comparable(name, value);
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return value !== undefined;
    case 'NOT_HAS_PROPERTY':
      return value === undefined;
    case 'EQ':
      return actual === comparable(name, filter.value);
    case 'NEQ':
      return actual !== comparable(name, filter.value);
    case 'IN':
      return filter.values.some((v) => actual === comparable(name, v));
    case 'NOT_IN':
      return !filter.values.some((v) => actual === comparable(name, v));
  }
}

/**
 * Whether a record matches: some filter group whose filters all hold (or no groups), and, with a `query`, some of
 * `queryProperties` containing it case-insensitively (every property when the type names none).
 */
export function matchesSearch(
  record: RecordView,
  request: Pick<SearchRequest, 'filterGroups' | 'query'>,
  queryProperties: readonly string[],
): boolean {
  const { filterGroups, query } = request;
  if (filterGroups.length > 0 && !filterGroups.some((group) => group.every((f) => matchesFilter(record, f)))) {
    return false;
  }
  if (query === undefined) return true;
  const needle = query.toLowerCase();
  const names = queryProperties.length > 0 ? queryProperties : Object.keys(record.properties);
  return names.some((name) => propertyValue(record, name)?.toLowerCase().includes(needle) ?? false);
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

function compareValues(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return compareCodePoints(a.toLowerCase(), b.toLowerCase());
}

/** Orders matches by the sorts in turn (records without the value last), then by id. */
export function compareBySorts(sorts: readonly SearchSort[]): (a: RecordView, b: RecordView) => number {
  return (a, b) => {
    for (const { propertyName, direction } of sorts) {
      const x = propertyValue(a, propertyName);
      const y = propertyValue(b, propertyName);
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
        continue;
      }
      const order = compareValues(x, y);
      if (order !== 0) return direction === 'ASCENDING' ? order : -order;
    }
    return Number(a.id) - Number(b.id);
  };
}
