import { DomainError, type LabelState, type LabelUsage } from '@app/domain';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The refusal of a delete while the label is used (issue 6 item 4): the message names the label (its texts and
 * internal name, as the admin knows it) and every count; `context` holds them for clients.
 */
export function labelInUseError(state: LabelState, typeIds: readonly number[], usage: LabelUsage): DomainError {
  const { associations, lists, workflows, reports } = usage;
  const definition = state.status === 'NotCreated' ? undefined : state.label;
  const texts = definition
    ? [definition.forward.label, ...(definition.shape === 'paired' ? [definition.inverse.label] : [])]
    : [];
  const named = definition
    ? `Label ${texts.map((t) => `"${t}"`).join(' / ')} (${definition.forward.name}, typeIds ${typeIds.join('/')})`
    : `Label ${typeIds.join('/')}`;
  return new DomainError(
    'LABEL_IN_USE',
    `${named} is in use and was not deleted: ${count(associations, 'association')}, ${count(lists.length, 'list')}, ` +
      `${count(workflows.length, 'workflow')} and ${count(reports.length, 'report')} use it`,
    {
      typeIds,
      ...(definition ? { label: texts, name: definition.forward.name } : {}),
      associations,
      lists,
      workflows,
      reports,
    },
  );
}
