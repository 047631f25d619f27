import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { AccessTokenService } from './access-token.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { resolveJwtKeySources, type JwtKeySources } from '@app/runtime';

/** Bearer-token authentication for every route (see `JwtAuthGuard`). */
@Module({
  providers: [
    {
      provide: AccessTokenService,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const keys = await resolveJwtKeySources(config);
        logKeySources(keys);
        return new AccessTokenService(keys);
      },
    },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AccessTokenService],
})
export class AuthModule {}

function logKeySources(keys: JwtKeySources): void {
  const logger = new Logger('Auth');
  if (keys.secret?.origin === 'embedded') {
    const how = keys.secret.created ? 'Generated' : 'Using';
    logger.log(`${how} the embedded JWT secret at ${keys.secret.file}; mint local tokens with npm run token`);
  } else if (keys.secret) {
    logger.log('Verifying HS256 tokens with JWT_SECRET');
  }
  if (keys.jwksUrl) logger.log(`Verifying tokens with the keys at ${keys.jwksUrl.href}`);
}
