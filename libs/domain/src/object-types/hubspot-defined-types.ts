import type { ObjectType } from './object-type.catalogue';
import { derivedUnlabeledTypeId } from './unlabeled-type-id';

/** An association type HubSpot defines: in every account it applies to, never renamed or deleted. */
export interface HubSpotDefinedAssociationType {
  readonly typeId: number;
  readonly fromObjectTypeId: string;
  readonly toObjectTypeId: string;
  readonly category: 'HUBSPOT_DEFINED';
  /** Null for the pair's unlabeled type. */
  readonly label: string | null;
  /** Internal name, as HubSpot's v3 association strings spell it (hubspot-v4-api.md §1.2). */
  readonly name: string;
  readonly inverseTypeId: number;
}

const CONTACT = '0-1';
const COMPANY = '0-2';
const DEAL = '0-3';
const TICKET = '0-5';

const row = (
  typeId: number,
  fromObjectTypeId: string,
  toObjectTypeId: string,
  label: string | null,
  name: string,
  inverseTypeId: number,
): HubSpotDefinedAssociationType => ({
  typeId,
  fromObjectTypeId,
  toObjectTypeId,
  category: 'HUBSPOT_DEFINED',
  label,
  name,
  inverseTypeId,
});

/**
 * HubSpot's fixed typeIds, exactly as hubspot-v4-api.md §4 ("Default (HUBSPOT_DEFINED) association type ids")
 * tabulates them; the trailing comment on each row is the SDK's `AssociationTypes` enum name.
 * Note the directions: deal→contact is 3 and contact→deal 4; ticket→company Primary is 26, company→ticket 25.
 * The labels of 13/14 come from a third-party source (§4 asks to confirm or choose): "Parent Company" on the
 * parent→child type, "Child Company" on the child→parent type, as the spec suggests.
 */
export const HUBSPOT_DEFINED_TYPES: readonly HubSpotDefinedAssociationType[] = [
  row(279, CONTACT, COMPANY, null, 'contact_to_company_unlabeled', 280), // contactToCompany
  row(1, CONTACT, COMPANY, 'Primary', 'contact_to_company', 2), // primaryContactToCompany
  row(280, COMPANY, CONTACT, null, 'company_to_contact_unlabeled', 279), // companyToContact
  row(2, COMPANY, CONTACT, 'Primary', 'company_to_contact', 1), // primaryCompanyToContact
  row(341, DEAL, COMPANY, null, 'deal_to_company_unlabeled', 342), // dealToCompany
  row(5, DEAL, COMPANY, 'Primary', 'deal_to_company', 6), // primaryDealToCompany
  row(342, COMPANY, DEAL, null, 'company_to_deal_unlabeled', 341), // companyToDeal
  row(6, COMPANY, DEAL, 'Primary', 'company_to_deal', 5), // primaryCompanyToDeal
  row(339, TICKET, COMPANY, null, 'ticket_to_company_unlabeled', 340), // ticketToCompany
  row(26, TICKET, COMPANY, 'Primary', 'ticket_to_company', 25), // primaryTicketToCompany
  row(340, COMPANY, TICKET, null, 'company_to_ticket_unlabeled', 339), // companyToTicket
  row(25, COMPANY, TICKET, 'Primary', 'company_to_ticket', 26), // primaryCompanyToTicket
  row(3, DEAL, CONTACT, null, 'deal_to_contact', 4), // dealToContact
  row(4, CONTACT, DEAL, null, 'contact_to_deal', 3), // contactToDeal
  row(15, CONTACT, TICKET, null, 'contact_to_ticket', 16), // contactToTicket
  row(16, TICKET, CONTACT, null, 'ticket_to_contact', 15), // ticketToContact
  row(27, DEAL, TICKET, null, 'deal_to_ticket', 28), // dealToTicket
  row(28, TICKET, DEAL, null, 'ticket_to_deal', 27), // ticketToDeal
  row(449, CONTACT, CONTACT, null, 'contact_to_contact', 449), // contactToContact
  row(450, COMPANY, COMPANY, null, 'company_to_company', 450), // companyToCompany
  row(451, DEAL, DEAL, null, 'deal_to_deal', 451), // dealToDeal
  row(452, TICKET, TICKET, null, 'ticket_to_ticket', 452), // ticketToTicket
  row(13, COMPANY, COMPANY, 'Parent Company', 'parent_to_child_company', 14), // parentToChildCompany
  row(14, COMPANY, COMPANY, 'Child Company', 'child_to_parent_company', 13), // childToParentCompany
];

function internalName(type: ObjectType): string {
  return type.kind === 'CUSTOM' ? type.name.toLowerCase() : type.singularName;
}

function fixedUnlabeledType(fromObjectTypeId: string, toObjectTypeId: string) {
  return HUBSPOT_DEFINED_TYPES.find(
    (t) => t.label === null && t.fromObjectTypeId === fromObjectTypeId && t.toObjectTypeId === toObjectTypeId,
  );
}

/** The unlabeled type of `from → to`: HubSpot's fixed one when §4 has it, else one with a derived typeId. */
function unlabeledType(from: ObjectType, to: ObjectType): HubSpotDefinedAssociationType {
  return (
    fixedUnlabeledType(from.objectTypeId, to.objectTypeId) ??
    row(
      derivedUnlabeledTypeId(from.objectTypeId, to.objectTypeId),
      from.objectTypeId,
      to.objectTypeId,
      null,
      `${internalName(from)}_to_${internalName(to)}`,
      derivedUnlabeledTypeId(to.objectTypeId, from.objectTypeId),
    )
  );
}

/**
 * Every HUBSPOT_DEFINED association type an account has, given its available object types (standard, activated,
 * custom): for every ordered pair of them, the pair's unlabeled type (a same-object pair's is its own inverse)
 * followed by the labeled types of §4 for that pair (Primary, parent/child company). Deterministic order: pairs in
 * the order of `availableTypes`, labeled types by typeId.
 */
export function hubSpotDefinedAssociationTypes(availableTypes: readonly ObjectType[]): HubSpotDefinedAssociationType[] {
  const types = [...new Map(availableTypes.map((t) => [t.objectTypeId, t])).values()];
  return types.flatMap((from) =>
    types.flatMap((to) => [
      unlabeledType(from, to),
      ...HUBSPOT_DEFINED_TYPES.filter(
        (t) => t.label !== null && t.fromObjectTypeId === from.objectTypeId && t.toObjectTypeId === to.objectTypeId,
      ).sort((a, b) => a.typeId - b.typeId),
    ]),
  );
}

/** The unlabeled typeId of `from → to` (what `createDefault` writes), for type ids already resolved. */
export function unlabeledTypeId(fromObjectTypeId: string, toObjectTypeId: string): number {
  return (
    fixedUnlabeledType(fromObjectTypeId, toObjectTypeId)?.typeId ??
    derivedUnlabeledTypeId(fromObjectTypeId, toObjectTypeId)
  );
}
