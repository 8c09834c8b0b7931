import { formatDay, isWithinMonths } from './calendar-months.ts';

/**
 * Recurring themes across a family: the same kind of worry raised again and again about a child and
 * the people in their household, which Ofsted found screeners miss when each contact is read alone.
 * Pure: the caller loads the coded concerns (already stripped of records the viewer may not see).
 */

export type ThemeId =
  | 'domestic_abuse'
  | 'neglect'
  | 'emotional_abuse'
  | 'physical_abuse'
  | 'sexual_abuse'
  | 'exploitation'
  | 'missing'
  | 'self_harm'
  | 'mental_health'
  | 'substance_misuse';

/** In order of precedence when two themes are otherwise equal. CIN census assessment factor codes. */
const THEMES: Record<ThemeId, { label: string; codes: string[] }> = {
  domestic_abuse: { label: 'Domestic abuse', codes: ['3A', '3B', '3C'] },
  neglect: { label: 'Neglect', codes: ['16A'] },
  emotional_abuse: { label: 'Emotional abuse', codes: ['17A'] },
  physical_abuse: { label: 'Physical abuse', codes: ['18A', '18B', '18C'] },
  sexual_abuse: { label: 'Sexual abuse', codes: ['19A', '19B', '19C'] },
  exploitation: { label: 'Exploitation', codes: ['11A', '12A', '13A', '24A'] },
  missing: { label: 'Going missing', codes: ['10A'] },
  self_harm: { label: 'Self-harm', codes: ['15A'] },
  mental_health: { label: 'Mental health', codes: ['4A', '4B', '4C'] },
  substance_misuse: { label: 'Alcohol or drug misuse', codes: ['1A', '1B', '1C', '2A', '2B', '2C'] },
};
const THEME_ORDER = Object.keys(THEMES) as ThemeId[];
const THEME_OF_CODE = new Map(
  THEME_ORDER.flatMap((theme) => THEMES[theme].codes.map((code) => [code, theme] as const))
);

/** One coded concern on one child named in one contact. */
export interface FamilyConcern {
  contactId: number;
  /** London date the contact was received, 'YYYY-MM-DD'. */
  receivedOn: string;
  channel: string;
  referralSource: string;
  personId: number;
  /** The person whose history this is (the others are in their household). */
  isSubject: boolean;
  factorCode: string;
  /** Set when the worry was raised in a professional consultation (contactId is then its id). */
  consultation?: boolean;
}

export interface FamilyTheme {
  theme: ThemeId;
  severity: 'high' | 'medium';
  headline: string;
  detail: string;
  /** Contacts (or, for police domestic abuse notifications, notifications) in the headline's window. */
  count: number;
  /** Different people the theme was raised about in that window. */
  people: number;
  windowMonths: 12 | 24;
  lastRaisedOn: string;
  /** Set when the theme is what is known about an adult around the child, across every family they were named in. */
  adult?: { id: number; name: string };
}

/** One contact's worth of a theme: a notification naming three siblings is one event, not three. */
interface ThemeEvent {
  receivedOn: string;
  fromPolice: boolean;
  consultation: boolean;
  people: Set<number>;
  namesSubject: boolean;
}

interface WindowCounts {
  events: number;
  people: number;
  subjectEvents: number;
}

const POLICE_SOURCE = '6';

/**
 * The family's recurring themes as of `today` (London): high before medium, then those seen within
 * 12 months, then the most contacts, then the most recent.
 */
export function familyThemes(concerns: FamilyConcern[], today: string): FamilyTheme[] {
  const recent = concerns.filter((concern) => isWithinMonths(concern.receivedOn, today, 24));
  return THEME_ORDER.flatMap((theme) => {
    const assessed = assessTheme(theme, eventsOf(theme, recent), today);
    return assessed ? [assessed] : [];
  }).sort(mostSevereFirst);
}

function eventsOf(theme: ThemeId, concerns: FamilyConcern[]): ThemeEvent[] {
  const byContact = new Map<string, ThemeEvent>();
  for (const concern of concerns.filter((c) => THEME_OF_CODE.get(c.factorCode) === theme)) {
    const key = `${concern.consultation ? 'consultation' : 'contact'}:${concern.contactId}`;
    const event = byContact.get(key) ?? newEvent(concern);
    event.people.add(concern.personId);
    event.namesSubject ||= concern.isSubject;
    byContact.set(key, event);
  }
  return [...byContact.values()];
}

