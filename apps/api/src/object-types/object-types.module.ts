import { Module } from '@nestjs/common';
import { ActivateObjectTypeCommandHandler } from './activate-object-type/activate-object-type.command-handler';
import { CreateCustomObjectCommandHandler } from './create-custom-object/create-custom-object.command-handler';
import { CustomObjectSchemasController } from './custom-object-schemas.controller';
import { DeleteCustomObjectCommandHandler } from './delete-custom-object/delete-custom-object.command-handler';
import {
  GetCustomObjectQueryHandler,
  GetCustomObjectsQueryHandler,
} from './get-custom-objects/get-custom-objects.query-handler';
import { GetObjectTypesQueryHandler } from './get-object-types/get-object-types.query-handler';
import { ObjectTypesController } from './object-types.controller';
import { UpdateCustomObjectCommandHandler } from './update-custom-object/update-custom-object.command-handler';

@Module({
  controllers: [CustomObjectSchemasController, ObjectTypesController],
  providers: [
    CreateCustomObjectCommandHandler,
    UpdateCustomObjectCommandHandler,
    DeleteCustomObjectCommandHandler,
    ActivateObjectTypeCommandHandler,
    GetCustomObjectsQueryHandler,
    GetCustomObjectQueryHandler,
    GetObjectTypesQueryHandler,
  ],
})
export class ObjectTypesModule {}
