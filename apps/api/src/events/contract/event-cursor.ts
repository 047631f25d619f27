import { tryDecodeCursor } from '@app/runtime/events/event-cursor';
import { AppException } from '../../errors/app.exception';

/** Like `tryDecodeCursor`, but a 400 naming `field` for anything else. Empty or absent: the start of the log. */
export function decodeCursor(cursor: string | undefined, field: string): bigint {
  if (cursor === undefined || cursor === '') return 0n;
  const position = tryDecodeCursor(cursor);
  if (position === undefined) {
    throw new AppException('VALIDATION_FAILED', `Invalid input: ${field} is not a cursor issued by this feed`, {
      fields: { [field]: ['must be a cursor from a previous event, page or heartbeat'] },
    });
  }
  return position;
}
