import { describe, expect, it } from 'vitest';
import { outOfHoursForm } from './out-of-hours-form.ts';

describe('the out-of-hours arrangements form', () => {
  it('reads the team, the on-call managers (one or several) and the handover time', () => {
    expect(
      outOfHoursForm.parse({
        receivingTeamId: '4',
        onCallManagerIds: ['12', '7', '12'],
        handoverTime: '8:30',
        reason: '',
        version: '3',
      })
    ).toEqual({
      receivingTeamId: 4,
      onCallManagerIds: [7, 12],
      handoverTime: '08:30',
      reason: undefined,
      version: 3,
    });
    expect(
      outOfHoursForm.parse({ receivingTeamId: '4', onCallManagerIds: '7', handoverTime: '23:59' })
    ).toMatchObject({
      onCallManagerIds: [7],
      version: 0,
    });
  });

  it('says what is missing or wrong, field by field', () => {
    const parsed = outOfHoursForm.safeParse({ receivingTeamId: '', handoverTime: '24:00' });
    expect(parsed.success).toBe(false);
    const messages = Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      receivingTeamId: 'Choose the team that receives contacts when the service is closed',
      onCallManagerIds:
        'Choose at least one on-call manager to receive immediate-risk alerts at night and at weekends',
      handoverTime: 'Enter the handover time as hours and minutes, like 08:30',
    });
  });
});
