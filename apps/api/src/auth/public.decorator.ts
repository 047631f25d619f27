import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:isPublic';

/** The route needs no bearer token (health, docs). Every other route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
