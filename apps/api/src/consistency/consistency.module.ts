import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EventPositionInterceptor } from './event-position';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor';

/**
 * Read-your-writes for every route: command routes return `atPosition(...)` and send `X-Event-Position`; query
 * routes marked `@ReadsProjections(...)` honour `X-Min-Position`. `CheckpointWaiter` comes from ReadModelsModule.
 */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: EventPositionInterceptor },
    { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
  ],
})
export class ConsistencyModule {}
