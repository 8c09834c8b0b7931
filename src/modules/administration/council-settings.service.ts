import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import {
  saveCouncilSettings,
  withNewTimescales,
  type Timescales,
} from '../../platform/council/council-settings.ts';
import { isBankHoliday, londonDateOf } from '../../shared/working-time.ts';

/*
 * The council's timescales, service hours, duty numbers and closure days. Each save moves the settings
 * on one version (a save over a change made since the page was opened is refused) and is audited with
 * what changed, together. New timescales apply to contacts received from the moment they are saved.
 */

type SettingsChange = (settings: CouncilSettings) => CouncilSettings;

function saveSettings(access: RecordAccess, openedVersion: number, what: string, change: SettingsChange) {
  return access.recordChange('council:configure', 'council.settings_change', async (trx) => {
    const { before, after } = await saveCouncilSettings(trx, openedVersion, change);
    const changed = (Object.keys(after) as (keyof CouncilSettings)[]).filter(
      (key) => key !== 'timescaleHistory' && JSON.stringify(before[key]) !== JSON.stringify(after[key])
    );
    return {
      recordType: 'council',
      recordId: 1,
      result: undefined,
      details: {
        what,
        from: Object.fromEntries(changed.map((key) => [key, before[key]])),
        to: Object.fromEntries(changed.map((key) => [key, after[key]])),
      },
    };
  });
}

export function changeTimescales(access: RecordAccess, openedVersion: number, next: Timescales, now: Date) {
  return saveSettings(access, openedVersion, 'timescales', (settings) => {
    try {
      return withNewTimescales(settings, next, now);
    } catch (error) {
      // Another server's clock saved a change dated later than this one: history is never rewritten.
      if (error instanceof RangeError)
        throw new FormProblem('red-amount', 'A later change has been saved: reload the page and try again');
      throw error;
    }
  });
}

export function changeServiceHours(
  access: RecordAccess,
  openedVersion: number,
  change: Pick<CouncilSettings, 'serviceHours' | 'dutyContact'>
) {
  return saveSettings(access, openedVersion, 'service hours', (settings) => ({ ...settings, ...change }));
}

/**
 * Adds a closure day from today on: a past day would move the working-time counts of work already
 * done. A day that is already a bank holiday, or already listed, is refused as it changes nothing.
 */
export function addClosure(access: RecordAccess, openedVersion: number, date: string, now: Date) {
  if (date < londonDateOf(now)) throw new FormProblem('closure', 'A closure day must be today or later');
  if (isBankHoliday(date))
    throw new FormProblem('closure', 'That day is a bank holiday, so the service is closed already');
  return saveSettings(access, openedVersion, 'closure added', (settings) => {
    if (settings.closures.includes(date))
      throw new FormProblem('closure', 'That day is already a closure day');
    return { ...settings, closures: [...settings.closures, date].sort() };
  });
}

export function removeClosure(access: RecordAccess, openedVersion: number, date: string) {
  return saveSettings(access, openedVersion, 'closure removed', (settings) => ({
    ...settings,
    closures: settings.closures.filter((closure) => closure !== date),
  }));
}
