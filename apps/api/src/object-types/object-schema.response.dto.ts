import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** HubSpot's `ObjectTypeDefinitionLabels`. */
export class ObjectTypeLabelsDto {
  @ApiProperty({ example: 'Car' })
  singular!: string;

  @ApiProperty({ example: 'Cars' })
  plural!: string;
}

/** HubSpot's `Option`. */
export class PropertyOptionDto {
  @ApiProperty({ example: 'Sedan' })
  label!: string;

  @ApiProperty({ example: 'sedan' })
  value!: string;

  @ApiProperty({ example: 0 })
  displayOrder!: number;

  @ApiProperty({ example: false })
  hidden!: boolean;
}

/** HubSpot's `PropertyModificationMetadata`. */
export class PropertyModificationMetadataDto {
  @ApiProperty()
  archivable!: boolean;

  @ApiProperty()
  readOnlyDefinition!: boolean;

  @ApiProperty()
  readOnlyValue!: boolean;
}

/** HubSpot's `Property`, as a custom object schema declares it. */
export class PropertyDto {
  @ApiProperty({ example: 'model' })
  name!: string;

  @ApiProperty({ example: 'Model' })
  label!: string;

  @ApiProperty({ enum: ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'], example: 'string' })
  type!: string;

  @ApiProperty({ example: 'text' })
  fieldType!: string;

  @ApiProperty({ example: '' })
  description!: string;

  @ApiProperty({ description: "The object's default group, `<name>_information`", example: 'car_information' })
  groupName!: string;

  @ApiProperty({ type: [PropertyOptionDto] })
  options!: PropertyOptionDto[];

  @ApiProperty({ example: 0 })
  displayOrder!: number;

  @ApiProperty()
  hasUniqueValue!: boolean;

  @ApiProperty()
  hidden!: boolean;

  @ApiProperty()
  formField!: boolean;

  @ApiProperty()
  calculated!: boolean;

  @ApiProperty()
  externalOptions!: boolean;

  @ApiProperty()
  archived!: boolean;

  @ApiProperty({ type: PropertyModificationMetadataDto })
  modificationMetadata!: PropertyModificationMetadataDto;

  @ApiProperty({ example: 'admin-1' })
  createdUserId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** HubSpot's `AssociationDefinition`: the unlabeled association type of the custom object → an associated object. */
export class AssociationDefinitionDto {
  @ApiProperty({ description: 'The unlabeled typeId of the pair, as a string', example: '1073745984' })
  id!: string;

  @ApiProperty({ example: '2-1' })
  fromObjectTypeId!: string;

  @ApiProperty({ example: '0-1' })
  toObjectTypeId!: string;

  @ApiProperty({ example: 'car_to_contact' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** HubSpot's `ObjectTypeDefinition`: a schema without its properties and associations (PATCH answers this). */
export class ObjectTypeDefinitionDto {
  @ApiProperty({ description: 'The number of the objectTypeId', example: '1' })
  id!: string;

  @ApiProperty({ example: '2-1' })
  objectTypeId!: string;

  @ApiProperty({ example: 'car' })
  name!: string;

  @ApiProperty({ example: 'p123_car' })
  fullyQualifiedName!: string;

  @ApiProperty({ type: ObjectTypeLabelsDto })
  labels!: ObjectTypeLabelsDto;

  @ApiPropertyOptional({ example: 'Cars our customers drive' })
  description?: string;

  @ApiProperty({ example: 'model' })
  primaryDisplayProperty!: string;

  @ApiProperty({ type: [String] })
  secondaryDisplayProperties!: string[];

  @ApiProperty({ type: [String] })
  requiredProperties!: string[];

  @ApiProperty({ type: [String] })
  searchableProperties!: string[];

  @ApiPropertyOptional({ description: 'The account id, when it is numeric', example: 123 })
  portalId?: number;

  @ApiProperty({ example: false })
  archived!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** HubSpot's `ObjectSchema`. */
export class ObjectSchemaDto extends ObjectTypeDefinitionDto {
  @ApiProperty({ type: [PropertyDto] })
  properties!: PropertyDto[];

  @ApiProperty({ type: [AssociationDefinitionDto] })
  associations!: AssociationDefinitionDto[];
}

/** HubSpot's `CollectionResponseObjectSchemaNoPaging`. */
export class ObjectSchemaCollectionDto {
  @ApiProperty({ type: [ObjectSchemaDto] })
  results!: ObjectSchemaDto[];
}

/** An object type the account can associate (native API). */
export class AvailableObjectTypeDto {
  @ApiProperty({ example: '0-421' })
  objectTypeId!: string;

  @ApiProperty({ enum: ['STANDARD', 'ACTIVATABLE', 'CUSTOM'], example: 'ACTIVATABLE' })
  kind!: string;

  @ApiPropertyOptional({ description: 'Built-in types', example: 'appointment' })
  singularName?: string;

  @ApiPropertyOptional({ description: 'Built-in types', example: 'appointments' })
  pluralName?: string;

  @ApiPropertyOptional({ description: 'Custom objects', example: 'car' })
  name?: string;

  @ApiPropertyOptional({ description: 'Custom objects', example: 'p123_car' })
  fullyQualifiedName?: string;
}

export class AvailableObjectTypeCollectionDto {
  @ApiProperty({ type: [AvailableObjectTypeDto] })
  results!: AvailableObjectTypeDto[];
}

export class ObjectTypeActivatedDto {
  @ApiProperty({ example: '0-421' })
  objectTypeId!: string;

  @ApiProperty({ example: true })
  activated!: true;
}
