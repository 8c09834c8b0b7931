import type { Actor } from '../../../platform/access/actor.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import { assessmentDate } from './sef-report-docx.ts';
import { EVIDENCE_GROUPS, type EvidenceSection } from './sef-evidence.ts';
import {
  ASSURANCE_QUESTIONS,
  CHECKLIST,
  FRAMEWORK_TITLE,
  SEF_AREAS,
  areaOf,
  areaName,
  type SefAreaId,
} from './sef-framework.ts';
import {
  contributorLabel,
  isOpenForWriting,
  mayEditEntry,
  priorityProgress,
  runsTheSef,
} from './sef-rules.ts';
import type { SefEntry, SefRecord } from './sef.service.ts';

/* The SEF pages' view models: what each shows, worded once here. Pure. */

const STATUS_LABELS = { draft: 'Draft', final: 'Final' } as const;

function sefHeader(sef: SefRecord, today: string) {
  return {
    id: sef.id,
    label: sef.label,
    href: `/assurance/sef/${sef.id}`,
    period: `${formatUk(sef.period.from, UK_FORMATS.date)} to ${formatUk(sef.period.to, UK_FORMATS.date)}`,
    status: STATUS_LABELS[sef.status],
    open: isOpenForWriting(sef.status),
    assessed: assessmentDate(sef, today),
    lead: sef.lead.name,
    contributors: sef.contributors.map(contributorLabel),
  };
}

/** The lines of a narrative as written, without the blank ones. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** 'Tom Rowe (Northshire Police), 14:05 on 3 November 2026'. */
function writtenBy(writer: SefEntry['author'], at: Date): string {
  return `${contributorLabel(writer)}, ${formatUk(at, UK_FORMATS.timeOnDate)}`;
}

export function sefPage(sef: SefRecord, evidence: readonly EvidenceSection[], today: string) {
  return {
    sef: sefHeader(sef, today),
    framework: FRAMEWORK_TITLE,
    questions: ASSURANCE_QUESTIONS,
    areas: SEF_AREAS.map((area) => {
      const entries = sef.entries.filter((entry) => entry.area === area.id);
      const latest = entries
        .map((entry) => entry.versions[0]!)
        .sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime())[0];
      return {
        name: areaName(area),
        href: `/assurance/sef/${sef.id}/areas/${area.id}`,
        entries: entries.length,
        agencies: [...new Set(entries.map((entry) => entry.author.agencyName))],
        latest: latest ? writtenBy(latest.writer, latest.writtenAt) : null,
      };
    }),
    checklist: CHECKLIST.map((item) => {
      const answer = sef.checklist[item.letter];
      return {
        name: `${item.letter}) ${item.title}`,
        answer: answer === undefined ? 'Not answered' : answer.met ? 'Yes' : 'No',
        note: answer?.note ?? '',
      };
    }),
    priorities: sef.priorities.map((priority) => ({
      text: priority.text,
      area: priority.area ? areaName(areaOf(priority.area)) : 'The front door as a whole',
      owner: priority.owner,
      due: formatUk(priority.dueOn, UK_FORMATS.date),
      progress: priorityProgress(priority, today),
      overdue: priority.status === 'open' && priority.dueOn < today,
      href: `/assurance/sef/${sef.id}/priorities/${priority.id}`,
    })),
    evidence,
  };
}

export function areaPage(sef: SefRecord, areaId: SefAreaId, actor: Actor, canWrite: boolean) {
  const area = areaOf(areaId);
  const open = isOpenForWriting(sef.status);
  return {
    sef: {
      id: sef.id,
      label: sef.label,
      href: `/assurance/sef/${sef.id}`,
      open,
      status: STATUS_LABELS[sef.status],
    },
    area: { ...area, name: areaName(area) },
    canAdd: canWrite && open,
    actorIsPartner: !runsTheSef(actor),
    entries: sef.entries
      .filter((entry) => entry.area === areaId)
      .map((entry) => {
        const [latest, ...earlier] = entry.versions;
        return {
          id: entry.id,
          author: contributorLabel(entry.author),
          partner: entry.author.partner,
          agency: entry.author.agencyName,
          paragraphs: paragraphsOf(latest!.text),
          written: writtenBy(latest!.writer, latest!.writtenAt),
          version: entry.version,
          earlier: earlier.map((version) => ({
            version: version.version,
            paragraphs: paragraphsOf(version.text),
            written: writtenBy(version.writer, version.writtenAt),
          })),
          editable: canWrite && open && mayEditEntry(actor, entry),
          editHref: `/assurance/sef/${sef.id}/entries/${entry.id}`,
        };
      }),
    evidence: EVIDENCE_GROUPS.filter((group) => group.areas.includes(areaId)).map((group) => ({
      heading: group.heading,
      href: `/assurance/sef/${sef.id}#evidence-${group.id}`,
    })),
  };
}
