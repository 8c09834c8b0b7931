/*
 * The Yorkshire and the Humber front door self-evaluation framework (May 2017), as data: its areas with
 * what a good front door looks like and the pointers each asks the writers to cover, in the framework's
 * own words, the checklist of a good self-evaluation (Appendix A) and the sections of the report
 * template (Appendix C). Pure: the pages and the report are drawn from it.
 */

export const FRAMEWORK_TITLE = 'Yorkshire and the Humber front door self-evaluation framework (May 2017)';
export const REPORT_TITLE = 'Self-Evaluation of the Social Care Front Door Arrangements';

/** A part of a good front door in the framework, with the emphasis the framework puts on it. */
export interface Ingredient {
  heading: string;
  text: string;
}

export interface FrameworkArea {
  id: SefAreaId;
  /** The section number in the report (Appendix C), e.g. '8a'. */
  number: string;
  /** The area's name in the framework. */
  title: string;
  /** The heading Appendix C gives it. */
  reportHeading: string;
  /** For the parts of area 8: the heading they sit under. */
  group?: string;
  /** What the framework says a good front door looks like here. */
  introduction: string[];
  ingredients: Ingredient[];
  /** The framework's pointers: what to describe and the questions to answer. */
  pointers: string[];
}

export const SEF_AREA_IDS = [
  'arrangements',
  'thresholds',
  'partnerships',
  'child_at_centre',
  'quality',
  'workforce',
  'leadership',
  'outcomes_child',
  'outcomes_service',
] as const;
export type SefAreaId = (typeof SEF_AREA_IDS)[number];

