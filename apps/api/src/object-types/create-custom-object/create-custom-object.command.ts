import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { ObjectSchemaDto } from '../object-schema.response.dto';
import type { CreateCustomObjectRequestDto } from './create-custom-object.request.dto';

export class CreateCustomObjectCommand extends Command<CommandOutcome<ObjectSchemaDto>> {
  constructor(
    readonly context: CommandContext,
    readonly request: CreateCustomObjectRequestDto,
  ) {
    super();
  }
}
