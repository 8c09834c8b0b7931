/**
 * The demo council's continuum-of-need (threshold) document, version 1: four levels and, for each
 * area of need, descriptors of what a child's situation typically looks like at that level. Written
 * for this project in the style of English local safeguarding partnership threshold documents.
 */

export interface ThresholdLevelText {
  readonly level: 1 | 2 | 3 | 4;
  readonly name: string;
  readonly summary: string;
  readonly typicalResponse: string;
}

export const THRESHOLD_TITLE = 'Northmoor Continuum of Need: helping children and families at the right time';

export const THRESHOLD_LEVELS: readonly ThresholdLevelText[] = [
  {
    level: 1,
    name: 'Universal',
    summary:
      'Children whose needs are met by their family and by services open to everyone: early years settings, schools, GPs, health visiting and school nursing.',
    typicalResponse:
      'No referral to children’s services. Universal services keep supporting the family and use the continuum if needs change.',
  },
  {
    level: 2,
    name: 'Additional needs (early help)',
    summary:
      'Children with additional needs that one agency, or a few working together, can meet with the family’s agreement. Without help the needs may grow.',
    typicalResponse:
      'Early help with consent: an early help assessment, a lead practitioner and a family plan; advice and signposting from the front door.',
  },
  {
    level: 3,
    name: 'Complex needs (child in need, section 17)',
    summary:
      'Children whose health or development is likely to be significantly impaired without services: several needs, or needs that early help has not met.',
    typicalResponse:
      'A child and family assessment under section 17 by a social worker, or multi-agency family help with a lead practitioner where the family agrees.',
  },
  {
    level: 4,
    name: 'Acute needs (safeguarding, section 47)',
    summary:
      'Children suffering, or likely to suffer, significant harm, and children who need immediate protection or to be looked after.',
    typicalResponse:
      'An immediate strategy discussion with police and health; section 47 enquiries; emergency protection where needed.',
  },
];

type Descriptors = readonly [level1: string[], level2: string[], level3: string[], level4: string[]];

