import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { checkRouteDeclaresPermission, UndeclaredPermissionError } from './route-guard.ts';

describe('every route declares its permission', () => {
  it('refuses to start an app with a route that declares neither a permission nor public', async () => {
    const app = Fastify();
    app.addHook('onRoute', checkRouteDeclaresPermission);
    expect(() => app.get('/forgotten', async () => 'oops')).toThrow(UndeclaredPermissionError);
    await app.close();
  });

  it('refuses a permission name that does not exist', () => {
    const route = { method: 'GET', url: '/x', handler: async () => '', config: { permission: 'everything' } };
    expect(() => checkRouteDeclaresPermission(route as never)).toThrow(/declares no permission/);
  });

  it('accepts a declared permission, an explicit public route and static assets', () => {
    const handler = async () => '';
    expect(() =>
      checkRouteDeclaresPermission({
        method: 'GET',
        url: '/a',
        handler,
        config: { permission: 'person:read' },
      } as never)
    ).not.toThrow();
    expect(() =>
      checkRouteDeclaresPermission({ method: 'GET', url: '/b', handler, config: { public: true } } as never)
    ).not.toThrow();
    expect(() =>
      checkRouteDeclaresPermission({ method: 'GET', url: '/assets/x.css', handler } as never)
    ).not.toThrow();
  });
});
