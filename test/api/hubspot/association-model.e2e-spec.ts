import fc from 'fast-check';
import { inverseOf, PRIMARY_TYPE_IDS, type AssociationCommand, type RecordKey } from '@app/domain';
import {
  LABELS,
  LinksWorld,
  removeAssociation,
  removeLabels,
  setLabels,
} from '../../../libs/domain/src/associations/association.spec-fixtures';
import {
  key,
  limitOf,
  Model,
  modelDecide,
  pairKey,
  RECORDS,
  sorted,
} from '../../../libs/domain/src/associations/association.spec-model';
import { startSdkApp, type SdkApp } from '../support/sdk-app';
import { signToken } from '../support/test-app';
import { until } from '../support/until';

/*
 * Issue 5: the model-based property of libs/domain/src/associations/association.model.spec.ts, one level up. Random
 * command sequences go to the real app over HTTP (labeled and default PUT, native add/remove labels, DELETE, v4
 * batch/create, record archive, limit configuration) and to the domain's naive model (`modelDecide`, a map of
 * directed pairs → typeIds). After every step the response (status, and the refusal's code) agrees with the model,
 * and both sides of every record read back through GET …/associations/{toType} equal the model and keep the
 * invariants: mirrored sides with the unlabeled type, one Primary company per contact, counts that never grow past a
 * limit, no associations on archived records.
 *
 * The app allocates its own record ids and user-defined typeIds; the model keeps the domain fixtures' (contacts 1-3,
 * companies 11-13, Manager/Employee 1000/1001, Billing contact 1002/1003), mapped at the HTTP boundary.
 */

const CONTACTS = RECORDS.filter((r) => r.objectTypeId === '0-1');
const COMPANIES = RECORDS.filter((r) => r.objectTypeId === '0-2');
const UNIVERSE = [...CONTACTS, ...COMPANIES];
const PATH: Record<string, string> = { '0-1': 'contacts', '0-2': 'companies' };
const other = (objectTypeId: string): string => (objectTypeId === '0-1' ? '0-2' : '0-1');
const counterpartsOf = (r: RecordKey): RecordKey[] => (r.objectTypeId === '0-1' ? COMPANIES : CONTACTS);

/** The model's types of a direction: the unlabeled type first, then the labels. */
const fixtureTypes = new LinksWorld();
const directionTypes = (from: string, to: string): number[] => {
  const types = fixtureTypes.types(from, to);
  return [types.unlabeled.typeId, ...sorted(types.labels.keys())];
};
const primaryTypeOf = (from: string, to: string): number =>
  [...fixtureTypes.types(from, to).labels.values()].find((l) => l.primary)!.typeId;

// ---- steps ---------------------------------------------------------------------------------------------------------

interface PairStep {
  contact: number;
  company: number;
  /** Sent from the company's side (companies → contacts). */
  reverse: boolean;
}
/** A pick below 18 is a type of the request's direction, 18 and 19 one of the opposite direction (refused). */
type Picks = { picks: number[] };
type Step =
  | ({ kind: 'put' | 'primary' | 'add' | 'removeLabels' } & PairStep & Picks)
  | ({ kind: 'default' | 'delete' } & PairStep)
  | { kind: 'batch'; reverse: boolean; inputs: ({ contact: number; company: number } & Picks)[] }
  | { kind: 'archive'; record: number }
  | { kind: 'limit'; reverse: boolean; type: number; limit: number; mode: 'create' | 'update' | 'purge' };

const index = (n: number) => fc.nat(n - 1);
const picks = fc.array(fc.nat(19), { minLength: 1, maxLength: 3 });
const pair = { contact: index(CONTACTS.length), company: index(COMPANIES.length), reverse: fc.boolean() };
const labelKinds = fc.constantFrom('put' as const, 'primary' as const, 'add' as const, 'removeLabels' as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: labelKinds, ...pair, picks }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('default' as const, 'delete' as const), ...pair }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      reverse: fc.boolean(),
      inputs: fc.array(fc.record({ contact: index(CONTACTS.length), company: index(COMPANIES.length), picks }), {
        minLength: 2,
        maxLength: 4,
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('archive' as const), record: index(UNIVERSE.length) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('limit' as const),
      reverse: fc.boolean(),
      type: index(4),
      limit: fc.constantFrom(1, 1, 2, 2, 3),
      mode: fc.constantFrom(
        'create' as const,
        'create' as const,
        'create' as const,
        'update' as const,
        'purge' as const,
      ),
    }),
  },
);

