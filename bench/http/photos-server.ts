/**
 * Photos in a process of its own for bench/http: the app built by the shared `createApp` from the
 * environment the parent's test stack prepared, listening on its PORT.
 */
import { createApp } from '../../src/app.factory';
import { loadAppConfig } from '../../src/config/load-app-config';
import { serveForParent } from '../support/child-server';

void (async () => {
  const config = loadAppConfig(process.env);
  const app = await createApp(config);
  await serveForParent(
    async () => {
      await app.listen(config.port, '127.0.0.1');
      return config.port;
    },
    () => app.close(),
  );
})();
