import { DeciderSpec } from '@app/testing';
import { importDecider } from './import.decider';
import type { ImportCommand, ImportEvent, ImportSpec, ImportState } from './import.types';

const metadata = {
  accountId: 'acc-1',
  actor: 'user-1',
  commandId: 'import:acc-1:imp-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2026-12-07T10:00:00.000Z',
};
const spec: ImportSpec = {
  fromObjectTypeId: '0-1',
  toObjectTypeId: '0-2',
  fromKey: 'email',
  toKey: 'domain',
  mode: 'set',
  createMissing: false,
  fileName: 'rows.csv',
  header: ['from_email', 'to_domain', 'labels'],
  sha256: 'abc',
  bytes: 100,
  totalRows: 10,
};
const started: ImportEvent = {
  type: 'ImportStarted',
  data: { importId: 'imp-1', spec, startedBy: 'user-1', startedAt: metadata.now },
};
const batch = (lastLine: number, rows = 5, applied = 4): ImportEvent => ({
  type: 'ImportBatchRecorded',
  data: {
    importId: 'imp-1',
    firstLine: lastLine - rows + 1,
    lastLine,
    rows,
    applied,
    rejected: 1,
    errors: [{ line: lastLine, code: 'UNKNOWN_LABEL', reason: 'Unknown label "x"' }],
  },
});
const record = (lastLine: number): ImportCommand => ({
  type: 'RecordImportBatch',
  data: {
    importId: 'imp-1',
    lastLine,
    rows: 5,
    applied: 4,
    errors: [{ line: lastLine, code: 'UNKNOWN_LABEL', reason: 'Unknown label "x"' }],
  },
  metadata,
});
const start = (s: ImportSpec = spec): ImportCommand => ({
  type: 'StartImport',
  data: { importId: 'imp-1', spec: s },
  metadata,
});
const complete: ImportCommand = { type: 'CompleteImport', data: { importId: 'imp-1' }, metadata };
const erase: ImportCommand = { type: 'EraseImportErrors', data: { importId: 'imp-1', reason: 'request' }, metadata };
const erased: ImportEvent = {
  type: 'ImportErrorsErased',
  data: { importId: 'imp-1', reason: 'request', erasedBy: 'user-1', erasedAt: metadata.now },
};

describe('import decider', () => {
  const given = DeciderSpec.for<ImportCommand, ImportEvent, ImportState>(importDecider);

  describe('when the import was never started', () => {
    it('starts it', () => given.when(start()).then([started]));
    it('refuses a checkpoint or a completion', () => {
      given.when(record(6)).thenThrows('IMPORT_NOT_FOUND');
      given.when(complete).thenThrows('IMPORT_NOT_FOUND');
      given.when(erase).thenThrows('IMPORT_NOT_FOUND');
    });
  });

  describe('when the import is running', () => {
    const running = given.given([started, batch(6)]);
    it('starting it again with the same file and options changes nothing', () => running.when(start()).then([]));
    it('starting it with another file or options is refused', () => {
      running.when(start({ ...spec, sha256: 'def' })).thenThrows('IMPORT_ID_TAKEN');
      running.when(start({ ...spec, mode: 'add' })).thenThrows('IMPORT_ID_TAKEN');
    });
    it('records the next batch after the checkpoint', () => running.when(record(11)).then([batch(11)]));
    it('a batch at or before the checkpoint was recorded already: nothing', () => {
      running.when(record(6)).then([]);
      running.when(record(4)).then([]);
    });
    it('completes with the counts so far', () =>
      running.when(complete).then([
        {
          type: 'ImportCompleted',
          data: { importId: 'imp-1', rows: 5, applied: 4, rejected: 1, completedAt: metadata.now },
        },
      ]));
    it('folds the checkpoint and counts', () => {
      const state = [started, batch(6), batch(11)].reduce(importDecider.evolve, importDecider.initialState());
      expect(state).toMatchObject({ status: 'Running', lastLine: 11, rows: 10, applied: 8, rejected: 2 });
    });
  });

  describe('when the import completed', () => {
    const completed = given.given([
      started,
      batch(6),
      {
        type: 'ImportCompleted',
        data: { importId: 'imp-1', rows: 5, applied: 4, rejected: 1, completedAt: metadata.now },
      },
    ]);
    it('a re-run changes nothing', () => {
      completed.when(start()).then([]);
      completed.when(record(11)).then([]);
      completed.when(complete).then([]);
    });
    it('erases its rejected rows once', () => completed.when(erase).then([erased]));
  });

  describe('when its rejected rows were erased', () => {
    const erasedAlready = given.given([started, batch(6), erased]);
    it('erasing again changes nothing', () => erasedAlready.when(erase).then([]));
    it('keeps the rejected count from the clear field, though the rows read as [] once erased', () => {
      const unreadable: ImportEvent = {
        type: 'ImportBatchRecorded',
        data: { importId: 'imp-1', firstLine: 7, lastLine: 11, rows: 5, applied: 3, rejected: 2, errors: [] },
      };
      const state = [started, batch(6), erased, unreadable].reduce(importDecider.evolve, importDecider.initialState());
      expect(state).toMatchObject({ lastLine: 11, rows: 10, applied: 7, rejected: 3, errorsErasedAt: metadata.now });
    });
  });
});