// ---- the model side and the real side ------------------------------------------------------------------------------

interface State {
  world: LinksWorld;
  model: Model;
  archived: Set<string>;
}

interface Reply {
  status: number;
  body: {
    labels?: string[];
    results?: Record<string, unknown>[];
    errors?: { context?: Record<string, string[]> }[];
    context?: Record<string, string[]>;
  };
}

class Real {
  /** The last read-back: counts only grow within limits, so each step compares with the one before. */
  last = new Map<string, number[]>();
  constructor(
    private readonly sdk: SdkApp,
    private readonly authorization: string,
    private readonly ids: Map<string, string>,
    private readonly typeIds: Map<number, number>,
  ) {}

  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<Reply> {
    const headers = { authorization: this.authorization };
    const response = await this.sdk.app.inject({ method, url, headers, payload: payload as object });
    return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as Reply['body']) : {} };
  }
  id(r: RecordKey): string {
    return this.ids.get(key(r))!;
  }
  recordOf(objectTypeId: string, id: string): RecordKey {
    const found = UNIVERSE.find((r) => r.objectTypeId === objectTypeId && this.id(r) === id);
    if (!found) throw new Error(`the app lists ${objectTypeId}:${id}, a record outside this run`);
    return found;
  }
  appTypeId(modelTypeId: number): number {
    return [...this.typeIds].find(([, m]) => m === modelTypeId)?.[0] ?? modelTypeId;
  }
  modelTypeId(appTypeId: number): number {
    return this.typeIds.get(appTypeId) ?? appTypeId;
  }
}

let accounts = 0;

/** A fresh account: the fixtures' contact↔company labels, three contacts, three companies. */
async function setup(sdk: SdkApp): Promise<{ model: State; real: Real }> {
  const accountId = `model_${++accounts}`;
  const token = await signToken({ sub: 'admin', accountId, roles: ['super_admin'] });
  const bootstrap = new Real(sdk, `Bearer ${token}`, new Map(), new Map());
  for (const l of LABELS.filter((f) => f.from === '0-1' && f.to === '0-2' && f.category === undefined)) {
    const body = { name: l.labelId, label: l.label, ...(l.inverseLabel && { inverseLabel: l.inverseLabel }) };
    const created = await bootstrap.call('POST', '/crm/v4/associations/contacts/companies/labels', body);
    check(created.status < 300, () => `creating label ${l.labelId}: ${created.status} ${JSON.stringify(created.body)}`);
  }
  // The app's user-defined typeIds, matched to the fixtures' by direction and text.
  const typeIds = new Map<number, number>();
  for (const [from, to] of [
    ['0-1', '0-2'],
    ['0-2', '0-1'],
  ] as const) {
    const listed = await bootstrap.call('GET', `/crm/v4/associations/${PATH[from]}/${PATH[to]}/labels`);
    const fixtures = [...fixtureTypes.types(from, to).labels.values()];
    for (const t of listed.body.results as { typeId: number; label: string; category: string }[]) {
      if (t.category !== 'USER_DEFINED') continue;
      typeIds.set(t.typeId, fixtures.find((f) => f.category === 'USER_DEFINED' && f.label === t.label)!.typeId);
    }
  }
  const ids = new Map<string, string>();
  for (const records of [CONTACTS, COMPANIES]) {
    const inputs = records.map(() => ({ properties: {} }));
    const created = await bootstrap.call('POST', `/crm/v3/objects/${PATH[records[0]!.objectTypeId]}/batch/create`, {
      inputs,
    });
    check(created.status === 201, () => `creating records: ${created.status}`);
    records.forEach((r, i) => ids.set(key(r), String((created.body.results![i] as { id: string }).id)));
  }
  const world = new LinksWorld();
  const real = new Real(sdk, `Bearer ${token}`, ids, typeIds);
  return { model: { world, model: new Model(world), archived: new Set() }, real };
}

// ---- running a step ------------------------------------------------------------------------------------------------

