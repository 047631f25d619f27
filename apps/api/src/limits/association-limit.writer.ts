import { Injectable } from '@nestjs/common';
import {
  DomainError,
  accountSchemaStream,
  labelDecider,
  labelStream,
  pairLimitOf,
  pairLimitsDecider,
  unlabeledTypeId,
  type AccountSchema,
  type AssociationLimit,
  type LabelLimitInDirection,
  type LabelState,
} from '@app/domain';
import type { StreamCheck } from '@app/event-store';
import type { CommandContext } from '../commands/command-context';
import { CommandExecutor, type CommandOutcome, type CommandPlan } from '../commands/command-executor';
import type { LoadedStream } from '../schema/stream-loader';
import { AccountSchemaService } from '../schema/account-schema.service';
import { labelsOfDirection, limitTargetOf, type LimitTarget } from './limit-target';

/** `create` refuses to change a configured limit, `update` to configure an unconfigured one (both are retry-safe). */
export type LimitWriteMode = 'create' | 'update';

export interface LimitInput {
  category?: string;
  typeId: number;
  maxToObjectIds: number;
}

/** One configured limit as the batch responses show it. */
export interface ConfiguredLimit {
  category: LimitTarget['category'];
  typeId: number;
  /** Null for the pair's unlabeled type. */
  label: string | null;
  limit: number;
}

const sideOf = (state: LabelState, typeId: number) =>
  state.status === 'NotCreated'
    ? undefined
    : [state.label.forward, state.label.inverse].find((s) => s.typeId === typeId);

/**
 * Sets and purges the limit of one association type of `from → to`, each call its own command execution
 * (load → decide → append, re-decided on conflict). The two invariants of DESIGN.md §2 hold under concurrency
 * because each write checks the streams the other kind of write changes: a label limit is decided against the
 * pair limit and checks the schema stream's revision; a pair limit is decided against every label limit of the
 * direction and checks each of those label streams' revisions.
 */
@Injectable()
export class AssociationLimitWriter {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  /** Resolves the path's object types once per batch; an unknown type fails the whole request. */
  async resolvePair(context: CommandContext, fromPath: string, toPath: string): Promise<{ from: string; to: string }> {
    const schema = await this.schemas.loadProvisioned(context);
    return {
      from: this.schemas.resolveObjectType(schema.state, fromPath),
      to: this.schemas.resolveObjectType(schema.state, toPath),
    };
  }

  /** Validates a purge input against the current schema without writing (purge answers 204, so no item errors). */
  async assertPurgeable(
    context: CommandContext,
    from: string,
    to: string,
    input: { category?: string; typeId: number },
  ): Promise<void> {
    const schema = await this.schemas.load(context.accountId);
    limitTargetOf(schema.state, from, to, input);
  }

  set(
    context: CommandContext,
    from: string,
    to: string,
    input: LimitInput,
    mode: LimitWriteMode,
    step: string,
  ): Promise<CommandOutcome<ConfiguredLimit>> {
    return this.executor.execute(
      context,
      async () => {
        const schema = await this.schemas.load(context.accountId);
        const target = limitTargetOf(schema.state, from, to, input);
        return target.kind === 'pair'
          ? this.planPairLimit(context, schema, target, input.maxToObjectIds, mode)
          : this.planLabelLimit(context, schema, target, input.maxToObjectIds, mode);
      },
      step,
    );
  }

