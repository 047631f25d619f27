import { AppException } from '../errors/app.exception';

/** A batch request over the configured size is refused whole, before anything is written (hubspot-v4-api.md §0.6). */
export function assertBatchSize(inputs: readonly unknown[], max: number): void {
  if (inputs.length > max) {
    throw new AppException('VALIDATION_FAILED', `Too many inputs: ${inputs.length}; a batch takes at most ${max}`, {
      inputs: [String(inputs.length)],
      max: [String(max)],
    });
  }
}
