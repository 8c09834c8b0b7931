import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { refusalOf, type FormRefusal } from '../../platform/http/form-refusal.ts';

/* What the administration pages share: reading an id from the path, and a save the service may refuse. */

export const VIEWS = 'modules/administration/views';

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** The record id in the path; "not found" for anything that is not one. */
export function idFrom(params: unknown, record: string): number {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError(record);
  return parsed.data.id;
}

/** Runs a save: its result, or the refusal the page shows (any other error is thrown on). */
export async function attempt<T>(
  save: () => Promise<T>,
  record: string
): Promise<{ saved: true; value: T } | { saved: false; refusal: FormRefusal }> {
  try {
    return { saved: true, value: await save() };
  } catch (error) {
    const refusal = refusalOf(error, record);
    if (!refusal) throw error;
    return { saved: false, refusal };
  }
}

/** Items for a GOV.UK select, with the typed or stored value chosen. */
export function selectItems(
  options: readonly { value: string | number; text: string }[],
  chosen: unknown,
  blank?: string
): { value: string; text: string; selected: boolean }[] {
  const items = options.map((option) => ({
    value: String(option.value),
    text: option.text,
    selected: String(option.value) === String(chosen ?? ''),
  }));
  return blank === undefined ? items : [{ value: '', text: blank, selected: !chosen }, ...items];
}

/** A link with this site's address in front, as the person who follows it needs it. */
export function siteLink<T extends { path: string }>(request: FastifyRequest, link: T): T & { url: string } {
  return { ...link, url: `${request.protocol}://${request.host}${link.path}` };
}
