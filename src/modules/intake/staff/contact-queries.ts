import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { loadChildHistory } from '../../people/history/child-history.ts';
import { peopleNamedFrom, peopleNamedQuery } from '../../people/contact-people.ts';
import { selectTogether } from '../../../platform/db/select-together.ts';
import { lawfulBasisOf, lawfulBasisText } from '../../../shared/lawful-basis.ts';

/**
 * One contact with its children, concerns, other people, adults named by the referrer (how many,
 * and how many not yet linked) and link decisions, and each linked child's history (family themes
 * first), read through the access layer.
 */
export function loadContact(access: RecordAccess, contactId: number, now: Date) {
  return access.readContact(contactId, async (db) => {
    const read = await selectTogether(db, {
      contact: {
        query: db
          .selectFrom('contact')
          .leftJoin('address', 'address.id', 'contact.address_id')
          .leftJoin('staff_user', 'staff_user.id', 'contact.recorded_by')
          .where('contact.id', '=', contactId)
          .selectAll('contact')
          .select([
            'address.line1',
            'address.line2',
            'address.town',
            'address.postcode',
            'staff_user.display_name as recorded_by_name',
          ]),
        timestamps: ['received_at', 'recorded_at'],
      },
      children: {
        query: db
          .selectFrom('contact_child')
          .leftJoin('person', 'person.id', 'contact_child.person_id')
          .leftJoin('person_link_decision as link', 'link.contact_child_id', 'contact_child.id')
          .where('contact_child.contact_id', '=', contactId)
          .select([
            'contact_child.id',
            'contact_child.person_id',
            'contact_child.described_child',
            'contact_child.status',
            'contact_child.rag',
            'contact_child.rag_due_at',
            'contact_child.decision_due_at',
            'person.given_name',
            'person.family_name',
            'person.date_of_birth',
            'link.choice',
            'link.reason as link_reason',
          ])
          .orderBy('contact_child.id'),
        timestamps: ['rag_due_at', 'decision_due_at'],
      },
      concerns: {
        query: db
          .selectFrom('contact_concern')
          .innerJoin('contact_child', 'contact_child.id', 'contact_concern.contact_child_id')
          .where('contact_child.contact_id', '=', contactId)
          .select('contact_concern.factor_code')
          .distinct(),
      },
      otherPeople: { query: peopleNamedQuery(db, contactId, access) },
      namedAdults: {
        query: db
          .selectFrom('contact_named_adult')
          .where('contact_id', '=', contactId)
          .select((eb) => [
            eb.fn.countAll<string>().as('named'),
            eb.fn.count<string>('person_id').as('linked'),
          ]),
      },
    });
    const [contact, namedAdults] = [read.contact[0]!, read.namedAdults[0]!];
    const { children } = read;
    const histories = new Map<number, Awaited<ReturnType<typeof loadChildHistory>>>();
    for (const child of children) {
      if (child.person_id !== null)
        histories.set(child.id, await loadChildHistory(db, child.person_id, { access, now }));
    }
    return {
      // The coded lawful basis in words, where the page shows the contact's consent.
      contact: { ...contact, lawful_basis: lawfulBasisText(lawfulBasisOf(contact)) },
      children: children.map((child) => ({ ...child, history: histories.get(child.id) ?? null })),
      concerns: read.concerns.map((row) => row.factor_code),
      otherPeople: peopleNamedFrom(read.otherPeople),
      // Adults an online or partner referrer named, held until a practitioner links each one.
      namedAdults: {
        named: Number(namedAdults.named),
        notLinked: Number(namedAdults.named) - Number(namedAdults.linked),
      },
    };
  });
}