export const SEF_AREAS: readonly FrameworkArea[] = [
  {
    id: 'arrangements',
    number: '1',
    title: 'What is ‘the front door’',
    reportHeading: 'Description of social care front door arrangements',
    introduction: [
      'The ‘front door’ refers to arrangements that local authorities have in place to respond to an initial contact where local authorities provide advice and together with all partners, make decisions about how they will act on information. It is where professionals gather information and make decisions about which pathways to follow for different contacts and referrals.',
    ],
    ingredients: [
      {
        heading: 'An effective model',
        text: 'that fits the local context and responds quickly and appropriately to children and child protection concerns. Local authorities do not need to use a particular front-door model as what works in one place may not work everywhere, and develop ways of working that best meet local challenges as they change over time.',
      },
      {
        heading: 'A responsive out-of-hours service',
        text: 'A good out-of-hours service is run by people who know the work well and are able to respond to a whole range of challenging circumstances. Crucially, this service is responsive and does not just act as a ‘waiting area’ for the next day.',
      },
    ],
    pointers: [
      'Describe briefly what current arrangements are, including rationale for the current way of working. If this has changed, what is different and is it working better? If you are going to make changes in the next 12 months, what will be different and what outcomes are you expecting? Include description of out of hours service and how they form part of a seamless front door. How is this demonstrated / evidenced and does your performance management reflect this?',
    ],
  },
  {
    id: 'thresholds',
    number: '2',
    title: 'Thresholds and Policies',
    reportHeading: 'Thresholds and Policies',
    introduction: [],
    ingredients: [
      {
        heading: 'Advice',
        text: 'Good-quality advice at the front door should also be available to individual members of the public and service users, including young people directly.',
      },
      {
        heading: 'Using early help appropriately',
        text: 'Criteria, processes and experiences of children and families who do not meet the criteria for social care but that are ‘stepped down’ to early help are clear, understood, consistently applied and well co-ordinated. Professionals working at the front door are aware of what help is available locally and in their communities and can signpost families.',
      },
    ],
    pointers: [
      'Refer to any strategies, policies and procedures in place and whether they are effective - this may relate to Neglect, CSE, Missing, Radicalisation, Gangs, Toxic Trio as well as following Working Together and local procedures.',
      'Is the thresholds document and other key policies and procedures up to date? Take a view on whether it is clear, consistent, effective, as well as training and monitoring with referring agencies. Are there any specific organisation who are referring inappropriately (i.e. high percentage NFA) and if so, what have you done to improve this?',
      'Is transfer to other services including early help effective and visibility of the child’s journey – safely and effectively ‘passing the baton’ between levels of need. What is the relationship with early help services? Are cases being transferred up to main social work teams quickly and effectively?',
    ],
  },
  {
    id: 'partnerships',
    number: '3',
    title: 'Effectiveness of Partnerships',
    reportHeading: 'Effectiveness of Partnerships',
    introduction: [],
    ingredients: [
      {
        heading: 'Close working with partners',
        text: 'Close working with health and other partners needs to be embedded and routine, there is appropriate attendance and engagement at all parts of the front door, especially strategy discussions, where non-engagement severely affects the quality of the discussion and identifying risk, the information that is shared and the decisions that are made.',
      },
      {
        heading: 'Value and fully utilise the range of professional disciplines and expertise',
        text: 'Understand the range of expertise and perspectives that different professionals bring – including specialist knowledge in critical areas such as domestic abuse, disability, mental health. The lived experiences of children and their families, assessment of their needs and solutions are better understood from an integrated perspective.',
      },
      {
        heading: 'Sharing information',
        text: 'There has to be clarity and confidence about what information can and should be shared about children, families and incidents, which is captured and analysed so that risks are properly understood and the right decisions can be made. Every effort should be made to ensure that collating this evidence is as efficient, quick and as easy as possible to allow staff to focus on their work rather than duplicating paperwork or ‘feeding’ systems.',
      },
    ],
    pointers: [
      'What are the arrangements for working together on:',
      'a) strategic basis? Is the LSCB effective in testing assurance, tackling issues (such as non-engagement), delivering training and providing effective promotional/preventative messages/campaigns?',
      'b) operational case basis? Is the right information being shared appropriately and securely between professionals in a timely manner? Are case management systems used effectively? Are professionals and specialist knowledge contributing to assessments, strategy discussions etc. so that the risks to children and their needs are assessed effectively and responded to appropriately? Is there a child-centred approach from all professionals? How do professionals challenge each other as well as parents/carers appropriately to ensure good practice?',
    ],
  },
  {
    id: 'child_at_centre',
    number: '4',
    title: 'Keeping every child and their experiences at the centre',
    reportHeading: 'Keeping every child at the centre',
    introduction: [],
    ingredients: [
      {
        heading: 'Views have been heard and understood and acted upon where appropriate',
        text: 'Children and their families feel that their views have been heard and understood and acted upon where appropriate. This leads to improvements in the help and support that they receive.',
      },
      {
        heading: 'A culture that places the welfare of the child at the centre',
        text: 'Not only should there be evidence of children being seen, and seen alone in assessments, but clear identification and understanding of experiences, views and wishes of children and young people, such as what is daily life like for this child? What is the response that will most meet this child’s needs?',
      },
      {
        heading: 'Contextualising family strengths and risk',
        text: 'Historical factors as well as events and incidents about children and families have to be taken into account and fully analysed to understand families’ strengths and risks and ability to build resilience wherever it is appropriate. Professionals should seek to understand the context in which children are living and the strengths of the family and their protective factors, as well as the risks children might be facing. Use and results of screening tools for specific risk such as CSE and missing, both in individual cases and evaluation across the service to assess emerging patterns and trends, and focus disruption activity, training and therapeutic services.',
      },
    ],
    pointers: [
      'Summarise from qualitative evidence what, and how effective, are any tools or methods to engage and collaborate with children and young people (e.g. restorative approaches, signs of safety, motivational interviewing etc.). There should be evidence on progress that children are making / have made.',
      'Is there evidence that all hard to reach groups and children or families in specific circumstances are able to a) access and b) receive a service that takes into account their situation and individual needs, including the extent to which there is respect for diversity and sensitivity to age, race, culture, religion, gender, sexual orientation and disability? This may also include, refugee and asylum seekers, EAL, traveller and Gypsy Roma families, private fostering, young carers.',
      'Are signs of specific risks to individual children recognised and appropriately responded to? Is risk being managed appropriately, including by universal/service below the threshold for social care?',
    ],
  },
  {
    id: 'quality',
    number: '5',
    title: 'Quality of practice',
    reportHeading: 'Quality of Practice',
    introduction: [
      'Some performance measures, such as proportion of assessments to timescale or low re-referral rates can give a falsely positive picture and understanding the quality of work undertaken, and its effectiveness is paramount. This is underpinned by understanding what good practice looks like, for example via practice standards and effective management oversight are ways to ensure high quality of practice. Good case recording is an essential part of good quality practice.',
    ],
    ingredients: [],
    pointers: [
      'What is the quality of referrals received and timeliness of processing? Is the quality of work at the front door evidenced? Is it clear what standards are consistently expected? Are evidence-based approaches, tools and services that reduce risks and meet their needs implemented, used and evaluated to secure the best outcomes?',
      'Is there a range of quality assurance activity such as audits, supervision, and learning disseminated from these? Is there consistent management oversight? How is poor practice acted upon and good practice shared?',
    ],
  },
  {
    id: 'workforce',
    number: '6',
    title: 'Resources: Workforce',
    reportHeading: 'Resources: Workforce and finance',
    introduction: [
      '‘The environment in which we work can help or hinder us to do the best job we can do’. Eleanor Schooling',
    ],
    ingredients: [],
    pointers: [
      'Is there high usage of agency staff? Are appraisals and supervision frequent and effective? Is there a culture of continual learning, support and challenge for social workers and other professionals? Are there manageable caseloads? Is the workforce stable and knowledgeable? How do you balance a mix of experience and a fresh view so that your front door workforce do not become desensitised to the seriousness of risks?',
    ],
  },
  {
    id: 'leadership',
    number: '7',
    title: 'Good leadership and decision making',
    reportHeading: 'Leadership and decision making',
    introduction: [
      'Leaders have roles to play in ensuring their resources (workforce, budgets and working environment) support an effective front door operation, but also that thresholds are applied consistently; all work is quality assured to maintain high standards over time through robust management oversight; management of workflow is effective with no blockages; and effective relationships and integrated working by partners.',
      'Managers, as staff, need to be well-supported, confident and knowledgeable, able to monitor the work, manage performance and take action.',
    ],
    ingredients: [],
    pointers: [
      'Is there challenge in the system and how effectively do leaders challenge and support practitioners, and promote continuous improvement? Is the LSCB effective in testing assurance, tackling issues, delivering training and promotional/preventative messages? Do we balance local ways of working with national consistency? How do we say how we meet legislation, learn from others/good practice/share good/innovative practice ourselves.',
    ],
  },
  {
    id: 'outcomes_child',
    number: '8a',
    group: 'Outcomes',
    title: 'For the child and family – did we make a difference',
    reportHeading: 'For the child and family – did we make a difference',
    introduction: [],
    ingredients: [],
    pointers: [
      'Focus on ‘what difference did you make’ and ensure that you are clear what outcomes you expect for children, young people and their families, and what you have achieved. These will be short term outcomes (such as the next year) but also what effect achievement of making an impact will have on the long term outcomes in terms of improvements later in people’s lives.',
      'Measuring outcomes for the child and family at the front door can be challenging, as it is often a transactional relationship prior to moving the case to another team to undertake the support and improve outcomes. The child’s voice is therefore important as part of the evidence base.',
    ],
  },
  {
    id: 'outcomes_service',
    number: '8b',
    group: 'Outcomes',
    title: 'For the service – is the service deemed to be ‘good’ or better?',
    reportHeading: 'For the service – is the service deemed to be ‘good’ or better - effective and efficient',
    introduction: [],
    ingredients: [],
    pointers: [
      'Outcomes for the service will include performance measures and evidence about how well services are being delivered. They are likely to relate to use of resources (workforce and finance) and measures of effectiveness such as timeliness, quality and quantity.',
    ],
  },
];

