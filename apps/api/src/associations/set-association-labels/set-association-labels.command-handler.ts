import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  accountSchemaStream,
  buildPairTypes,
  decideAssociation,
  evolveLinks,
  labelRefs,
  labelStream,
  typeIdsWith,
  unlabeledTypeId,
  type AssociationContext,
  type AssociationCommand,
  type AssociationDecision,
  type PairTypes,
  type RecordKey,
} from '@app/domain';
import type { StreamCheck } from '@app/event-store';
import { CommandExecutor, type CommandOutcome, type PlannedWrite } from '../../commands/command-executor';
import { AppException } from '../../errors/app.exception';
import { isRecordId } from '../../records/record-input';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { AssociationStreams, invalidObjectIds, pairOf } from '../association-streams';
import {
  SetAssociationLabelsCommand,
  type AssociationSpecInput,
  type SetAssociationLabelsResult,
} from './set-association-labels.command';

/** Each spec's category must be its typeId's; typeIds not of the pair are left to the domain (unknown, direction). */
function assertCategories(types: PairTypes, specs: readonly AssociationSpecInput[]): void {
  for (const { associationCategory, associationTypeId } of specs) {
    const category =
      associationTypeId === types.unlabeled.typeId ? 'HUBSPOT_DEFINED' : types.labels.get(associationTypeId)?.category;
    if (category !== undefined && category !== associationCategory) {
      throw new AppException(
        'VALIDATION_FAILED',
        `Association type ${associationTypeId} is ${category}, not ${associationCategory}`,
        { associationTypeId: [String(associationTypeId)], associationCategory: [associationCategory] },
      );
    }
  }
}

/**
 * PUT /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId} (set labels),
 * PUT …/associations/default/{toObjectType}/{toObjectId} (add the unlabeled type), and the add/remove-labels requests
 * of the batch, v3 and native routes: one decision over both records'
 * links streams (and a former Primary company's), ADR 0006 §2. Both records must be live; the records, the schema
 * (pair limits) and the labels involved are checked on the append, so a concurrent archive, limit change or label
 * retirement makes this command decide again.
 */
@CommandHandler(SetAssociationLabelsCommand)
export class SetAssociationLabelsCommandHandler implements ICommandHandler<SetAssociationLabelsCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly streams: AssociationStreams,
    private readonly executor: CommandExecutor,
  ) {}

  execute({
    context,
    path,
    request,
    step,
  }: SetAssociationLabelsCommand): Promise<CommandOutcome<SetAssociationLabelsResult>> {
    const { accountId } = context;
    return this.executor.execute(
      context,
      async () => {
        const schema = await this.schemas.loadProvisioned(context);
        const { from, to } = pairOf(this.schemas, schema.state, path);
        // Removing labels needs no live records (an archived record's associations are already gone), unless the
        // route promises to name unknown records (the native remove-labels route).
        const live = request.kind !== 'remove' || request.requireLiveRecords === true;
        const invalid = live ? [] : [from, to].filter((r) => !isRecordId(r.recordId));
        if (invalid.length > 0) throw invalidObjectIds(invalid);
        const recordChecks = live ? await this.streams.liveRecordChecks(accountId, [from, to]) : [];
        const [fromLinks, toLinks] = await Promise.all([
          this.streams.loadLinks(accountId, from),
          this.streams.loadLinks(accountId, to),
        ]);
        const unlabeled = unlabeledTypeId(from.objectTypeId, to.objectTypeId);
        const typeIds = request.kind === 'default' ? [unlabeled] : request.types.map((t) => t.associationTypeId);

        // The labels this decision reads: those requested and those the pair carries (a 'set' may remove them).
        const involved = new Set([...typeIds, ...typeIdsWith(fromLinks.state, to.objectTypeId, to.recordId)]);
        const refs = labelRefs(schema.state).filter(
          (ref) =>
            ((ref.fromObjectTypeId === from.objectTypeId && ref.toObjectTypeId === to.objectTypeId) ||
              (ref.fromObjectTypeId === to.objectTypeId && ref.toObjectTypeId === from.objectTypeId)) &&
            (involved.has(ref.typeId) || involved.has(ref.inverseTypeId)),
        );
        const labels = await Promise.all(refs.map((ref) => this.schemas.loadLabel(accountId, ref.labelId)));
        const types = buildPairTypes({
          fromObjectTypeId: from.objectTypeId,
          toObjectTypeId: to.objectTypeId,
          pairLimits: schema.state.pairLimits,
          labels: labels.map((l) => l.state),
        });
        if (request.kind !== 'default') assertCategories(types, request.types);

        const command: AssociationCommand =
          request.kind === 'remove'
            ? { type: 'RemoveAssociationLabels', data: { from, to, typeIds }, metadata: context }
            : {
                type: 'SetAssociationLabels',
                data: { from, to, typeIds, mode: request.kind === 'set' ? 'set' : 'add' },
                metadata: context,
              };
        const decisionContext: AssociationContext = { from: fromLinks.state, to: toLinks.state, types };
        let decision: AssociationDecision;
        let formerWrite: PlannedWrite | undefined;
        try {
          decision = decideAssociation(command, decisionContext);
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'NEEDS_FORMER_PRIMARY') throw error;
          const former = error.context as unknown as RecordKey;
          const formerKey = { objectTypeId: former.objectTypeId, recordId: former.recordId };
          const formerLinks = await this.streams.loadLinks(accountId, formerKey);
          decision = decideAssociation(command, { ...decisionContext, formerPrimaryState: formerLinks.state });
          formerWrite = this.streams.write(accountId, formerKey, formerLinks, decision.formerPrimary?.events ?? []);
        }

        const checks: StreamCheck[] = [
          ...recordChecks,
          { stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream' },
          ...refs.map((ref, i) => ({
            stream: labelStream(accountId, ref.labelId),
            expected: labels[i]!.revision ?? ('no_stream' as const),
          })),
        ];
        const writes = [
          this.streams.write(accountId, from, fromLinks, decision.from),
          this.streams.write(accountId, to, toLinks, decision.to),
        ];
        // A former Primary whose side changes nothing is still read: check it rather than write it.
        if (formerWrite && formerWrite.events.length > 0) writes.push(formerWrite);
        else if (formerWrite) checks.push({ stream: formerWrite.stream, expected: formerWrite.expected });

        const after = decision.from.reduce(evolveLinks, fromLinks.state);
        const labelTexts = typeIdsWith(after, to.objectTypeId, to.recordId).flatMap(
          (t) => types.labels.get(t)?.label ?? [],
        );
        return {
          writes,
          checks,
          result: {
            fromObjectTypeId: from.objectTypeId,
            fromObjectId: from.recordId,
            toObjectTypeId: to.objectTypeId,
            toObjectId: to.recordId,
            labels: labelTexts,
            unlabeledTypeId: unlabeled,
          },
        };
      },
      step,
    );
  }
}
