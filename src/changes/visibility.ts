/**
 * Who may see a domain event (alias `d` of `domain_events`): the one rule for the changes feed and for webhook
 * endpoints. `user` is an SQL expression for the user's id (a parameter, or a column such as an endpoint's owner).
 * Admins see every event; the caller applies that part, since it knows the role.
 */
export const visibleToUser = (d: string, user: string): string => `(${d}.venue_id IN (SELECT vm.venue_id FROM venue_managers vm WHERE vm.user_id = ${user})
        OR ${d}.event_id IN (SELECT e.id FROM events e WHERE e.organiser_id = ${user})
        OR ${d}.subject_user_id = ${user})`;

/** The same rule with the role read from the database: `role` is an SQL expression for the user's role. */
export const visibleToRole = (d: string, user: string, role: string): string => `(${role} = 'admin' OR ${visibleToUser(d, user)})`;
