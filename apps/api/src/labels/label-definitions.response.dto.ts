import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const CATEGORIES = ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'];

/** HubSpot's `AssociationSpecWithLabel`. */
export class AssociationSpecWithLabelDto {
  @ApiProperty({ enum: CATEGORIES, example: 'USER_DEFINED' })
  category!: string;

  @ApiProperty({ example: 1000 })
  typeId!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Null for the unlabeled type', example: 'Manager' })
  label!: string | null;
}

/** HubSpot's `CollectionResponseAssociationSpecWithLabelNoPaging`, plus our warnings on label creation. */
export class AssociationSpecCollectionDto {
  @ApiProperty({ type: [AssociationSpecWithLabelDto] })
  results!: AssociationSpecWithLabelDto[];

  @ApiPropertyOptional({
    type: [String],
    description: 'On creation: label texts with ";" or other non-alphanumeric characters (accepted, but see why)',
  })
  warnings?: string[];
}

/** HubSpot v3 `PublicAssociationDefinition`. */
export class AssociationDefinitionV3Dto {
  @ApiProperty({ example: '279' })
  id!: string;

  @ApiProperty({ example: 'contact_to_company_unlabeled' })
  name!: string;
}

export class AssociationDefinitionV3CollectionDto {
  @ApiProperty({ type: [AssociationDefinitionV3Dto] })
  results!: AssociationDefinitionV3Dto[];
}
