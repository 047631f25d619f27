import { DeciderSpec } from '@app/testing';
import { labelDecider } from './label.decider';
import {
  labelStream,
  type CreateLabel,
  type DefineLabelData,
  type LabelCommand,
  type LabelCreated,
  type LabelEvent,
  type LabelUsage,
} from './label.types';

const metadata = {
  accountId: 'acc-1',
  actor: 'admin-1',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-03-04T05:06:07.000Z',
};
const by = { changedBy: 'admin-1', changedAt: '2025-03-04T05:06:07.000Z' };
const cmd = <C extends LabelCommand>(type: C['type'], data: C['data']): C => ({ type, data, metadata }) as C;

const paired: DefineLabelData = {
  labelId: 'l1',
  fromObjectTypeId: '0-1',
  toObjectTypeId: '0-2',
  typeId: 1000,
  inverseTypeId: 1001,
  shape: 'paired',
  name: 'manager',
  label: 'Manager',
  inverseName: 'employee',
  inverseLabel: 'Employee',
};
const single: DefineLabelData = { ...paired, shape: 'single', name: 'colleague', label: 'Colleague' };
const sameObjectSingle: DefineLabelData = { ...single, toObjectTypeId: '0-1', inverseTypeId: 1000 };
const primary: DefineLabelData = { ...single, typeId: 1, inverseTypeId: 2, name: 'primary', label: 'Primary' };

const created = (data: DefineLabelData, overrides: Partial<LabelCreated['data']> = {}): LabelCreated => ({
  type: 'LabelCreated',
  data: {
    labelId: data.labelId,
    category: 'USER_DEFINED',
    fromObjectTypeId: data.fromObjectTypeId,
    toObjectTypeId: data.toObjectTypeId,
    shape: data.shape,
    typeId: data.typeId,
    inverseTypeId: data.inverseTypeId,
    label: data.label,
    inverseLabel: data.shape === 'paired' ? data.inverseLabel : null,
    name: data.name,
    inverseName: data.shape === 'paired' ? data.inverseName : null,
    createdBy: 'admin-1',
    createdAt: '2025-03-04T05:06:07.000Z',
    warnings: [],
    ...overrides,
  },
});
const noUsage: LabelUsage = { associations: 0, lists: [], workflows: [], reports: [] };
const retiring: LabelEvent = { type: 'LabelRetiring', data: { labelId: 'l1', typeIds: [1000, 1001], ...by } };
const setLimit = (typeId: number, limit: number | 'many', pairLimit: number | 'many' = 'many') =>
  cmd('SetLabelLimit', { labelId: 'l1', typeId, limit, pairLimit });
const limitChanged = (typeId: number, before: number | 'many', after: number | 'many'): LabelEvent => ({
  type: 'LabelLimitChanged',
  data: { labelId: 'l1', typeId, before, after, ...by },
});

const spec = DeciderSpec.for(labelDecider);

