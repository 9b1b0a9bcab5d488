import { createApp } from './app.factory';
import { StartupError, portProblem } from './common/startup-checks';
import { ConfigError } from './config/app-config';
import { loadAppConfig } from './config/load-app-config';
import { checkSettings, startEmbeddedDefaults } from './embedded-defaults';
import { installGracefulShutdown } from './shutdown/graceful-shutdown';
import { printBanner } from './startup-banner';

/** Bootstrap only: start the embedded defaults if needed, build the app, listen, stop cleanly. */
async function main(): Promise<void> {
  // Fail on bad settings, all of them, before starting anything.
  const checked = checkSettings(process.env);
  const embedded = await startEmbeddedDefaults(process.env, checked);
  try {
    const config = loadAppConfig(process.env, embedded.defaults);
    const app = await createApp(config);
    await app.listen(config.port, config.host).catch(async (error: unknown) => {
      await app.close(); // before PostgreSQL stops, so its pools end quietly
      throw portProblem(config.port, 'PORT', error);
    });
    app.flushLogs(); // so the banner comes after the start-up logs, where a newcomer looks
    printBanner(config, embedded);
    installGracefulShutdown(app, { afterClose: () => embedded.stop() });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  // Problems a person can fix are one line (per setting); anything else keeps its stack.
  const known = error instanceof ConfigError || error instanceof StartupError;
  console.error(known ? error.message : error);
  process.exit(1);
});
