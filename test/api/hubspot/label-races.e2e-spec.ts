import { MemoryEventStore } from '@app/event-store';
import { bootTestApp } from '../support/test-app';
import { describeLabelRaces } from './label-races.suite';

describeLabelRaces('memory', async () => {
  const store = new MemoryEventStore();
  const app = await bootTestApp({ eventStore: store });
  return { apps: [app], store, close: () => app.close() };
});
