/** Plain-English labels for codes shown on person pages. */
const LABELS: Record<string, Record<string, string>> = {
  sex: { M: 'Male', F: 'Female', U: 'Not known or unborn' },
  channel: {
    phone: 'Phone',
    email: 'Email',
    in_person: 'In person',
    police_notification: 'Police notification',
    online_form: 'Online request',
    partner_api: 'Partner system',
    out_of_hours: 'Out of hours',
    letter: 'Letter',
  },
  referralSource: {
    '1A': 'Family member, relative or carer',
    '1B': 'Acquaintance',
    '1C': 'Self',
    '1D': 'Other individual',
    '2A': 'School',
    '2B': 'Education services',
    '3A': 'GP',
    '3B': 'Health visitor',
    '3C': 'School nurse',
    '3D': 'Other primary health',
    '3E': 'A&E',
    '3F': 'Other health',
    '4': 'Housing',
    '5A': 'Social care',
    '5B': 'Other council service',
    '5C': 'Another council',
    '5D': 'Early help',
    '6': 'Police',
    '7': 'Other legal agency',
    '8': 'Other',
    '9': 'Anonymous',
    '10': 'Unknown',
  },
  outcome: {
    no_further_action: 'No further action',
    information_advice: 'Information, advice or signposting',
    early_help: 'Early help',
    assessment: 'Child and family assessment',
    strategy_discussion: 'Strategy discussion',
    already_open: 'Already open',
  },
  involvement: {
    early_help: 'Early help',
    child_in_need: 'Child in need',
    child_protection_plan: 'Child protection plan',
    looked_after: 'Looked after',
  },
  householdRole: { child: 'Child', parent: 'Parent', carer: 'Carer', other_adult: 'Other adult' },
  rag: { red: 'Red', amber: 'Amber', green: 'Green' },
};

export function describeCode(list: keyof typeof LABELS | string, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return LABELS[list]?.[code] ?? code;
}
