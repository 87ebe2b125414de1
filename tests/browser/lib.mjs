// What the browser tests share: the settings from the environment (see run.mjs), failure bookkeeping, the
// browser itself, and the steps the parts repeat (log in, upload, search, wait for indexing, axe, vnu,
// screenshots).

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`environment variable ${name} is not set`);
  return v;
};

export const BASE = env('KA_BASE').replace(/\/$/, '');
export const USER = env('KA_USER');
export const PASSWORD = env('KA_PASSWORD');
export const SYSTEM = env('KA_SYSTEM');
export const API_DOC = env('KA_DOC');
export const PDF = env('KA_PDF');
export const PDF_NOJS = env('KA_PDF_NOJS');
export const CVR = env('KA_CVR', '38009877');
export const REVISOR = process.env.KA_REVISOR; // optional: a revisor user, for the auditor's view and a 403 page
export const REVISOR_PASSWORD = process.env.KA_REVISOR_PASSWORD;
// optional: a unit (enhed) of another forvaltning than the uploads', and ØKF's documentation it sees as metadata
export const ENHED_TOKEN = process.env.KA_ENHED_TOKEN;
export const DOCUMENTATION = process.env.KA_DOCUMENTATION;
export const MISSING = '01a2465ea81e73858437a4a130a00bb8'; // a document id that does not exist
export const OUT = env('KA_OUT');
export const SHOTS = env('KA_SCREENSHOTS');
export const CHROMIUM = env('KA_CHROMIUM', '/usr/bin/chromium');
export const ONLY = (process.env.KA_ONLY || 'walk,next,axe,html,nojs,reflow,shots').split(',');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
export const INDEXED = 'Søgbar'; // status_label("indexed") in templates/src/format.rs
export const PENDING = 'Venter på tekstudtræk';

export const failures = [];
export const warnings = [];
export const log = (...a) => console.log('[browser]', ...a);
export function fail(part, message) {
  failures.push(`${part}: ${message}`);
  console.log(`[browser] FAIL ${part}: ${message}`);
}
export function check(cond, part, message) {
  if (!cond) fail(part, message);
  return cond;
}

fs.mkdirSync(OUT, { recursive: true });
fs.mkdirSync(SHOTS, { recursive: true });
// A fresh profile: Playwright refuses `--user-data-dir` with launch() (it is for launchPersistentContext,
// which allows one context only, and the checks need several), and makes a fresh profile of its own in
// os.tmpdir() for every launch, removed on close; TMPDIR puts it in our scratch directory.
export const userDataDir = fs.mkdtempSync(path.join(OUT, 'chromium-profile-'));
process.env.TMPDIR = userDataDir;

// No GPU, no network of its own, no first-run, sync or component updates.
export const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  timeout: 60_000,
});
log('chromium', browser.version());

export const url = (p) => BASE + p;

