// The run's smtp4dev, read through its REST API: the messages to one address, and the link in the newest one.
import { eventually } from './steps.mjs';

/** Waits for a message to `to` whose subject contains `subject`; resolves with { subject, text }. */
export async function waitForMail(backends, to, subject) {
  let found;
  await eventually(async () => {
    const list = await (await fetch(`${backends.smtpWeb}/api/messages?pageSize=5000`)).json();
    const mine = list.results.filter((m) => m.to.some((a) => a.toLowerCase() === to.toLowerCase()) && m.subject.includes(subject));
    if (mine.length === 0) return false;
    mine.sort((a, b) => a.receivedDate.localeCompare(b.receivedDate));
    const newest = mine.at(-1);
    found = { subject: newest.subject, text: await (await fetch(`${backends.smtpWeb}/api/messages/${newest.id}/plaintext`)).text() };
    return true;
  }, { timeoutMs: 20_000, what: `a mail "${subject}" to ${to}` });
  return found;
}

/** The first link in a mail's text. */
export function linkIn(mail) {
  const match = mail.text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`No link in "${mail.subject}":\n${mail.text}`);
  return match[0];
}
