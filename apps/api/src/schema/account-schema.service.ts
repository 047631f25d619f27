import { Injectable } from '@nestjs/common';
import {
  HUBSPOT_LABELS,
  accountSchemaFold,
  accountSchemaStream,
  labelDecider,
  labelStream,
  objectTypesDecider,
  resolveObjectType,
  schemaObjectTypes,
  type AccountSchema,
  type LabelState,
} from '@app/domain';
import type { CommandContext } from '../commands/command-context';
import { CommandExecutor, type PlannedWrite } from '../commands/command-executor';
import { StreamLoader, type LoadedStream, type StreamFold } from './stream-loader';

const labelFold: StreamFold<LabelState> = {
  name: 'label',
  initialState: labelDecider.initialState,
  evolve: (state, event) => labelDecider.evolve(state, event as Parameters<typeof labelDecider.evolve>[1]),
};

/**
 * The write side's view of an account's schema: its schema stream and label streams, folded (DESIGN.md §6), and its
 * provisioning. Commands decide from these, never from read models.
 */
@Injectable()
export class AccountSchemaService {
  constructor(
    private readonly loader: StreamLoader,
    private readonly executor: CommandExecutor,
  ) {}

  load(accountId: string): Promise<LoadedStream<AccountSchema>> {
    return this.loader.load(accountSchemaStream(accountId), accountSchemaFold);
  }

  loadLabel(accountId: string, labelId: string): Promise<LoadedStream<LabelState>> {
    return this.loader.load(labelStream(accountId, labelId), labelFold);
  }

  /**
   * The account's schema, provisioned first if this is its first command (hubspot-v4-api.md §4): the schema stream
   * starts with `AccountProvisioned` and HubSpot's labelled types get their label streams, in one atomic append.
   */
  async loadProvisioned(context: CommandContext): Promise<LoadedStream<AccountSchema>> {
    const loaded = await this.load(context.accountId);
    if (loaded.revision !== undefined) return loaded;
    await this.executor.execute(
      context,
      async () => {
        const current = await this.load(context.accountId);
        if (current.revision !== undefined) return { writes: [], result: undefined };
        const provisioned = objectTypesDecider.decide(
          { type: 'ProvisionAccount', data: {}, metadata: context },
          current.state.objectTypes,
        );
        const labels = HUBSPOT_LABELS.map((data): PlannedWrite => ({
          stream: labelStream(context.accountId, data.labelId),
          expected: 'no_stream',
          events: labelDecider.decide(
            { type: 'DefineHubSpotLabel', data, metadata: context },
            labelDecider.initialState(),
          ),
        }));
        const schema = { stream: accountSchemaStream(context.accountId), expected: 'no_stream' as const };
        return { writes: [{ ...schema, events: provisioned }, ...labels], result: undefined };
      },
      'provision',
    );
    return this.load(context.accountId);
  }

  /** Resolves a path's object type name against the types the account has now (from its schema stream). */
  resolveObjectType(schema: AccountSchema, pathName: string): string {
    return resolveObjectType(pathName, schemaObjectTypes(schema));
  }
}
