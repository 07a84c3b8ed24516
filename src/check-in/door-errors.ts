import { DomainError, type Params } from '../common/errors.js';

/** The event is over (a day has passed since its end): its door list is no longer handed out or synced. */
export class DoorListExpiredError extends DomainError {
  readonly status = 410;
  constructor(params: Params) {
    super('door_list_expired', params);
  }
}
