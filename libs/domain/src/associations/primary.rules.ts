import { DomainError } from '../shared/domain.error';
import type { AssociationContext } from './association.decision';
import { linkChange, recordName } from './association.rules';
import type { LinksEvent, RecordKey, SetAssociationLabels } from './association.types';
import { counterpartKey, PRIMARY_TYPE_IDS, primaryOf, typeIdsWith } from './links.state';
import { inverseOf } from './pair-types';

/** What setting a Primary company changes besides the pair itself. */
export interface PrimaryMove {
  /** Whether the record that has a primary company (contact, deal, ticket) is the command's `from`. */
  holderIsFrom: boolean;
  /** The Primary typeId on the holder's side (1, 5, 26). */
  holderTypeId: number;
  /** The holder's events for its former Primary company (the typeId removed); empty when nothing moves. */
  holderEvents: LinksEvent[];
  formerPrimary?: { objectTypeId: string; recordId: string; events: LinksEvent[] };
}

/**
 * A contact, deal or ticket has at most one Primary company (DESIGN.md §2): adding Primary to another company moves
 * it, which writes the former company's links stream too. Its state must be in the context; when it is not, the
 * caller loads it and decides again (NEEDS_FORMER_PRIMARY carries which record).
 */
export function primaryMove(
  command: SetAssociationLabels,
  context: AssociationContext,
  added: readonly number[],
): PrimaryMove | undefined {
  const typeId = added.find((t) => context.types.labels.get(t)?.primary);
  if (typeId === undefined) return undefined;
  const { from, to } = command.data;
  const holderIsFrom = PRIMARY_TYPE_IDS.has(typeId);
  const [holder, company] = holderIsFrom ? [from, to] : [to, from];
  const holderTypeId = holderIsFrom ? typeId : inverseOf(context.types, typeId)!;
  const companyTypeId = holderIsFrom ? inverseOf(context.types, typeId)! : typeId;
  const former = primaryOf(holderIsFrom ? context.from : context.to);
  if (
    former === null ||
    counterpartKey(former.toObjectTypeId, former.toRecordId) === counterpartKey(company.objectTypeId, company.recordId)
  ) {
    return { holderIsFrom, holderTypeId, holderEvents: [] };
  }
  const formerCompany: RecordKey = { objectTypeId: former.toObjectTypeId, recordId: former.toRecordId };
  if (!context.formerPrimaryState) {
    throw new DomainError(
      'NEEDS_FORMER_PRIMARY',
      `Moving the Primary company of ${recordName(holder)} needs the links of its current Primary ${recordName(formerCompany)}`,
      { ...formerCompany },
    );
  }
  const change = (me: RecordKey, other: RecordKey, typeIds: number[]) =>
    linkChange(me, other, typeIds, command.metadata);
  const holderEvents: LinksEvent[] = [
    { type: 'AssociationUnlabeled', data: change(holder, formerCompany, [holderTypeId]) },
  ];
  const carries = typeIdsWith(context.formerPrimaryState, holder.objectTypeId, holder.recordId).includes(companyTypeId);
  const events: LinksEvent[] = carries
    ? [{ type: 'AssociationUnlabeled', data: change(formerCompany, holder, [companyTypeId]) }]
    : [];
  return { holderIsFrom, holderTypeId, holderEvents, formerPrimary: { ...formerCompany, events } };
}
