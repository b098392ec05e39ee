'use strict';
// The shop for every Express stack of the reality suite: one process of a pair behind HAProxy.
// tools/reality/driver.py chooses the store and the set-up through the environment:
//   PORT, SERVER_NAME (s1 or s2, echoed in an X-Server header so the driver sees the route)
//   STORE  memory | file | postgres | redis | cookie
//   SETUP  defaults | short (3 s idle, rolling) | short-app-limit (short + a 5 s absolute limit)
//   PG_PORT, REDIS_PORT  the store's port on 127.0.0.1
//   README_CLIENT=1  the redis client exactly as connect-redis's readme shows (no 'error' listener)
//   SECURE=1  cookie.secure = true;  TRUST_PROXY=1  app.set('trust proxy', 1)
// Everything else is each library's default. The working directory is the server's own
// (session-file-store keeps its default ./sessions there).
const express = require('express');

const env = process.env;
const NAME = env.SERVER_NAME || 's?';
const PORT = Number(env.PORT);
const STORE = env.STORE || 'memory';
const SETUP = env.SETUP || 'defaults';
const SHORT = SETUP === 'short' || SETUP === 'short-app-limit';
const APP_LIMIT_MS = 5000;
// Both servers of a pair share the secret, as a real deployment must.
const SECRET = 'session-lab reality secret';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function makeStore(session) {
  switch (STORE) {
    case 'memory':
      return undefined; // express-session's MemoryStore
    case 'file': {
      const FileStore = require('session-file-store')(session);
      return new FileStore();
    }
    case 'postgres': {
      const PgStore = require('connect-pg-simple')(session);
      return new PgStore({ conString: `postgres://postgres@127.0.0.1:${env.PG_PORT}/postgres` });
    }
    case 'redis': {
      const { RedisStore } = require('connect-redis');
      const { createClient } = require('redis');
      // As connect-redis's readme, with the server's address.
      const redisClient = createClient({ url: `redis://127.0.0.1:${env.REDIS_PORT}` });
      if (env.README_CLIENT !== '1') {
        redisClient.on('error', (err) => console.error(`redis client error: ${err.message}`));
      }
      redisClient.connect().catch(console.error);
      return new RedisStore({ client: redisClient, prefix: 'myapp:' });
    }
    default:
      throw new Error(`unknown STORE ${STORE}`);
  }
}

const app = express();
if (env.TRUST_PROXY === '1') app.set('trust proxy', 1);
app.use((req, res, next) => {
  res.set('X-Server', NAME);
  next();
});
app.use(express.urlencoded());

if (STORE === 'cookie') {
  const cookieSession = require('cookie-session');
  const options = { name: 'session', keys: [SECRET] };
  if (SHORT) options.maxAge = 3000;
  app.use(cookieSession(options));
} else {
  const session = require('express-session');
  const options = { secret: SECRET };
  const store = makeStore(session);
  if (store) options.store = store;
  const cookie = {};
  if (SHORT) {
    cookie.maxAge = 3000;
    options.rolling = true;
  }
  if (env.SECURE === '1') cookie.secure = true;
  if (Object.keys(cookie).length > 0) options.cookie = cookie;
  app.use(session(options));
}

// No library has an absolute limit: this is the app's own (set-up "short-app-limit").
if (SETUP === 'short-app-limit') {
  app.use((req, res, next) => {
    const s = req.session;
    if (!s || !s.loginAt || Date.now() - s.loginAt <= APP_LIMIT_MS) return next();
    if (STORE === 'cookie') {
      req.session = null;
      return next();
    }
    s.destroy((err) => next(err));
  });
}

const state = (s) => ({ user: (s && s.user) || null, cart: (s && s.cart) || [] });

app.post('/login', (req, res) => {
  req.session.user = req.body.user;
  if (SETUP === 'short-app-limit') req.session.loginAt = Date.now();
  res.json(state(req.session));
});

app.get('/', (req, res) => {
  res.json(state(req.session));
});

// Read the cart, take 200 ms, append, save (at the end of the response, as the library does).
app.post('/cart', async (req, res) => {
  const cart = [...((req.session && req.session.cart) || [])];
  await sleep(200);
  cart.push(req.body.item);
  req.session.cart = cart;
  res.json(state(req.session));
});

app.post('/logout', (req, res, next) => {
  if (STORE === 'cookie') {
    req.session = null;
    return res.json({ ok: true });
  }
  req.session.destroy((err) => (err ? next(err) : res.json({ ok: true })));
});

app.listen(PORT, '127.0.0.1', (err) => {
  if (err) throw err;
  console.log(`${NAME}: express ${STORE} (${SETUP}) on 127.0.0.1:${PORT}`);
});
