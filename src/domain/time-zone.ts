// People's time zones are IANA names. Until a person sets one, we learn it from their mail's Date offset,
// mapped to the IANA zone that has that fixed offset.
import { DateTime, IANAZone } from 'luxon';

// Offsets with no Etc/GMT zone (those exist only for whole hours) map to the zone that uses them.
const fractional: Record<number, string> = {
  [-570]: 'Pacific/Marquesas',
  [-210]: 'America/St_Johns',
  [210]: 'Asia/Tehran',
  [270]: 'Asia/Kabul',
  [330]: 'Asia/Kolkata',
  [345]: 'Asia/Kathmandu',
  [390]: 'Asia/Yangon',
  [525]: 'Australia/Eucla',
  [570]: 'Australia/Darwin',
  [630]: 'Australia/Lord_Howe',
  [765]: 'Pacific/Chatham',
};

/** The IANA zone for a fixed UTC offset in minutes (east positive), e.g. -300 → "Etc/GMT+5". */
export function zoneForOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  if (offsetMinutes % 60 === 0 && Math.abs(offsetMinutes) <= 14 * 60) {
    const h = -offsetMinutes / 60; // POSIX-style sign: Etc/GMT+5 is five hours *behind* UTC
    return `Etc/GMT${h > 0 ? '+' : ''}${h}`;
  }
  return fractional[offsetMinutes] ?? 'UTC';
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The instant a local calendar date ends in a zone (the next local midnight), for "due on this date". */
export function endOfLocalDate(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
}

export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}
