import type nunjucks from 'nunjucks';
import { googleCalendarLink, outlookCalendarLink, webcalUrl } from './ics.js';

/** The calendar's page helpers (add-to-calendar links, `webcal://` URLs), registered on the views by the app's setup. */
export function addCalendarGlobals(env: nunjucks.Environment): nunjucks.Environment {
  env.addGlobal('calendarLinks', (summary: string, start: Date, end: Date, description: string, location: string) => ({
    google: googleCalendarLink({ summary, start, end, description, location }),
    outlook: outlookCalendarLink({ summary, start, end, description, location }),
  }));
  env.addGlobal('webcal', (url: string) => webcalUrl(url));
  return env;
}
