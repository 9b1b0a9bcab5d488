import { Agent, get, type IncomingMessage } from 'node:http';
import { TestStack } from '../support/test-stack';

/**
 * Behind a load balancer the app must not close an idle keep-alive connection before the balancer
 * does (an ALB keeps its own 60 s): one it closes first can meet the balancer's next request and
 * that client gets a 502. Node's own default is 5 s.
 */
describe('Idle keep-alive connections outlive the load balancer', () => {
  let stack: TestStack;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    agent.destroy();
    await stack.close();
  });

  const fetchLive = (): Promise<{ response: IncomingMessage; reused: boolean }> =>
    new Promise((resolve, reject) => {
      const request = get(`${stack.baseUrl}/health/live`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ response, reused: request.reusedSocket }));
      });
      request.on('error', reject);
    });

  it('announces KEEP_ALIVE_TIMEOUT_SECONDS (65 by default) to clients', async () => {
    const { response } = await fetchLive();
    expect(response.headers['keep-alive']).toBe('timeout=65');
  });

  it('still serves a connection left idle for longer than Node’s default 5 s', async () => {
    await fetchLive();
    // The idle time is what is tested: a connection the app closed at 5 s is gone by 8 s.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const { response, reused } = await fetchLive();
    expect(response.statusCode).toBe(200);
    expect(reused).toBe(true);
  });
});
