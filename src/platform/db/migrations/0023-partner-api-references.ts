import { sql, type Kysely } from 'kysely';

/**
 * Partner API: police references and the domestic abuse (DASH) risk level on a contact (issue 15,
 * item 17). Both are what a police system sends with a domestic abuse notification and what the
 * front door quotes back to the police; the DASH level is always stored with the date it was assessed,
 * because a DASH describes the risk on that day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact
      add column police_incident_reference text,
      add column crime_reference text,
      add column dash_risk_level text check (dash_risk_level in ('standard', 'medium', 'high')),
      add column dash_assessed_on date,
      add constraint contact_dash_dated check ((dash_risk_level is null) = (dash_assessed_on is null))
  `.execute(db);
}
