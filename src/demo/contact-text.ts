/**
 * Short free text for demo contacts and decisions: what a referrer might say about each presenting
 * concern (CIN census assessment factor codes) and how a practitioner might explain a decision.
 */
import type { Random } from '../shared/random.ts';

/** Plain words for each assessment factor, as they would appear in a sentence. */
const CONCERN_WORDS: Readonly<Record<string, string>> = {
  '1A': 'the child’s alcohol use',
  '1B': 'a parent’s alcohol misuse',
  '1C': 'alcohol misuse by another adult at home',
  '2A': 'the child’s drug use',
  '2B': 'a parent’s drug misuse',
  '2C': 'drug misuse by another adult at home',
  '3A': 'the child being hurt during domestic abuse',
  '3B': 'domestic abuse between the adults at home',
  '3C': 'domestic abuse involving another member of the household',
  '4A': 'the child’s mental health',
  '4B': 'a parent’s mental health',
  '4C': 'the mental health of another family member',
  '5A': 'the child’s learning disability',
  '5B': 'a parent’s learning disability',
  '6A': 'the child’s illness or disability',
  '6B': 'a parent’s illness or disability',
  '7A': 'the child’s caring responsibilities',
  '8E': 'a private fostering arrangement',
  '8F': 'a private fostering arrangement',
  '9A': 'an unaccompanied asylum-seeking child',
  '10A': 'the child going missing',
  '11A': 'child sexual exploitation',
  '12A': 'possible trafficking',
  '13A': 'gang involvement',
  '14A': 'the child’s behaviour in the community',
  '15A': 'self-harm',
  '16A': 'neglect',
  '17A': 'emotional abuse',
  '18B': 'physical harm by another child',
  '18C': 'physical abuse by an adult',
  '19B': 'harmful sexual behaviour by another child',
  '19C': 'sexual abuse by an adult',
  '20': 'other concerns about the family',
  '21': 'no identified concerns',
  '22A': 'risk of female genital mutilation',
  '23A': 'abuse linked to faith or belief',
  '24A': 'child criminal exploitation',
};

const SUMMARIES: Readonly<Record<string, readonly string[]>> = {
  '1A': ['Young person found heavily intoxicated in the town centre late at night and taken home by police.'],
  '1B': [
    'Parent smelt of alcohol at school pick-up and was unsteady; staff did not release the child to them.',
  ],
  '1C': ['Mother reports her partner drinks daily and becomes aggressive; children are in the home.'],
  '2A': ['Young person disclosed regular cannabis use and owing money to older peers.'],
  '2B': [
    'Drug paraphernalia seen within reach of the children during a home visit.',
    'Parent believed to be using heroin again after a period of stability.',
  ],
  '2C': ['Adult lodger believed to be dealing drugs from the property.'],
  '3A': ['Child was pushed and hurt while trying to intervene in an argument between the adults at home.'],
  '3B': [
    'Police attended a domestic incident at the home; the children were present. DASH risk: standard.',
    'Police attended a domestic incident at the home; the children were present. DASH risk: medium.',
    'Police attended a domestic incident; the children were asleep upstairs. DASH risk: medium.',
    'Mother disclosed controlling and coercive behaviour by her partner to the health visitor.',
  ],
  '3C': ['Police called to an argument between an adult sibling and their partner at the family home.'],
  '4A': [
    'Young person told the school counsellor they feel low and cannot see the point in things.',
    'Child very anxious, refusing to attend school and not leaving the house.',
  ],
  '4B': [
    'Parent has stopped taking prescribed medication; mental health deteriorating and children missing school.',
    'Mother admitted to hospital after a mental health crisis; care arrangements for the children unclear.',
  ],
  '4C': ['Older sibling in mental health crisis at home; younger children frightened.'],
  '5A': ['Child with a learning disability whose needs at home are not being met; family asking for help.'],
  '5B': ['Parent with a learning disability struggling to manage the baby’s feeding and routines.'],
  '6A': ['Child’s diabetes poorly managed; repeated admissions and missed clinic appointments.'],
  '6B': ['Parent has a serious illness and the older child is doing most of the caring.'],
  '7A': ['Young person caring for a parent most evenings; homework not done and often tired in class.'],
  '8E': ['Child living with a family friend for several months; local authority not notified.'],
  '8F': ['Child said to be staying with an aunt who is not known to services.'],
  '9A': ['Young person arrived alone and presented at the police station asking for help.'],
  '10A': [
    'Young person reported missing overnight for the third time this month; returned with new clothes.',
    'Child missing from home for 24 hours and found in another town.',
  ],
  '11A': ['Young person seen getting into cars with older males; has an unexplained new phone.'],
  '12A': ['Young person found working in a nail bar during school hours; unclear who they live with.'],
  '13A': ['Young person associating with a group involved in a recent stabbing.'],
  '14A': ['Young person arrested for criminal damage; repeated anti-social behaviour on the estate.'],
  '15A': [
    'Young person disclosed self-harm (cutting) to a teacher; parents not aware.',
    'Young person attended A&E after an overdose of paracetamol.',
  ],
  '16A': [
    'Child repeatedly arriving at school hungry and in unwashed clothes.',
    'Home conditions very poor on a visit: no food in the house and dog faeces on the floor.',
    'Baby’s weight has dropped across two centiles; missed health appointments.',
  ],
  '17A': ['Child says they are shouted at and told they are useless; withdrawn and tearful in class.'],
  '18B': ['Child assaulted by an older peer outside school; injuries to the face.'],
  '18C': [
    'Bruising seen on the child’s upper arm; explanation does not fit the injury.',
    'Child disclosed being hit with a belt by a parent.',
    'Non-mobile baby brought to A&E with a bruise to the cheek.',
  ],
  '19B': ['Concern about sexualised behaviour between children in the family.'],
  '19C': ['Child made a disclosure of sexual abuse by an adult known to the family.'],
  '20': ['Family in crisis after eviction notice; referrer unsure what support is available.'],
  '21': ['Information shared for awareness; no concerns identified about the child.'],
  '22A': ['Family planning an extended trip abroad; older sister is known to have undergone FGM.'],
  '23A': ['Child told a teacher they are being punished because a relative says they are possessed.'],
  '24A': [
    'Young person found in another county with cash and several phones; suspected county lines.',
    'Young person stopped carrying drugs for older males; frequently missing from school.',
  ],
};