describe('label decider', () => {
  it('names the stream label-{account}.{labelId}', () => expect(labelStream('acc-1', 'l1')).toBe('label-acc-1.l1'));

  describe('when the label is not created', () => {
    it.each([
      ['a paired label', paired],
      ['a cross-object single label', single],
      ['a same-object single label (one typeId)', sameObjectSingle],
    ])('creates %s as USER_DEFINED, by and at from metadata', (_, data) =>
      spec.when(cmd<CreateLabel>('CreateLabel', data)).then([created(data)]),
    );

    it('warns about ";" and other symbols in the texts, but accepts them', () => {
      const data = { ...paired, label: 'Owner; billing', inverseLabel: 'Billed by Owner' };
      const [event] = spec.when(cmd('CreateLabel', data)).events();
      expect(event).toEqual(created(data, { warnings: [expect.stringContaining('";" separates') as string] }));
      const [accented] = spec.when(cmd('CreateLabel', { ...single, label: 'Équipe 2' })).events();
      expect((accented as LabelCreated).data.warnings).toEqual([]);
    });

    it.each([
      ['a typeId below 1000', { ...paired, typeId: 999 }],
      ['one typeId for a cross-object label', { ...paired, inverseTypeId: 1000 }],
      ['two typeIds for a same-object single label', { ...sameObjectSingle, inverseTypeId: 1001 }],
    ])('refuses %s', (_, data) => spec.when(cmd('CreateLabel', data)).thenThrows('INVALID_TYPE_IDS'));

    it('refuses an invalid internal name', () =>
      spec.when(cmd('CreateLabel', { ...paired, inverseName: 'the-employee' })).thenThrows('INVALID_LABEL_NAME'));

    it('refuses empty label text', () =>
      spec.when(cmd('CreateLabel', { ...single, label: '  ' })).thenThrows('INVALID_LABEL_TEXT'));

    it('provisions a HubSpot-defined label with its fixed typeIds', () =>
      spec.when(cmd('DefineHubSpotLabel', primary)).then([created(primary, { category: 'HUBSPOT_DEFINED' })]));

    it.each<[string, LabelCommand]>([
      ['rename', cmd('RenameLabel', { labelId: 'l1', label: 'Boss' })],
      ['set a limit', setLimit(1000, 5)],
      ['purge a limit', cmd('PurgeLabelLimit', { labelId: 'l1', typeId: 1000 })],
      ['retire', cmd('RetireLabel', { labelId: 'l1' })],
      ['complete a retirement', cmd('CompleteLabelRetirement', { labelId: 'l1', usage: noUsage })],
    ])('refuses to %s with LABEL_NOT_FOUND', (_, command) => spec.when(command).thenThrows('LABEL_NOT_FOUND'));
  });

  describe('when the label is active', () => {
    const active = spec.given([created(paired)]);
    const activeSingle = spec.given([created(single)]);

    it('treats a retried creation as done, and refuses another one', () => {
      active.when(cmd('CreateLabel', paired)).then([]);
      active
        .when(cmd('CreateLabel', { ...paired, typeId: 1002, inverseTypeId: 1003 }))
        .thenThrows('LABEL_ALREADY_EXISTS');
    });

    it('renames one side of a paired label, keeping the other and the internal names', () => {
      const rename = cmd('RenameLabel', { labelId: 'l1', label: 'Line manager' });
      active.when(rename).then([
        {
          type: 'LabelRenamed',
          data: {
            labelId: 'l1',
            before: { label: 'Manager', inverseLabel: 'Employee' },
            after: { label: 'Line manager', inverseLabel: 'Employee' },
            ...by,
            warnings: [],
          },
        },
      ]);
      const state = [created(paired), ...active.when(rename).events()].reduce(
        labelDecider.evolve,
        labelDecider.initialState(),
      );
      expect(state).toMatchObject({
        status: 'Active',
        label: {
          forward: { name: 'manager', label: 'Line manager' },
          inverse: { name: 'employee', label: 'Employee' },
        },
      });
    });

    it('renames a single label on both sides, warning about ";"', () =>
      activeSingle.when(cmd('RenameLabel', { labelId: 'l1', label: 'Peer;Colleague' })).then([
        {
          type: 'LabelRenamed',
          data: {
            labelId: 'l1',
            before: { label: 'Colleague', inverseLabel: null },
            after: { label: 'Peer;Colleague', inverseLabel: null },
            ...by,
            warnings: [expect.stringContaining('";" separates') as string],
          },
        },
      ]));

    it('refuses a second text for a single label, and empty text', () => {
      activeSingle
        .when(cmd('RenameLabel', { labelId: 'l1', label: 'A', inverseLabel: 'B' }))
        .thenThrows('SINGLE_LABEL_HAS_ONE_TEXT');
      active.when(cmd('RenameLabel', { labelId: 'l1', label: '' })).thenThrows('INVALID_LABEL_TEXT');
    });

    it('writes nothing for a rename to the same text', () =>
      active.when(cmd('RenameLabel', { labelId: 'l1', label: 'Manager', inverseLabel: 'Employee' })).then([]));

    it('sets a limit per direction, up to 10,000 when the pair allows many', () => {
      active.when(setLimit(1001, 10_000)).then([limitChanged(1001, 'many', 10_000)]);
      active.when(setLimit(1000, 1)).then([limitChanged(1000, 'many', 1)]);
    });

    it('accepts a limit equal to the pair limit (≤, not <)', () =>
      active.when(setLimit(1000, 10, 10)).then([limitChanged(1000, 'many', 10)]));

    it.each([
      [11, 10, 'between 1 and 10'],
      [0, 'many' as const, 'between 1 and 10000'],
      [10_001, 'many' as const, 'between 1 and 10000'],
      [2.5, 'many' as const, 'between 1 and 10000'],
      [-1, 9, 'between 1 and 9'],
    ])('refuses limit %p under pair limit %p, quoting the range', (limit, pairLimit, range) => {
      active.when(setLimit(1000, limit, pairLimit)).thenThrows('INVALID_LABEL_LIMIT');
      expect(() => active.when(setLimit(1000, limit, pairLimit)).events()).toThrow(range);
    });

    it('refuses a typeId that is not one of the label’s directions', () =>
      active.when(setLimit(1002, 5)).thenThrows('TYPE_NOT_IN_LABEL'));

    it('moves one typeId of a same-object single label on both sides', () => {
      const events = spec
        .given([created(sameObjectSingle)])
        .when(setLimit(1000, 3))
        .events();
      const state = [created(sameObjectSingle), ...events].reduce(labelDecider.evolve, labelDecider.initialState());
      expect(state).toMatchObject({ label: { forward: { limit: 3 }, inverse: { limit: 3 } } });
    });

    it('purges a limit back to "many", and writes nothing when it already is', () => {
      const limited = spec.given([created(paired), limitChanged(1001, 'many', 4)]);
      limited.when(cmd('PurgeLabelLimit', { labelId: 'l1', typeId: 1001 })).then([limitChanged(1001, 4, 'many')]);
      limited.when(cmd('PurgeLabelLimit', { labelId: 'l1', typeId: 1000 })).then([]);
      limited.when(setLimit(1001, 4)).then([]);
    });

    it('starts the two-phase delete', () => active.when(cmd('RetireLabel', { labelId: 'l1' })).then([retiring]));

    it('refuses to complete a retirement that was not started', () =>
      active.when(cmd('CompleteLabelRetirement', { labelId: 'l1', usage: noUsage })).thenThrows('LABEL_NOT_RETIRING'));
  });

  describe('when the label is HubSpot-defined', () => {
    const hubspot = spec.given([created(primary, { category: 'HUBSPOT_DEFINED' })]);

    it('refuses rename and delete', () => {
      hubspot.when(cmd('RenameLabel', { labelId: 'l1', label: 'Main' })).thenThrows('HUBSPOT_DEFINED_IMMUTABLE');
      hubspot.when(cmd('RetireLabel', { labelId: 'l1' })).thenThrows('HUBSPOT_DEFINED_IMMUTABLE');
    });

    it('sets its limits like any other type', () => hubspot.when(setLimit(2, 1)).then([limitChanged(2, 'many', 1)]));
  });

  describe('when the label is retiring', () => {
    const inRetirement = spec.given([created(paired), retiring]);

    it('deletes it when nothing uses it', () =>
      inRetirement
        .when(cmd('CompleteLabelRetirement', { labelId: 'l1', usage: noUsage }))
        .then([{ type: 'LabelDeleted', data: { labelId: 'l1', typeIds: [1000, 1001], ...by } }]));

    it('cancels the retirement with the where-used counts when something uses it', () => {
      const usage = { associations: 3, lists: ['list-9'], workflows: [], reports: [] };
      inRetirement.when(cmd('CompleteLabelRetirement', { labelId: 'l1', usage })).then([
        {
          type: 'LabelRetirementCancelled',
          data: { labelId: 'l1', typeIds: [1000, 1001], reason: 'IN_USE', usage, ...by },
        },
      ]);
    });

    it('goes back to active, saying why, when its usage could not be established', () =>
      inRetirement.when(cmd('CancelLabelRetirement', { labelId: 'l1', reason: 'timed out' })).then([
        {
          type: 'LabelRetirementCancelled',
          data: {
            labelId: 'l1',
            typeIds: [1000, 1001],
            reason: 'USAGE_UNKNOWN',
            usage: null,
            detail: 'timed out',
            ...by,
          },
        },
      ]));

    it.each<LabelCommand>([
      cmd('RenameLabel', { labelId: 'l1', label: 'Boss' }),
      setLimit(1000, 5),
      cmd('PurgeLabelLimit', { labelId: 'l1', typeId: 1000 }),
      cmd('RetireLabel', { labelId: 'l1' }),
    ])('refuses $type with LABEL_RETIRING', (command) => inRetirement.when(command).thenThrows('LABEL_RETIRING'));
  });

  describe('when the retirement was cancelled', () => {
    const cancelled: LabelEvent = {
      type: 'LabelRetirementCancelled',
      data: {
        labelId: 'l1',
        typeIds: [1000, 1001],
        reason: 'IN_USE',
        usage: { ...noUsage, associations: 1 },
        ...by,
      },
    };
    const backInUse = spec.given([created(paired), retiring, cancelled]);

    it('is active again', () => backInUse.when(setLimit(1000, 2)).then([limitChanged(1000, 'many', 2)]));
    it('may be retired again', () => backInUse.when(cmd('RetireLabel', { labelId: 'l1' })).then([retiring]));
  });

  describe('when the label is deleted', () => {
    const deleted = spec.given([
      created(single),
      retiring,
      { type: 'LabelDeleted', data: { labelId: 'l1', typeIds: [1000, 1001], ...by } },
    ]);

    it.each<LabelCommand>([
      cmd('RenameLabel', { labelId: 'l1', label: 'Boss' }),
      setLimit(1000, 5),
      cmd('PurgeLabelLimit', { labelId: 'l1', typeId: 1000 }),
      cmd('RetireLabel', { labelId: 'l1' }),
      cmd('CompleteLabelRetirement', { labelId: 'l1', usage: noUsage }),
    ])('refuses $type with LABEL_DELETED', (command) => deleted.when(command).thenThrows('LABEL_DELETED'));

    it('refuses to create it again', () => deleted.when(cmd('CreateLabel', single)).thenThrows('LABEL_ALREADY_EXISTS'));
  });
});
