import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordIdOf } from '../http/params.ts';
import { ACCESS_LOG_PAGE_SIZE, accessLogOf } from './access-log.ts';

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

/**
 * "Who has looked at this child?": who viewed, changed or was refused a child's record, when and
 * through which page, newest first. Finds every read that showed the child (the `personIds` every
 * access-layer read now records), and the rows written before that by the records they belong to.
 */
export function registerAccessLogRoutes(app: FastifyInstance): void {
  app.get('/people/:id/access-log', { config: { permission: 'access_log:read' } }, async (request, reply) => {
    const id = recordIdOf(request, 'Person');
    const personId = id;
    const { page } = pageQuery.parse(request.query ?? {});
    const found = await request.access.readAccessLog(personId, (db) => accessLogOf(db, personId, page));
    if (found === 'not_team_work')
      return reply.code(403).view('platform/audit/views/access-log.njk', {
        pageTitle: 'Who has looked at this record',
        personId,
        notTeamWork: true,
      });
    return reply.view('platform/audit/views/access-log.njk', {
      pageTitle: 'Who has looked at this record',
      personId,
      page,
      rows: found.person ? found.rows.slice(0, ACCESS_LOG_PAGE_SIZE) : [],
      person: found.person,
      nextPage: found.rows.length > ACCESS_LOG_PAGE_SIZE ? page + 1 : null,
    });
  });
}
