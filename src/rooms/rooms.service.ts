import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { NotFoundError, RuleViolationError } from '../common/errors.js';
import { Transactions } from '../database/transactions.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { CHECK_IN_KINDS, DEFAULT_CHECK_IN_MINUTES, Room } from './room.entity.js';
import type { CreateRoomDto, UpdateRoomDto } from './rooms.dto.js';

type RoomRules = Pick<Room, 'slotMinutes' | 'minMinutes' | 'maxMinutes'>;

/** What an update may change; the fair-use limits also take null, "no limit" (the edit form clears them so). */
export type RoomChanges = Omit<UpdateRoomDto, 'maxHoursPerWeek' | 'maxFutureReservations' | 'checkInMinutes'>
  & { maxHoursPerWeek?: number | null; maxFutureReservations?: number | null; checkInMinutes?: number | null };

/** A room's booking rules must fit together: minimum ≤ maximum, both whole slots. */
export function checkRoomRules(rules: RoomRules): void {
  if (rules.minMinutes > rules.maxMinutes) {
    throw new RuleViolationError('room_min_above_max', {}, [{ field: 'minMinutes', code: 'room_min_above_max' }]);
  }
  for (const field of ['minMinutes', 'maxMinutes'] as const) {
    if (rules[field] % rules.slotMinutes !== 0) {
      throw new RuleViolationError('room_duration_not_slot', { slot: rules.slotMinutes }, [{ field, code: 'room_duration_not_slot' }]);
    }
  }
}

@Injectable()
export class RoomsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
  ) {}

  /** A room with its venue; inactive rooms or venues are visible only to those who manage them. */
  async get(id: number, viewer: User | null = null): Promise<Room & { venue: Venue }> {
    const room = await this.db.getRepository(Room).findOne({ where: { id }, relations: { venue: true } });
    if (!room) throw new NotFoundError('room_not_found');
    if ((!room.active || !room.venue.active) && !(await this.venues.canManage(viewer, room.venueId))) {
      throw new NotFoundError('room_not_found');
    }
    return room as Room & { venue: Venue };
  }

  /** Adds a room to a venue the user manages. */
  async create(user: User, venueId: number, dto: CreateRoomDto): Promise<Room> {
    await this.venues.assertCanManage(user, venueId);
    const room = this.db.getRepository(Room).create({
      venueId, name: dto.name, kind: dto.kind, capacity: dto.capacity, amenities: dto.amenities ?? [], photos: dto.photos ?? [],
      description: dto.description ?? '', slotMinutes: dto.slotMinutes ?? 30, minMinutes: dto.minMinutes ?? 60,
      maxMinutes: dto.maxMinutes ?? 240, bufferMinutes: dto.bufferMinutes ?? 0, horizonDays: dto.horizonDays ?? 60,
      requiresApproval: dto.requiresApproval ?? false, maxHoursPerWeek: dto.maxHoursPerWeek ?? null,
      maxFutureReservations: dto.maxFutureReservations ?? null, active: dto.active ?? true,
      // Studios need a check-in unless the manager says otherwise; other rooms do not.
      checkInMinutes: dto.checkInMinutes !== undefined ? dto.checkInMinutes : CHECK_IN_KINDS.includes(dto.kind) ? DEFAULT_CHECK_IN_MINUTES : null,
    });
    checkRoomRules(room);
    return this.tx.write((m) => m.save(room));
  }

  /** Changes a room of a venue the user manages; only the fields sent change. */
  async update(user: User, id: number, dto: RoomChanges): Promise<Room> {
    const room = await this.db.getRepository(Room).findOneBy({ id });
    if (!room) throw new NotFoundError('room_not_found');
    await this.venues.assertCanManage(user, room.venueId);
    const defined = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    Object.assign(room, defined);
    checkRoomRules(room);
    return this.tx.write((m) => m.save(room));
  }
}
