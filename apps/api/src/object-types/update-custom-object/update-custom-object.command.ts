import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { ObjectTypeDefinitionDto } from '../object-schema.response.dto';
import type { UpdateCustomObjectRequestDto } from './update-custom-object.request.dto';

export class UpdateCustomObjectCommand extends Command<CommandOutcome<ObjectTypeDefinitionDto>> {
  constructor(
    readonly context: CommandContext,
    /** `2-<n>` or the fully-qualified name, as the path gives it. */
    readonly objectType: string,
    readonly request: UpdateCustomObjectRequestDto,
  ) {
    super();
  }
}