/** Descriptors per area of need, level 1 to level 4. */
export const THRESHOLD_DESCRIPTORS: Readonly<Record<string, Descriptors>> = {
  Health: [
    [
      'Meets developmental milestones and is up to date with immunisations and checks.',
      'Registered with a GP and dentist; health needs are met.',
    ],
    [
      'Missed health appointments or immunisations without good reason.',
      'Minor health problems are not always treated; weight or growth gives some concern.',
    ],
    [
      'A chronic or serious health condition is poorly managed at home.',
      'Repeated attendance at A&E, or failure to thrive, without a clear explanation.',
    ],
    [
      'An injury or condition that is unexplained, or explained in ways that do not fit.',
      'Life-threatening health needs are ignored or treatment is refused.',
    ],
  ],
  Education: [
    [
      'Attends school or an early years setting regularly and is making progress.',
      'Parents engage with the school.',
    ],
    [
      'Attendance below 90%, or a pattern of lateness.',
      'Fixed-term suspensions, or not in education, employment or training after 16.',
    ],
    [
      'Persistent absence, a child missing education or repeated suspensions.',
      'Special educational needs that are not being met and are affecting development.',
    ],
    ['Permanently excluded with no provision, and at risk of harm or exploitation outside school.'],
  ],
  'Emotional and behavioural development': [
    [
      'Forms good relationships and copes with everyday changes.',
      'Shows age-appropriate behaviour and self-control.',
    ],
    [
      'Low mood, anxiety or behaviour that is starting to affect friendships or learning.',
      'Early signs of risk-taking with alcohol, drugs or sexual behaviour.',
    ],
    [
      'Self-harm, disordered eating or mental health needs that require specialist services.',
      'Behaviour that is regularly putting the child or others at risk.',
    ],
    [
      'Serious self-harm or suicidal thoughts with a plan.',
      'Harmful sexual behaviour towards other children.',
    ],
  ],
  'Family and social relationships': [
    [
      'Stable relationships with parents, carers and friends.',
      'Family has support from relatives and the community.',
    ],
    [
      'Parental separation or bereavement that is affecting the child.',
      'The family is isolated, with little support around them.',
    ],
    [
      'Family relationships are breaking down and the child may need to leave home.',
      'A young carer whose caring role is affecting their health or education.',
    ],
    [
      'The child is rejected or abandoned by their family.',
      'The child is privately fostered and the arrangement is unsafe.',
    ],
  ],
  'Self-care and independence': [
    ['Developing practical skills and independence appropriate to age.'],
    ['Is given responsibilities beyond their age, or lacks age-appropriate self-care.'],
    ['Left to care for themselves or younger siblings for long periods.'],
    ['A young child left alone, or a disabled child left without the care they need.'],
  ],
  'Basic care and safety': [
    [
      'Provided with food, warmth, clothing and a safe home.',
      'Parents keep the child safe and supervise appropriately.',
    ],
    [
      'Inconsistent routines, hygiene or supervision.',
      'Home conditions are sometimes unsafe, such as an unsafe sleeping arrangement for a baby.',
    ],
    [
      'Chronic neglect: poor hygiene, hunger or unsafe home conditions that have not improved with help.',
      'Parents do not recognise risks to the child.',
    ],
    [
      'Physical, sexual or emotional abuse is disclosed or suspected.',
      'Severe neglect that is causing or likely to cause significant harm.',
    ],
  ],
  'Parental capacity: domestic abuse': [
    ['No domestic abuse known.'],
    ['A single incident of verbal conflict, with the child not present and no wider concerns.'],
    [
      'Repeated domestic abuse incidents, or a standard or medium risk assessment where children live in the home.',
      'Controlling or coercive behaviour affecting the child’s wellbeing.',
    ],
    [
      'High-risk domestic abuse (for example a MARAC case) with a child in the home.',
      'The child was injured, or tried to intervene, during an incident.',
    ],
  ],
  'Parental capacity: substance misuse': [
    ['Any alcohol use by parents does not affect their care of the child.'],
    ['Parental alcohol or drug use sometimes affects routines; parents accept support.'],
    ['Parental substance misuse is regularly affecting the care, supervision or safety of the child.'],
    [
      'Parents are regularly unable to care for the child because of drugs or alcohol.',
      'A baby is born with symptoms of withdrawal.',
    ],
  ],
  'Parental capacity: mental health': [
    ['Parents’ mental health needs, if any, are managed and do not affect the child.'],
    ['A parent’s low mood or anxiety is affecting family routines; they are getting help.'],
    [
      'A parent’s mental illness is seriously affecting their parenting, or the child is a young carer because of it.',
    ],
    [
      'A parent’s mental illness puts the child at risk, for example the child is part of delusional beliefs.',
    ],
  ],
  'Housing and finances': [
    ['The family has stable housing and enough income.'],
    [
      'Rent arrears, debt or poor housing conditions are causing stress.',
      'The family is in temporary accommodation.',
    ],
    [
      'The family is homeless or at risk of eviction, with no safe plan.',
      'No recourse to public funds and unable to meet the child’s basic needs.',
    ],
    ['The child is without a home, or living somewhere that is dangerous.'],
  ],
  'Exploitation and missing': [
    ['No episodes of going missing; trusted adults know the child’s friends and whereabouts.'],
    ['Occasionally late home or staying out without permission.', 'Peer group beginning to cause concern.'],
    [
      'Repeated missing episodes, or unexplained money, phones or gifts.',
      'Early signs of criminal or sexual exploitation, including online.',
    ],
    [
      'Child criminal or sexual exploitation, county lines or trafficking is known or strongly suspected.',
      'Missing and believed to be with adults who pose a risk.',
    ],
  ],
};
