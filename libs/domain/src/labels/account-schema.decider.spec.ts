import { DeciderSpec } from '@app/testing';
import {
  accountSchemaDecider,
  accountSchemaStream,
  isAccountSchemaLabelEvent,
  type LabelRegistered,
  type RegisterLabel,
} from './account-schema.decider';
import type { LabelNames } from './label.rules';

const metadata = {
  accountId: 'acc-1',
  actor: 'user-7',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-01-02T03:04:05.000Z',
};
const CONTACT = '0-1';
const DEAL = '0-3';

const register = (labelId: string, names: LabelNames, from = CONTACT, to = DEAL): RegisterLabel => ({
  type: 'RegisterLabel',
  data: { labelId, fromObjectTypeId: from, toObjectTypeId: to, ...names },
  metadata,
});
const registered = (cmd: RegisterLabel, typeId: number, inverseTypeId: number): LabelRegistered => ({
  type: 'LabelRegistered',
  data: {
    labelId: cmd.data.labelId,
    fromObjectTypeId: cmd.data.fromObjectTypeId,
    toObjectTypeId: cmd.data.toObjectTypeId,
    shape: cmd.data.shape,
    name: cmd.data.name,
    inverseName: cmd.data.shape === 'paired' ? cmd.data.inverseName : null,
    typeId,
    inverseTypeId,
    registeredBy: 'user-7',
    registeredAt: '2025-01-02T03:04:05.000Z',
  },
});
/** `count` single labels on contact→deal, typeIds from 1000 upwards. */
const labelsOnContactDeal = (count: number): LabelRegistered[] =>
  Array.from({ length: count }, (_, i) =>
    registered(register(`l${i}`, { shape: 'single', name: `label_${i}` }), 1000 + 2 * i, 1001 + 2 * i),
  );

const spec = DeciderSpec.for(accountSchemaDecider);

