// An Express app with its own login form (one fixed demo password) whose sessions SessionCluster owns.
// SC_API_URL (default http://127.0.0.1:5080), SC_API_KEY (default dev-key), PORT (default 3000), DEMO_PASSWORD (default demo).
import express from 'express';
import { sessionCluster, requireSession, signIn, signOut } from '@sessioncluster/express';

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(sessionCluster({ baseUrl: process.env.SC_API_URL ?? 'http://127.0.0.1:5080', apiKey: process.env.SC_API_KEY ?? 'dev-key' }));

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

app.get('/', (req, res) => res.redirect('/protected'));
app.get('/login', (req, res) => res.send(page('Sign in', `
  ${req.query.error ? '<p role="alert">Wrong user or password.</p>' : ''}
  <form method="post" action="/login">
    <label>User <input name="user" required></label>
    <label>Password <input name="password" type="password" required></label>
    <button type="submit">Sign in</button>
  </form><p>Demo: any user name, password <code>demo</code>.</p>`)));
app.post('/login', async (req, res, next) => {
  // The login form is the app's own; SameSite=Lax cookies and same-origin POSTs only are this sample's CSRF stance.
  if (req.get('sec-fetch-site') && req.get('sec-fetch-site') !== 'same-origin') return res.status(403).send('cross-site');
  if (!req.body.user || req.body.password !== (process.env.DEMO_PASSWORD ?? 'demo')) return res.redirect('/login?error=1');
  try {
    await signIn(res, req.body.user.trim(), { device: { name: 'Web browser', type: 'browser' } });
    res.redirect('/protected');
  } catch (error) {
    next(error);
  }
});
app.get('/protected', requireSession({ loginPath: '/login' }), (req, res) => res.send(page('Protected', `
  <p>Signed in as <strong>${esc(req.sessionCluster.user)}</strong> (AAL ${req.sessionCluster.aal}).</p>
  <button id="out" type="button">Sign out</button><script src="/app.js"></script>`)));
app.get('/app.js', (req, res) => res.type('text/javascript').send(
  "const csrf=(document.cookie.split('; ').find(c=>c.startsWith('__Host-sc-csrf='))??'').split('=')[1]??'';" +
  "document.getElementById('out').onclick=async()=>{await fetch('/logout',{method:'POST',headers:{'X-CSRF-Token':csrf}});location.href='/login';};"));
app.post('/logout', requireSession(), async (req, res, next) => {
  try { await signOut(req, res); res.status(204).end(); } catch (error) { next(error); }
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => console.log(`express sample on http://127.0.0.1:${port}`));
