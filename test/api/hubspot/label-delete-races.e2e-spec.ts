import { EVENT_STORE, type EventStore } from '@app/event-store';
import { bootTestApp } from '../support/test-app';
import { describeLabelDeleteRaces } from './label-delete-races.suite';

describeLabelDeleteRaces('memory', async () => {
  const app = await bootTestApp();
  return { apps: [app], store: app.get<EventStore>(EVENT_STORE), close: () => app.close() };
});