/** The report's closing section (Appendix C, 9). */
export const PRIORITIES_HEADING = 'Summarising priorities and areas for improvement';

export function isSefAreaId(value: string): value is SefAreaId {
  return (SEF_AREA_IDS as readonly string[]).includes(value);
}

export function areaOf(id: SefAreaId): FrameworkArea {
  const area = SEF_AREAS.find((candidate) => candidate.id === id);
  if (!area) throw new RangeError(`No SEF area ${id}`);
  return area;
}

/** 'Area 8a: For the child and family…', as a priority or a link names it. */
export function areaName(area: FrameworkArea): string {
  return `${area.number}. ${area.group ? `${area.group}: ` : ''}${area.title}`;
}

/** The four assurance questions the evidence should answer (Appendix A). */
export const ASSURANCE_QUESTIONS = [
  'What do you know about children and young people and communities in our area, including needs, ability, culture, gender, age, and children living in specific circumstances?',
  'How well are you serving them, how, and what are the outcomes for them?',
  'What areas do you need to do better, what are your goals, how are you going to do this?',
  'What are the risks and emerging issues that may prevent you reaching these goals?',
] as const;

export interface ChecklistItem {
  letter: ChecklistLetter;
  title: string;
  text: string;
}

export const CHECKLIST_LETTERS = [
  'a',
  'b',
  'c',
  'd',
  'e',
  'f',
  'g',
  'h',
  'i',
  'j',
  'k',
  'l',
  'm',
  'n',
  'o',
  'p',
] as const;
export type ChecklistLetter = (typeof CHECKLIST_LETTERS)[number];

