/** Small readings of a child's entry that many census rules share. */
import { censusDate, yesNo } from './census-dates.ts';
import type { CensusChild, CinDetails } from './census-model.ts';
import type { FindingLocation, RuleHit } from './rule-types.ts';

/** Whether an episode is a referral with no further action (ReferralNFA 1/true). */
export function isNoFurtherAction(episode: CinDetails): boolean {
  return yesNo(episode.ReferralNFA) === true;
}

/** Each episode with its location, for rules that look inside one episode at a time. */
export function episodesOf(child: CensusChild): { episode: CinDetails; at: FindingLocation }[] {
  return child.CINdetails.map((episode, index) => ({ episode, at: { episode: index } }));
}

/** A hit on one value: its element name and the text found there. */
export function hitOn(field: string, value: string | undefined, at?: FindingLocation): RuleHit {
  return { fields: [field], ...(value !== undefined && { value }), ...(at && { at }) };
}

/** The valid dates of a list of texts, in the order given (missing and malformed ones left out). */
export function datesOf(texts: (string | undefined)[]): string[] {
  return texts.map(censusDate).filter((date) => date !== undefined);
}
