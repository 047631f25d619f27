import { PUBLIC_EVENT_AREAS, PUBLIC_EVENT_TYPES, type PublicEventType } from '../events/public-events';

const inArea = (area: string): PublicEventType[] => PUBLIC_EVENT_TYPES.filter((t) => PUBLIC_EVENT_AREAS[t] === area);

/**
 * What a webhook subscription may ask for: any public event type, or one of HubSpot's subscription types, which
 * stand for a group of ours (HubSpot's `object.associationChange` and its association-label change events).
 */
export const WEBHOOK_TYPE_ALIASES: Readonly<Record<string, readonly PublicEventType[]>> = {
  associationChange: inArea('associations'),
  associationLabelChange: inArea('labels'),
};

export const WEBHOOK_SUBSCRIPTION_TYPES: readonly string[] = [
  ...Object.keys(WEBHOOK_TYPE_ALIASES),
  ...PUBLIC_EVENT_TYPES,
];

/** The public event types a subscription's types stand for. */
export function webhookEventTypes(subscriptionTypes: readonly string[]): Set<PublicEventType> {
  const out = new Set<PublicEventType>();
  for (const type of subscriptionTypes) {
    const alias = WEBHOOK_TYPE_ALIASES[type];
    if (alias) for (const t of alias) out.add(t);
    else if ((PUBLIC_EVENT_TYPES as readonly string[]).includes(type)) out.add(type as PublicEventType);
  }
  return out;
}
