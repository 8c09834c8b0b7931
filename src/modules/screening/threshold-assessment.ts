import { z } from 'zod';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { optionalText } from '../../platform/http/form-fields.ts';
import { meaningfulTextProblem } from '../../shared/meaningful-text.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { indicatedLevel } from '../thresholds/indicated-level.ts';
import {
  currentThresholdDocument,
  loadThresholdDocument,
  type LoadedThresholdDocument,
} from '../thresholds/threshold-documents.ts';

/** The threshold form: descriptors ticked, the level chosen, and why it differs from the indicated one. */
export const thresholdForm = z.object({
  documentId: z.coerce.number().int().positive(),
  descriptors: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => [value ?? []].flat().map(Number).filter(Number.isInteger)),
  chosenLevel: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number({ error: 'Choose the level of need' }).int().min(1).max(4)
  ),
  differenceReason: optionalText(5000, 'The reason must be 5,000 characters or fewer'),
});

export type ThresholdAnswers = z.output<typeof thresholdForm>;

/**
 * The document a child is assessed against: the one a previous assessment used (so the version
 * stays what it was), otherwise the version in force today.
 */
export async function thresholdDocumentFor(
  db: Db,
  contactChildId: number,
  now: Date
): Promise<LoadedThresholdDocument | undefined> {
  const previous = await latestAssessment(db, contactChildId);
  const documentId = previous?.threshold_document_id ?? (await currentThresholdDocument(db, now))?.id;
  return documentId === undefined ? undefined : loadThresholdDocument(db, documentId);
}

export function latestAssessment(db: Db, contactChildId: number) {
  return latestAssessmentQuery(db, contactChildId).executeTakeFirst();
}

/** The child's latest threshold assessment as a query (at most one row), to send with other reads. */
export function latestAssessmentQuery(db: Db, contactChildId: number) {
  return db
    .selectFrom('threshold_assessment')
    .leftJoin('staff_user', 'staff_user.id', 'threshold_assessment.assessed_by')
    .where('contact_child_id', '=', contactChildId)
    .selectAll('threshold_assessment')
    .select('staff_user.display_name as assessed_by_name')
    .orderBy('assessed_at', 'desc')
    .orderBy('threshold_assessment.id', 'desc')
    .limit(1);
}

/** Checks the answers against the document; returns the indicated level or the field problems. */
export function judgeThreshold(answers: ThresholdAnswers, document: LoadedThresholdDocument) {
  const known = new Map(
    document.descriptorsByArea
      .flatMap((area) => area.descriptors)
      .map((descriptor) => [descriptor.id, descriptor])
  );
  const ticked = answers.descriptors.flatMap((id) => known.get(id) ?? []);
  const indicated = indicatedLevel(ticked);
  const problems: { field: string; text: string }[] = [];
  if (answers.documentId !== document.document.id) {
    problems.push({
      field: 'chosenLevel',
      text: 'The threshold document changed: check the descriptors and save again',
    });
  }
  if (ticked.length === 0) {
    problems.push({ field: 'descriptors', text: 'Tick the descriptors that apply to this child' });
  }
  const differs = indicated !== null && answers.chosenLevel !== indicated;
  const reasonProblem = meaningfulTextProblem(answers.differenceReason, {
    minWords: 5,
    message:
      `Explain why you chose level ${answers.chosenLevel} when the descriptors point to level ${indicated}, ` +
      'in at least 5 words: what the descriptors miss or overstate for this child, and who told you',
  });
  if (differs && reasonProblem) problems.push({ field: 'differenceReason', text: reasonProblem });
  return { ticked, indicated, problems };
}

export async function saveThresholdAssessment(
  access: RecordAccess,
  contactChildId: number,
  assessment: {
    documentId: number;
    descriptorIds: number[];
    indicated: number | null;
    chosen: number;
    reason?: string;
  },
  now: Date
) {
  await access.assertContactChildVisible(contactChildId);
  return access.recordChange('screening:record', 'screening.threshold', async (trx) => {
    await trx
      .insertInto('threshold_assessment')
      .values({
        contact_child_id: contactChildId,
        threshold_document_id: assessment.documentId,
        descriptor_ids: assessment.descriptorIds,
        indicated_level: assessment.indicated,
        chosen_level: assessment.chosen,
        difference_reason: assessment.chosen === assessment.indicated ? null : (assessment.reason ?? null),
        assessed_by: access.actor.userId,
        assessed_at: now,
      })
      .execute();
    const details = {
      documentId: assessment.documentId,
      indicatedLevel: assessment.indicated,
      chosenLevel: assessment.chosen,
      descriptors: assessment.descriptorIds.length,
    };
    await recordJourneyEvent(trx, {
      contactChildId,
      step: 'threshold_assessed',
      at: now,
      actorId: access.actor.userId,
      details,
    });
    return { recordType: 'contact_child', recordId: contactChildId, result: null, details };
  });
}
