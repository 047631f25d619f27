import { Module } from '@nestjs/common';
import { EventFeedService } from './event-feed.service';
import { EventsController } from './events.controller';

/** The public event contract and the change feed (issue 7 items 1 and 2). */
@Module({
  controllers: [EventsController],
  providers: [EventFeedService],
  exports: [EventFeedService],
})
export class EventsModule {}
