// Reads calendar files with Mozilla's ical.js (Thunderbird's parser) and prints, as JSON, what
// a calendar program would take from each event: its times in UTC, UID, SEQUENCE and people.
// Usage: node tests/calendar/ical_times.mjs FILE.ics [FILE.ics ...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function people(event) {
  return event.attendees.map((attendee) => ({
    address: attendee.getFirstValue(),
    cn: attendee.getParameter("cn"),
    rsvp: attendee.getParameter("rsvp"),
  }));
}

function describe(path) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const organizer = component.getFirstProperty("organizer");
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: component.getFirstPropertyValue("status"),
      summary: event.summary,
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
      start_utc: event.startDate.toJSDate().toISOString(),
      end_utc: event.endDate.toJSDate().toISOString(),
      organizer: organizer ? organizer.getFirstValue() : null,
      organizer_cn: organizer ? organizer.getParameter("cn") : null,
      attendees: people(event),
    };
  });
  return { path, method: calendar.getFirstPropertyValue("method"), events };
}

console.log(JSON.stringify(process.argv.slice(2).map(describe)));
