import { Body, Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { DomainError, NotFoundError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { AvailabilityService } from './availability.service.js';
import { checkInRefusal, checkInWindow } from './check-in.js';
import { CheckInService } from './check-in.service.js';

/**
 * Room check-in pages: the booking page's button posts here, and the QR code at the room's door opens
 * `/rooms/:id/check-in`, which finds the signed-in creator's booking in that room now (one tap checks it in).
 */
@ApiExcludeController()
@Controller()
@SignedIn()
export class CheckInController {
  constructor(private readonly checkIns: CheckInService, private readonly availability: AvailabilityService) {}

  @Post('reservations/:id/check-in')
  async checkIn(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() body: { back?: string }, @Res() res: Response) {
    await this.flashing(res, () => this.checkIns.checkIn(user, id, body.back === 'room' ? 'room_qr' : 'booking'));
    res.redirect(303, `/reservations/${id}`);
  }

  @Get('rooms/:id/check-in')
  @Render('reservations/check-in')
  async roomPage(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const ctx = await this.availability.roomContext(id, user);
    const now = new Date();
    const booking = await this.checkIns.currentInRoom(user, id, now);
    const rule = ctx.room.checkInMinutes;
    return {
      title: ctx.room.name, room: ctx.room, venue: ctx.venue, timezone: ctx.venue.timezone, booking, rule,
      canCheckIn: booking ? checkInRefusal(booking, rule, now) === null : false,
      window: booking && rule ? checkInWindow(booking.startAt, rule) : null,
    };
  }

  /** The QR landing's one tap: checks in the booking it found (the page's own form names it). */
  @Post('rooms/:id/check-in')
  async roomCheckIn(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const booking = await this.checkIns.currentInRoom(user, id);
    if (!booking) {
      setFlash(res, 'check_in.flash_none', {}, 'error');
      return res.redirect(303, `/rooms/${id}/check-in`);
    }
    await this.flashing(res, () => this.checkIns.checkIn(user, booking.id, 'room_qr'));
    res.redirect(303, `/reservations/${booking.id}`);
  }

  private async flashing(res: Response, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      setFlash(res, 'check_in.flash_done');
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError || error.status === 401 || error.status === 403) throw error;
      // A double tap (or the form sent again) finds the check-in done: that is what the person wanted.
      if (error.code === 'check_in_already') setFlash(res, 'check_in.flash_done');
      else setFlash(res, `errors.${error.code}`, error.params, 'error');
    }
  }
}
