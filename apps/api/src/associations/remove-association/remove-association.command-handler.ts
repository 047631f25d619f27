import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideRemoval } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { isRecordId } from '../../records/record-input';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { AssociationStreams, invalidObjectIds, pairOf } from '../association-streams';
import { RemoveAssociationCommand } from './remove-association.command';

/**
 * DELETE /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}: removes every type
 * between the pair, both sides in one append (reason API). A pair that is not associated changes nothing (204).
 */
@CommandHandler(RemoveAssociationCommand)
export class RemoveAssociationCommandHandler implements ICommandHandler<RemoveAssociationCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly streams: AssociationStreams,
    private readonly executor: CommandExecutor,
  ) {}

  execute({ context, path, step }: RemoveAssociationCommand): Promise<CommandOutcome<void>> {
    const { accountId } = context;
    return this.executor.execute(
      context,
      async () => {
        const schema = await this.schemas.loadProvisioned(context);
        const { from, to } = pairOf(this.schemas, schema.state, path);
        const invalid = [from, to].filter((r) => !isRecordId(r.recordId));
        if (invalid.length > 0) throw invalidObjectIds(invalid);
        const [fromLinks, toLinks] = await Promise.all([
          this.streams.loadLinks(accountId, from),
          this.streams.loadLinks(accountId, to),
        ]);
        const decision = decideRemoval(
          { type: 'RemoveAssociation', data: { from, to, reason: 'API' }, metadata: context },
          { from: fromLinks.state, to: toLinks.state },
        );
        return {
          writes: [
            this.streams.write(accountId, from, fromLinks, decision.from),
            this.streams.write(accountId, to, toLinks, decision.to),
          ],
          result: undefined,
        };
      },
      step,
    );
  }
}
