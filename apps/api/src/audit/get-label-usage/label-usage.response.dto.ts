import { ApiProperty } from '@nestjs/swagger';
import type { LabelUsageView } from './label-usage';

export class LabelAssociationUsageDto {
  @ApiProperty({ description: 'Associations carrying the label (either direction)', example: 12 })
  total!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Per object type at an end of the label: associations through which its records carry it',
    example: { '0-1': 12, '0-2': 12 },
  })
  byObjectType!: Record<string, number>;
}

export class LabelToolUsageDto {
  @ApiProperty({ type: [String], description: 'Saved lists referencing the label (none until lists exist)' })
  lists!: string[];

  @ApiProperty({ type: [String], description: 'Workflows referencing the label (none until workflows exist)' })
  workflows!: string[];

  @ApiProperty({ type: [String], description: 'Reports referencing the label (none until reports exist)' })
  reports!: string[];
}

export class LabelUsageResponseDto implements LabelUsageView {
  @ApiProperty({ example: 1000 })
  typeId!: number;

  @ApiProperty({ type: LabelAssociationUsageDto })
  associations!: LabelAssociationUsageDto;

  @ApiProperty({ type: LabelToolUsageDto })
  tools!: LabelToolUsageDto;
}
