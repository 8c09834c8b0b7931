import type { FastifyInstance } from 'fastify';

/** The browser features Front Door never uses, switched off for every page and anything framed in it. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/**
 * Headers on every response:
 * - `Permissions-Policy` turns off camera, microphone, location and the like;
 * - `Cache-Control: no-store` on everything a signed-in user or a partner system is sent (children's
 *   records, letters and their downloads, API answers), so no browser, proxy or shared computer keeps
 *   a copy. Public pages default to `no-store` too (the online request form shows what was typed back);
 *   only public files that set their own caching (stylesheets, fonts, scripts) keep it.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    const isPublic = request.routeOptions.config?.public === true;
    if (!isPublic || request.session || !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
