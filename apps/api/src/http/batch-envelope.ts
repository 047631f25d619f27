import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { BatchItemError } from '../commands/command-batch';

export interface BatchTimes {
  errors: readonly BatchItemError[];
  startedAt: string;
  completedAt: string;
}

/** HubSpot's batch response body: `status`, `results`, the times, and `numErrors`/`errors` only when inputs failed. */
export function batchEnvelope<T>(results: T[], { errors, startedAt, completedAt }: BatchTimes) {
  const body = { status: 'COMPLETE' as const, results, startedAt, completedAt };
  return errors.length === 0 ? body : { ...body, numErrors: errors.length, errors: [...errors] };
}

/** The same body, answered 207 Multi-Status when some inputs failed (batch create, read, update, upsert). */
export function multiStatusEnvelope<T>(reply: FastifyReply, results: T[], outcome: BatchTimes) {
  if (outcome.errors.length > 0) reply.status(HttpStatus.MULTI_STATUS);
  return batchEnvelope(results, outcome);
}
