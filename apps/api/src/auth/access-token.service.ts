import {
  SignJWT,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AppException } from '../errors/app.exception';
import type { JwtKeySources } from '@app/runtime';
import { ROLES, isRole, type Principal } from './principal';
import { MAX_ACCOUNT_ID_LENGTH, isAccountId } from '@app/event-store';

const SECRET_ALGORITHM = 'HS256';
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;
/** Tokens whose verification is remembered at once; the oldest go first. */
const MAX_VERIFIED_TOKENS = 10_000;
/**
 * How long a verification is trusted before the signature is checked again, at most: a key the identity provider
 * has withdrawn from its JWKS stops being accepted within this time, as it would once jose's JWKS cache refreshes.
 */
const REVERIFY_AFTER_MS = 60_000;

interface VerifiedToken {
  principal: Principal;
  /** Until when the token is accepted (`exp` plus the clock tolerance) and this verification trusted, in ms. */
  until: number;
  /** From when the token is accepted (`nbf` less the clock tolerance), in ms. */
  from: number;
}

/**
 * Signs and verifies access tokens. The server and the token CLI share it (and `resolveJwtKeySources`), so a
 * token the CLI prints is one the server accepts.
 *
 * Claims: `sub` (user id), `accountId` (string), `roles` (non-empty, from `ROLES`), `exp` (required).
 */
export class AccessTokenService {
  private readonly jwks?: JWTVerifyGetKey;
  /**
   * Tokens already verified (a client sends the same one with every request): the signature check and claim
   * parsing were ~6% of a labeled PUT's CPU. Only accepted tokens are kept, with their own expiry.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly keys: JwtKeySources,
    private readonly now: () => number = Date.now,
  ) {
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
    const now = this.now();
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (now >= known.from && now < known.until) return copyOf(known.principal);
      this.verified.delete(token); // expired (or not yet valid, or due for another check): jose says which
    }
    let payload: JWTPayload;
    try {
      payload = (await this.verifySignature(token)).payload;
    } catch (error) {
      throw toAuthException(error);
    }
    const principal = principalFrom(payload);
    this.remember(token, principal, payload, now);
    return principal;
  }

  private remember(token: string, principal: Principal, payload: JWTPayload, now: number): void {
    const tolerance = CLOCK_TOLERANCE_SECONDS * 1000;
    // `exp` is required, so jose has checked it is a number.
    const until = Math.min((payload.exp as number) * 1000 + tolerance, now + REVERIFY_AFTER_MS);
    const from = typeof payload.nbf === 'number' ? payload.nbf * 1000 - tolerance : -Infinity;
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal: copyOf(principal), until, from });
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

/** Each request gets its own principal: a cached one is never handed out to be changed. */
const copyOf = (principal: Principal): Principal => ({ ...principal, roles: [...principal.roles] });

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
