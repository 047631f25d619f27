import { Injectable } from '@nestjs/common';
import {
  normalizeUniqueValue,
  recordDecider,
  recordStream,
  uniquePropertyOf,
  uniqueValueDecider,
  uniqueValueStream,
  type CommandMetadata,
  type RecordEvent,
  type RecordProperties,
  type RecordState,
  type UniqueValueEvent,
  type UniqueValueState,
} from '@app/domain';
import type { PlannedWrite } from '../commands/command-executor';
import { StreamLoader, type LoadedStream, type StreamFold } from '../schema/stream-loader';
import { recordNotFound, type RecordKey } from './record-target';
import { UniqueValueKeys } from './unique-value-keys';

const recordFold: StreamFold<RecordState> = {
  name: 'record',
  initialState: recordDecider.initialState,
  evolve: (state, event) => recordDecider.evolve(state, event as RecordEvent),
};

const uniqueValueFold: StreamFold<UniqueValueState> = {
  name: 'unique-value',
  initialState: uniqueValueDecider.initialState,
  evolve: (state, event) => uniqueValueDecider.evolve(state, event as UniqueValueEvent),
};

/** The write side's view of records: their streams, and the claim streams of their unique values (email, domain). */
@Injectable()
export class RecordStreams {
  constructor(
    private readonly loader: StreamLoader,
    private readonly valueKeys: UniqueValueKeys,
  ) {}

  load(accountId: string, objectTypeId: string, recordId: string): Promise<LoadedStream<RecordState>> {
    return this.loader.load(recordStream(accountId, objectTypeId, recordId), recordFold);
  }

  /** The id a route's key names, from the claim stream when it names a unique value; 404 when no record holds it. */
  async idOf(accountId: string, objectTypeId: string, key: RecordKey): Promise<string> {
    if (key.by === 'id') return key.id;
    const id = await this.idByUniqueValue(accountId, objectTypeId, key.property, key.value);
    if (id === undefined) throw recordNotFound(objectTypeId, key.value);
    return id;
  }

  /** The live record holding a unique property's value, by its claim stream; undefined when nobody holds it. */
  async idByUniqueValue(
    accountId: string,
    objectTypeId: string,
    property: string,
    value: string,
  ): Promise<string | undefined> {
    const normalized = normalizeUniqueValue(value);
    if (normalized === undefined) return undefined;
    const valueKey = await this.valueKeys.of(accountId, objectTypeId, property, normalized);
    const claim = await this.loader.load(
      uniqueValueStream(accountId, objectTypeId, property, valueKey),
      uniqueValueFold,
    );
    return claim.state.status === 'Claimed' ? claim.state.recordId : undefined;
  }

  /**
   * The claim writes that go with a record moving from `before` to `after` properties: release the old unique value,
   * claim the new one (refused with UNIQUE_VALUE_TAKEN while another record holds it). Appended atomically with the
   * record's own events, each at the revision read (`no_stream` for a value never claimed).
   */
  async claimWrites(
    metadata: CommandMetadata,
    objectTypeId: string,
    recordId: string,
    before: RecordProperties,
    after: RecordProperties,
  ): Promise<PlannedWrite[]> {
    const property = uniquePropertyOf(objectTypeId);
    if (property === undefined) return [];
    const was = normalizeUniqueValue(before[property]);
    const now = normalizeUniqueValue(after[property]);
    if (was === now) return [];
    const writes: PlannedWrite[] = [];
    const { accountId } = metadata;
    const moves = [
      { value: was, type: 'ReleaseUniqueValue' as const },
      { value: now, type: 'ClaimUniqueValue' as const },
    ];
    for (const { value, type } of moves) {
      if (value === undefined) continue;
      const valueKey = await this.valueKeys.of(accountId, objectTypeId, property, value);
      const stream = uniqueValueStream(accountId, objectTypeId, property, valueKey);
      const claim = await this.loader.load(stream, uniqueValueFold);
      const events = uniqueValueDecider.decide(
        { type, data: { objectTypeId, property, value, valueKey, recordId }, metadata },
        claim.state,
      );
      writes.push({ stream, expected: claim.revision ?? 'no_stream', events });
    }
    return writes;
  }
}
