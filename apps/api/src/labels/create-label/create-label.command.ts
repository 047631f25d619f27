import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { CreateLabelRequestDto } from './create-label.request.dto';

export interface CreatedLabel {
  /** Both directions' types (one for a same-object single label). */
  types: { category: 'USER_DEFINED'; typeId: number; label: string }[];
  warnings: string[];
}

export class CreateLabelCommand extends Command<CommandOutcome<CreatedLabel>> {
  constructor(
    readonly context: CommandContext,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly request: CreateLabelRequestDto,
  ) {
    super();
  }
}
