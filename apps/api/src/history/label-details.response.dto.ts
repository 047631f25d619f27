import { ApiProperty } from '@nestjs/swagger';
import type { AssociationLimit, LabelCategory, LabelShape } from '@app/domain';
import type { LabelDetails, LabelDirection } from './get-label-details/label-details';

const CATEGORIES = ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'];
const LIMIT = {
  oneOf: [
    { type: 'integer', minimum: 1, maximum: 10000 },
    { type: 'string', enum: ['many'] },
  ],
  description: "At most this many records of the other object per record, or 'many' (the default)",
  example: 'many',
};

export class LabelDirectionDto implements LabelDirection {
  @ApiProperty({ example: 1000 })
  typeId!: number;

  @ApiProperty({ example: '0-1' })
  fromObjectTypeId!: string;

  @ApiProperty({ example: '0-2' })
  toObjectTypeId!: string;

  @ApiProperty({ description: 'Internal name (stable; never changes)', example: 'manager' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null for an unlabeled type', example: 'Manager' })
  label!: string | null;

  @ApiProperty(LIMIT)
  limit!: AssociationLimit;
}

/** A label's "API details", the same whichever of its typeIds or names asked. */
export class LabelDetailsResponseDto implements LabelDetails {
  @ApiProperty({ type: String, nullable: true, description: 'Null for unlabeled types, which are no labels' })
  labelId!: string | null;

  @ApiProperty({ enum: CATEGORIES, example: 'USER_DEFINED' })
  category!: LabelCategory;

  @ApiProperty({ enum: ['single', 'paired'], nullable: true, example: 'paired' })
  shape!: LabelShape | null;

  @ApiProperty({ enum: ['Active', 'Retiring'], description: 'Retiring while a deletion runs' })
  status!: 'Active' | 'Retiring';

  @ApiProperty({ description: 'From object type of the direction the label was created in', example: '0-1' })
  fromObjectTypeId!: string;

  @ApiProperty({ example: '0-2' })
  toObjectTypeId!: string;

  @ApiProperty({ description: 'TypeId of from → to', example: 1000 })
  typeId!: number;

  @ApiProperty({ description: 'TypeId of to → from (equal to typeId for a same-object single label)', example: 1001 })
  inverseTypeId!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Manager' })
  label!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Null for a single label', example: 'Employee' })
  inverseLabel!: string | null;

  @ApiProperty({ example: 'manager' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null for a single label', example: 'employee' })
  inverseName!: string | null;

  @ApiProperty({ type: LabelDirectionDto, description: 'from → to, with its limit' })
  forward!: LabelDirectionDto;

  @ApiProperty({ type: LabelDirectionDto, description: 'to → from, with its limit' })
  inverse!: LabelDirectionDto;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Null for unlabeled types' })
  createdAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'User id of the creator', example: 'u1' })
  createdBy!: string | null;
}
