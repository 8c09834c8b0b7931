import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { letterContent, type Letter, type LetterFacts } from '../letters/letter-content.ts';
import {
  NATIONAL_WORDING,
  TEMPLATES,
  type TemplateDefinition,
  type TemplateParts,
} from '../letters/letter-templates.ts';
import { addTemplateVersion, templateVersions, wordingInForce } from '../letters/letter-template-store.ts';

/*
 * The council's letter templates: the list with the version in force, a template's history, a
 * preview on synthetic sample values, and a save that adds a new version (audited with it). A letter
 * is written with the versions in force at the time and keeps its text, so no save changes it.
 */

export async function listTemplates(db: Db) {
  const wording = await wordingInForce(db);
  return TEMPLATES.map((template) => ({
    key: template.key,
    title: template.title,
    recipient: template.recipient,
    version: wording[template.key]?.version ?? 1,
  }));
}

export { templateVersions };

/** Synthetic sample values: no real child, referrer or contact is ever shown in a preview. */
export async function previewLetter(
  db: Db,
  template: TemplateDefinition,
  parts: TemplateParts
): Promise<Letter> {
  const own = template.outcome === 'other';
  const code = template.outcome && !own ? template.outcome : 'early_help';
  const [settings, council, option] = await Promise.all([
    councilSettings(db),
    db.selectFrom('council').select('name').executeTakeFirstOrThrow(),
    db.selectFrom('outcome_option').select('label').where('code', '=', code).executeTakeFirst(),
  ]);
  const facts: LetterFacts = {
    to: template.recipient,
    councilName: council.name,
    writtenAt: new Date('2026-03-12T10:00:00Z'),
    childFirstName: 'Sam',
    contactReference: 'CON-2026-000123',
    receivedAt: new Date('2026-03-09T14:30:00Z'),
    referrer: {
      name: 'Alex Example',
      role: 'Designated safeguarding lead',
      organisation: 'Example Primary School',
      isProfessional: template.key !== 'referrer-public',
    },
    recipientName: null,
    familyAddress: ['1 Example Street', 'Exampletown', 'EX1 2MP'],
    outcomes: [
      {
        code: own ? 'council_own' : code,
        label: own ? 'Referred to the family support hub' : (option?.label ?? code),
        teamName: null,
        transferTo: null,
      },
    ],
    duty: settings.dutyContact,
    signedBy: 'A manager',
    wording: { ...NATIONAL_WORDING, ...(await wordingInForce(db)), [template.key]: { version: 0, parts } },
  };
  return letterContent(facts);
}

/** Saves the wording as the template's next version; refused when another was saved since it was opened. */
export function saveTemplate(
  access: RecordAccess,
  change: {
    template: TemplateDefinition;
    openedVersion: number;
    parts: TemplateParts;
    reason: string | null;
    now: Date;
  }
): Promise<number> {
  return access.recordChange('council:configure', 'letter_template.save', async (trx) => {
    const version = await addTemplateVersion(trx, {
      key: change.template.key,
      openedVersion: change.openedVersion,
      parts: change.parts,
      by: access.actor.userId,
      at: change.now,
      reason: change.reason,
    });
    return {
      recordType: 'letter_template',
      recordId: change.template.key,
      result: version,
      details: { what: 'letter template', template: change.template.key, version, reason: change.reason },
    };
  });
}
