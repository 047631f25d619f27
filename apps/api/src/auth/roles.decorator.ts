import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const REQUIRED_ROLES = 'auth:roles';

/**
 * The caller must hold at least one of these roles (403 MISSING_SCOPES otherwise). Roles do not imply each other:
 * list every role the route admits. Without `@Roles`, any authenticated caller is admitted.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);