export function contactSummary(random: Random, concern: string): string {
  const options = SUMMARIES[concern];
  return options ? random.pick(options) : `Concerns about ${CONCERN_WORDS[concern] ?? 'the family'}.`;
}

export type Outcome =
  | 'no_further_action'
  | 'information_advice'
  | 'early_help'
  | 'assessment'
  | 'strategy_discussion'
  | 'already_open';

const RATIONALES: Readonly<Record<Outcome, readonly string[]>> = {
  no_further_action: [
    'Level 1: concern about {concern} is being met by universal services. No further action; referrer informed.',
    'Checks completed with partners; nothing further known. Level 1, no role for children’s services.',
  ],
  information_advice: [
    'Level {level}: advice given to the referrer about {concern} and how to support the family with consent.',
    'Parent signposted to local support about {concern}; family agree. No statutory role at this time.',
  ],
  early_help: [
    'Level 2: additional needs around {concern}. Parents consent to early help; stepped down to the locality team.',
    'Needs can be met through an early help assessment and family plan; {concern} to be the focus.',
  ],
  assessment: [
    'Level 3: {concern} is likely to impair the child’s development without services. Section 17 assessment.',
    'Cumulative concerns, including {concern}, meet the child in need threshold. Child and family assessment.',
  ],
  strategy_discussion: [
    'Level 4: reasonable cause to suspect significant harm ({concern}). Strategy discussion today with police and health.',
    'Immediate safeguarding concern about {concern}. Strategy discussion convened; consider section 47 enquiries.',
  ],
  already_open: [
    'Child already open to children’s services. Information passed to the allocated worker about {concern}.',
    'Open case: allocated worker and team manager informed of the new information about {concern}.',
  ],
};

export function decisionRationale(random: Random, outcome: Outcome, concern: string, level: number): string {
  return random
    .pick(RATIONALES[outcome])
    .replace('{concern}', CONCERN_WORDS[concern] ?? 'the concerns raised')
    .replace('{level}', String(level));
}

const MANAGER_COMMENTS = [
  'Agreed.',
  'Agree with the rationale. Please make sure the referrer gets feedback today.',
  'Agreed; consent was obtained and is recorded.',
  'Agree. Note the history of previous contacts when this family is next screened.',
  'Agreed after discussion with the police MASH officer.',
];

export function managerComment(random: Random): string | null {
  return random.chance(0.3) ? random.pick(MANAGER_COMMENTS) : null;
}