/** A new context (JavaScript on unless told), with console errors and CSP reports logged. */
export async function newContext(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'da-DK',
    acceptDownloads: true,
    ...options,
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Logs in through the form; answers the page, left on the start page. */
export async function login(context, part, user = USER, password = PASSWORD) {
  const page = await context.newPage();
  page.on('console', (m) => {
    // The 404 page is fetched on purpose; its status shows up as a console error.
    if (m.type() === 'error' && !(m.text().includes('status of 404') && page.url().includes(MISSING)))
      warnings.push(`${part}: console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(part, `JavaScript error on ${page.url()}: ${e.message}`));
  const r = await page.goto(url('/login'));
  check(r.status() === 200, part, `GET /login answered ${r.status()}`);
  const cookies = await context.cookies(BASE);
  check(cookies.some((c) => c.name === 'ka_login'), part, 'GET /login set no ka_login cookie');
  check((await page.locator('input[name=csrf_token]').count()) === 1, part, 'the login form has no csrf_token');
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/', { timeout: 30_000 }),
    page.locator('form[action="/login"] button[type=submit]').click(),
  ]);
  const after = await context.cookies(BASE);
  if (!after.some((c) => c.name === 'ka_session')) throw new Error('no ka_session cookie after logging in');
  check(
    (await page.locator('form[action="/logout"]').count()) > 0,
    part,
    'the start page after login has no log-out form',
  );
  return page;
}

/** Waits until a document page says the text is searchable; reloads (or follows the page's own polling). */
export async function waitIndexed(page, part, withJs) {
  const deadline = Date.now() + 60_000;
  const status = page.locator('[data-status-text]').first();
  for (;;) {
    const text = ((await status.count()) ? await status.innerText() : '').trim();
    if (text.includes(INDEXED)) return true;
    if (text && !text.includes(PENDING)) {
      fail(part, `the document's status became ${JSON.stringify(text)}, not ${INDEXED}`);
      return false;
    }
    if (Date.now() > deadline) {
      fail(part, `still not indexed after 60 s on ${page.url()} (status ${JSON.stringify(text)})`);
      return false;
    }
    if (withJs) {
      // The page polls the status itself; give it time before falling back to a reload.
      try {
        await page.waitForFunction(
          (p) => !(document.querySelector('[data-status-text]')?.textContent || '').includes(p),
          PENDING,
          { timeout: 5_000 },
        );
        continue;
      } catch {
        /* fall through to a reload */
      }
    } else {
      await page.waitForTimeout(1_000);
    }
    const refresh = page.getByRole('link', { name: 'Opdater status' });
    if (!withJs && (await refresh.count())) {
      await Promise.all([page.waitForLoadState('load'), refresh.first().click()]);
    } else {
      await page.reload();
    }
  }
}

/** Fills and sends the Indsend form for a contract; answers the document id. */
export async function uploadContract(page, part, { title, pdf, system, chooseKindByLink }) {
  if (chooseKindByLink) {
    await page.goto(url('/indsend'));
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('type') === 'contract'),
      page.locator('a[href="/indsend?type=contract"]').first().click(),
    ]);
  } else {
    await page.goto(url('/indsend?type=contract'));
  }
  const form = page.locator('form:has(input[type=file][name=file])');
  check((await form.locator('input[name=csrf_token]').count()) === 1, part, 'the upload form has no csrf_token');
  await form.locator('[name=title]').fill(title);
  await form.locator('select[name=forvaltning]').selectOption('ØKF');
  await form.locator('[name=supplier_cvr]').fill(CVR);
  await form.locator('[name=supplier_name]').fill('Nordlys Drift A/S');
  await form.locator('[name=signed_on]').fill('2024-06-28');
  if ((await form.locator('[name=valid_from]').count()) > 0) await form.locator('[name=valid_from]').fill('2024-07-01');
  if ((await form.locator('[name=valid_to]').count()) > 0) await form.locator('[name=valid_to]').fill('2028-06-30');
  if ((await form.locator('[name=notice_months]').count()) > 0) await form.locator('[name=notice_months]').fill('6');
  // To the end of a quarter: the contract then has a last notice day for the dossier and Frister to show.
  if ((await form.locator('select[name=notice_anchor]').count()) > 0)
    await form.locator('select[name=notice_anchor]').selectOption('end_of_quarter');
  if (system) await form.locator('select[name=system_ids]').selectOption(system);
  await form.locator('input[type=file][name=file]').setInputFiles(pdf);
  await Promise.all([
    page.waitForURL(/\/dokumenter\/[^/?#]+/, { timeout: 60_000 }),
    form.locator('button[type=submit]').last().click(),
  ]);
  const id = new URL(page.url()).pathname.split('/')[2];
  log(`${part}: uploaded ${path.basename(pdf)} as ${id}`);
  return id;
}

/** Searches through the search form on the start page; answers the hit links. */
export async function search(page, q) {
  await page.goto(url('/'));
  await page.locator('input#q').fill(q);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === q), page.locator('input#q').press('Enter')]);
  return page.locator('main a[href^="/dokumenter/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

/** Saves a download; when the browser gave up on it, says what the same request answers. */
export async function saveDownload(page, download, file, href) {
  const failure = await download.failure();
  if (failure) {
    const r = await page.context().request.get(url(href), { maxRedirects: 0 });
    const body = (await r.body()).subarray(0, 300).toString('utf8');
    throw new Error(
      `the download of ${href} (named ${download.suggestedFilename()}) failed: ${failure}; ` +
        `the same request answers ${r.status()} ${r.headers()['content-type']}: ${body}`,
    );
  }
  await download.saveAs(file);
}

export async function screenshot(page, name, from = null) {
  const file = path.join(SHOTS, `${name}.png`);
  // The whole page from the top (or from the element `from`), cut at 2000 px so that a long result list
  // stays a picture one can look at.
  const top = from ? Math.max(0, Math.floor((await page.locator(from).first().boundingBox()).y) - 16) : 0;
  const height = (await page.evaluate(() => document.documentElement.scrollHeight)) - top;
  const width = page.viewportSize().width;
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top, width, height: Math.min(height, 2000) } });
  log(`screenshot ${path.relative(process.cwd(), file)}`);
}


export async function runAxe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags.filter((t) => t.startsWith('wcag')),
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

// vnu writes its JSON report to standard error.
export function vnu(args) {
  const run = spawnSync('java', ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.error || run.status !== 0) {
    fail('html', `vnu did not run (java -jar ${VNU_JAR}): ${run.error?.message ?? run.stderr.slice(0, 500)}`);
    return [];
  }
  try {
    return JSON.parse(run.stderr.trim() || run.stdout.trim()).messages;
  } catch (e) {
    fail('html', `vnu's output is not JSON: ${run.stderr.slice(0, 500)}`);
    return [];
  }
}