function newEvent(concern: FamilyConcern): ThemeEvent {
  return {
    receivedOn: concern.receivedOn,
    // A domestic abuse notification is the police telling us of an incident, whichever way it arrived.
    fromPolice:
      !concern.consultation &&
      (concern.channel === 'police_notification' || concern.referralSource === POLICE_SOURCE),
    consultation: concern.consultation ?? false,
    people: new Set(),
    namesSubject: false,
  };
}

/**
 * A theme shows when it was raised in 2 or more contacts in 12 months, 3 or more in 2 years, or
 * 2 or more in 2 years about different children; domestic abuse also when there were 2 or more
 * police notifications in 12 months. It is high at 3 in 12 months (3 police call-outs in 12 months
 * is the MARAC escalation marker) or the same rate over 2 years (6), or at 3 or more contacts in
 * 2 years about 3 or more children.
 */
interface Described {
  headline: string;
  detail: string;
  count: number;
  people: number;
  windowMonths: 12 | 24;
}

/** How a recurring theme is put into words: about the family, or about one adult around the child. */
interface Describe {
  notifications: (notifications: WindowCounts, inYear: WindowCounts) => Described;
  raised: (label: string, inYear: WindowCounts, inTwoYears: WindowCounts) => Described;
}

const ABOUT_THE_FAMILY: Describe = { notifications: notificationHeadline, raised: raisedHeadline };

function assessTheme(
  theme: ThemeId,
  events: ThemeEvent[],
  today: string,
  describe: Describe = ABOUT_THE_FAMILY
): FamilyTheme | undefined {
  const yearEvents = events.filter((event) => isWithinMonths(event.receivedOn, today, 12));
  const [inYear, inTwoYears] = [count(yearEvents), count(events)];
  const notifications = count(theme === 'domestic_abuse' ? yearEvents.filter((e) => e.fromPolice) : []);
  if (!recurs(inYear, inTwoYears, notifications)) return undefined;
  const lastRaisedOn = events
    .map((event) => event.receivedOn)
    .sort()
    .at(-1)!;
  const described =
    notifications.events >= 2
      ? describe.notifications(notifications, inYear)
      : describe.raised(THEMES[theme].label, inYear, inTwoYears);
  return {
    theme,
    severity: isHigh(inYear, inTwoYears, notifications) ? 'high' : 'medium',
    ...described,
    detail: `${described.detail}${consultationSentence(events, described.windowMonths, today)} Last raised ${formatDay(lastRaisedOn)}.`,
    lastRaisedOn,
  };
}

function recurs(inYear: WindowCounts, inTwoYears: WindowCounts, notifications: WindowCounts): boolean {
  return (
    notifications.events >= 2 ||
    inYear.events >= 2 ||
    inTwoYears.events >= 3 ||
    (inTwoYears.events >= 2 && inTwoYears.people >= 2)
  );
}

function isHigh(inYear: WindowCounts, inTwoYears: WindowCounts, notifications: WindowCounts): boolean {
  return (
    notifications.events >= 3 ||
    inYear.events >= 3 ||
    inTwoYears.events >= 6 ||
    (inTwoYears.events >= 3 && inTwoYears.people >= 3)
  );
}

function notificationHeadline(notifications: WindowCounts, inYear: WindowCounts): Described {
  const others = inYear.events - notifications.events;
  const alsoRaised = others ? ` Also raised in ${times(others, 'other contact')} in that time.` : '';
  return {
    headline: `${ordinal(notifications.events)} domestic abuse notification for this household in 12 months`,
    detail: `${subjectSentence(notifications, 'notifications')}${alsoRaised}`,
    count: notifications.events,
    people: notifications.people,
    windowMonths: 12,
  };
}

function raisedHeadline(label: string, inYear: WindowCounts, inTwoYears: WindowCounts): Described {
  // Name the longer window only when it adds contacts: "4 times in 2 years" says more than "2 in 12 months".
  const windowMonths: 12 | 24 = inYear.events === inTwoYears.events ? 12 : 24;
  const counts = windowMonths === 12 ? inYear : inTwoYears;
  const across = counts.people >= 2 ? ` across ${counts.people} siblings` : '';
  const period = windowMonths === 12 ? '12 months' : '2 years';
  const recent =
    windowMonths === 12
      ? ''
      : ` ${inYear.events ? `Of these, ${inYear.events}` : 'None'} in the last 12 months.`;
  return {
    headline: `${label} raised ${times(counts.events, 'time')} in ${period}${across}`,
    detail: `${subjectSentence(counts, 'contacts')}${recent}`,
    count: counts.events,
    people: counts.people,
    windowMonths,
  };
}