  purge(
    context: CommandContext,
    from: string,
    to: string,
    input: { category?: string; typeId: number },
    step: string,
  ): Promise<CommandOutcome<void>> {
    // Back to "many": never below a label's limit nor above the pair's, so no other stream needs checking.
    return this.executor.execute(
      context,
      async (): Promise<CommandPlan<void>> => {
        const schema = await this.schemas.load(context.accountId);
        const target = limitTargetOf(schema.state, from, to, input);
        const metadata = context;
        if (target.kind === 'pair') {
          const data = { fromObjectTypeId: from, toObjectTypeId: to, typeId: target.typeId };
          const events = pairLimitsDecider.decide({ type: 'PurgePairLimit', data, metadata }, schema.state.pairLimits);
          const stream = accountSchemaStream(context.accountId);
          return { writes: [{ stream, expected: schema.revision ?? 'no_stream', events }], result: undefined };
        }
        const { labelId } = target.ref;
        const label = await this.schemas.loadLabel(context.accountId, labelId);
        const events = labelDecider.decide(
          { type: 'PurgeLabelLimit', data: { labelId, typeId: target.typeId }, metadata },
          label.state,
        );
        const stream = labelStream(context.accountId, labelId);
        return { writes: [{ stream, expected: label.revision ?? 'no_stream', events }], result: undefined };
      },
      step,
    );
  }

  private async planPairLimit(
    context: CommandContext,
    schema: LoadedStream<AccountSchema>,
    target: LimitTarget,
    limit: number,
    mode: LimitWriteMode,
  ): Promise<CommandPlan<ConfiguredLimit>> {
    const { accountId } = context;
    const labelLimits: LabelLimitInDirection[] = [];
    const checks: StreamCheck[] = [];
    for (const { ref, typeId } of labelsOfDirection(schema.state, target.from, target.to)) {
      const label = await this.schemas.loadLabel(accountId, ref.labelId);
      checks.push({ stream: labelStream(accountId, ref.labelId), expected: label.revision ?? 'no_stream' });
      const side = sideOf(label.state, typeId);
      if (side && label.state.status !== 'Deleted') labelLimits.push({ typeId, name: side.name, limit: side.limit });
    }
    assertMode(mode, target, pairLimitOf(schema.state.pairLimits, target.typeId), limit);
    const data = { fromObjectTypeId: target.from, toObjectTypeId: target.to, typeId: target.typeId };
    const events = pairLimitsDecider.decide(
      { type: 'SetPairLimit', data: { ...data, limit, labelLimits }, metadata: context },
      schema.state.pairLimits,
    );
    return {
      writes: [{ stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream', events }],
      checks,
      result: { category: target.category, typeId: target.typeId, label: null, limit },
    };
  }

  private async planLabelLimit(
    context: CommandContext,
    schema: LoadedStream<AccountSchema>,
    target: Extract<LimitTarget, { kind: 'label' }>,
    limit: number,
    mode: LimitWriteMode,
  ): Promise<CommandPlan<ConfiguredLimit>> {
    const { accountId } = context;
    const { labelId } = target.ref;
    const label = await this.schemas.loadLabel(accountId, labelId);
    const side = sideOf(label.state, target.typeId);
    assertMode(mode, target, side?.limit ?? 'many', limit);
    const pairLimit = pairLimitOf(schema.state.pairLimits, unlabeledTypeId(target.from, target.to));
    const events = labelDecider.decide(
      { type: 'SetLabelLimit', data: { labelId, typeId: target.typeId, limit, pairLimit }, metadata: context },
      label.state,
    );
    return {
      writes: [{ stream: labelStream(accountId, labelId), expected: label.revision ?? 'no_stream', events }],
      // The pair limit this was decided against must still be the pair limit when the label's limit is written.
      checks: [{ stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream' }],
      result: { category: target.category, typeId: target.typeId, label: side?.label ?? null, limit },
    };
  }
}

/** Creating over a different configured limit, or updating an unconfigured one, is refused; the same value is a retry. */
function assertMode(mode: LimitWriteMode, target: LimitTarget, current: AssociationLimit, limit: number): void {
  const { typeId, from, to } = target;
  if (mode === 'create' && current !== 'many' && current !== limit) {
    throw new DomainError(
      'LIMIT_ALREADY_CONFIGURED',
      `The limit of association type ${typeId} (${from} → ${to}) is already configured (${current}); use batch/update`,
      { typeId, limit: current },
    );
  }
  if (mode === 'update' && current === 'many') {
    throw new DomainError(
      'LIMIT_NOT_CONFIGURED',
      `The limit of association type ${typeId} (${from} → ${to}) is not configured; use batch/create`,
      { typeId },
    );
  }
}
