// Browser tests of Kontraktarkiv's pages: Debian's Chromium driven by playwright-core.
//
// Started by tests/e2e/browser.rs against a real service; every input comes from the environment:
//   KA_BASE        the service's base URL (http://127.0.0.1:PORT)
//   KA_USER        a koncern_it user with a password (made with `user add --password-stdin`)
//   KA_PASSWORD    its password
//   KA_SYSTEM      a system id registered through the API (the walk links its upload to it)
//   KA_DOC         a document uploaded through the API and indexed (for the pages if the walk's upload fails)
//   KA_PDF         the PDF the walk uploads through the form (with JavaScript)
//   KA_PDF_NOJS    the PDF uploaded through the form with JavaScript off
//   KA_CVR         the supplier's CVR for the uploads (one the service accepts)
//   KA_REVISOR, KA_REVISOR_PASSWORD  optional: a revisor user (the auditor's pages, a 403 page)
//   KA_ENHED_TOKEN                   optional: an API token of an enhed of BUF (the pages as a unit sees them)
//   KA_DOCUMENTATION                 optional: ØKF's system documentation (metadata only to that unit)
//   KA_OUT         a scratch directory (downloads, saved HTML)
//   KA_SCREENSHOTS where the screenshots go (docs/screenshots)
//   KA_CHROMIUM    the browser (default /usr/bin/chromium)
//   KA_ONLY        optional comma-separated list of parts to run: walk,next,axe,html,nojs,reflow,shots
//
// Every part runs even when one before it failed; the script prints each failure readably and exits 1 if
// there was any.

import fs from 'node:fs';
import path from 'node:path';

import {
  API_DOC,
  BASE,
  CVR,
  MISSING,
  ONLY,
  OUT,
  PDF,
  PDF_NOJS,
  REVISOR,
  USER,
  PASSWORD,
  REVISOR_PASSWORD,
  ENHED_TOKEN,
  DOCUMENTATION,
  SYSTEM,
  browser,
  check,
  fail,
  failures,
  log,
  login,
  newContext,
  runAxe,
  saveDownload,
  screenshot,
  search,
  uploadContract,
  url,
  userDataDir,
  vnu,
  waitIndexed,
  warnings,
} from './lib.mjs';

// ---------------------------------------------------------------------------------------------------------
// 1. The walk, with JavaScript on, screenshots at 1280 px on the way.

let docId = API_DOC; // the walk's upload replaces it when it works
const shots = ONLY.includes('shots');
const jsContext = await newContext();
let jsPage;
try {
  // The login page itself, before logging in.
  const anon = await jsContext.newPage();
  await anon.goto(url('/login'));
  if (shots) await screenshot(anon, 'login');
  await anon.close();
  jsPage = await login(jsContext, 'walk');
  log('walk: logged in');
} catch (e) {
  fail('walk', `login: ${e.message}`);
}

