/**
 * As a practitioner types a child's name and date of birth into a contact, shows who in the person
 * index could be that child, as radio buttons the form submits (child-N-match). Without JavaScript
 * the same choice is offered after the first submit.
 */
const DELAY_MS = 400;

export function enablePersonLookup(root: Document = document): void {
  for (const fieldset of root.querySelectorAll<HTMLElement>('[data-child]')) watchChild(fieldset);
}

function watchChild(fieldset: HTMLElement): void {
  const index = fieldset.dataset.child!;
  // The server-rendered choice (after a submit) already covers this child.
  if (fieldset.querySelector(`input[name="child-${index}-match"]`)) return;
  const region = document.createElement('div');
  region.setAttribute('aria-live', 'polite');
  region.className = 'govuk-!-margin-bottom-4';
  fieldset.append(region);
  let timer: number | undefined;
  fieldset.addEventListener('input', (event) => {
    // Choosing one of the offered people must not redraw (and so clear) the choice.
    if ((event.target as HTMLInputElement).name === `child-${index}-match`) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => lookUp(fieldset, index, region), DELAY_MS);
  });
}

function field(fieldset: HTMLElement, name: string): string {
  return fieldset.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value.trim() ?? '';
}

function dateOfBirth(fieldset: HTMLElement, prefix: string): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => field(fieldset, `${prefix}-dob-${part}`));
  if (!day || !month || year?.length !== 4) return undefined;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

interface Match {
  id: number;
  name: string;
  dateOfBirth: string | null;
  postcode: string | null;
  strong: boolean;
  reasons: string[];
}

async function lookUp(fieldset: HTMLElement, index: string, region: HTMLElement): Promise<void> {
  const prefix = `child-${index}`;
  const familyName = field(fieldset, `${prefix}-familyName`);
  if (familyName.length < 2) {
    region.replaceChildren();
    return;
  }
  const params = new URLSearchParams({ familyName });
  const givenName = field(fieldset, `${prefix}-givenName`);
  if (givenName) params.set('givenName', givenName);
  const dob = dateOfBirth(fieldset, prefix);
  if (dob) params.set('dateOfBirth', dob);
  const response = await fetch(`/api/v1/people/matches?${params}`, { credentials: 'same-origin' });
  if (!response.ok) return;
  const { matches, restrictedMayMatch } = (await response.json()) as {
    matches: Match[];
    restrictedMayMatch?: boolean;
  };
  region.replaceChildren(
    ...(restrictedMayMatch ? [restrictedWarning()] : []),
    ...(matches.length ? [matchChoices(index, matches)] : [])
  );
}

/** Says a restricted record may be this child, and nothing else about it (the server says which never). */
function restrictedWarning(): HTMLElement {
  const warning = element('div', 'govuk-warning-text');
  warning.dataset.testid = 'restricted-may-match';
  const icon = element('span', 'govuk-warning-text__icon', '!');
  icon.setAttribute('aria-hidden', 'true');
  const text = element('strong', 'govuk-warning-text__text');
  text.append(
    element('span', 'govuk-visually-hidden', 'Warning'),
    document.createTextNode(
      'A restricted record may match this child. Someone with access must decide. If you create a new record now, it stays restricted until they have.'
    )
  );
  warning.append(icon, text);
  return warning;
}

/** GOV.UK radios built with DOM calls (no HTML strings), so names from the index are never markup. */
function matchChoices(index: string, matches: Match[]): HTMLElement {
  const name = `child-${index}-match`;
  const fieldset = element('fieldset', 'govuk-fieldset');
  const legend = element(
    'legend',
    'govuk-fieldset__legend govuk-fieldset__legend--s',
    'Is this someone already known?'
  );
  const radios = element('div', 'govuk-radios govuk-radios--small');
  const options = [
    ...matches.map((match) => ({
      value: String(match.id),
      label: `${match.name}, born ${match.dateOfBirth ?? 'date not known'}${match.postcode ? `, ${match.postcode}` : ''}`,
      hint: `${match.strong ? 'Strong match' : 'Possible match'}: ${match.reasons.join(', ')}`,
    })),
    { value: 'new', label: 'None of these: create a new person record', hint: '' },
  ];
  options.forEach((option, position) => radios.append(radio(name, `${name}-live-${position}`, option)));
  fieldset.append(legend, radios);
  return fieldset;
}

function radio(
  name: string,
  id: string,
  option: { value: string; label: string; hint: string }
): HTMLElement {
  const item = element('div', 'govuk-radios__item');
  const input = element('input', 'govuk-radios__input') as HTMLInputElement;
  Object.assign(input, { type: 'radio', name, id, value: option.value });
  const label = element('label', 'govuk-label govuk-radios__label', option.label) as HTMLLabelElement;
  label.htmlFor = id;
  item.append(input, label);
  if (option.hint) {
    const hint = element('div', 'govuk-hint govuk-radios__hint', option.hint);
    hint.id = `${id}-hint`;
    input.setAttribute('aria-describedby', hint.id);
    item.append(hint);
  }
  return item;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}
