import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AppConfig } from '@app/config';

const MIN_SECRET_LENGTH = 32;

/** Where the keys that sign or verify access tokens come from. */
export interface JwtKeySources {
  /** HS256 secret, from JWT_SECRET or the embedded secret file. */
  secret?: { key: Uint8Array; origin: 'JWT_SECRET' | 'embedded'; file?: string; created?: boolean };
  /** Asymmetric keys of an identity provider. */
  jwksUrl?: URL;
}

/**
 * Resolves the token keys the same way for the server and the token CLI:
 * JWT_SECRET if set; JWKS_URL if set; else (embedded mode) a random secret persisted next to the SQLite file,
 * created on first use with mode 0600 and reused afterwards. Config validation has already refused
 * postgres/kurrentdb without JWT_SECRET or JWKS_URL.
 */
export async function resolveJwtKeySources(config: AppConfig): Promise<JwtKeySources> {
  const sources: JwtKeySources = {};
  if (config.JWT_SECRET) sources.secret = { key: new TextEncoder().encode(config.JWT_SECRET), origin: 'JWT_SECRET' };
  if (config.JWKS_URL) sources.jwksUrl = new URL(config.JWKS_URL);
  if (!sources.secret && !sources.jwksUrl) {
    const file = config.embeddedSecretPath();
    const { secret, created } = await loadOrCreateSecretFile(file);
    sources.secret = { key: new TextEncoder().encode(secret), origin: 'embedded', file, created };
  }
  return sources;
}

/** Reads the secret file, or creates it atomically (`wx`) so two processes starting together agree on one secret. */
export async function loadOrCreateSecretFile(file: string): Promise<{ secret: string; created: boolean }> {
  const existing = await readSecret(file);
  if (existing !== undefined) return { secret: existing, created: false };
  await mkdir(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return { secret, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: await readSecretWrittenByAnotherProcess(file), created: false };
  }
}

/** Another process created the file a moment ago; give it a little time to finish writing. */
async function readSecretWrittenByAnotherProcess(file: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const secret = await readSecret(file);
      if (secret !== undefined) return secret;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function readSecret(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `The JWT secret in ${file} is shorter than ${MIN_SECRET_LENGTH} characters; delete the file to generate a new one`,
    );
  }
  return secret;
}