/** Plain checks (not `expect`): fast-check shrinks on the thrown error. */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

const normalised = (code: string | null): string | null =>
  code === 'UNKNOWN_ASSOCIATION_TYPE' || code === 'WRONG_DIRECTION' ? 'UNKNOWN_OR_WRONG_DIRECTION' : code;

/** What the model expects of a write: a refusal code, or null (and then it has applied the change). */
function expectedOf(s: State, command: AssociationCommand): string | null {
  const { from, to } = command.data;
  if (s.archived.has(key(from)) || s.archived.has(key(to))) return 'INVALID_OBJECT_IDS';
  return modelDecide(s.world, s.model, command);
}

/** The app's answer as the model names it: null for a success, else the refusal's code. */
function outcomeOf(context: Record<string, string[]> | undefined): string {
  if (context?.INVALID_OBJECT_IDS) return 'INVALID_OBJECT_IDS';
  return normalised(context?.code?.[0] ?? null) ?? `no code in ${JSON.stringify(context)}`;
}

function assertOutcome(reply: Reply, success: number, expected: string | null, what: string): void {
  const actual = reply.status === success ? null : reply.status === 400 ? outcomeOf(reply.body.context) : null;
  check(
    (expected === null ? reply.status === success : reply.status === 400) && actual === expected,
    () => `${what}: ${reply.status} ${JSON.stringify(reply.body)}, the model expects ${expected ?? success}`,
  );
}

/** The label texts the from side shows for the pair in the model, as the write routes answer them. */
function modelLabels(s: State, a: RecordKey, b: RecordKey): string[] {
  const types = s.world.types(a.objectTypeId, b.objectTypeId);
  return [...s.model.get(a, b)].flatMap((t) => types.labels.get(t)?.label ?? []).sort();
}

function endsOf(p: { contact: number; company: number; reverse?: boolean }): [RecordKey, RecordKey] {
  const [c, k] = [CONTACTS[p.contact]!, COMPANIES[p.company]!];
  return p.reverse ? [k, c] : [c, k];
}

function typeIdsOf(a: RecordKey, b: RecordKey, picked: number[]): number[] {
  const [own, opposite] = [
    directionTypes(a.objectTypeId, b.objectTypeId),
    directionTypes(b.objectTypeId, a.objectTypeId),
  ];
  return picked.map((n) => (n < 18 ? own[n % own.length]! : opposite[n % opposite.length]!));
}

function specs(real: Real, s: State, a: RecordKey, b: RecordKey, typeIds: number[]) {
  const types = s.world.types(a.objectTypeId, b.objectTypeId);
  const category = (t: number) => types.labels.get(t)?.category ?? 'HUBSPOT_DEFINED';
  // A typeId of the opposite direction goes with its own category: the app leaves it to the domain (WRONG_DIRECTION).
  const opposite = s.world.types(b.objectTypeId, a.objectTypeId);
  return typeIds.map((t) => ({
    associationCategory: types.labels.has(t) ? category(t) : (opposite.labels.get(t)?.category ?? 'HUBSPOT_DEFINED'),
    associationTypeId: real.appTypeId(t),
  }));
}

const objectPath = (real: Real, r: RecordKey) => `${PATH[r.objectTypeId]}/${real.id(r)}`;