if (jsPage && ONLY.includes('walk')) {
  const page = jsPage;
  try {
    // 2. Upload through the form, linked to the system, and wait for the page to say it is searchable.
    await page.goto(url('/indsend?type=contract'));
    if (shots) await screenshot(page, 'indsend');
    const id = await uploadContract(page, 'walk', {
      title: 'Driftskontrakt løn (browsertest)',
      pdf: PDF,
      system: SYSTEM,
      chooseKindByLink: true,
    });
    if (await waitIndexed(page, 'walk', true)) {
      docId = id;
      log('walk: indexed');
    }
  } catch (e) {
    fail('walk', `upload: ${e.message}`);
  }
  try {
    // 3. An inflected form: "leverandøren" finds Leverandøren/leverandør; open the hit at its page.
    const hrefs = await search(page, 'leverandøren');
    const hit = hrefs.find((h) => /^\/dokumenter\/[^?]+\?side=\d+#page=\d+$/.test(h) && h.includes(docId)) ??
      hrefs.find((h) => /\?side=\d+#page=\d+$/.test(h));
    if (check(hit, 'walk', `no hit linking to a page for "leverandøren" (links: ${JSON.stringify(hrefs)})`)) {
      check(
        (await page.locator('main mark').count()) > 0,
        'walk',
        'the hits show no highlighted (<mark>) snippet',
      );
      if (shots) await screenshot(page, 'soeg');
      const side = hit.match(/side=(\d+)/)[1];
      await Promise.all([
        page.waitForURL((u) => u.pathname.startsWith('/dokumenter/')),
        page.locator(`main a[href="${hit}"]`).first().click(),
      ]);
      const at = new URL(page.url());
      check(at.searchParams.get('side') === side, 'walk', `the hit opened ${page.url()}, not at side=${side}`);
      check(at.hash === `#page=${side}`, 'walk', `the hit opened ${page.url()}, without #page=${side}`);
      const frame = page.locator('iframe');
      if ((await frame.count()) > 0) {
        const src = await frame.first().getAttribute('src');
        check(src && src.includes(`#page=${side}`), 'walk', `the PDF frame is not at page ${side}: ${src}`);
      } else {
        fail('walk', 'the document page has no PDF frame');
      }
      log(`walk: opened the hit at page ${side}`);
    }
    // The document page of the upload, for the picture.
    if (shots) {
      await page.goto(url(`/dokumenter/${docId}`));
      await page.waitForTimeout(1_000);
      await screenshot(page, 'dokument');
      // Further down: the contract family, the systems and the similar contracts of other forvaltninger.
      await screenshot(page, 'dokument-lignende', 'h2:has-text("Systemer")');
    }
  } catch (e) {
    fail('walk', `search: ${e.message}`);
  }
  try {
    // 4. The dossier and its BagIt export (a zip download).
    await page.goto(url(`/systemer/${SYSTEM}/dossier`));
    check((await page.locator('main svg').count()) > 0, 'walk', 'the dossier has no SVG timeline');
    if (shots) await screenshot(page, 'dossier');
    const link = page.locator(`a[href="/api/v1/systems/${SYSTEM}/export"]`);
    if (check((await link.count()) > 0, 'walk', 'the dossier has no export link')) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), link.first().click()]);
      const file = path.join(OUT, 'export.zip');
      await saveDownload(page, download, file, `/api/v1/systems/${SYSTEM}/export`);
      const bytes = fs.readFileSync(file);
      check(
        bytes.length > 22 && bytes.subarray(0, 2).toString('latin1') === 'PK',
        'walk',
        `the export is not a zip (${bytes.length} bytes, named ${download.suggestedFilename()})`,
      );
      log(`walk: exported ${download.suggestedFilename()} (${bytes.length} bytes)`);
    }
  } catch (e) {
    fail('walk', `dossier/export: ${e.message}`);
  }
  try {
    // The keyboard: the first Tab reaches the skip link, which then shows, with a visible focus outline;
    // following it moves to the main content.
    await page.goto(url('/'));
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      const style = getComputedStyle(a);
      return {
        href: a.getAttribute('href'),
        text: a.textContent.trim(),
        onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1,
      };
    });
    if (check(first.href?.startsWith('#'), 'walk', `the first Tab reaches ${JSON.stringify(first)}, not a skip link`)) {
      check(first.onScreen, 'walk', `the skip link "${first.text}" stays off screen when focused`);
      check(first.outline, 'walk', `the focused skip link "${first.text}" shows no outline`);
      await page.keyboard.press('Enter');
      const target = first.href.slice(1);
      const there = await page.evaluate((id) => location.hash === `#${id}` && !!document.getElementById(id), target);
      check(there, 'walk', `following the skip link does not reach #${target}`);
    }
    log('walk: keyboard skip link checked');
  } catch (e) {
    fail('walk', `keyboard: ${e.message}`);
  }
  try {
    // 5. The compliance report and its CSV.
    const r = await page.goto(url('/compliance'));
    check(r.status() === 200, 'walk', `/compliance answered ${r.status()}`);
    check((await page.locator('main h1').count()) === 1, 'walk', 'the compliance page has no h1');
    if (shots) await screenshot(page, 'compliance');
    const csv = page.locator('main a', { hasText: 'CSV' });
    if (check((await csv.count()) > 0, 'walk', 'the compliance page has no CSV link')) {
      const href = await csv.first().getAttribute('href');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), csv.first().click()]);
      const file = path.join(OUT, 'compliance.csv');
      await saveDownload(page, download, file, href);
      const text = fs.readFileSync(file, 'utf8');
      check(text.startsWith('\uFEFFRegel;Mangel;'), 'walk', `the CSV looks wrong: ${text.slice(0, 200)}`);
      log(`walk: compliance CSV ${download.suggestedFilename()} (${text.split('\n').length} lines)`);
    }
    if (shots) {
      await page.goto(url('/frister?days=365'));
      await screenshot(page, 'frister');
      await page.goto(url(`/systemer/${SYSTEM}`));
      await screenshot(page, 'system');
      await page.goto(url('/systemer'));
      await screenshot(page, 'systemer');
      await page.goto(url(`/leverandoerer/${CVR}`));
      await screenshot(page, 'leverandoer');
      await page.goto(url('/genbrug?q=drift'));
      await screenshot(page, 'genbrug');
    }
  } catch (e) {
    fail('walk', `compliance: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Signed out, a page sends the browser to the login page, and after signing in back to that page.

if (ONLY.includes('next')) {
  const context = await newContext();
  try {
    const page = await context.newPage();
    await page.goto(url('/frister?days=3650'));
    const at = new URL(page.url());
    check(
      at.pathname === '/login' && at.searchParams.get('next') === '/frister?days=3650',
      'next',
      `signed out, /frister?days=3650 went to ${page.url()}`,
    );
    await page.locator('input[name=username]').fill(REVISOR ?? USER);
    await page.locator('input[name=password]').fill(REVISOR_PASSWORD ?? PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname !== '/login', { timeout: 30_000 }),
      page.locator('form[action="/login"] button[type=submit]').click(),
    ]);
    const back = new URL(page.url());
    check(
      back.pathname === '/frister' && back.search === '?days=3650',
      'next',
      `after signing in the browser is at ${page.url()}, not /frister?days=3650`,
    );
    log('next: signed in and back at the page asked for');
  } catch (e) {
    fail('next', e.message);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The pages every check goes over: as the koncern_it user unless `as` says `anonymous` or `revisor`.

const q = encodeURIComponent;
const PAGES = [
  { path: '/login', as: 'anonymous' },
  { path: '/hjaelp', as: 'anonymous' },
  { path: '/' },
  { path: `/?q=${q('leverandøren')}` },
  { path: `/?q=${q('leverandøren')}&level=document` },
  { path: `/?q=${q('zyxwvut')}` },
  { path: '/hjaelp' },
  { path: '/indsend' },
  ...['contract', 'addendum', 'appendix', 'data_processing_agreement', 'system_documentation'].map((t) => ({ path: `/indsend?type=${t}` })),
  { path: `/dokumenter/${docId}` },
  { path: `/dokumenter/${docId}?side=2` },
  { path: `/dokumenter/${API_DOC}` },
  { path: '/systemer' },
  { path: `/systemer/${SYSTEM}` },
  { path: `/systemer/${SYSTEM}/dossier` },
  { path: `/leverandoerer/${CVR}` },
  { path: '/genbrug' },
  { path: `/genbrug?q=${q('drift')}` },
  { path: `/genbrug?system=${SYSTEM}` },
  { path: '/compliance' },
  { path: `/compliance?forvaltning=${q('ØKF')}` },
  { path: '/frister' },
  { path: '/frister?days=3650' },
  { path: `/dokumenter/${MISSING}`, status: 404 },
  ...(REVISOR
    ? [
        { path: `/systemer/${SYSTEM}/dossier`, as: 'revisor' },
        { path: `/dokumenter/${API_DOC}`, as: 'revisor' },
        { path: '/compliance', as: 'revisor' },
        { path: '/indsend', as: 'revisor', status: 403 },
        { path: '/frister', as: 'revisor' },
      ]
    : []),
  ...(ENHED_TOKEN
    ? [
        { path: '/', as: 'enhed' },
        { path: `/?q=${q('leverandøren')}`, as: 'enhed' },
        { path: '/indsend?type=contract', as: 'enhed' },
        { path: `/dokumenter/${API_DOC}`, as: 'enhed' },
        ...(DOCUMENTATION ? [{ path: `/dokumenter/${DOCUMENTATION}`, as: 'enhed' }] : []),
        { path: `/systemer/${SYSTEM}`, as: 'enhed' },
        { path: `/leverandoerer/${CVR}`, as: 'enhed' },
        { path: '/genbrug', as: 'enhed' },
        { path: '/compliance', as: 'enhed' },
        { path: '/frister', as: 'enhed' },
      ]
    : []),
];
const label = (entry) => (entry.as ? `${entry.path} (${entry.as})` : entry.path);

// One context per kind of visitor, each bypassing the CSP in case injecting axe would be blocked.
const contexts = {};
async function contextFor(entry) {
  const who = entry.as ?? 'kit';
  if (!(who in contexts)) {
    const token = who === 'enhed' ? { extraHTTPHeaders: { Authorization: `Bearer ${ENHED_TOKEN}` } } : {};
    const context = await newContext({ bypassCSP: true, ...token });
    contexts[who] = context;
    try {
      if (who === 'kit') await (await login(context, 'axe')).close();
      if (who === 'revisor') await (await login(context, 'axe', REVISOR, REVISOR_PASSWORD)).close();
    } catch (e) {
      fail('axe', `login as ${who}: ${e.message} (the checks of the pages seen as ${who} are skipped)`);
      contexts[who] = null;
    }
  }
  return contexts[who];
}

// ---------------------------------------------------------------------------------------------------------
// 2. axe-core on every page: any WCAG 2.0/2.1 A or AA violation fails.



const axeReport = [];
if (ONLY.includes('axe')) {
  // A page with the upload form's validation errors (an invalid CVR) is checked too.
  const extra = [];
  extra.push({ path: '/frister (ny kalenderadresse)', calendar: true });
  for (const entry of [...PAGES, { path: '/indsend (with errors)', invalidUpload: true }, ...extra]) {
    const context = await contextFor(entry);
    if (!context) continue;
    const page = await context.newPage();
    page.on('pageerror', (e) => fail('axe', `JavaScript error on ${label(entry)}: ${e.message}`));
    try {
      if (entry.calendar) {
        // The page after making a personal calendar address: the address is shown once, in a field.
        await page.goto(url('/frister'));
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/frister/kalender'),
          page.getByRole('button', { name: 'Lav ny kalenderadresse' }).click(),
        ]);
        const feed = await page.locator('#ical-url').inputValue();
        check(/\/api\/v1\/reports\/deadlines\.ics\?key=\w+/.test(feed), 'axe', `the calendar address looks wrong: ${feed}`);
      } else if (entry.invalidUpload) {
        await page.goto(url('/indsend?type=contract'));
        const form = page.locator('form:has(input[type=file][name=file])');
        await form.locator('[name=title]').fill('Fejlbehæftet');
        await form.locator('[name=supplier_cvr]').fill('12345678');
        await form.locator('input[type=file][name=file]').setInputFiles(PDF);
        await form.evaluate((f) => f.setAttribute('novalidate', ''));
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.locator('button[type=submit]').last().click()]);
        // With JavaScript the form posts by XHR and swaps the answer's body in; wait for the marked field.
        try {
          await page.locator('[aria-invalid=true]').first().waitFor({ timeout: 10_000 });
        } catch {
          fail('axe', 'the upload form with an invalid CVR marks no field aria-invalid');
        }
      } else {
        const r = await page.goto(url(entry.path));
        check(r.status() === (entry.status ?? 200), 'axe', `${label(entry)} answered ${r.status()}`);
        const at = new URL(page.url());
        if (!check(at.pathname + at.search === url(entry.path).slice(BASE.length), 'axe', `${label(entry)} went to ${page.url()}`)) {
          continue;
        }
      }
      const violations = await runAxe(page);
      for (const v of violations) axeReport.push({ page: label(entry), ...v });
      log(`axe ${label(entry)}: ${violations.length ? violations.map((v) => v.id).join(', ') : 'no violations'}`);
    } catch (e) {
      fail('axe', `${label(entry)}: ${e.message}`);
    } finally {
      await page.close();
    }
  }
  for (const v of axeReport) {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `      at ${n.target}\n        ${n.html.slice(0, 200)}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`)
      .join('\n');
    fail(
      'axe',
      `${v.page}: ${v.id} (${v.impact}; ${v.tags.join(', ')}) ${v.help}\n      ${v.helpUrl}\n${nodes}` +
        (v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : ''),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// 3. Valid HTML: every page's bytes as served (not the DOM) through the Nu Html Checker.

if (ONLY.includes('html')) {
  const dir = path.join(OUT, 'html');
  fs.mkdirSync(dir, { recursive: true });
  const files = new Map();
  let n = 0;
  for (const entry of PAGES) {
    const ctx = await contextFor(entry);
    if (!ctx) continue;
    try {
      const r = await ctx.request.get(url(entry.path), { maxRedirects: 0 });
      check(r.status() === (entry.status ?? 200), 'html', `${label(entry)} answered ${r.status()}`);
      const file = path.join(dir, `${String(++n).padStart(2, '0')}.html`);
      fs.writeFileSync(file, await r.body());
      files.set(file, label(entry));
    } catch (e) {
      fail('html', `${label(entry)}: ${e.message}`);
    }
  }
  // The upload form sent back with errors.
  try {
    const kit = await contextFor({});
    const form = await kit.request.get(url('/indsend?type=contract'));
    const token = (await form.text()).match(/name="csrf_token" value="([^"]*)"/)?.[1] ?? '';
    const r = await kit.request.post(url('/indsend'), {
      multipart: {
        csrf_token: token,
        kind: 'contract',
        title: 'Fejlbehæftet',
        forvaltning: 'ØKF',
        supplier_cvr: '12345678',
        file: { name: 'k.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(PDF) },
      },
      maxRedirects: 0,
    });
    check(r.status() === 422, 'html', `the upload form with an invalid CVR answered ${r.status()}, not 422`);
    const file = path.join(dir, `${String(++n).padStart(2, '0')}.html`);
    fs.writeFileSync(file, await r.body());
    files.set(file, 'POST /indsend (with errors)');
  } catch (e) {
    fail('html', `POST /indsend: ${e.message}`);
  }
  // Frister after making a personal calendar address.
  try {
    const kit = await contextFor({});
    const frister = await kit.request.get(url('/frister'));
    const token = (await frister.text()).match(/name="csrf_token" value="([^"]*)"/)?.[1] ?? '';
    const r = await kit.request.post(url('/frister/kalender'), {
      form: { csrf_token: token, handling: 'ny' },
      maxRedirects: 0,
    });
    check(r.status() === 200, 'html', `POST /frister/kalender answered ${r.status()}`);
    const file = path.join(dir, `${String(++n).padStart(2, '0')}.html`);
    fs.writeFileSync(file, await r.body());
    files.set(file, 'POST /frister/kalender');
  } catch (e) {
    fail('html', `POST /frister/kalender: ${e.message}`);
  }
  // The stylesheet, through vnu's CSS checker.
  const css = new Map();
  try {
    const r = await (await contextFor({ as: 'anonymous' })).request.get(url('/static/style.css'));
    check(r.status() === 200, 'html', `/static/style.css answered ${r.status()}`);
    const file = path.join(dir, 'style.css');
    fs.writeFileSync(file, await r.body());
    css.set(file, '/static/style.css');
  } catch (e) {
    fail('html', `/static/style.css: ${e.message}`);
  }

  const messages = [...vnu([...files.keys()]), ...(css.size ? vnu(['--css', ...css.keys()]) : [])];
  for (const [file, name] of css) files.set(file, name);
  for (const m of messages) {
    const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '';
    const page = files.get(file) ?? file;
    const where = m.lastLine ? ` (line ${m.lastLine}${m.lastColumn ? `:${m.lastColumn}` : ''})` : '';
    const extract = m.extract ? `\n      ${m.extract.replace(/\n/g, ' ')}` : '';
    if (m.type === 'error' || m.subType === 'fatal') fail('html', `${page}${where}: ${m.message}${extract}`);
    else warnings.push(`html: ${page}${where}: ${m.type}/${m.subType ?? ''} ${m.message}`);
  }
  log(`html: ${files.size} pages checked by vnu, ${messages.length} messages`);
}

// ---------------------------------------------------------------------------------------------------------
// 4. Without JavaScript: log in, upload through the form, search.

if (ONLY.includes('nojs')) {
  const context = await newContext({ javaScriptEnabled: false });
  try {
    const page = await login(context, 'nojs');
    log('nojs: logged in');
    const id = await uploadContract(page, 'nojs', {
      title: 'Driftskontrakt uden JavaScript',
      pdf: PDF_NOJS,
      system: null,
      chooseKindByLink: true,
    });
    if (await waitIndexed(page, 'nojs', false)) log('nojs: indexed');
    const hrefs = await search(page, 'ophævelse');
    check(
      hrefs.some((h) => /\?side=\d+#page=\d+$/.test(h)),
      'nojs',
      `searching "ophævelse" found no hit (links: ${JSON.stringify(hrefs)})`,
    );
    const own = await search(page, 'Driftskontrakt uden JavaScript');
    check(
      own.some((h) => h.includes(id)),
      'nojs',
      `searching the new title found not the new document ${id} (links: ${JSON.stringify(own)})`,
    );
    log(`nojs: searched, ${hrefs.length} hit links`);
    // Logging out works without JavaScript too.
    await Promise.all([page.waitForURL(/\/login/), page.locator('form[action="/logout"] button[type=submit]').first().click()]);
    const r = await page.goto(url('/'));
    check(new URL(page.url()).pathname === '/login', 'nojs', `after logging out / shows ${page.url()} (${r.status()})`);
  } catch (e) {
    fail('nojs', e.message);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 5. Phone width and 400 % zoom (320 CSS px): no horizontal scrolling; a phone screenshot of the search page.

if ((ONLY.includes('reflow') || shots) && jsPage) {
  const page = jsPage;
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(`/?q=${q('leverandøren')}`));
    if (shots) await screenshot(page, 'soeg-mobil');
    if (ONLY.includes('reflow')) {
      await page.setViewportSize({ width: 320, height: 256 });
      for (const entry of PAGES.filter((e) => !e.as)) {
        await page.goto(url(entry.path));
        const { scroll, inner } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        // WCAG 1.4.10: the page itself never scrolls sideways (a wide table scrolls inside its own box).
        if (scroll > inner) {
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .slice(0, 4)
              .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''}`)
              .join(', '),
          );
          fail('reflow', `${entry.path} scrolls sideways at 320 px: scrollWidth ${scroll} > innerWidth ${inner} (${wide})`);
        }
      }
      log('reflow: checked at 320 px');
    }
  } catch (e) {
    fail('reflow', e.message);
  }
}

await browser.close();
fs.rmSync(userDataDir, { recursive: true, force: true });

for (const w of warnings) console.log(`[browser] warning ${w}`);
if (failures.length) {
  console.log(`\n[browser] ${failures.length} failure(s):`);
  for (const f of failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log('[browser] all browser checks passed');
