import {
  SignJWT,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AppException } from '../errors/app.exception';
import type { JwtKeySources } from './jwt-secret.resolver';
import { ROLES, isRole, type Principal } from './principal';
import { MAX_ACCOUNT_ID_LENGTH, isAccountId } from '@app/event-store';

const SECRET_ALGORITHM = 'HS256';
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Signs and verifies access tokens. The server and the token CLI share it (and `resolveJwtKeySources`), so a
 * token the CLI prints is one the server accepts.
 *
 * Claims: `sub` (user id), `accountId` (string), `roles` (non-empty, from `ROLES`), `exp` (required).
 */
export class AccessTokenService {
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly keys: JwtKeySources) {
    if (keys.jwksUrl) this.jwks = createRemoteJWKSet(keys.jwksUrl);
  }

  /** Mints an HS256 token. `expiresIn` is a jose time span such as `1h`, `30m`, `7d`. */
  async sign(principal: Principal, expiresIn: string): Promise<string> {
    if (!this.keys.secret) {
      throw new Error(
        'Cannot sign tokens: JWKS_URL is set and JWT_SECRET is not; tokens come from the identity provider',
      );
    }
    if (!isAccountId(principal.accountId)) {
      throw new Error(`accountId must be letters, digits or _ (at most ${MAX_ACCOUNT_ID_LENGTH} characters)`);
    }
    if (principal.roles.length === 0 || !principal.roles.every(isRole)) {
      throw new Error(`roles must be a non-empty list of ${ROLES.join(', ')}`);
    }
    return new SignJWT({ accountId: principal.accountId, roles: principal.roles })
      .setProtectedHeader({ alg: SECRET_ALGORITHM, typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.keys.secret.key);
  }

  /** Verifies a bearer token. Throws `AppException` UNAUTHENTICATED (or AUTH_PROVIDER_UNAVAILABLE). */
  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      payload = (await this.verifySignature(token)).payload;
    } catch (error) {
      throw toAuthException(error);
    }
    return principalFrom(payload);
  }

  private verifySignature(token: string) {
    const options = { requiredClaims: ['exp', 'sub'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
    const { secret } = this.keys;
    const jwks = this.jwks;
    if (secret && jwks) {
      // Both configured: the token's algorithm says which key applies.
      return jwtVerify(
        token,
        async (header, input) => (header.alg === SECRET_ALGORITHM ? secret.key : jwks(header, input)),
        { ...options, algorithms: [SECRET_ALGORITHM, ...JWKS_ALGORITHMS] },
      );
    }
    if (jwks) return jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGORITHMS });
    if (secret) return jwtVerify(token, secret.key, { ...options, algorithms: [SECRET_ALGORITHM] });
    throw new Error('No token keys configured');
  }
}

function principalFrom(payload: JWTPayload): Principal {
  const { sub, accountId, roles } = payload;
  if (typeof sub !== 'string' || sub.length === 0) throw unauthenticated('The token has no subject (sub)');
  if (typeof accountId !== 'string' || accountId.length === 0) {
    throw unauthenticated('The token has no accountId claim (a string)');
  }
  if (!isAccountId(accountId)) {
    throw unauthenticated(
      `The token's accountId must be letters, digits or _ (at most ${MAX_ACCOUNT_ID_LENGTH} characters)`,
    );
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw unauthenticated(`The token's roles claim must be a non-empty list of ${ROLES.join(', ')}`);
  }
  return { userId: sub, accountId, roles: [...new Set(roles)] };
}

function toAuthException(error: unknown): AppException {
  if (error instanceof joseErrors.JWTExpired) return unauthenticated('The access token has expired');
  if (error instanceof joseErrors.JWKSTimeout) {
    return new AppException(
      'AUTH_PROVIDER_UNAVAILABLE',
      'The identity provider did not answer in time; retry later',
      undefined,
      {
        cause: error,
      },
    );
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return unauthenticated(
      `The access token is invalid: ${error.claim} claim ${error.reason === 'missing' ? 'is missing' : 'is invalid'}`,
    );
  }
  if (error instanceof joseErrors.JOSEError) return unauthenticated('The access token is invalid');
  // A network failure fetching the JWKS, for instance: not the caller's fault.
  return new AppException(
    'AUTH_PROVIDER_UNAVAILABLE',
    'Access tokens cannot be verified right now; retry later',
    undefined,
    {
      cause: error,
    },
  );
}

export function unauthenticated(message: string): AppException {
  return new AppException('UNAUTHENTICATED', message);
}
