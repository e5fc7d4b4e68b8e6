// One server per process, so the load generator in the parent never shares its event loop:
//   core FILE  - the Core HTTP server over the database
//   bare BODY [STATUS] - node:http answering every request with the same fixed JSON (status 200 by default)
// Over IPC (when the parent opened it), any message is answered with the CPU µs used so far.
import http from 'node:http';
import { Engine } from '../src/main/engine';
import { createCoreServer } from '../src/main/server';

async function main(): Promise<void> {
  const [mode, arg, statusText] = process.argv.slice(2);
  let url: string;
  let stop: () => Promise<void>;
  if (mode === 'core') {
    const engine = Engine.open(arg, { exclusive: true });
    const core = createCoreServer(engine);
    url = (await core.listen(0, '127.0.0.1')).url;
    stop = async () => {
      await core.close();
      engine.close();
    };
  } else {
    const body = arg;
    const status = statusText === undefined ? 200 : Number(statusText);
    const server = http.createServer((_req, res) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address() as { port: number };
    url = `http://127.0.0.1:${addr.port}`;
    stop = () => new Promise((r) => server.close(() => r()));
  }
  // The parent asks over IPC how much CPU this process has used, to price each request.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.(user + system);
  });
  process.stdout.write(`${url}\n`);
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.once('disconnect', () => void stop().then(() => process.exit(0)));
}

void main();
