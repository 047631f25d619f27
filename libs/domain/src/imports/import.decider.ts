import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import type { ImportCommand, ImportEvent, ImportSpec, ImportState } from './import.types';

const sameFile = (a: ImportSpec, b: ImportSpec): boolean =>
  a.sha256 === b.sha256 &&
  a.fromObjectTypeId === b.fromObjectTypeId &&
  a.toObjectTypeId === b.toObjectTypeId &&
  a.fromKey === b.fromKey &&
  a.toKey === b.toKey &&
  a.mode === b.mode &&
  a.createMissing === b.createMissing;

/**
 * An import job (ADR 0008): started once per import id; each batch of rows records its checkpoint (the last line it
 * covered) in the same append as the batch's own writes, so a resumed import starts after the last recorded line and
 * a batch recorded twice changes nothing. Starting an import id again with the same file and options is a no-op (the
 * re-run resumes or finds it done); with another file or other options it is refused.
 */
export const importDecider: Decider<ImportCommand, ImportEvent, ImportState> = {
  initialState: () => ({ status: 'NotStarted' }),

  decide(command, state) {
    switch (command.type) {
      case 'StartImport': {
        const { importId, spec } = command.data;
        if (state.status === 'NotStarted') {
          const { actor, now } = command.metadata;
          return [{ type: 'ImportStarted', data: { importId, spec, startedBy: actor, startedAt: now } }];
        }
        if (sameFile(state.spec, spec)) return [];
        throw new DomainError(
          'IMPORT_ID_TAKEN',
          `Import ${importId} was started with another file or other options; choose another import id`,
          { importId },
        );
      }
      case 'RecordImportBatch': {
        const { importId, lastLine, rows, applied, errors } = command.data;
        if (state.status === 'NotStarted') {
          throw new DomainError('IMPORT_NOT_FOUND', `Import ${importId} was never started`, { importId });
        }
        // A batch at or before the checkpoint was recorded already (a retried or resumed batch).
        if (state.status === 'Completed' || lastLine <= state.lastLine) return [];
        const firstLine = state.lastLine + 1;
        const rejected = errors.length;
        return [
          { type: 'ImportBatchRecorded', data: { importId, firstLine, lastLine, rows, applied, rejected, errors } },
        ];
      }
      case 'CompleteImport': {
        const { importId } = command.data;
        if (state.status === 'NotStarted') {
          throw new DomainError('IMPORT_NOT_FOUND', `Import ${importId} was never started`, { importId });
        }
        if (state.status === 'Completed') return [];
        const { rows, applied, rejected } = state;
        return [
          { type: 'ImportCompleted', data: { importId, rows, applied, rejected, completedAt: command.metadata.now } },
        ];
      }
      case 'EraseImportErrors': {
        const { importId, reason } = command.data;
        if (state.status === 'NotStarted') {
          throw new DomainError('IMPORT_NOT_FOUND', `Import ${importId} was never started`, { importId });
        }
        if (state.errorsErasedAt !== undefined) return [];
        const { actor, now } = command.metadata;
        return [{ type: 'ImportErrorsErased', data: { importId, reason, erasedBy: actor, erasedAt: now } }];
      }
      default:
        return assertNever(command, 'import command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ImportStarted': {
        const { importId, spec, startedBy, startedAt } = event.data;
        return {
          status: 'Running',
          importId,
          spec,
          startedBy,
          startedAt,
          lastLine: 1,
          rows: 0,
          applied: 0,
          rejected: 0,
        };
      }
      case 'ImportBatchRecorded': {
        if (state.status !== 'Running') return state;
        const { lastLine, rows, applied, rejected, errors } = event.data;
        return {
          ...state,
          lastLine,
          rows: state.rows + rows,
          applied: state.applied + applied,
          // Erased rows read as []: the count in clear is what stays exact.
          rejected: state.rejected + (rejected ?? errors.length),
        };
      }
      case 'ImportCompleted':
        if (state.status !== 'Running') return state;
        return { ...state, status: 'Completed', completedAt: event.data.completedAt };
      case 'ImportErrorsErased':
        if (state.status === 'NotStarted' || state.errorsErasedAt !== undefined) return state;
        return { ...state, errorsErasedAt: event.data.erasedAt };
      default:
        return assertNever(event, 'import event');
    }
  },
};

export function isImportEvent(event: { type: string }): event is ImportEvent {
  return (
    event.type === 'ImportStarted' ||
    event.type === 'ImportBatchRecorded' ||
    event.type === 'ImportCompleted' ||
    event.type === 'ImportErrorsErased'
  );
}
