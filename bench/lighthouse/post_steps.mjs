// Lighthouse on the booking steps a POST opens (the health history, then the review), which
// the lighthouse command cannot reach: a user flow in Debian's chromium fills the contact page
// as a first-time client would, and audits each page the form's submission navigates to.
//
//   node post_steps.mjs <contact page URL>    (bench/lighthouse.py runs it)
//
// Prints {"<step name>": {"url", "scores": {category: 0-100}, "audits": {"total-byte-weight"},
// "failing": [audit ids]}}.
import {startFlow} from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [contactUrl] = process.argv.slice(2);
const CONTACT = {
  '#id_name': 'Robin Client',
  '#id_email': 'robin@example.com',
  '#id_phone': '905-555-0123',
  '#id_address': '40 Queen Street West',
};
const HEALTH = {
  '#id_areas_of_concern': 'Tight lower back.',
  '#id_emergency_contact_name': 'Kim Client',
  '#id_emergency_contact_phone': '905-555-0177',
};

async function fill(page, fields) {
  for (const [selector, value] of Object.entries(fields)) {
    await page.$eval(selector, element => { element.value = ''; });
    await page.type(selector, value);
  }
}

async function submit(page) {
  await page.click('main button[type=submit]:not([name=goto])');
}

// A step the form refused would be audited in its place, so each page must be the one named.
async function expectHeading(page, heading) {
  const shown = await page.$eval('h1', element => element.textContent.trim());
  if (shown !== heading) throw new Error(`expected the page "${heading}", got "${shown}"`);
}

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const flow = await startFlow(page);
  await page.goto(contactUrl);
  await fill(page, CONTACT);
  await flow.navigate(() => submit(page), {name: 'Booking, health history'});
  await expectHeading(page, 'Your health history');
  await fill(page, HEALTH);
  await flow.navigate(() => submit(page), {name: 'Booking, review'});
  await expectHeading(page, 'Review and confirm');
  const {steps} = await flow.createFlowResult();
  const report = {};
  for (const {name, lhr} of steps) {
    report[name] = {
      url: new URL(lhr.finalDisplayedUrl).pathname,
      scores: Object.fromEntries(
        Object.entries(lhr.categories).map(([id, category]) => [id, Math.round(100 * category.score)])),
      audits: {'total-byte-weight': lhr.audits['total-byte-weight']},
      failing: Object.values(lhr.audits)
        .filter(audit => audit.score !== null && audit.score < 0.9
          && ['binary', 'numeric'].includes(audit.scoreDisplayMode))
        .map(audit => audit.id),
    };
  }
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