async function runStep(s: State, real: Real, step: Step): Promise<void> {
  const what = JSON.stringify(step);
  switch (step.kind) {
    case 'put':
    case 'primary':
    case 'add':
    case 'removeLabels': {
      const [a, b] = endsOf(step);
      const picked = typeIdsOf(a, b, step.picks);
      const typeIds = step.kind === 'primary' ? [primaryTypeOf(a.objectTypeId, b.objectTypeId), ...picked] : picked;
      const command =
        step.kind === 'removeLabels'
          ? removeLabels(a, b, typeIds)
          : setLabels(a, b, typeIds, step.kind === 'add' ? 'add' : 'set');
      const expected = expectedOf(s, command);
      const body = specs(real, s, a, b, typeIds);
      const pairPath = `${objectPath(real, a)}/associations/${objectPath(real, b)}`;
      const reply =
        step.kind === 'put' || step.kind === 'primary'
          ? await real.call('PUT', `/crm/v4/objects/${pairPath}`, body)
          : await real.call(
              'POST',
              `/api/v1/objects/${pairPath}/labels${step.kind === 'removeLabels' ? '/remove' : ''}`,
              { types: body },
            );
      assertOutcome(reply, step.kind === 'put' || step.kind === 'primary' ? 201 : 200, expected, what);
      if (expected === 'INVALID_OBJECT_IDS') {
        const named = reply.body.context!.INVALID_OBJECT_IDS!.join(' ');
        for (const r of [a, b].filter((x) => s.archived.has(key(x))))
          check(named.includes(`=${real.id(r)} `), () => `${what}: ${named} does not name ${key(r)}`);
      }
      if (expected === null) {
        const labels = [...(reply.body.labels ?? [])].sort();
        const wanted = modelLabels(s, a, b);
        check(labels.join() === wanted.join(), () => `${what}: answered labels ${labels}, the model has ${wanted}`);
      }
      return;
    }
    case 'default': {
      const [a, b] = endsOf(step);
      const unlabeled = s.world.types(a.objectTypeId, b.objectTypeId).unlabeled.typeId;
      const expected = expectedOf(s, setLabels(a, b, [unlabeled], 'add'));
      const reply = await real.call(
        'PUT',
        `/crm/v4/objects/${objectPath(real, a)}/associations/default/${objectPath(real, b)}`,
      );
      assertOutcome(reply, 200, expected, what);
      return;
    }
    case 'delete': {
      // No live-record check: an archived record's pairs are already gone, so this is a no-op (204) like any other.
      const [a, b] = endsOf(step);
      check(modelDecide(s.world, s.model, removeAssociation(a, b)) === null, () => `${what}: the model refuses`);
      const reply = await real.call(
        'DELETE',
        `/crm/v4/objects/${objectPath(real, a)}/associations/${objectPath(real, b)}`,
      );
      assertOutcome(reply, 204, null, what);
      return;
    }
    case 'batch': {
      const inputs = step.inputs.map((i) => {
        const [a, b] = endsOf({ ...i, reverse: step.reverse });
        const typeIds = typeIdsOf(a, b, i.picks);
        // Each input is decided against the ones before it (ADR 0006 §9), as the model applies them in turn.
        const expected = expectedOf(s, setLabels(a, b, typeIds, 'set'));
        return { a, b, typeIds, expected, labels: expected === null ? modelLabels(s, a, b) : [] };
      });
      const [from, to] = [inputs[0]!.a.objectTypeId, inputs[0]!.b.objectTypeId];
      const reply = await real.call('POST', `/crm/v4/associations/${PATH[from]}/${PATH[to]}/batch/create`, {
        inputs: inputs.map(({ a, b, typeIds }) => ({
          from: { id: real.id(a) },
          to: { id: real.id(b) },
          types: specs(real, s, a, b, typeIds),
        })),
      });
      const failures = inputs.filter((i) => i.expected !== null);
      check(
        reply.status === (failures.length === 0 ? 201 : 207),
        () =>
          `${what}: ${reply.status} ${JSON.stringify(reply.body)}, the model expects ${inputs.map((i) => i.expected)}`,
      );
      const results = (reply.body.results ?? []).map(
        (r) => `${r.fromObjectId}→${r.toObjectId}: ${[...(r.labels as string[])].sort().join()}`,
      );
      const wantedResults = inputs
        .filter((i) => i.expected === null)
        .map((i) => `${real.id(i.a)}→${real.id(i.b)}: ${i.labels.join()}`);
      check(
        results.join('; ') === wantedResults.join('; '),
        () => `${what}: results ${results}, the model ${wantedResults}`,
      );
      const errors = (reply.body.errors ?? [])
        .map((e) => `${e.context?.fromObjectId?.[0]}→${e.context?.toObjectId?.[0]}: ${outcomeOf(e.context)}`)
        .sort();
      const wantedErrors = failures.map((i) => `${real.id(i.a)}→${real.id(i.b)}: ${i.expected}`).sort();
      check(
        errors.join('; ') === wantedErrors.join('; '),
        () => `${what}: errors ${errors}, the model ${wantedErrors}`,
      );
      return;
    }
    case 'archive': {
      const r = UNIVERSE[step.record]!;
      // Archiving an archived record changes nothing and answers 204 again.
      const reply = await real.call('DELETE', `/crm/v3/objects/${objectPath(real, r)}`);
      assertOutcome(reply, 204, null, what);
      for (const c of counterpartsOf(r)) s.model.drop(r, c, [...s.model.get(r, c)]);
      s.archived.add(key(r));
      return;
    }
    case 'limit':
      return runLimitStep(s, real, step, what);
    default:
      throw new Error(`unknown step ${what}`);
  }
}