/** Appendix A: the elements of a good self-evaluation, each ticked when the SEF shows it. */
export const CHECKLIST: readonly ChecklistItem[] = [
  {
    letter: 'a',
    title: 'Context',
    text: 'Demonstrate you know about the area, the needs of the communities, the rationale for what you are doing and what impact that is having.',
  },
  {
    letter: 'b',
    title: 'Outcome focused',
    text: 'The ‘so what’ question – how has what you have done/are currently doing/are planning to do making a difference? Be outcome focused, and evidence impact.',
  },
  {
    letter: 'c',
    title: 'What difference did you make',
    text: 'Focus on ‘what difference did you make’ and ensure that you are clear about what outcomes you expect for children, young people and their families.',
  },
  {
    letter: 'd',
    title: 'Where outcome do need to improve',
    text: 'Where outcomes do need to improve, clearly articulate what may have caused this, and what actions are in place to improve.',
  },
  {
    letter: 'e',
    title: 'Evidence equalities',
    text: 'Evidence equalities, in that services are accessible for all children and their families, you know the performance of vulnerable and other groups, and have strategies in place to narrow any gap in outcomes between these children and their peers.',
  },
  {
    letter: 'f',
    title: 'Protecting children at risk of specific types of harm',
    text: 'Evidence that you are protecting children at risk of specific types of harm, identifying and meeting needs at the earliest opportunity and reducing need/demand.',
  },
  {
    letter: 'g',
    title: 'Concise',
    text: 'An effective self-evaluation needs to be concise. There needs to be sufficient evidence and analysis of the effectiveness of current provision, for the reader to be able to draw conclusions and identify areas for challenge or success.',
  },
  {
    letter: 'h',
    title: 'Golden thread',
    text: 'Ensure that the self-evaluation includes a golden thread and synergy to other plans and strategies and reflects on previous self-evaluations.',
  },
  {
    letter: 'i',
    title: 'Compliance to government policy and legislation',
    text: 'Reflect or make a statement about compliance to government policy and legislation. This may include information about number and learning from serious case reviews, judicial reviews, child death panels and LADOs.',
  },
  {
    letter: 'j',
    title: 'Use data wisely',
    text: 'Use data wisely – but do use it! Data needs to clearly support statements about need; services provided; and what difference has been made. There needs to be evidence of appropriate analysis, getting beneath the top level data and drilling down to client groups, timeframes and localities.',
  },
  {
    letter: 'k',
    title: 'Celebrate successes',
    text: 'Celebrate successes and include examples of where outcomes have been improved.',
  },
  {
    letter: 'l',
    title: 'Lived experience of children',
    text: 'Ensure the lived experiences of children, their views, wishes and how they are being engaged in building their resilience and life skills are present.',
  },
  {
    letter: 'm',
    title: 'Learning organisation',
    text: 'Evidence that you are a learning organisation and there is the right environment and organisational culture for practice to flourish, that you learn from the experiences of your own services and others, have strong workforce development.',
  },
  {
    letter: 'n',
    title: 'Financial information',
    text: 'Financial information is a key part of self-evaluation and LAs may wish to include information about their current, historic and projected budgets.',
  },
  {
    letter: 'o',
    title: 'Workforce',
    text: 'Knowing whether your workforce is the right size; is appropriately skilled, supervised, supported and working collaboratively to agreed objectives and outcomes.',
  },
  {
    letter: 'p',
    title: 'Systematically woven into performance management',
    text: 'Finally, ensure the self-evaluation, improvement planning, and monitoring cycle is systematically woven into performance management in everyday practice.',
  },
];
