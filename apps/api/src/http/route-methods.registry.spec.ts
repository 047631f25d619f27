import { RouteMethodsRegistry } from './route-methods.registry';

describe('RouteMethodsRegistry', () => {
  const registry = new RouteMethodsRegistry();
  registry.register(['GET', 'HEAD'], '/health');
  registry.register('PUT', '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId');
  registry.register('DELETE', '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId');
  registry.register('GET', '/docs/*');

  it('lists the methods of a static path', () => {
    expect(registry.allowedMethods('/health')).toEqual(['GET', 'HEAD']);
    expect(registry.allowedMethods('/health?verbose=1')).toEqual(['GET', 'HEAD']);
    expect(registry.allowedMethods('/health/')).toEqual(['GET', 'HEAD']);
  });

  it('matches parameters one segment at a time', () => {
    expect(registry.allowedMethods('/crm/v4/objects/0-1/12/associations/0-2/34')).toEqual(['DELETE', 'PUT']);
    expect(registry.allowedMethods('/crm/v4/objects/0-1/12/associations/0-2')).toEqual([]);
  });

  it('matches wildcards over the rest of the path', () => {
    expect(registry.allowedMethods('/docs/swagger-ui.css')).toEqual(['GET']);
  });

  it('knows nothing of unknown paths', () => {
    expect(registry.allowedMethods('/nope')).toEqual([]);
  });
});
