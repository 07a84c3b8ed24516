import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../common/errors.js';
import { escapeLike, LIKE_ESCAPE } from '../common/like.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { ACTIVE_STATUSES, Reservation } from '../reservations/reservation.entity.js';
import { Room } from '../rooms/room.entity.js';
import { isConstraintViolation, Transactions } from '../database/transactions.js';
import { Closure } from './closure.entity.js';
import { closurePayload, type ClosureAddedContext } from './venue-events.js';
import { NATIONAL_HOLIDAYS } from './holidays.js';
import { OpeningHour } from './opening-hour.entity.js';
import { groupHours, validateDayRanges, type WeeklyHours } from './opening-hours.js';
import { VenueManager } from './venue-manager.entity.js';
import { Venue } from './venue.entity.js';
import type { CreateClosureDto, CreateVenueDto, OpeningRangeDto, UpdateVenueDto, VenueQueryDto } from './venues.dto.js';

export interface VenueDetail {
  venue: Venue;
  rooms: Room[];
  weekly: WeeklyHours;
  closures: Closure[];
}

export interface Page<T> { items: T[]; page: number; pageSize: number; total: number }

/** Stored phone numbers are E.164: "0812-3456-7890" and "+62 812 3456 7890" both become +6281234567890. */
export function normalisePhone(phone: string | undefined | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+62')) return digits;
  if (digits.startsWith('62')) return `+${digits}`;
  if (digits.startsWith('0')) return `+62${digits.slice(1)}`;
  return digits;
}

