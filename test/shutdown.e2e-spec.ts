import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { Registration } from '../src/registrations/registration.entity.js';
import { nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, createRoom, createUser, createVenue } from './support/factories.js';
import { freshDatabase, startTestApp } from './support/test-app.js';

// The built app in its own process, as `npm start` runs it; SIGTERM under keep-alive load.
const ZONE = 'Asia/Jakarta';
const PORT = process.env.TEST_DATABASE_URL ? 3818 : 3817;
const BASE = `http://127.0.0.1:${PORT}`;
const LIMIT_SECONDS = 10;
const WORKERS = 32;
const MAX_REQUESTS_PER_WORKER = 1500;
const LOAD_LIMIT_MS = 30_000;

let database: Awaited<ReturnType<typeof freshDatabase>>;
let eventId: number;

beforeAll(async () => {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  database = await freshDatabase();
  const setup = await startTestApp({ databaseUrl: database.url });
  try {
    const venue = await createVenue(setup, { timezone: ZONE }, [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })));
    const room = await createRoom(setup, venue.id, { kind: 'conference_hall', capacity: 10000, maxMinutes: 480 });
    const organiser = await createUser(setup);
    eventId = (await publishedEvent(setup, await bearer(setup, organiser), room, nextWeekday(ZONE, 3), ZONE, { capacity: 10000 })).id;
  } finally {
    await setup.close();
  }
}, 240_000);
afterAll(async () => { await database?.drop(); });

function startApp(): Promise<{ child: ChildProcess; output: string[] }> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(PORT), DATABASE_URL: database.url, PUBLIC_BASE_URL: BASE,
      SESSION_SECRET: 'shutdown-test-secret-shutdown-test-secret', SEED_DEMO_DATA: 'false', MAIL_WORKER: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return new Promise((resolve, reject) => {
    const started = setTimeout(() => reject(new Error(`the app did not start:\n${output.join('')}`)), 30_000);
    child.stdout!.on('data', () => {
      if (output.join('').includes('is listening on')) {
        clearTimeout(started);
        resolve({ child, output });
      }
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}):\n${output.join('')}`)));
  });
}

interface Answer { status: number; email: string; connection: string | undefined }

function register(agent: http.Agent, email: string): Promise<Answer> {
  const body = JSON.stringify({ name: 'Peserta Beban', email, consent: true });
  return new Promise((resolve, reject) => {
    const req = http.request(`${BASE}/api/events/${eventId}/registrations`, {
      method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, email, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One keep-alive client: sends until the app refuses a connection (or another error), a bounded number of times;
 * returns how it ended and the Connection header of its last answer.
 */
async function worker(n: number, answers: Answer[], until: number): Promise<{ ending: string; last: string | undefined }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let last: string | undefined;
  try {
    for (let i = 0; i < MAX_REQUESTS_PER_WORKER && Date.now() < until; i++) {
      try {
        const answer = await register(agent, `beban-${n}-${i}@contoh.id`);
        answers.push(answer);
        last = answer.connection;
      } catch (error) {
        return { ending: (error as NodeJS.ErrnoException).code ?? String(error), last };
      }
    }
    return { ending: 'gave up', last };
  } finally {
    agent.destroy();
  }
}

/** Raw socket: writes `head` now; `finish` sends the rest and reads the answer until the app closes the socket (or 5 s). */
function partialRequest(head: string): Promise<{ socket: net.Socket; finish: (rest: string) => Promise<{ received: string; closed: boolean }> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(PORT, '127.0.0.1', () => {
      socket.write(head);
      let received = '';
      socket.on('data', (chunk) => { received += String(chunk); });
      resolve({
        socket,
        finish: (rest) => new Promise((done) => {
          const timer = setTimeout(() => done({ received, closed: false }), 5000);
          socket.once('close', () => { clearTimeout(timer); done({ received, closed: true }); });
          socket.write(rest);
        }),
      });
    });
    socket.once('error', reject);
  });
}

const refused = (): Promise<boolean> => new Promise((resolve) => {
  const socket = net.connect(PORT, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(false); });
  socket.once('error', () => resolve(true));
});

const waitFor = async (check: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe('shutdown under keep-alive load', () => {
  it(`stops within ${LIMIT_SECONDS} s of SIGTERM, answers what is in flight with Connection: close, and keeps every 201`, async () => {
    const { child, output } = await startApp();
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
    const sockets: net.Socket[] = [];
    try {
      const answers: Answer[] = [];
      const workers = Array.from({ length: WORKERS }, (_, n) => worker(n, answers, Date.now() + LOAD_LIMIT_MS));
      expect(await waitFor(() => answers.filter((a) => a.status === 201).length >= 200, 20_000)).toBe(true);

      // An idle keep-alive connection, and a request whose body is only half sent when the signal comes.
      const idle = net.connect(PORT, '127.0.0.1');
      sockets.push(idle);
      await new Promise((r) => idle.once('connect', r));
      idle.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
      await new Promise((r) => idle.once('data', r));
      let idleClosed = false;
      idle.once('close', () => { idleClosed = true; });
      const body = JSON.stringify({ name: 'Peserta Terakhir', email: 'terakhir@contoh.id', consent: true });
      const half = Math.floor(body.length / 2);
      const slow = await partialRequest(`POST /api/events/${eventId}/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, half)}`);
      sockets.push(slow.socket);

      const signalledAt = Date.now();
      child.kill('SIGTERM');
      // New connections are refused soon after the signal, while the half-sent request is still in flight.
      let refusedAfterSignal = false;
      while (!refusedAfterSignal && Date.now() - signalledAt < LIMIT_SECONDS * 1000) {
        refusedAfterSignal = await refused();
        if (!refusedAfterSignal) await new Promise((r) => setTimeout(r, 20));
      }
      const slowAnswer = await slow.finish(body.slice(half));
      let giveUp: NodeJS.Timeout | undefined;
      const exit = await Promise.race([exited, new Promise<null>((r) => { giveUp = setTimeout(() => r(null), LOAD_LIMIT_MS + 10_000); })]);
      clearTimeout(giveUp);
      const endings = await Promise.all(workers);

      expect(refusedAfterSignal).toBe(true);
      expect(slowAnswer.received).toMatch(/^HTTP\/1\.1 201/);
      expect(slowAnswer.received).toMatch(/\r\nConnection: close\r\n/i);
      expect(slowAnswer.closed).toBe(true);
      expect(exit).not.toBeNull();
      expect(exit!.at - signalledAt).toBeLessThan(LIMIT_SECONDS * 1000);
      expect(exit!.code).toBe(0);
      expect(output.join('')).toContain('SIGTERM: accepting no new connections');
      expect(idleClosed).toBe(true);
      // Every client was told to close its connection with its last answer (none was reset mid-conversation),
      // then found the door shut; none was still being served when its loop ran out.
      expect(endings.map((e) => e.last)).toEqual(endings.map(() => 'close'));
      expect(endings.filter((e) => e.ending === 'gave up')).toEqual([]);
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);

      const check = await startTestApp({ databaseUrl: database.url });
      try {
        const kept = new Set((await check.db.getRepository(Registration).find({ where: { eventId }, select: { email: true } })).map((r) => r.email));
        const given = answers.filter((a) => a.status === 201).map((a) => a.email).concat('terakhir@contoh.id');
        expect(given.filter((email) => !kept.has(email))).toEqual([]);
      } finally {
        await check.close();
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  }, 120_000);
});