describe('account schema decider', () => {
  it('names the stream schema-{account}', () => expect(accountSchemaStream('acc-1')).toBe('schema-acc-1'));

  it('recognises only its own events on the shared schema stream', () => {
    expect(isAccountSchemaLabelEvent(labelsOnContactDeal(1)[0]!)).toBe(true);
    expect(isAccountSchemaLabelEvent({ type: 'ObjectTypeActivated', data: {} })).toBe(false);
  });

  describe('when the account has no labels', () => {
    it('gives a cross-object single label two typeIds from 1000, one per direction', () => {
      const cmd = register('l1', { shape: 'single', name: 'colleague' });
      spec.when(cmd).then([registered(cmd, 1000, 1001)]);
    });

    it('gives a same-object single label one typeId that is its own inverse', () => {
      const cmd = register('l1', { shape: 'single', name: 'friend' }, CONTACT, CONTACT);
      spec.when(cmd).then([registered(cmd, 1000, 1000)]);
    });

    it('gives a cross-object paired label two typeIds, each the other’s inverse', () => {
      const cmd = register('l1', { shape: 'paired', name: 'manager', inverseName: 'employee' });
      spec.when(cmd).then([registered(cmd, 1000, 1001)]);
    });

    it('gives a same-object paired label two typeIds too', () => {
      const cmd = register('l1', { shape: 'paired', name: 'parent', inverseName: 'child' }, CONTACT, CONTACT);
      spec.when(cmd).then([registered(cmd, 1000, 1001)]);
    });

    it.each([
      ['a hyphen', 'my-label'],
      ['a leading digit', '1st_contact'],
      ['an empty name', ''],
      ['a space', 'my label'],
      ['unicode letters', 'équipe'],
    ])('refuses %s in the internal name', (_, name) =>
      spec.when(register('l1', { shape: 'single', name })).thenThrows('INVALID_LABEL_NAME'),
    );

    it.each(['_private', 'Manager2', 'a', 'UPPER_lower_09'])('accepts the internal name %j', (name) =>
      expect(spec.when(register('l1', { shape: 'single', name })).events()).toHaveLength(1),
    );

    it('refuses an invalid inverse name of a paired label', () =>
      spec
        .when(register('l1', { shape: 'paired', name: 'manager', inverseName: '9' }))
        .thenThrows('INVALID_LABEL_NAME'));

    it('refuses a paired label whose two names are the same', () =>
      spec
        .when(register('l1', { shape: 'paired', name: 'boss', inverseName: 'Boss' }))
        .thenThrows('INVALID_LABEL_NAME'));

    it('quotes the refused name', () =>
      expect(() => spec.when(register('l1', { shape: 'single', name: 'my-label' })).events()).toThrow(/"my-label"/));
  });

  describe('when the account already has labels', () => {
    const first = register('l1', { shape: 'single', name: 'colleague' });
    const sameObject = register('l2', { shape: 'single', name: 'friend' }, CONTACT, CONTACT);
    const history = [registered(first, 1000, 1001), registered(sameObject, 1002, 1002)];
    const withLabels = spec.given(history);

    it('allocates the next typeIds in sequence, across pairs', () => {
      const cmd = register('l3', { shape: 'paired', name: 'manager', inverseName: 'employee' }, '0-2', '0-2');
      withLabels.when(cmd).then([registered(cmd, 1003, 1004)]);
    });

    it('refuses an internal name already used on the pair, in either direction and any case', () => {
      withLabels.when(register('l3', { shape: 'single', name: 'colleague' })).thenThrows('LABEL_NAME_TAKEN');
      withLabels
        .when(register('l3', { shape: 'single', name: 'Colleague' }, DEAL, CONTACT))
        .thenThrows('LABEL_NAME_TAKEN');
    });

    it('refuses a paired label whose inverse name is taken', () =>
      withLabels
        .when(register('l3', { shape: 'paired', name: 'boss', inverseName: 'colleague' }))
        .thenThrows('LABEL_NAME_TAKEN'));

    it('allows the same internal name on another pair', () => {
      const cmd = register('l3', { shape: 'single', name: 'colleague' }, CONTACT, '0-2');
      withLabels.when(cmd).then([registered(cmd, 1003, 1004)]);
    });

    it('treats a retried registration of the same label as done', () => withLabels.when(first).then([]));

    it('refuses a different registration under a label id already used', () =>
      withLabels.when(register('l1', { shape: 'single', name: 'other' })).thenThrows('LABEL_ID_TAKEN'));
  });

  describe('when a pair has 49 labels', () => {
    const near = spec.given(labelsOnContactDeal(49));

    it('accepts the 50th', () => {
      const cmd = register('l49', { shape: 'single', name: 'fiftieth' });
      near.when(cmd).then([registered(cmd, 1098, 1099)]);
    });

    it('counts a paired label once: the 50th may be paired', () => {
      const cmd = register('l49', { shape: 'paired', name: 'manager', inverseName: 'employee' });
      near.when(cmd).then([registered(cmd, 1098, 1099)]);
    });
  });

  describe('when a pair has 49 paired labels (98 typeIds)', () => {
    const pairedLabels = Array.from({ length: 49 }, (_, i) =>
      registered(
        register(`p${i}`, { shape: 'paired', name: `a_${i}`, inverseName: `b_${i}` }),
        1000 + 2 * i,
        1001 + 2 * i,
      ),
    );
    const near = spec.given(pairedLabels);

    it('counts each paired label once: the 50th is accepted, the 51st refused', () => {
      const fiftieth = register('p49', { shape: 'paired', name: 'a_49', inverseName: 'b_49' });
      near.when(fiftieth).then([registered(fiftieth, 1098, 1099)]);
      near
        .given([registered(fiftieth, 1098, 1099)])
        .when(register('p50', { shape: 'single', name: 'extra' }))
        .thenThrows('LABEL_CAP_REACHED');
    });
  });

  describe('when a pair has 50 labels', () => {
    const full = spec.given(labelsOnContactDeal(50));

    it('refuses the 51st, quoting the limit and the pair', () => {
      full.when(register('l50', { shape: 'single', name: 'extra' })).thenThrows('LABEL_CAP_REACHED');
      expect(() => full.when(register('l50', { shape: 'single', name: 'extra' })).events()).toThrow(
        'limit of 50 labels for 0-1 ↔ 0-3',
      );
    });

    it('refuses the 51st from the other direction of the same pair', () =>
      full.when(register('l50', { shape: 'single', name: 'extra' }, DEAL, CONTACT)).thenThrows('LABEL_CAP_REACHED'));

    it('still accepts labels on another pair', () =>
      expect(full.when(register('l50', { shape: 'single', name: 'extra' }, CONTACT, '0-5')).events()).toHaveLength(1));
  });

  describe('when a label of a full pair was unregistered', () => {
    const freed = spec.given([
      ...labelsOnContactDeal(50),
      {
        type: 'LabelUnregistered',
        data: { ...labelsOnContactDeal(1)[0]!.data, unregisteredBy: 'u', unregisteredAt: 't' },
      },
    ]);

    it('frees the slot and the name, but never reuses typeIds', () => {
      const cmd = register('l50', { shape: 'single', name: 'label_0' });
      freed.when(cmd).then([registered(cmd, 1100, 1101)]);
    });

    it('treats unregistering it again as done', () =>
      freed.when({ type: 'UnregisterLabel', data: { labelId: 'l0' }, metadata }).then([]));
  });

  describe('when a label is registered', () => {
    it('unregisters it with its pair, names and typeIds', () => {
      const cmd = register('l1', { shape: 'paired', name: 'manager', inverseName: 'employee' });
      const { registeredBy: _b, registeredAt: _a, ...rest } = registered(cmd, 1000, 1001).data;
      spec
        .given([registered(cmd, 1000, 1001)])
        .when({ type: 'UnregisterLabel', data: { labelId: 'l1' }, metadata })
        .then([
          {
            type: 'LabelUnregistered',
            data: { ...rest, unregisteredBy: 'user-7', unregisteredAt: '2025-01-02T03:04:05.000Z' },
          },
        ]);
    });
  });
});
