import { MemoryEventStore } from '@app/event-store';
import { bootTestApp } from '../support/test-app';
import { describeAssociationLimitRaces } from './association-limit-races.suite';

describeAssociationLimitRaces('memory', async () => {
  const store = new MemoryEventStore();
  const app = await bootTestApp({ eventStore: store });
  return { apps: [app], store, close: () => app.close() };
});
