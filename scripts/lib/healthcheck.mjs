// Container health checks (docker-compose.yml, the Dockerfiles), with nothing but Node:
//   node scripts/lib/healthcheck.mjs http://127.0.0.1:3000/api/auth/csrf   → healthy when it answers 2xx
//   node scripts/lib/healthcheck.mjs tcp 25,587,143                         → healthy when any port accepts
import net from 'node:net';

const [target, ports] = process.argv.slice(2);
const done = (ok, why) => {
  if (!ok) console.error(`unhealthy: ${why}`);
  process.exit(ok ? 0 : 1);
};
setTimeout(() => done(false, 'no answer within 4 s'), 4000).unref();

if (target === 'tcp') {
  const list = String(ports ?? '')
    .split(',')
    .map(Number)
    .filter((p) => p > 0);
  if (!list.length) done(false, 'no ports given');
  let left = list.length;
  for (const port of list) {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => {
      if (--left === 0) done(false, `nothing accepts on ${list.join(', ')}`);
    });
  }
} else if (target) {
  fetch(target, { redirect: 'manual' }).then(
    (response) => done(response.status >= 200 && response.status < 400, `${target} answered ${response.status}`),
    (error) => done(false, `${target}: ${error.cause?.code ?? error.message}`),
  );
} else {
  done(false, 'usage: healthcheck.mjs URL | tcp PORT[,PORT…]');
}
