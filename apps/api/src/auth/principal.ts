export const ROLES = ['super_admin', 'user', 'auditor', 'consumer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: taken from a verified bearer token, put on the request by `JwtAuthGuard`. */
export interface Principal {
  userId: string;
  accountId: string;
  roles: Role[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
