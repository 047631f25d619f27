import { resolveLabelCell, splitLabelCell, type LabelDirection } from './import-labels';

const direction = (typeId: number, text: string, name: string, from = '0-1', to = '0-2'): LabelDirection => ({
  typeId,
  category: 'USER_DEFINED',
  fromObjectTypeId: from,
  toObjectTypeId: to,
  text,
  name,
});
const directions = [
  direction(1, 'Primary', 'contact_to_company'),
  direction(2, 'Primary', 'company_to_contact', '0-2', '0-1'),
  direction(100, 'Manager', 'manager'),
  direction(101, 'Employee', 'employee', '0-2', '0-1'),
  direction(102, 'Billing; Finance', 'billing_finance'),
  direction(104, 'Boss', 'boss'),
  direction(106, 'boss', 'big_boss'),
  direction(108, 'Manager', 'manager_twin', '0-3', '0-2'),
];
const pair = { fromObjectTypeId: '0-1', toObjectTypeId: '0-2' };

describe('a labels cell', () => {
  it('splits on ";", trims, drops empty entries and repeats', () => {
    expect(splitLabelCell(' Manager ; ;manager;  Boss ')).toEqual(['Manager', 'Boss']);
    expect(splitLabelCell('')).toEqual([]);
  });

  it('names labels by text (any case) or internal name, in this direction only', () => {
    expect(resolveLabelCell('manager; PRIMARY ;billing_finance', pair, directions)).toEqual({
      ok: true,
      types: [
        { typeId: 100, category: 'USER_DEFINED' },
        { typeId: 1, category: 'USER_DEFINED' },
        { typeId: 102, category: 'USER_DEFINED' },
      ],
    });
    expect(resolveLabelCell('', pair, directions)).toEqual({ ok: true, types: [] });
  });

  it('an internal name wins over a text; a text shared by two labels is ambiguous', () => {
    expect(resolveLabelCell('boss', pair, directions)).toEqual({
      ok: true,
      types: [{ typeId: 104, category: 'USER_DEFINED' }],
    });
    const twins = [...directions, direction(110, 'Decider', 'decider_a'), direction(112, 'decider', 'decider_b')];
    expect(resolveLabelCell('Decider', pair, twins)).toMatchObject({ ok: false, code: 'AMBIGUOUS_LABEL' });
    expect(resolveLabelCell('decider_b', pair, twins)).toMatchObject({ ok: true, types: [{ typeId: 112 }] });
  });

  it('says when a label is of the other direction, or unknown, listing the known ones', () => {
    expect(resolveLabelCell('Manager;Employee', pair, directions)).toEqual({
      ok: false,
      code: 'LABEL_WRONG_DIRECTION',
      reason:
        'Label "Employee" is for 0-2 → 0-1, not 0-1 → 0-2; swap the from and to columns or use the label of this direction',
    });
    const unknown = resolveLabelCell('Billing', pair, directions);
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_LABEL' });
    expect(unknown.ok || unknown.reason).toMatch(
      /^Unknown label "Billing" for 0-1 → 0-2; known labels: "Primary", "Manager"/,
    );
  });
});
