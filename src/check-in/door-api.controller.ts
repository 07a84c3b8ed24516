import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { translate } from '../common/i18n.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { formatTime } from '../common/time.js';
import type { ScanAnswer } from './door.service.js';
import { DoorService } from './door.service.js';
import { DoorListQueryDto, DoorSyncDto } from './door-sync.dto.js';

/** Each scan's answer in the reader's words, as the device shows it ("Sudah check-in 09.12 di Pintu 2"). */
function scanMessage(req: Request, zone: string, a: ScanAnswer): string {
  const t = (key: string, params = {}) => translate(req.locale ?? 'id', `door.${key}`, params);
  const name = a.entry?.name ?? '';
  switch (a.result) {
    case 'checked_in': return t('result_checked_in', { name });
    case 'already_checked_in': {
      const time = a.entry?.checkedInAt ? formatTime(new Date(a.entry.checkedInAt), zone, req.locale ?? 'id', false) : '';
      return a.entry?.door ? t('result_already_at_door', { name, time, door: a.entry.door }) : t('result_already', { name, time });
    }
    case 'refused': return t(`problem_${a.problem ?? 'scan_in_future'}`);
    default: return t(`result_${a.result}`, { name });
  }
}

/** The offline door devices' API: the door list (whole or changes since a cursor) and the batch sync of scans. */
@ApiTags('events')
@Controller('api/events')
@SignedIn()
export class DoorApiController {
  constructor(private readonly door: DoorService) {}

  /** The door list (ticket code, short name, status, check-in time and door; no email or phone). Door staff only. */
  @Get(':id/check-in/door-list')
  @ApiErrors(410)
  doorList(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query() query: DoorListQueryDto) {
    return this.door.doorList(user, id, query.since);
  }

  /** Scans a device made (offline or not), idempotent by scan id; answers each and returns the door-list changes. */
  @Post(':id/check-in/sync')
  @HttpCode(200)
  @ApiErrors(410)
  async sync(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: DoorSyncDto, @Req() req: Request) {
    const answer = await this.door.sync(user, id, dto);
    return { ...answer, results: answer.results.map((r) => ({ ...r, message: scanMessage(req, answer.event.timezone, r) })) };
  }
}
