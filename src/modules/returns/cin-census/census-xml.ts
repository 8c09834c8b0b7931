/**
 * The CIN census as XML: `writeCensusXml` emits a return with every element in the sequence order of
 * CIN_schema_2026.xsd, under a `<Message>` with no namespace (the DfE validator finds nothing under a
 * default namespace); `readCensusXml` reads a return file back into the model, for the sample files and
 * for round trips. Both keep an element's text as it is: the rules, not the reader, judge values.
 */
import { XMLParser } from 'fast-xml-parser';
import { yesNo } from './census-dates.ts';
import type {
  Assessment,
  CensusChild,
  CensusHeader,
  ChildProtectionPlan,
  CinCensus,
  CinDetails,
  CinPlanDates,
  Section47,
} from './census-model.ts';

/** An element: a leaf's text (left out when undefined) or its child elements in schema order. */
type XmlElement = { name: string; text?: string; children?: XmlElement[] };

export function writeCensusXml(census: CinCensus): string {
  const message: XmlElement = {
    name: 'Message',
    children: [
      ...(census.Header ? [headerElement(census.Header)] : []),
      { name: 'Children', children: census.Children.map(childElement) },
    ],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(message, '')}`;
}

function headerElement(header: CensusHeader): XmlElement {
  const details = header.CollectionDetails;
  const source = header.Source;
  return group('Header', [
    details &&
      group('CollectionDetails', [
        leaf('Collection', details.Collection),
        leaf('Year', details.Year),
        leaf('ReferenceDate', details.ReferenceDate),
      ]),
    source &&
      group('Source', [
        leaf('SourceLevel', source.SourceLevel),
        leaf('LEA', source.LEA),
        leaf('SoftwareCode', source.SoftwareCode),
        leaf('Release', source.Release),
        leaf('SerialNo', source.SerialNo),
        leaf('DateTime', source.DateTime),
      ]),
  ]);
}

function childElement(child: CensusChild): XmlElement {
  const ids = child.ChildIdentifiers;
  const characteristics = child.ChildCharacteristics;
  return group('Child', [
    group('ChildIdentifiers', [
      leaf('LAchildID', ids.LAchildID),
      leaf('UPN', ids.UPN),
      leaf('FormerUPN', ids.FormerUPN),
      leaf('UPNunknown', ids.UPNunknown),
      leaf('PersonBirthDate', ids.PersonBirthDate),
      leaf('ExpectedPersonBirthDate', ids.ExpectedPersonBirthDate),
      leaf('Sex', ids.Sex),
      leaf('PersonDeathDate', ids.PersonDeathDate),
    ]),
    group('ChildCharacteristics', [
      leaf('Ethnicity', characteristics.Ethnicity),
      list('Disabilities', 'Disability', characteristics.Disabilities),
    ]),
    ...child.CINdetails.map(episodeElement),
  ]);
}

function episodeElement(episode: CinDetails): XmlElement {
  return group('CINdetails', [
    leaf('CINreferralDate', episode.CINreferralDate),
    leaf('ReferralSource', episode.ReferralSource),
    leaf('PrimaryNeedCode', episode.PrimaryNeedCode),
    leaf('CINclosureDate', episode.CINclosureDate),
    leaf('ReasonForClosure', episode.ReasonForClosure),
    leaf('DateOfInitialCPC', episode.DateOfInitialCPC),
    ...episode.Assessments.map(assessmentElement),
    ...episode.CINPlanDates.map(planElement),
    ...episode.Section47.map(section47Element),
    yesNoLeaf('ReferralNFA', episode.ReferralNFA),
    ...episode.ChildProtectionPlans.map(protectionPlanElement),
  ]);
}

function assessmentElement(assessment: Assessment): XmlElement {
  return group('Assessments', [
    leaf('AssessmentActualStartDate', assessment.AssessmentActualStartDate),
    leaf('AssessmentInternalReviewDate', assessment.AssessmentInternalReviewDate),
    leaf('AssessmentAuthorisationDate', assessment.AssessmentAuthorisationDate),
    list('FactorsIdentifiedAtAssessment', 'AssessmentFactors', assessment.AssessmentFactors),
  ]);
}

function planElement(plan: CinPlanDates): XmlElement {
  return group('CINPlanDates', [
    leaf('CINPlanStartDate', plan.CINPlanStartDate),
    leaf('CINPlanEndDate', plan.CINPlanEndDate),
  ]);
}

function section47Element(enquiry: Section47): XmlElement {
  return group('Section47', [
    leaf('S47ActualStartDate', enquiry.S47ActualStartDate),
    leaf('InitialCPCtarget', enquiry.InitialCPCtarget),
    leaf('DateOfInitialCPC', enquiry.DateOfInitialCPC),
    yesNoLeaf('ICPCnotRequired', enquiry.ICPCnotRequired),
  ]);
}

function protectionPlanElement(plan: ChildProtectionPlan): XmlElement {
  return group('ChildProtectionPlans', [
    leaf('CPPstartDate', plan.CPPstartDate),
    leaf('CPPendDate', plan.CPPendDate),
    leaf('InitialCategoryOfAbuse', plan.InitialCategoryOfAbuse),
    leaf('LatestCategoryOfAbuse', plan.LatestCategoryOfAbuse),
    leaf('NumberOfPreviousCPP', plan.NumberOfPreviousCPP),
    list('Reviews', 'CPPreviewDate', plan.Reviews),
  ]);
}

function group(name: string, children: (XmlElement | undefined)[]): XmlElement {
  return { name, children: children.filter((child) => child !== undefined) };
}

function leaf(name: string, text: string | undefined): XmlElement | undefined {
  return text === undefined ? undefined : { name, text };
}

/** The schema takes only 0/1: true/false (which the validator also accepts) are written as 1/0. */
function yesNoLeaf(name: string, text: string | undefined): XmlElement | undefined {
  const answer = yesNo(text);
  return leaf(name, answer === undefined ? text : answer ? '1' : '0');
}

/** A wrapper with one element per value; left out when empty, as the schema needs at least one. */
function list(name: string, itemName: string, values: string[] | undefined): XmlElement | undefined {
  if (!values || values.length === 0) return undefined;
  return { name, children: values.map((value) => ({ name: itemName, text: value })) };
}

function render(element: XmlElement, indent: string): string {
  if (element.children === undefined) {
    return `${indent}<${element.name}>${escapeText(element.text ?? '')}</${element.name}>`;
  }
  const inner = element.children.map((child) => render(child, `${indent}  `)).join('\n');
  return `${indent}<${element.name}>\n${inner}\n${indent}</${element.name}>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Elements that may repeat, read as arrays even when a file holds only one. */
const REPEATING = new Set([
  'Source',
  'Child',
  'CINdetails',
  'Disability',
  'Assessments',
  'AssessmentFactors',
  'CINPlanDates',
  'Section47',
  'ChildProtectionPlans',
  'CPPreviewDate',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATING.has(name),
});

/** A parsed element: text, or its children by name (repeating ones as arrays). */
type Parsed = string | { [name: string]: Parsed | Parsed[] | undefined };

/**
 * Reads a census file. Unknown elements (an old GenderCurrent, PreProceedingsandFGDM) are ignored, as
 * the DfE validator ignores them; a file without `<Message>` is refused.
 */
export function readCensusXml(xml: string): CinCensus {
  const document = parser.parse(xml) as Record<string, Parsed>;
  const message = document.Message;
  if (message === undefined || typeof message === 'string') {
    throw new RangeError('Not a CIN census: the root element must be <Message>');
  }
  const header = node(message.Header);
  const details = node(header?.CollectionDetails);
  const source = nodes(header?.Source)[0];
  return {
    ...(header && {
      Header: {
        ...(details && {
          CollectionDetails: {
            Collection: text(details.Collection),
            Year: text(details.Year),
            ReferenceDate: text(details.ReferenceDate),
          },
        }),
        ...(source && {
          Source: {
            SourceLevel: text(source.SourceLevel),
            LEA: text(source.LEA),
            SoftwareCode: text(source.SoftwareCode),
            Release: text(source.Release),
            SerialNo: text(source.SerialNo),
            DateTime: text(source.DateTime),
          },
        }),
      },
    }),
    Children: nodes(node(message.Children)?.Child).map(readChild),
  };
}

function readChild(child: ParsedNode): CensusChild {
  const ids = node(child.ChildIdentifiers) ?? {};
  const characteristics = node(child.ChildCharacteristics) ?? {};
  return {
    ChildIdentifiers: {
      LAchildID: text(ids.LAchildID),
      UPN: text(ids.UPN),
      FormerUPN: text(ids.FormerUPN),
      UPNunknown: text(ids.UPNunknown),
      PersonBirthDate: text(ids.PersonBirthDate),
      ExpectedPersonBirthDate: text(ids.ExpectedPersonBirthDate),
      Sex: text(ids.Sex),
      PersonDeathDate: text(ids.PersonDeathDate),
    },
    ChildCharacteristics: {
      Ethnicity: text(characteristics.Ethnicity),
      Disabilities: texts(characteristics.Disabilities, 'Disability'),
    },
    CINdetails: nodes(child.CINdetails).map(readEpisode),
  };
}

function readEpisode(episode: ParsedNode): CinDetails {
  return {
    CINreferralDate: text(episode.CINreferralDate),
    ReferralSource: text(episode.ReferralSource),
    PrimaryNeedCode: text(episode.PrimaryNeedCode),
    CINclosureDate: text(episode.CINclosureDate),
    ReasonForClosure: text(episode.ReasonForClosure),
    DateOfInitialCPC: text(episode.DateOfInitialCPC),
    Assessments: nodes(episode.Assessments).map((assessment) => ({
      AssessmentActualStartDate: text(assessment.AssessmentActualStartDate),
      AssessmentInternalReviewDate: text(assessment.AssessmentInternalReviewDate),
      AssessmentAuthorisationDate: text(assessment.AssessmentAuthorisationDate),
      AssessmentFactors: texts(assessment.FactorsIdentifiedAtAssessment, 'AssessmentFactors'),
    })),
    CINPlanDates: nodes(episode.CINPlanDates).map((plan) => ({
      CINPlanStartDate: text(plan.CINPlanStartDate),
      CINPlanEndDate: text(plan.CINPlanEndDate),
    })),
    Section47: nodes(episode.Section47).map((enquiry) => ({
      S47ActualStartDate: text(enquiry.S47ActualStartDate),
      InitialCPCtarget: text(enquiry.InitialCPCtarget),
      DateOfInitialCPC: text(enquiry.DateOfInitialCPC),
      ICPCnotRequired: text(enquiry.ICPCnotRequired),
    })),
    ReferralNFA: text(episode.ReferralNFA),
    ChildProtectionPlans: nodes(episode.ChildProtectionPlans).map((plan) => ({
      CPPstartDate: text(plan.CPPstartDate),
      CPPendDate: text(plan.CPPendDate),
      InitialCategoryOfAbuse: text(plan.InitialCategoryOfAbuse),
      LatestCategoryOfAbuse: text(plan.LatestCategoryOfAbuse),
      NumberOfPreviousCPP: text(plan.NumberOfPreviousCPP),
      Reviews: texts(plan.Reviews, 'CPPreviewDate'),
    })),
  };
}

type ParsedNode = Exclude<Parsed, string>;

/** An element with children; an empty element (text '') counts as one with none. */
function node(value: Parsed | Parsed[] | undefined): ParsedNode | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  return typeof value === 'string' ? (value === '' ? {} : undefined) : value;
}

function nodes(value: Parsed | Parsed[] | undefined): ParsedNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(node).filter((item) => item !== undefined);
}

/** A leaf's text; an element that has children instead is not a value, so it reads as absent. */
function text(value: Parsed | Parsed[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The texts of a wrapper's items: undefined without the wrapper, [] for an empty wrapper. */
function texts(wrapper: Parsed | Parsed[] | undefined, itemName: string): string[] | undefined {
  const items = node(wrapper);
  if (items === undefined) return undefined;
  const values = items[itemName];
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.map(text).filter((value) => value !== undefined);
}
