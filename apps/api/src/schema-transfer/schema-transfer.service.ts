import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, labelRefs, schemaObjectTypes, unlabeledTypeId, type AccountSchema } from '@app/domain';
import type { CommandContext } from '../commands/command-context';
import { AppException } from '../errors/app.exception';
import { mapToHttpError } from '../errors/http-error.mapper';
import { rowContext } from '../imports/import-context';
import { CreateLabelCommand } from '../labels/create-label/create-label.command';
import { CreateLimitsCommand } from '../limits/create-limits/create-limits.command';
import { ActivateObjectTypeCommand } from '../object-types/activate-object-type/activate-object-type.command';
import { CreateCustomObjectCommand } from '../object-types/create-custom-object/create-custom-object.command';
import { AccountSchemaService } from '../schema/account-schema.service';
import {
  SCHEMA_FORMAT,
  type SchemaDocument,
  type SchemaHubSpotLabelLimit,
  type SchemaLabel,
  type SchemaObjectType,
  type SchemaPairLimit,
} from './schema-document';

/** An object type of the document and the one it is in this account (custom ones are matched by name). */
export interface ObjectTypeMapping {
  name: string;
  sourceObjectTypeId: string;
  targetObjectTypeId: string;
  /** `created` (a custom type) or `activated` (a built-in one) now, or `existing` in this account already. */
  status: 'created' | 'activated' | 'existing';
}

/** One direction of a label: its typeId in the source account and in this one; object type ids are this account's. */
export interface TypeIdMapping {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  name: string;
  label: string;
  sourceTypeId: number;
  targetTypeId: number;
  /** `created` now, or `existing`: the account had a label of that internal name on the pair already. */
  status: 'created' | 'existing';
}

export interface SchemaImportProblem {
  what: string;
  reason: string;
}

export interface SchemaImportReport {
  sourceAccountId: string;
  objectTypes: ObjectTypeMapping[];
  mapping: TypeIdMapping[];
  limits: { fromObjectTypeId: string; toObjectTypeId: string; typeId: number; limit: number }[];
  errors: SchemaImportProblem[];
}

const reasonOf = (error: unknown): string => {
  if (error instanceof DomainError || error instanceof AppException) return mapToHttpError(error).message;
  throw error;
};

/**
 * Schema export/import between accounts (issue 8 item 6, DESIGN.md §3 "stable keys"): the activated and custom object
 * types, custom labels with their texts, internal names and limits, and the pairs' overall limits, recreated through
 * the same commands as the API (activate object type, create custom object, create label, create limits). Custom
 * object types are matched by name and labels by internal name, both immutable; object type ids and typeIds are the
 * target account's own, and the report maps each source id to its target id. Re-importing changes nothing.
 */
