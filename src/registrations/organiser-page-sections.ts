import { Injectable } from '@nestjs/common';

/** Loads one section's data for an event's organiser page; called only after the page has checked the caller. */
export type SectionLoader = (eventId: number) => Promise<unknown>;

/**
 * Sections that features above registrations add to the organiser's event page (the door scans of cancelled tickets,
 * from check-in): they register a loader in `onModuleInit`, as stream subscribers do, so this layer never imports
 * theirs. Each loader's result is in the page context under its name.
 */
@Injectable()
export class OrganiserPageSections {
  private readonly loaders = new Map<string, SectionLoader>();

  add(name: string, load: SectionLoader): void {
    if (this.loaders.has(name)) throw new Error(`Organiser page section ${name} is added twice`);
    this.loaders.set(name, load);
  }

  async load(eventId: number): Promise<Record<string, unknown>> {
    const entries = await Promise.all([...this.loaders].map(async ([name, load]) => [name, await load(eventId)] as const));
    return Object.fromEntries(entries);
  }
}
