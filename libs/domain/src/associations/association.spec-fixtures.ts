import type { AssociationLimit, LabelCategory } from '../labels/label.rules';
import type { LabelState } from '../labels/label.types';
import type { PairLimitsState } from '../limits/pair-limits.decider';
import type { CommandMetadata } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import { decideAssociation, type AssociationDecision } from './association.decision';
import type { AssociationCommand, RecordKey, RemoveAssociation, SetAssociationLabels } from './association.types';
import { evolveLinks, initialLinksState, type LinksState } from './links.state';
import { buildPairTypes, type PairTypes } from './pair-types';

/* Test fixtures for the association specs: labels of a few pairs, and a tiny in-memory "store" of links states. */

export const metadata: CommandMetadata = {
  accountId: 'acc-1',
  actor: 'user-1',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-03-04T05:06:07.000Z',
};
export const by = { changedBy: 'user-1', changedAt: '2025-03-04T05:06:07.000Z' };

export const contact = (id: string): RecordKey => ({ objectTypeId: '0-1', recordId: id });
export const company = (id: string): RecordKey => ({ objectTypeId: '0-2', recordId: id });
export const deal = (id: string): RecordKey => ({ objectTypeId: '0-3', recordId: id });

interface LabelFixture {
  labelId: string;
  from: string;
  to: string;
  typeId: number;
  inverseTypeId: number;
  label: string;
  inverseLabel?: string;
  category?: LabelCategory;
  limit?: AssociationLimit;
  inverseLimit?: AssociationLimit;
  status?: 'Active' | 'Retiring' | 'Deleted';
}

export function labelState(f: LabelFixture): LabelState {
  const side = (typeId: number, label: string, limit: AssociationLimit = 'many') => ({
    typeId,
    name: label,
    label,
    limit,
  });
  return {
    status: f.status ?? 'Active',
    label: {
      labelId: f.labelId,
      category: f.category ?? 'USER_DEFINED',
      fromObjectTypeId: f.from,
      toObjectTypeId: f.to,
      shape: f.inverseLabel === undefined ? 'single' : 'paired',
      forward: side(f.typeId, f.label, f.limit),
      inverse: side(f.inverseTypeId, f.inverseLabel ?? f.label, f.inverseLimit),
      createdBy: 'admin-1',
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

/** HubSpot's Primary and parent/child company, a paired and two single custom labels. */
export const LABELS: readonly LabelFixture[] = [
  {
    labelId: 'hubspot_1',
    from: '0-1',
    to: '0-2',
    typeId: 1,
    inverseTypeId: 2,
    label: 'Primary',
    inverseLabel: 'Primary',
    category: 'HUBSPOT_DEFINED',
  },
  {
    labelId: 'hubspot_5',
    from: '0-3',
    to: '0-2',
    typeId: 5,
    inverseTypeId: 6,
    label: 'Primary',
    inverseLabel: 'Primary',
    category: 'HUBSPOT_DEFINED',
  },
  {
    labelId: 'hubspot_13',
    from: '0-2',
    to: '0-2',
    typeId: 13,
    inverseTypeId: 14,
    label: 'Parent Company',
    inverseLabel: 'Child Company',
    category: 'HUBSPOT_DEFINED',
  },
  {
    labelId: 'manager',
    from: '0-1',
    to: '0-2',
    typeId: 1000,
    inverseTypeId: 1001,
    label: 'Manager',
    inverseLabel: 'Employee',
  },
  { labelId: 'billing', from: '0-1', to: '0-2', typeId: 1002, inverseTypeId: 1003, label: 'Billing contact' },
  { labelId: 'decision', from: '0-3', to: '0-1', typeId: 1004, inverseTypeId: 1005, label: 'Decision maker', limit: 1 },
  { labelId: 'partner', from: '0-2', to: '0-2', typeId: 1006, inverseTypeId: 1006, label: 'Partner' },
];

/** Links states by record, fed by the decisions it runs, as the app would append and fold them. */
export class LinksWorld {
  readonly states = new Map<string, LinksState>();
  labels: LabelFixture[] = LABELS.map((l) => ({ ...l }));
  pairLimits: PairLimitsState = { limits: {} };

  state({ objectTypeId, recordId }: RecordKey): LinksState {
    return this.states.get(`${objectTypeId}:${recordId}`) ?? initialLinksState();
  }

  types(from: string, to: string): PairTypes {
    const labels = this.labels.map(labelState);
    return buildPairTypes({ fromObjectTypeId: from, toObjectTypeId: to, pairLimits: this.pairLimits, labels });
  }

  /** Decides as the handler would: when a Primary moves, it loads the former company's links and decides again. */
  decide(command: AssociationCommand): AssociationDecision {
    const { from, to } = command.data;
    const context = {
      from: this.state(from),
      to: this.state(to),
      types: this.types(from.objectTypeId, to.objectTypeId),
    };
    try {
      return decideAssociation(command, context);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NEEDS_FORMER_PRIMARY') throw error;
      const former = error.context as unknown as RecordKey;
      return decideAssociation(command, { ...context, formerPrimaryState: this.state(former) });
    }
  }

  apply(command: AssociationCommand, decision: AssociationDecision): void {
    const streams: [RecordKey, AssociationDecision['from']][] = [
      [command.data.from, decision.from],
      [command.data.to, decision.to],
    ];
    if (decision.formerPrimary) streams.push([decision.formerPrimary, decision.formerPrimary.events]);
    for (const [record, events] of streams) {
      this.states.set(`${record.objectTypeId}:${record.recordId}`, events.reduce(evolveLinks, this.state(record)));
    }
  }

  run(...commands: AssociationCommand[]): AssociationDecision[] {
    return commands.map((command) => {
      const decision = this.decide(command);
      this.apply(command, decision);
      return decision;
    });
  }
}

export const setLabels = (
  from: RecordKey,
  to: RecordKey,
  typeIds: number[],
  mode: 'set' | 'add' = 'set',
): SetAssociationLabels => ({
  type: 'SetAssociationLabels',
  data: { from, to, typeIds, mode },
  metadata,
});
export const removeLabels = (from: RecordKey, to: RecordKey, typeIds: number[]): AssociationCommand => ({
  type: 'RemoveAssociationLabels',
  data: { from, to, typeIds },
  metadata,
});
export const removeAssociation = (from: RecordKey, to: RecordKey): RemoveAssociation => ({
  type: 'RemoveAssociation',
  data: { from, to, reason: 'API' },
  metadata,
});
