import { HUBSPOT_DEFINED_TYPES } from '../object-types/hubspot-defined-types';
import type { DefineLabelData } from './label.types';

/** The forward typeIds of HubSpot's labelled types: Primary (contact, deal, ticket → company), parent → child company. */
const FORWARD_TYPE_IDS = [1, 5, 26, 13] as const;

function hubSpotLabel(forwardTypeId: number): DefineLabelData {
  const forward = HUBSPOT_DEFINED_TYPES.find((t) => t.typeId === forwardTypeId)!;
  const inverse = HUBSPOT_DEFINED_TYPES.find((t) => t.typeId === forward.inverseTypeId)!;
  return {
    labelId: `hubspot_${forwardTypeId}`,
    fromObjectTypeId: forward.fromObjectTypeId,
    toObjectTypeId: forward.toObjectTypeId,
    typeId: forward.typeId,
    inverseTypeId: inverse.typeId,
    // Paired: each direction has its own internal name (contact_to_company / company_to_contact), even where the
    // texts are the same ("Primary" both ways).
    shape: 'paired',
    name: forward.name,
    label: forward.label!,
    inverseName: inverse.name,
    inverseLabel: inverse.label!,
  };
}

/**
 * HubSpot's labelled association types as label streams: provisioning defines them in every account (category
 * HUBSPOT_DEFINED), so their limits and history work like any label's. Unlabeled types are no labels: they exist
 * for every pair of available object types and need no stream.
 */
export const HUBSPOT_LABELS: readonly DefineLabelData[] = FORWARD_TYPE_IDS.map(hubSpotLabel);