/** Sets (or purges) the limit the model keeps for a typeId: the pair's for an unlabeled type, else its label's. */
function setModelLimit(world: LinksWorld, from: string, to: string, typeId: number, limit: 'many' | number): void {
  if (typeId === world.types(from, to).unlabeled.typeId) {
    const { [typeId]: _, ...limits } = world.pairLimits.limits;
    const configured = { fromObjectTypeId: from, toObjectTypeId: to, limit: limit as number };
    world.pairLimits = { limits: limit === 'many' ? limits : { ...limits, [typeId]: configured } };
    return;
  }
  for (const l of world.labels) {
    if (l.typeId === typeId) l.limit = limit;
    if (l.inverseTypeId === typeId) l.inverseLimit = limit;
  }
}

/**
 * The configuration rules of apps/api/src/limits (no domain model has them): `create` refuses to change a configured
 * limit, `update` to configure an unconfigured one; a label's limit stays within its direction's pair limit, and the
 * pair limit at or above every label limit of the direction. Lowering a limit below the current usage is allowed:
 * the records over it keep their associations and can only shed them.
 */
function decideLimit(
  world: LinksWorld,
  step: Extract<Step, { kind: 'limit' }>,
  from: string,
  to: string,
): string | null {
  const typeId = directionTypes(from, to)[step.type]!;
  if (step.mode === 'purge') {
    setModelLimit(world, from, to, typeId, 'many');
    return null;
  }
  const current = limitOf(world, typeId);
  if (step.mode === 'create' && current !== 'many' && current !== step.limit) return 'LIMIT_ALREADY_CONFIGURED';
  if (step.mode === 'update' && current === 'many') return 'LIMIT_NOT_CONFIGURED';
  const types = world.types(from, to);
  if (typeId === types.unlabeled.typeId) {
    const labelLimits = [...types.labels.keys()].map((t) => limitOf(world, t)).filter((l) => l !== 'many');
    if (step.limit < Math.max(0, ...labelLimits)) return 'PAIR_LIMIT_BELOW_LABEL_LIMIT';
  } else {
    const pairLimit = limitOf(world, types.unlabeled.typeId);
    if (pairLimit !== 'many' && step.limit > pairLimit) return 'INVALID_LABEL_LIMIT';
  }
  setModelLimit(world, from, to, typeId, step.limit);
  return null;
}

async function runLimitStep(s: State, real: Real, step: Extract<Step, { kind: 'limit' }>, what: string): Promise<void> {
  const [from, to] = step.reverse ? ['0-2', '0-1'] : ['0-1', '0-2'];
  const typeId = real.appTypeId(directionTypes(from, to)[step.type]!);
  const expected = decideLimit(s.world, step, from, to);
  const input = step.mode === 'purge' ? { typeId } : { typeId, maxToObjectIds: step.limit };
  const reply = await real.call(
    'POST',
    `/crm/v4/associations/definitions/configurations/${PATH[from]}/${PATH[to]}/batch/${step.mode}`,
    { inputs: [input] },
  );
  const success = { create: 201, update: 200, purge: 204 }[step.mode];
  const actual =
    reply.status === success ? null : reply.status === 207 ? outcomeOf(reply.body.errors?.[0]?.context) : '?';
  check(
    actual === expected && (expected === null || reply.status === 207),
    () => `${what}: ${reply.status} ${JSON.stringify(reply.body)}, the model expects ${expected ?? success}`,
  );
}

// ---- reading back and the invariants -------------------------------------------------------------------------------

