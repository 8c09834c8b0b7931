import { DateTime } from 'luxon';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import {
  currentThresholdDocument,
  latestThresholdVersions,
  listThresholdVersions,
  publishThresholdVersion,
  ThresholdVersionConflictError,
  type ThresholdDraft,
} from './threshold-documents.ts';

/** Every version, newest first, saying which is in force, which are scheduled and which replaced. */
export async function thresholdVersionsWithStatus(db: Db, now: Date) {
  const today = londonDateOf(now);
  const inForce = await currentThresholdDocument(db, now);
  return (await listThresholdVersions(db)).map((version) => ({
    ...version,
    status:
      version.id === inForce?.id ? 'in_force' : version.effective_from > today ? 'scheduled' : 'replaced',
  }));
}

/** Not in the past, and not before the version that takes effect last: versions apply in order. */
export async function earliestEffectiveDate(db: Db, now: Date): Promise<{ date: string; reason: string }> {
  const today = londonDateOf(now);
  const { lastToTakeEffect } = await latestThresholdVersions(db);
  if (!lastToTakeEffect || lastToTakeEffect.effective_from <= today) {
    return { date: today, reason: 'today or in the future' };
  }
  const when = DateTime.fromISO(lastToTakeEffect.effective_from).toFormat('d MMMM yyyy');
  return {
    date: lastToTakeEffect.effective_from,
    reason: `on or after ${when}, when version ${lastToTakeEffect.version} takes effect`,
  };
}

/**
 * Publishes a new version made from `basedOnDocumentId`, audited with it. Answers the conflict instead
 * when someone else published after the form was opened at `openedAtVersion`, and nothing is saved.
 */
export async function publishNewThresholdVersion(
  access: RecordAccess,
  publication: { draft: ThresholdDraft; openedAtVersion: number; basedOnDocumentId: number },
  now: Date
): Promise<{ published: { id: number; version: number } } | { conflictWithVersion: number }> {
  const { draft, openedAtVersion } = publication;
  try {
    const published = await access.recordChange('threshold:manage', 'threshold.publish', async (trx) => {
      const document = await publishThresholdVersion(trx, draft, {
        openedAtVersion,
        publishedBy: access.actor.userId,
        at: now,
      });
      return {
        recordType: 'threshold_document',
        recordId: document.id,
        result: document,
        details: {
          version: document.version,
          basedOnDocumentId: publication.basedOnDocumentId,
          descriptorCount: draft.descriptors.length,
        },
      };
    });
    return { published };
  } catch (error) {
    if (!(error instanceof ThresholdVersionConflictError)) throw error;
    return { conflictWithVersion: error.latestVersion };
  }
}