@Injectable()
export class VenuesService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly tx: Transactions, private readonly stream: DomainEvents) {}

  /** Active venues (all, for admins and their managers) matching the filters, with their active rooms. */
  async list(query: VenueQueryDto, viewer: User | null = null): Promise<Page<Venue & { rooms: Room[] }>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.db.getRepository(Venue).createQueryBuilder('v');
    if (viewer?.role !== 'admin') {
      const managed = viewer ? await this.managedVenueIds(viewer) : [];
      if (managed.length) qb.andWhere('(v.active = :active OR v.id IN (:...managed))', { active: true, managed });
      else qb.andWhere('v.active = :active', { active: true });
    }
    if (query.q) {
      qb.andWhere(`(LOWER(v.name) LIKE LOWER(:q) ${LIKE_ESCAPE} OR LOWER(v.city) LIKE LOWER(:q) ${LIKE_ESCAPE} OR LOWER(v.province) LIKE LOWER(:q) ${LIKE_ESCAPE} OR LOWER(v.address) LIKE LOWER(:q) ${LIKE_ESCAPE})`,
        { q: `%${escapeLike(query.q)}%` });
    }
    if (query.province) qb.andWhere('LOWER(v.province) = :province', { province: query.province.toLowerCase() });
    if (query.city) qb.andWhere('LOWER(v.city) = :city', { city: query.city.toLowerCase() });
    if (query.roomKind || query.minCapacity || query.amenity) {
      const sub = this.db.getRepository(Room).createQueryBuilder('r').select('1')
        .where('r.venue_id = v.id').andWhere('r.active = :roomActive');
      if (query.roomKind) sub.andWhere('r.kind = :kind');
      if (query.minCapacity) sub.andWhere('r.capacity >= :minCapacity');
      if (query.amenity) sub.andWhere(`r.amenities LIKE :amenity ${LIKE_ESCAPE}`);
      qb.andWhere(`EXISTS (${sub.getQuery()})`, {
        roomActive: true, kind: query.roomKind, minCapacity: query.minCapacity, amenity: `%${escapeLike(JSON.stringify(query.amenity ?? ''))}%`,
      });
    }
    qb.orderBy('v.province', 'ASC').addOrderBy('v.city', 'ASC').addOrderBy('v.name', 'ASC')
      .skip((page - 1) * pageSize).take(pageSize);
    const [venues, total] = await qb.getManyAndCount();
    const rooms = venues.length
      ? await this.db.getRepository(Room).createQueryBuilder('r')
        .where('r.venue_id IN (:...ids)', { ids: venues.map((v) => v.id) }).andWhere('r.active = :active', { active: true })
        .orderBy('r.capacity', 'ASC').getMany()
      : [];
    const items = venues.map((v) => Object.assign(v, { rooms: rooms.filter((r) => r.venueId === v.id) }));
    return { items, page, pageSize, total };
  }

  /** Distinct provinces and cities of active venues, for filter menus. */
  async places(): Promise<{ provinces: string[]; cities: Array<{ city: string; province: string }> }> {
    const rows = await this.db.getRepository(Venue).createQueryBuilder('v')
      .select(['v.city AS city', 'v.province AS province']).where('v.active = :a', { a: true })
      .groupBy('v.city').addGroupBy('v.province').orderBy('v.province').addOrderBy('v.city').getRawMany<{ city: string; province: string }>();
    return { provinces: [...new Set(rows.map((r) => r.province))], cities: rows };
  }

  /** A venue with its rooms, hours and closures from `fromDate` on. Inactive venues only for those who manage them. */
  async detail(id: number, viewer: User | null = null, fromDate = '0000-01-01'): Promise<VenueDetail> {
    const venue = await this.db.getRepository(Venue).findOneBy({ id });
    if (!venue || (!venue.active && !(await this.canManage(viewer, id)))) throw new NotFoundError('venue_not_found');
    const manages = await this.canManage(viewer, id);
    const [rooms, hours, closures] = await Promise.all([
      this.db.getRepository(Room).find({ where: manages ? { venueId: id } : { venueId: id, active: true }, order: { capacity: 'ASC', id: 'ASC' } }),
      this.db.getRepository(OpeningHour).find({ where: { venueId: id }, order: { weekday: 'ASC', opens: 'ASC' } }),
      this.db.getRepository(Closure).createQueryBuilder('c').where('c.venue_id = :id', { id })
        .andWhere('c.end_date >= :fromDate', { fromDate }).orderBy('c.start_date').getMany(),
    ]);
    return { venue, rooms, weekly: groupHours(hours), closures };
  }

  /** The venues a user may manage (admins: every venue, inactive ones too) with all their rooms, for the manage dashboard. */
  async manageable(user: User): Promise<Array<Venue & { rooms: Room[] }>> {
    const qb = this.db.getRepository(Venue).createQueryBuilder('v')
      .orderBy('v.province', 'ASC').addOrderBy('v.city', 'ASC').addOrderBy('v.name', 'ASC');
    if (user.role !== 'admin') {
      const managed = user.role === 'manager' ? await this.managedVenueIds(user) : [];
      if (!managed.length) return [];
      qb.where('v.id IN (:...managed)', { managed });
    }
    const venues = await qb.getMany();
    const rooms = venues.length
      ? await this.db.getRepository(Room).createQueryBuilder('r').where('r.venue_id IN (:...ids)', { ids: venues.map((v) => v.id) })
        .orderBy('r.capacity', 'ASC').addOrderBy('r.id', 'ASC').getMany()
      : [];
    return venues.map((v) => Object.assign(v, { rooms: rooms.filter((r) => r.venueId === v.id) }));
  }

  async managedVenueIds(user: User): Promise<number[]> {
    const rows = await this.db.getRepository(VenueManager).findBy({ userId: user.id });
    return rows.map((r) => r.venueId);
  }

  async canManage(user: User | null, venueId: number): Promise<boolean> {
    if (!user) return false;
    if (user.role === 'admin') return true;
    if (user.role !== 'manager') return false;
    return this.db.getRepository(VenueManager).existsBy({ venueId, userId: user.id });
  }

  /** Admins manage every venue; managers only those they are assigned to. */
  async assertCanManage(user: User, venueId: number): Promise<void> {
    if (!(await this.db.getRepository(Venue).existsBy({ id: venueId }))) throw new NotFoundError('venue_not_found');
    if (!(await this.canManage(user, venueId))) throw new ForbiddenError('not_venue_manager');
  }

  /** Creates a venue (admins only) with the national holidays and collective leave days preloaded as closures. */
  async create(user: User, dto: CreateVenueDto): Promise<Venue> {
    if (user.role !== 'admin') throw new ForbiddenError('admin_only');
    return this.writeUnique(dto.code, async (m) => {
      const venue = await m.save(m.create(Venue, {
        ...dto, phone: normalisePhone(dto.phone), email: dto.email ?? null, description: dto.description ?? '',
        latitude: dto.latitude ?? null, longitude: dto.longitude ?? null, active: dto.active ?? true,
      }));
      await insertHolidays(m, venue.id);
      return venue;
    });
  }

  /**
   * Updates a venue's details. The time zone can change only while no future booking exists: a stored booking
   * keeps its instant, so a new zone would silently show it at another wall-clock time.
   */
  async update(user: User, id: number, dto: UpdateVenueDto): Promise<Venue> {
    await this.assertCanManage(user, id);
    if (dto.code !== undefined && user.role !== 'admin') {
      const current = await this.db.getRepository(Venue).findOneByOrFail({ id });
      if (current.code !== dto.code) throw new ForbiddenError('admin_only_code');
    }
    return this.writeUnique(dto.code, async (m) => {
      const current = await m.findOneByOrFail(Venue, { id });
      if (dto.timezone && dto.timezone !== current.timezone) {
        const future = await m.createQueryBuilder(Reservation, 'r').where('r.venue_id = :id', { id })
          .andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES }).andWhere('r.end_at > :now', { now: new Date() }).getCount();
        if (future) throw new ConflictError('timezone_change_has_bookings', { count: future }, [{ field: 'timezone', code: 'timezone_change_has_bookings' }]);
      }
      const changes: Partial<Venue> = { ...dto } as Partial<Venue>;
      if (dto.phone !== undefined) changes.phone = normalisePhone(dto.phone);
      // The edit form clears an optional field by sending it empty.
      if (dto.email !== undefined) changes.email = dto.email || null;
      await m.update(Venue, { id }, changes);
      if (dto.timezone && dto.timezone !== current.timezone) {
        await this.stream.record(m, { type: 'venue.timezone_changed', actorId: user.id, venueId: id, payload: { timezone: dto.timezone, previous: current.timezone } });
      }
      return m.findOneByOrFail(Venue, { id });
    });
  }

  /** Replaces the weekly opening hours; each weekday's ranges must be valid times that do not overlap. */
  async setOpeningHours(user: User, venueId: number, ranges: OpeningRangeDto[]): Promise<WeeklyHours> {
    await this.assertCanManage(user, venueId);
    const weekly = groupHours(ranges);
    const fieldErrors = Object.entries(weekly).flatMap(([weekday, dayRanges]) =>
      validateDayRanges(dayRanges).map((code) => ({ field: `weekday${weekday}`, code })));
    if (fieldErrors.length) throw new ValidationError(fieldErrors);
    await this.tx.write(async (m) => {
      await m.delete(OpeningHour, { venueId });
      if (ranges.length) await m.insert(OpeningHour, ranges.map((r) => ({ venueId, weekday: r.weekday, opens: r.opens, closes: r.closes })));
    });
    return weekly;
  }

  /**
   * Adds a closure of whole local days. Bookings on those days are not hidden: the closure is refused with the
   * list of them, unless `cancelAffected` is set, which cancels them with the closure's reason. The bookings are the
   * reservations feature's: it subscribes to `venue.closure_added`, in this transaction, and may refuse it.
   */
  async addClosure(user: User, venueId: number, dto: CreateClosureDto): Promise<{ closure: Closure; cancelled: Reservation[] }> {
    await this.assertCanManage(user, venueId);
    if (dto.endDate < dto.startDate) throw new RuleViolationError('closure_end_before_start', {}, [{ field: 'endDate', code: 'closure_end_before_start' }]);
    return this.tx.write(async (m) => {
      const venue = await m.findOneByOrFail(Venue, { id: venueId });
      const closure = await m.save(m.create(Closure, {
        venueId, startDate: dto.startDate, endDate: dto.endDate, reason: dto.reason, kind: dto.kind ?? 'other', estimated: false,
      }));
      const context: ClosureAddedContext = { closure, venue, cancelAffected: Boolean(dto.cancelAffected), cancelled: [] };
      await this.stream.record(m, { type: 'venue.closure_added', actorId: user.id, venueId, payload: closurePayload(closure, venue) }, context);
      return { closure, cancelled: context.cancelled };
    });
  }

  async removeClosure(user: User, venueId: number, closureId: number): Promise<void> {
    await this.assertCanManage(user, venueId);
    await this.tx.write(async (m) => {
      const result = await m.delete(Closure, { id: closureId, venueId });
      if (!result.affected) throw new NotFoundError('closure_not_found');
    });
  }

  async managers(venueId: number): Promise<User[]> {
    return this.db.getRepository(User).createQueryBuilder('u')
      .innerJoin(VenueManager, 'vm', 'vm.user_id = u.id').where('vm.venue_id = :venueId', { venueId })
      .orderBy('u.name').getMany();
  }

  /** Admins assign a manager by email; a creator account assigned this way becomes a manager. */
  async assignManager(admin: User, venueId: number, email: string): Promise<User> {
    if (admin.role !== 'admin') throw new ForbiddenError('admin_only');
    return this.tx.write(async (m) => {
      if (!(await m.existsBy(Venue, { id: venueId }))) throw new NotFoundError('venue_not_found');
      const user = await m.findOneBy(User, { email: email.trim().toLowerCase() });
      if (!user) throw new NotFoundError('user_not_found', { email });
      if (user.role === 'admin') throw new RuleViolationError('admin_cannot_be_manager');
      if (await m.existsBy(VenueManager, { venueId, userId: user.id })) throw new ConflictError('already_manager', { email: user.email });
      if (user.role === 'creator') {
        user.role = 'manager';
        await m.save(user);
      }
      await m.insert(VenueManager, { venueId, userId: user.id });
      return user;
    });
  }

  async removeManager(admin: User, venueId: number, userId: number): Promise<void> {
    if (admin.role !== 'admin') throw new ForbiddenError('admin_only');
    await this.tx.write(async (m) => {
      const result = await m.delete(VenueManager, { venueId, userId });
      if (!result.affected) throw new NotFoundError('manager_not_found');
    });
  }

  private async writeUnique<T>(code: string | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.tx.write(work);
    } catch (error) {
      if (isConstraintViolation(error)) throw new ConflictError('venue_code_taken', { code: code ?? '' }, [{ field: 'code', code: 'venue_code_taken' }]);
      throw error;
    }
  }
}

export async function insertHolidays(m: EntityManager, venueId: number): Promise<void> {
  await m.insert(Closure, NATIONAL_HOLIDAYS.map((h) => ({
    venueId, startDate: h.date, endDate: h.date, kind: h.kind, estimated: h.estimated,
    reason: h.kind === 'holiday' ? 'Hari libur nasional' : 'Cuti bersama',
  })));
}

