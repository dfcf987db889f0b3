// Rule date-time: date-times that are not Edm.DateTimeOffset literals (OData's reader refuses a value without a
// time zone), an error; and a deadline before the start, a warning (no source shows Graph refusing it).
import { memberValue, Rule } from './ruleTypes';

const NAME = 'date-time';
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|[+-](\d{2}):(\d{2}))$/;

const parsed = new Map<string, number | undefined>();

/** Milliseconds since the epoch for a valid Edm.DateTimeOffset literal, else undefined. */
export function parseDateTimeOffset(text: string): number | undefined {
  // Payloads repeat the same few dates over thousands of files.
  if (parsed.has(text)) return parsed.get(text);
  const time = parseUncached(text);
  if (parsed.size < 10_000) parsed.set(text, time);
  return time;
}

function parseUncached(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    if (Number(m[8]) > 14 || Number(m[9]) > 59) return undefined;
    offsetMinutes = (m[7][0] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  }
  const fraction = /\.(\d{1,3})/.exec(text)?.[1]?.padEnd(3, '0') ?? '0';
  return Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction)) - offsetMinutes * 60_000;
}

export const dateTime: Rule = {
  name: NAME,
  severity: 'error',
  description: 'A date-time that is not ISO 8601 with a time zone (an error), or a deadline before the start (a warning).',
  rationale: 'Graph reads Edm.DateTimeOffset literals only (e.g. 2026-01-31T18:00:00Z); a deadline before the availability date cannot be met.',
  property(visit, ctx) {
    const value = visit.value;
    if (visit.info?.type !== 'Edm.DateTimeOffset' || value?.type !== 'string') return;
    const text = value.value as string;
    if (parseDateTimeOffset(text) !== undefined) return;
    const missingZone = ISO_8601.test(`${text}Z`);
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: missingZone
        ? `"${text}" has no time zone: add Z (UTC) or an offset such as +01:00. useLocalTime decides how the device reads it.`
        : `"${text}" is not an ISO 8601 date-time: write it like "2026-01-31T18:00:00Z".`,
      fixes: missingZone ? [{ title: `Change to "${text}Z"`, preferred: true, edits: [{ offset: value.offset + value.length - 1, length: 0, text: 'Z' }] }] : undefined,
    });
  },
  object(visit, ctx) {
    const start = memberValue(visit.members, 'startDateTime');
    const deadline = memberValue(visit.members, 'deadlineDateTime');
    if (start?.type !== 'string' || deadline?.type !== 'string') return;
    const startTime = parseDateTimeOffset(start.value as string);
    const deadlineTime = parseDateTimeOffset(deadline.value as string);
    if (startTime === undefined || deadlineTime === undefined || deadlineTime >= startTime) return;
    ctx.report({
      rule: NAME,
      offset: deadline.offset,
      length: deadline.length,
      severity: 'warning',
      message: `The deadline (${deadline.value}) is before the start (${start.value}): the installation would be enforced before the app is available.`,
      related: [{ offset: start.offset, length: start.length, message: 'The start' }],
    });
  },
};