/** Both sides of every record, through the read model: pair key → model typeIds. */
async function readBack(real: Real): Promise<Map<string, number[]>> {
  const read = new Map<string, number[]>();
  for (const r of UNIVERSE) {
    const to = other(r.objectTypeId);
    const page = await real.call('GET', `/crm/v4/objects/${objectPath(real, r)}/associations/${PATH[to]}`);
    check(page.status === 200, () => `reading ${key(r)}: ${page.status}`);
    for (const result of page.body.results as { toObjectId: number; associationTypes: { typeId: number }[] }[]) {
      const s = real.recordOf(to, String(result.toObjectId));
      read.set(pairKey(r, s), sorted(result.associationTypes.map((t) => real.modelTypeId(t.typeId))));
    }
  }
  return read;
}

/** Where the read-back and the model differ, one line per pair. */
function differences(s: State, read: Map<string, number[]>): string[] {
  return UNIVERSE.flatMap((r) =>
    counterpartsOf(r).flatMap((c) => {
      const actual = (read.get(pairKey(r, c)) ?? []).join();
      const expected = sorted(s.model.get(r, c)).join();
      return actual === expected ? [] : [`${pairKey(r, c)}: read [${actual}], the model has [${expected}]`];
    }),
  );
}

/** The invariants of DESIGN.md §6, on what the app answers (not on the model). */
function assertInvariants(s: State, read: Map<string, number[]>, before: Map<string, number[]>): void {
  const typeIds = (m: Map<string, number[]>, r: RecordKey, c: RecordKey) => m.get(pairKey(r, c)) ?? [];
  for (const r of UNIVERSE) {
    const types = s.world.types(r.objectTypeId, other(r.objectTypeId));
    for (const c of counterpartsOf(r)) {
      const mine = typeIds(read, r, c);
      if (mine.length === 0) continue;
      const mirrored = sorted(mine.map((t) => inverseOf(types, t)!)).join();
      const theirs = typeIds(read, c, r).join();
      check(theirs === mirrored, () => `${pairKey(c, r)}: [${theirs}], the mirror of [${mine}] is [${mirrored}]`);
      check(mine.includes(types.unlabeled.typeId), () => `${pairKey(r, c)}: [${mine}] lacks the unlabeled type`);
      check(!s.archived.has(key(r)), () => `${key(r)} is archived but still associated with ${key(c)}`);
    }
    const primaries = counterpartsOf(r).filter((c) => typeIds(read, r, c).some((t) => PRIMARY_TYPE_IDS.has(t)));
    check(primaries.length <= 1, () => `${key(r)} has ${primaries.length} Primary companies`);
    // A count may sit above a limit lowered under it, but never grows past one.
    for (const t of directionTypes(r.objectTypeId, other(r.objectTypeId))) {
      const count = (m: Map<string, number[]>) => counterpartsOf(r).filter((c) => typeIds(m, r, c).includes(t)).length;
      const limit = limitOf(s.world, t);
      const [now, then] = [count(read), count(before)];
      check(
        limit === 'many' || now <= limit || now <= then,
        () => `${key(r)}: ${now} with ${t} (was ${then}), limit ${limit}`,
      );
    }
  }
}

async function verify(s: State, real: Real, waitForCascade: boolean): Promise<void> {
  const probe = async () => {
    const read = await readBack(real);
    return { read, wrong: differences(s, read) };
  };
  // The archive cascade is a process manager: its removals land after the archive's response.
  const { read, wrong } = waitForCascade
    ? await until(probe, (r) => r.wrong.length === 0, { what: 'the archive cascade', timeoutMs: 5_000 })
    : await probe();
  assertInvariants(s, read, real.last);
  check(wrong.length === 0, () => wrong.join('\n'));
  real.last = read;
}

class StepCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly step: Step) {}
  check(): boolean {
    return true; // every step applies in every state: refusals are part of what is checked
  }
  async run(s: State, real: Real): Promise<void> {
    await runStep(s, real, this.step);
    await verify(s, real, this.step.kind === 'archive');
  }
  toString(): string {
    return JSON.stringify(this.step);
  }
}

describe('associations over HTTP, model-based', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  it('random command sequences keep both sides, limits, Primary and archives consistent with the model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands([step.map((s) => new StepCommand(s))], { maxCommands: 25, size: 'max' }),
        (commands) => fc.asyncModelRun(() => setup(sdk), commands),
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
