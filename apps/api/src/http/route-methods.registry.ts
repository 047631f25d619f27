import type { FastifyInstance, HTTPMethods } from 'fastify';

interface RoutePattern {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * Remembers every route fastify registers so a request that matches no route can be told apart:
 * a path that exists under other methods gets 405 with an `Allow` header; anything else gets 404.
 * fastify itself answers both with its not-found handler.
 */
export class RouteMethodsRegistry {
  private readonly routes = new Map<string, RoutePattern>();

  /** Must run before the routes are registered (before `app.init()`). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => this.register(route.method, route.url));
  }

  register(method: HTTPMethods | HTTPMethods[] | string | string[], url: string): void {
    const key = url.length > 1 ? url.replace(/\/+$/, '') : url;
    let route = this.routes.get(key);
    if (!route) {
      route = { pattern: toPattern(key), methods: new Set() };
      this.routes.set(key, route);
    }
    for (const m of Array.isArray(method) ? method : [method]) route.methods.add(m.toUpperCase());
  }

  /** Methods some route accepts for this path (query string ignored), sorted; empty if no route has the path. */
  allowedMethods(url: string): string[] {
    const path = url.split('?', 1)[0] ?? url;
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const allowed = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(trimmed)) route.methods.forEach((m) => allowed.add(m));
    }
    return [...allowed].sort();
  }
}

/** fastify route syntax → RegExp: `:param` is one segment, `*` is the rest of the path. */
function toPattern(url: string): RegExp {
  let source = '';
  for (const segment of url.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/)) {
    if (segment === '*') source += '.*';
    else if (segment.startsWith(':')) source += '[^/]+';
    else source += segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
