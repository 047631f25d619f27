import { Injectable } from '@nestjs/common';
import {
  BUILT_IN_OBJECT_TYPES,
  linksFold,
  linksStream,
  recordStream,
  type AccountSchema,
  type LinksState,
  type RecordKey,
} from '@app/domain';
import type { StreamCheck } from '@app/event-store';
import type { PlannedWrite } from '../commands/command-executor';
import { AppException } from '../errors/app.exception';
import { isRecordId } from '../records/record-input';
import { RecordStreams } from '../records/record-streams';
import type { AccountSchemaService } from '../schema/account-schema.service';
import { StreamLoader, type LoadedStream, type StreamFold } from '../schema/stream-loader';

const fold: StreamFold<LinksState> = {
  name: linksFold.name,
  initialState: linksFold.initialState,
  evolve: (state, event) => linksFold.evolve(state, event as Parameters<typeof linksFold.evolve>[1]),
  snapshot: linksFold.snapshot,
};

/** "CONTACT=123", "2-100=5": how HubSpot names a record in `INVALID_OBJECT_IDS`. */
function objectIdName({ objectTypeId, recordId }: RecordKey): string {
  const type = BUILT_IN_OBJECT_TYPES.find((t) => t.objectTypeId === objectTypeId);
  return `${type ? type.singularName.toUpperCase() : objectTypeId}=${recordId}`;
}

/** HubSpot's answer when an association names a record that does not exist or is archived. */
export function invalidObjectIds(records: readonly RecordKey[]): AppException {
  return new AppException('VALIDATION_FAILED', 'One or more associations are invalid', {
    INVALID_OBJECT_IDS: records.map((r) => `${objectIdName(r)} is not valid`),
  });
}

/** The two records of an association route, resolved against the account's schema. */
export function pairOf(
  schemas: AccountSchemaService,
  schema: AccountSchema,
  path: { fromObjectType: string; fromId: string; toObjectType: string; toId: string },
): { from: RecordKey; to: RecordKey } {
  return {
    from: { objectTypeId: schemas.resolveObjectType(schema, path.fromObjectType), recordId: path.fromId },
    to: { objectTypeId: schemas.resolveObjectType(schema, path.toObjectType), recordId: path.toId },
  };
}

/** The write side's view of associations: the records' links streams (ADR 0006 §1) and their records' streams. */
@Injectable()
export class AssociationStreams {
  constructor(
    private readonly loader: StreamLoader,
    private readonly records: RecordStreams,
  ) {}

  loadLinks(accountId: string, { objectTypeId, recordId }: RecordKey): Promise<LoadedStream<LinksState>> {
    return this.loader.load(linksStream(accountId, objectTypeId, recordId), fold);
  }

  /**
   * The revisions of live records, to check on the append; a record that does not exist or is archived (or whose id
   * cannot be one) is refused, all of them named at once.
   */
  async liveRecordChecks(accountId: string, keys: readonly RecordKey[]): Promise<StreamCheck[]> {
    const loaded = await Promise.all(
      keys.map(async (key) => {
        if (!isRecordId(key.recordId)) return { key, revision: undefined, live: false };
        const record = await this.records.load(accountId, key.objectTypeId, key.recordId);
        return { key, revision: record.revision, live: record.state.status === 'Active' };
      }),
    );
    const invalid = loaded.filter((r) => !r.live).map((r) => r.key);
    if (invalid.length > 0) throw invalidObjectIds(invalid);
    return loaded.map(({ key, revision }) => ({
      stream: recordStream(accountId, key.objectTypeId, key.recordId),
      expected: revision!,
    }));
  }

  /** A links stream's write at the revision it was decided from. */
  write(
    accountId: string,
    key: RecordKey,
    loaded: LoadedStream<LinksState>,
    events: PlannedWrite['events'],
  ): PlannedWrite {
    return {
      stream: linksStream(accountId, key.objectTypeId, key.recordId),
      expected: loaded.revision ?? 'no_stream',
      events,
    };
  }
}