/** How many of the headline window's events were professional consultations rather than contacts. */
function consultationSentence(events: ThemeEvent[], windowMonths: 12 | 24, today: string): string {
  const consultations = events.filter(
    (event) => event.consultation && isWithinMonths(event.receivedOn, today, windowMonths)
  ).length;
  if (consultations === 0) return '';
  return ` Includes ${times(consultations, 'professional consultation')}.`;
}

function subjectSentence({ events, subjectEvents }: WindowCounts, noun: string): string {
  if (subjectEvents === events) return 'This child was named each time.';
  if (subjectEvents === 0) return 'Raised about others in the household, not this child.';
  return `This child was named in ${subjectEvents} of the ${events} ${noun}.`;
}

function count(events: ThemeEvent[]): WindowCounts {
  return {
    events: events.length,
    people: new Set(events.flatMap((event) => [...event.people])).size,
    subjectEvents: events.filter((event) => event.namesSubject).length,
  };
}

function mostSevereFirst(a: FamilyTheme, b: FamilyTheme): number {
  if (a.severity !== b.severity) return a.severity === 'high' ? -1 : 1;
  // Within a severity, what recurred in the last 12 months comes before what spread over 2 years.
  if (a.windowMonths !== b.windowMonths) return a.windowMonths - b.windowMonths;
  if (a.count !== b.count) return b.count - a.count;
  if (a.lastRaisedOn !== b.lastRaisedOn) return a.lastRaisedOn < b.lastRaisedOn ? 1 : -1;
  return THEME_ORDER.indexOf(a.theme) - THEME_ORDER.indexOf(b.theme);
}

function times(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd. */
export function ordinal(value: number): string {
  const teen = value % 100 >= 11 && value % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
  return `${value}${suffix}`;
}

/** A coded concern on a contact that names an adult related to the child (a parent, a partner, a person alleged to cause harm). */
export interface AdultConcern extends FamilyConcern {
  /** The adult named; personId is the child the concern is about (or the contact's child row when unlinked). */
  adultId: number;
  householdId: number | null;
}

export interface NamedAdult {
  id: number;
  name: string;
  /** "Mother", "Partner of a parent": what they are to this child, where recorded. */
  relationship: string | null;
}

/**
 * What is known about the adults around the child: a theme recurring in contacts that name the same
 * adult, across every family they were named in (three domestic abuse notifications naming the same
 * man in three households show on each child). By the same thresholds as the family's themes, and
 * only where some of those contacts were not about this child: otherwise the family's theme says it.
 */
export function adultThemes(concerns: AdultConcern[], adults: NamedAdult[], today: string): FamilyTheme[] {
  const recent = concerns.filter((concern) => isWithinMonths(concern.receivedOn, today, 24));
  return adults
    .flatMap((adult) => {
      const named = recent.filter((concern) => concern.adultId === adult.id);
      return THEME_ORDER.flatMap((theme) => {
        const events = eventsOf(theme, named);
        if (events.every((event) => event.namesSubject)) return [];
        const assessed = assessTheme(theme, events, today, describeForAdult(adult, named));
        return assessed ? [{ ...assessed, adult: { id: adult.id, name: adult.name } }] : [];
      });
    })
    .sort(mostSevereFirst);
}

function describeForAdult(adult: NamedAdult, concerns: AdultConcern[]): Describe {
  const who = adult.relationship ? `${adult.name} (${adult.relationship.toLowerCase()})` : adult.name;
  const households = new Set(concerns.map((concern) => concern.householdId ?? `contact:${concern.contactId}`))
    .size;
  const across = households >= 2 ? ` across ${households} households` : '';
  return {
    notifications: (notifications) => ({
      headline: `${ordinal(notifications.events)} domestic abuse notification naming ${adult.name} in 12 months${across}`,
      detail: `${who} was named each time. ${childSentence(notifications, 'notifications')}`,
      count: notifications.events,
      people: notifications.people,
      windowMonths: 12 as const,
    }),
    raised: (label, inYear, inTwoYears) => {
      const windowMonths: 12 | 24 = inYear.events === inTwoYears.events ? 12 : 24;
      const counts = windowMonths === 12 ? inYear : inTwoYears;
      return {
        headline: `${label} raised ${times(counts.events, 'time')} in ${windowMonths === 12 ? '12 months' : '2 years'} in contacts naming ${adult.name}${across}`,
        detail: `${who} was named each time. ${childSentence(counts, 'contacts')}`,
        count: counts.events,
        people: counts.people,
        windowMonths,
      };
    },
  };
}

function childSentence({ events, subjectEvents }: WindowCounts, noun: string): string {
  if (subjectEvents === 0) return `None of the ${noun} was about this child.`;
  return `This child was named in ${subjectEvents} of the ${events} ${noun}.`;
}
