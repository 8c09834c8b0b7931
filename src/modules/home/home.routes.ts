import type { FastifyInstance } from 'fastify';
import type { Role } from '../../platform/db/schema.ts';
import { signedInActor } from '../../platform/http/request-context.ts';

interface HomeSection {
  heading: string;
  text: string;
  link?: { href: string; text: string };
}

/** What each role comes to Front Door to do; each section fills in as its capability arrives. */
const HOME_SECTIONS: Record<Role, { title: string; sections: HomeSection[] }> = {
  front_door_practitioner: {
    title: 'Your front door work',
    sections: [
      { heading: 'Incoming contacts', text: 'No contacts are waiting for you to screen.' },
      {
        heading: 'Find a child or family member',
        text: 'Search the person index before recording a contact.',
        link: { href: '/people', text: 'Find a person' },
      },
    ],
  },
  team_manager: {
    title: 'Your team',
    sections: [
      { heading: 'Decisions to authorise', text: 'No decisions are waiting for your authorisation.' },
      { heading: 'Overdue work', text: 'Nothing is overdue.' },
      {
        heading: 'Find a child or family member',
        text: 'Search the person index.',
        link: { href: '/people', text: 'Find a person' },
      },
    ],
  },
  partner_agency_practitioner: {
    title: 'Information requests for your agency',
    sections: [
      {
        heading: 'Requests waiting for a response',
        text: 'Your agency has no information requests waiting.',
      },
    ],
  },
  out_of_hours_worker: {
    title: 'Out-of-hours work',
    sections: [
      { heading: 'Open cases and alerts', text: 'There are no alerts for tonight.' },
      {
        heading: 'Find a child or family member',
        text: 'Search the person index.',
        link: { href: '/people', text: 'Find a person' },
      },
    ],
  },
  qa_officer: {
    title: 'Quality assurance',
    sections: [{ heading: 'Dip samples and audits', text: 'No audits are in progress.' }],
  },
  performance_analyst: {
    title: 'Performance and returns',
    sections: [
      { heading: 'Reports', text: 'Performance pages, Ofsted Annex A and the CIN census will appear here.' },
    ],
  },
  senior_leader: {
    title: 'Front door overview',
    sections: [{ heading: 'Performance', text: 'The front door performance summary will appear here.' }],
  },
  administrator: {
    title: 'Administration',
    sections: [
      {
        heading: 'Audit trail',
        text: 'Search who viewed, searched, exported or changed a record.',
        link: { href: '/admin/audit', text: 'Search the audit trail' },
      },
    ],
  },
};

export function registerHomeRoutes(app: FastifyInstance): void {
  app.get('/', { config: { permission: 'home:view' } }, async (request, reply) => {
    const home = HOME_SECTIONS[signedInActor(request).role];
    return reply.view('modules/home/views/home.njk', { pageTitle: home.title, home });
  });
}
