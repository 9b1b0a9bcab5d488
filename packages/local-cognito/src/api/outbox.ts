import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LocalCognitoConfig } from '../local-cognito.config';
import { LOCAL_COGNITO_CLOCK, LOCAL_COGNITO_CONFIG } from '../local-cognito.constants';
import type { Clock } from '../support/clock';
import {
  SerialWriter,
  localCognitoStateDir,
  readJsonFile,
  writeJsonFile,
} from '../support/state-files';

/** A message Cognito would have mailed: an invitation's temporary password, a reset code. */
export interface OutboxMessage {
  at: string;
  poolId: string;
  username: string;
  kind: 'invitation' | 'password-reset-code' | 'sign-up-code';
  /** The temporary password or the code. */
  secret: string;
}

export const OUTBOX_FILE = 'outbox.json';
/** Only the latest messages are kept: this is a development aid, not a mail archive. */
const KEEP = 50;

/**
 * No mail leaves the machine. What Cognito would send goes to the local Cognito's log and to
 * `outbox.json` in its state folder, which `npm run local-cognito -- messages` prints.
 * Development only: the local Cognito never runs in production.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger('LocalCognitoOutbox');
  private readonly writer = new SerialWriter();
  private readonly path: string;

  constructor(
    @Inject(LOCAL_COGNITO_CONFIG) config: LocalCognitoConfig,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {
    this.path = outboxPath(config.dataDir);
  }

  async send(message: Omit<OutboxMessage, 'at'>): Promise<void> {
    const entry = { at: new Date(this.clock.now()).toISOString(), ...message };
    // warn: the local Cognito logs only warnings and errors, and a mail that was not sent is one.
    this.logger.warn(
      `Not mailed (${entry.kind}) for ${JSON.stringify(entry.username)} in ${entry.poolId}: ${entry.secret}`,
    );
    await this.writer.run(async () => {
      const messages = await readOutbox(this.path);
      await writeJsonFile(this.path, { messages: [...messages, entry].slice(-KEEP) });
    });
  }
}

export function outboxPath(dataDir: string): string {
  return join(localCognitoStateDir(dataDir), OUTBOX_FILE);
}

export async function readOutbox(path: string): Promise<OutboxMessage[]> {
  const content = (await readJsonFile(path)) as { messages?: OutboxMessage[] } | undefined;
  return Array.isArray(content?.messages) ? content.messages : [];
}