@Injectable()
export class SchemaTransferService {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly commands: CommandBus,
  ) {}

  async export(accountId: string): Promise<SchemaDocument> {
    const schema = await this.schemas.load(accountId);
    const registered = Object.values(schema.state.labels.labels).sort((a, b) => a.typeId - b.typeId);
    const states = await Promise.all(registered.map((l) => this.schemas.loadLabel(accountId, l.labelId)));
    const labels = states.flatMap(({ state }): SchemaLabel[] => {
      if (state.status !== 'Active') return [];
      const { label } = state;
      const limitOf = (limit: number | 'many') => (limit === 'many' ? null : limit);
      return [
        {
          fromObjectTypeId: label.fromObjectTypeId,
          toObjectTypeId: label.toObjectTypeId,
          shape: label.shape,
          name: label.forward.name,
          label: label.forward.label,
          ...(label.shape === 'paired' ? { inverseName: label.inverse.name, inverseLabel: label.inverse.label } : {}),
          typeId: label.forward.typeId,
          inverseTypeId: label.inverse.typeId,
          limit: limitOf(label.forward.limit),
          inverseLimit: limitOf(label.inverse.limit),
        },
      ];
    });
    const hubspotLabelLimits = await this.hubSpotLabelLimits(accountId, schema.state);
    const pairLimits = Object.values(schema.state.pairLimits.limits).map(
      ({ fromObjectTypeId, toObjectTypeId, limit }): SchemaPairLimit => ({ fromObjectTypeId, toObjectTypeId, limit }),
    );
    const objectTypes = Object.values(schema.state.objectTypes.customObjects).map((o): SchemaObjectType => ({
      objectTypeId: o.objectTypeId,
      name: o.name,
      labels: { singular: o.labels.singular, plural: o.labels.plural },
      ...(o.description !== null ? { description: o.description } : {}),
      primaryDisplayProperty: o.primaryDisplayProperty,
      secondaryDisplayProperties: [...o.secondaryDisplayProperties],
      requiredProperties: [...o.requiredProperties],
      searchableProperties: [...o.searchableProperties],
      properties: o.properties,
      associatedObjects: [...o.associatedObjects],
    }));
    return {
      format: SCHEMA_FORMAT,
      version: 1,
      sourceAccountId: accountId,
      activatedObjectTypes: [...schema.state.objectTypes.activated],
      objectTypes,
      labels,
      pairLimits,
      hubspotLabelLimits,
    };
  }

  /** The configured limits of HubSpot-defined labels (either direction); "many" is the default and not written. */
  private async hubSpotLabelLimits(accountId: string, schema: AccountSchema): Promise<SchemaHubSpotLabelLimit[]> {
    const refs = labelRefs(schema).filter((ref) => ref.category === 'HUBSPOT_DEFINED');
    const states = await Promise.all(refs.map((ref) => this.schemas.loadLabel(accountId, ref.labelId)));
    return states.flatMap(({ state }): SchemaHubSpotLabelLimit[] => {
      if (state.status !== 'Active') return [];
      const { label } = state;
      const directions = [
        { from: label.fromObjectTypeId, to: label.toObjectTypeId, side: label.forward },
        { from: label.toObjectTypeId, to: label.fromObjectTypeId, side: label.inverse },
      ];
      const seen = new Set<number>();
      return directions.flatMap(({ from, to, side }) => {
        if (side.limit === 'many' || seen.has(side.typeId)) return [];
        seen.add(side.typeId); // a same-object label is its own inverse: one limit
        return [{ fromObjectTypeId: from, toObjectTypeId: to, typeId: side.typeId, limit: side.limit }];
      });
    });
  }

  async import(context: CommandContext, document: SchemaDocument): Promise<SchemaImportReport> {
    const report: SchemaImportReport = {
      sourceAccountId: document.sourceAccountId,
      objectTypes: [],
      mapping: [],
      limits: [],
      errors: [],
    };
    // Object types first: labels and limits name them, by the source's ids, which are remapped to this account's.
    const typeIds = await this.importObjectTypes(context, document, report);
    const failed = new Set(document.objectTypes.map((t) => t.objectTypeId).filter((id) => !typeIds.has(id)));
    const targetOf = (objectTypeId: string) => typeIds.get(objectTypeId) ?? objectTypeId;
    /** Remapped to this account's ids; an item on a custom type that could not be created is reported and dropped. */
    const remapped =
      <T extends { fromObjectTypeId: string; toObjectTypeId: string }>(what: (item: T) => string) =>
      (item: T): T[] => {
        const lost = [item.fromObjectTypeId, item.toObjectTypeId].filter((id) => failed.has(id));
        if (lost.length > 0) {
          report.errors.push({ what: what(item), reason: `object type ${lost.join(', ')} could not be created` });
          return [];
        }
        return [
          { ...item, fromObjectTypeId: targetOf(item.fromObjectTypeId), toObjectTypeId: targetOf(item.toObjectTypeId) },
        ];
      };
    const pairLimits = document.pairLimits.flatMap(
      remapped<SchemaPairLimit>((p) => `pair limit ${p.fromObjectTypeId} → ${p.toObjectTypeId}`),
    );
    const hubspotLabelLimits = document.hubspotLabelLimits.flatMap(
      remapped<SchemaHubSpotLabelLimit>(
        (l) => `limit of type ${l.typeId} (${l.fromObjectTypeId} → ${l.toObjectTypeId})`,
      ),
    );
    const labels = document.labels.flatMap(
      remapped<SchemaLabel>((l) => `label ${l.name} (${l.fromObjectTypeId} → ${l.toObjectTypeId})`),
    );
    const available = new Set(
      schemaObjectTypes((await this.schemas.loadProvisioned(context)).state).map((t) => t.objectTypeId),
    );
    const missingTypes = (from: string, to: string) => [from, to].filter((t) => !available.has(t));

    // Overall limits first: a label's limit may not exceed its pair's.
    for (const pair of pairLimits) {
      const what = `pair limit ${pair.fromObjectTypeId} → ${pair.toObjectTypeId}`;
      const missing = missingTypes(pair.fromObjectTypeId, pair.toObjectTypeId);
      if (missing.length > 0) {
        report.errors.push({ what, reason: `object type ${missing.join(', ')} is not available in this account` });
        continue;
      }
      const typeId = unlabeledTypeId(pair.fromObjectTypeId, pair.toObjectTypeId);
      await this.setLimit(
        context,
        report,
        what,
        pair.fromObjectTypeId,
        pair.toObjectTypeId,
        'HUBSPOT_DEFINED',
        typeId,
        pair.limit,
      );
    }

    // HubSpot-defined labels exist in every account under the same typeIds; only their limits travel.
    for (const entry of hubspotLabelLimits) {
      const what = `limit of HubSpot-defined type ${entry.typeId} (${entry.fromObjectTypeId} → ${entry.toObjectTypeId})`;
      const missing = missingTypes(entry.fromObjectTypeId, entry.toObjectTypeId);
      if (missing.length > 0) {
        report.errors.push({ what, reason: `object type ${missing.join(', ')} is not available in this account` });
        continue;
      }
      await this.setLimit(
        context,
        report,
        what,
        entry.fromObjectTypeId,
        entry.toObjectTypeId,
        'HUBSPOT_DEFINED',
        entry.typeId,
        entry.limit,
      );
    }

    for (const label of labels) {
      const what = `label ${label.name} (${label.fromObjectTypeId} → ${label.toObjectTypeId})`;
      const missing = missingTypes(label.fromObjectTypeId, label.toObjectTypeId);
      if (missing.length > 0) {
        report.errors.push({ what, reason: `object type ${missing.join(', ')} is not available in this account` });
        continue;
      }
      let status: 'created' | 'existing' = 'existing';
      let target = this.registered(await this.schemas.load(context.accountId), label);
      if (target === undefined) {
        try {
          await this.commands.execute(
            new CreateLabelCommand(
              rowContext(context, `label:${label.fromObjectTypeId}:${label.toObjectTypeId}:${label.name}`),
              label.fromObjectTypeId,
              label.toObjectTypeId,
              {
                name: label.name,
                label: label.label,
                ...(label.shape === 'paired'
                  ? { inverseLabel: label.inverseLabel, inverseName: label.inverseName }
                  : {}),
              },
            ),
          );
        } catch (error) {
          report.errors.push({ what, reason: reasonOf(error) });
          continue;
        }
        status = 'created';
        target = this.registered(await this.schemas.load(context.accountId), label);
        if (target === undefined) {
          report.errors.push({ what, reason: 'the label was created but is not registered under its name' });
          continue;
        }
      }
      const { fromObjectTypeId: from, toObjectTypeId: to } = label;
      report.mapping.push({
        fromObjectTypeId: from,
        toObjectTypeId: to,
        name: label.name,
        label: label.label,
        sourceTypeId: label.typeId,
        targetTypeId: target.typeId,
        status,
      });
      if (label.inverseTypeId !== label.typeId) {
        report.mapping.push({
          fromObjectTypeId: to,
          toObjectTypeId: from,
          name: label.inverseName ?? label.name,
          label: label.inverseLabel ?? label.label,
          sourceTypeId: label.inverseTypeId,
          targetTypeId: target.inverseTypeId,
          status,
        });
      }
      if (label.limit !== null)
        await this.setLimit(context, report, `${what} limit`, from, to, 'USER_DEFINED', target.typeId, label.limit);
      if (label.inverseLimit !== null && target.inverseTypeId !== target.typeId) {
        await this.setLimit(
          context,
          report,
          `${what} inverse limit`,
          to,
          from,
          'USER_DEFINED',
          target.inverseTypeId,
          label.inverseLimit,
        );
      }
    }
    return report;
  }

  /**
   * Activates the document's built-in types and creates its custom ones that this account lacks (a custom type of the
   * same name is reused); answers source → target ids of the custom types. A custom type's associated objects are
   * carried when this account has them by then (built-in ones, or custom ones earlier in the document).
   */
  private async importObjectTypes(
    context: CommandContext,
    document: SchemaDocument,
    report: SchemaImportReport,
  ): Promise<Map<string, string>> {
    const typeIds = new Map<string, string>();
    let schema = (await this.schemas.loadProvisioned(context)).state;
    for (const objectTypeId of document.activatedObjectTypes) {
      const name = objectTypeId;
      if (schema.objectTypes.activated.includes(objectTypeId)) {
        report.objectTypes.push({
          name,
          sourceObjectTypeId: objectTypeId,
          targetObjectTypeId: objectTypeId,
          status: 'existing',
        });
        continue;
      }
      try {
        await this.commands.execute(
          new ActivateObjectTypeCommand(rowContext(context, `activate:${objectTypeId}`), objectTypeId),
        );
        report.objectTypes.push({
          name,
          sourceObjectTypeId: objectTypeId,
          targetObjectTypeId: objectTypeId,
          status: 'activated',
        });
      } catch (error) {
        report.errors.push({ what: `object type ${objectTypeId}`, reason: reasonOf(error) });
      }
    }
    for (const type of document.objectTypes) {
      schema = (await this.schemas.load(context.accountId)).state;
      const wanted = type.name.toLowerCase();
      const existing = Object.values(schema.objectTypes.customObjects).find((o) => o.name.toLowerCase() === wanted);
      const mapped = { name: type.name, sourceObjectTypeId: type.objectTypeId };
      if (existing !== undefined) {
        typeIds.set(type.objectTypeId, existing.objectTypeId);
        report.objectTypes.push({ ...mapped, targetObjectTypeId: existing.objectTypeId, status: 'existing' });
        continue;
      }
      const available = new Set(schemaObjectTypes(schema).map((t) => t.objectTypeId));
      const { objectTypeId: _source, associatedObjects, ...request } = type;
      try {
        const { result } = await this.commands.execute(
          new CreateCustomObjectCommand(rowContext(context, `object:${wanted}`), {
            ...request,
            associatedObjects: associatedObjects.map((id) => typeIds.get(id) ?? id).filter((id) => available.has(id)),
          }),
        );
        typeIds.set(type.objectTypeId, result.objectTypeId);
        report.objectTypes.push({ ...mapped, targetObjectTypeId: result.objectTypeId, status: 'created' });
      } catch (error) {
        report.errors.push({ what: `object type ${type.name} (${type.objectTypeId})`, reason: reasonOf(error) });
      }
    }
    return typeIds;
  }

  /** The account's label with this label's internal name on its pair (names never change), if any. */
  private registered(schema: { state: AccountSchema }, label: SchemaLabel) {
    const name = label.name.toLowerCase();
    return Object.values(schema.state.labels.labels).find(
      (l) =>
        l.fromObjectTypeId === label.fromObjectTypeId &&
        l.toObjectTypeId === label.toObjectTypeId &&
        l.name.toLowerCase() === name,
    );
  }

  private async setLimit(
    context: CommandContext,
    report: SchemaImportReport,
    what: string,
    from: string,
    to: string,
    category: 'HUBSPOT_DEFINED' | 'USER_DEFINED',
    typeId: number,
    limit: number,
  ): Promise<void> {
    try {
      const { result } = await this.commands.execute(
        new CreateLimitsCommand(rowContext(context, `limit:${from}:${to}:${typeId}`), from, to, [
          { category, typeId, maxToObjectIds: limit },
        ]),
      );
      if (result.errors.length > 0) {
        report.errors.push({ what, reason: result.errors.map((e) => e.message).join('; ') });
        return;
      }
      report.limits.push({ fromObjectTypeId: from, toObjectTypeId: to, typeId, limit });
    } catch (error) {
      report.errors.push({ what, reason: reasonOf(error) });
    }
  }
}
